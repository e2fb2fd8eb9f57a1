"""The graph stage: records to RDF under the conflict ontology (`rdf`), its terms for Python (`vocab`), and
the one entities graph merged from every article's (`entities`)."""
