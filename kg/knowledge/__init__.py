"""Knowledge as data: the ontology's classes, the curated gazetteer of actors and places, and the GeoNames
place index; every file they read lives under `ontology/` (shipped in the package)."""
