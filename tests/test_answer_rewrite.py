"""The kept answers' rewrite (`kg.query.text.narrowed`): a sorted question's answer projected before it is sorted,
so Oxigraph holds only the answer's variables while it sorts. Same rows, same order, on a real Oxigraph
store; left alone wherever the rewrite could change the answer. No model needed."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query import text as sparql

DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:said "x" ; ex:n 3 ; ex:where "Goma" . ex:b ex:said "y" ; ex:n 1 ; ex:where "Sake" .
ex:c ex:said "x" ; ex:n 2 ; ex:where "Goma # not a comment" . ex:d ex:said "z" ; ex:n 5 .
"""


@pytest.fixture(scope="module")
def store():
    st = ox.Store()
    st.load(DATA.encode(), ox.RdfFormat.TURTLE)
    return st


def rows(store, text):
    return [tuple(None if t is None else t.value for t in solution) for solution in store.query(text)]


QUESTIONS = [
    # an order key the answer does not project: the sub-select projects it too, the answer does not
    "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:n ?n } ORDER BY DESC(?n)",
    # an aggregate: grouped inside, sorted outside
    "PREFIX ex: <http://example.org/> SELECT ?said (COUNT(?s) AS ?times) (SUM(?n) AS ?total) WHERE { ?s ex:said ?said ; ex:n ?n } GROUP BY ?said ORDER BY DESC(?times) ?said",
    # a variable named ?where, a string holding `#` and braces, an OPTIONAL
    'PREFIX ex: <http://example.org/> SELECT ?s ?where WHERE { ?s ex:n ?n OPTIONAL { ?s ex:where ?where } FILTER(?where != "{#}") } ORDER BY ?where ?s',
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_the_narrowed_question_answers_the_same_rows_in_the_same_order(store, text):
    narrowed = sparql.narrowed(text)
    assert narrowed is not None and narrowed != text
    assert rows(store, narrowed) == rows(store, text)
    assert [v.value for v in store.query(narrowed).variables] == [v.value for v in store.query(text).variables]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s",  # what it answers is not written out
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?o",  # projecting ?o too would change what is distinct
        "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY ?p",  # ?p is not grouped
        "SELECT ?s WHERE { ?s ?p ?o }",  # nothing is sorted
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10",  # a tail this reading leaves alone
    ],
)
def test_what_the_rewrite_could_change_is_left_alone(text):
    assert sparql.narrowed(text) is None


def test_a_variable_named_where_or_select_is_no_keyword():
    units = [m.group() for m in sparql.words("SELECT ?where ?select WHERE { ?where ?p ?select }")]
    assert [u for u in units if u.upper() in {"SELECT", "WHERE"}] == ["SELECT", "WHERE"]
    assert sparql.where_block("SELECT ?where WHERE { ?where ?p ?o }") == len("SELECT ?where WHERE {")
