"""Questions over built graphs: the library, both engines, parameters as values, read-only, output formats."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kg import pipeline, query
from kg.errors import QueryError
from kg.knowledge.ontology import classes
from kg.query import results, scope

root = classes().root

ROOT = Path(__file__).resolve().parent.parent
PARAMS = {"actor": {"actor": "Baku"}, "date-range": {"from": "2023-09-01", "to": "2023-09-30"}}


@pytest.fixture(scope="module")
def seed_out(spacy_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    pipeline.build([str(ROOT / "seeds")], out, html=False)
    return out


@pytest.fixture(scope="module")
def corpus_out(spacy_model, tmp_path_factory):
    """Several articles naming the same actors: a query over the union of their graphs must not count an
    actor's description once per article."""
    out = tmp_path_factory.mktemp("corpus")
    src = [str(ROOT / "seeds"), str(ROOT / "tests" / "data"), str(ROOT / "tests" / "data-incidents")]
    pipeline.build(src, out, html=False)
    return out


def rows(answer):
    return sorted(tuple("" if t is None else str(t) for t in row) for row in answer.rows)


@pytest.mark.parametrize("name", sorted(query.library()))
def test_every_question_answers_the_same_on_rdflib_and_oxigraph(corpus_out, name):
    q = query.question(name)
    params = query.bind(q, PARAMS.get(name, {}))
    a = query.ask(corpus_out, q.text, params, engine="rdflib")
    b = query.ask(corpus_out, q.text, params, engine="oxigraph")
    assert a.vars == b.vars
    assert rows(a) == rows(b)
    assert a.rows, f"{name} found nothing on the corpus"


def test_timeline_is_in_date_order_with_resolved_dates(seed_out):
    answer = query.ask(seed_out, query.question("timeline").text)
    dates = [str(r[0]) for r in answer.rows if str(r[0])]
    assert dates == sorted(dates) and "2023-09-19" in dates


def test_actor_matches_aliases_and_the_government(seed_out):
    q = query.question("actor")
    a = query.ask(seed_out, q.text, {"actor": "Baku"})
    b = query.ask(seed_out, q.text, {"actor": "Azerbaijan"})
    assert rows(a) == rows(b) and any(str(r[2]) == "TerritorialControl" for r in a.rows)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_claims_list_reported_events_by_their_source_once(seed_out, engine):
    """An event the text attributes to a speaker ("..., the ministry said") is a claim of that speaker; an
    accusation whose speaker is also its agent appears once, not once per route to it."""
    answer = query.ask(seed_out, query.question("claims").text, engine=engine)
    claims = {(str(r[0]), str(r[1]), str(r[3])) for r in answer.rows}
    assert any(claim != "Accusation" and modality == "reported" for _, claim, modality in claims)
    assert any(claim == "Accusation" for _, claim, _ in claims)
    assert len(rows(answer)) == len(set(rows(answer)))


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_claims_name_who_denies_an_accusation_once(corpus_out, engine):
    """ "Kyiv accused Moscow of ..., a charge the Kremlin denied": the denial answers the accusation, named
    once even where the denier is linked to the accused by more than one route (agent, target, governs)."""
    answer = query.ask(corpus_out, query.question("claims").text, engine=engine)
    denied = [r for r in rows(answer) if r[1] == "Accusation" and "Kakhovka" in r[5]]
    assert denied and all(r[4] for r in denied)
    assert len(rows(answer)) == len(set(rows(answer)))


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_library_callers_get_a_parameters_default(seed_out, engine):
    """`query.run` with a question's text binds its declared defaults, as `kg query` does: evidence without
    `kind` lists every event's evidence instead of nothing."""
    text = query.question("evidence").text
    plain = query.ask(seed_out, text, engine=engine)
    assert plain.rows and rows(plain) == rows(query.ask(seed_out, text, {"kind": ""}, engine=engine))
    assert len(query.ask(seed_out, text, {"kind": "Attack"}, engine=engine).rows) < len(plain.rows)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("value", ['x" } . ?s ?p ?o . FILTER("a', 'x\\" } DROP ALL #', "Baku\n}"])
def test_parameters_are_values_not_query_text(seed_out, engine, value):
    answer = query.ask(seed_out, query.question("actor").text, {"actor": value}, engine=engine)
    assert answer.rows == []


def test_update_is_refused(seed_out):
    with pytest.raises(QueryError, match="read-only"):
        query.ask(seed_out, "DELETE WHERE { ?s ?p ?o }")


def test_malformed_query_names_the_position(seed_out):
    with pytest.raises(QueryError, match=r"line 2, column \d+"):
        query.ask(seed_out, "SELECT ?s\nWHERE { ?s ?p }")


def test_formats(seed_out):
    answer = query.ask(seed_out, "SELECT ?name WHERE { ?e a conf:Person ; rdfs:label ?name } ORDER BY ?name")
    assert [r["name"] for r in csv.DictReader(io.StringIO(results.render(answer, "csv")))] == ["David Babayan", "Nikol Pashinyan"]
    assert results.render(answer, "tsv").splitlines()[1] == "David Babayan"
    data = json.loads(results.render(answer, "json"))
    assert data["head"]["vars"] == ["name"] and data["results"]["bindings"][0]["name"]["value"] == "David Babayan"
    tree = ElementTree.fromstring(results.render(answer, "xml"))
    assert len(tree.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 2
    table = results.render(answer, "table")
    assert "David Babayan" in table and "(2 rows)" in table


def test_construct_answers_turtle_and_ask_answers_yes_or_no(seed_out):
    g = query.ask(seed_out, "CONSTRUCT { ?e rdfs:label ?n } WHERE { ?e a conf:Person ; rdfs:label ?n }")
    assert "David Babayan" in results.render(g, "turtle")
    assert results.render(query.ask(seed_out, "ASK { ?e a conf:Evacuation }"), "table") == "yes\n"


def test_cli_query_and_list(seed_out):
    r = subprocess.run([sys.executable, "-m", "kg", "query", "--list"], capture_output=True, text=True)
    assert r.returncode == 0 and "timeline" in r.stdout
    r = subprocess.run([sys.executable, "-m", "kg", "query", str(seed_out), "--name", "actor"], capture_output=True, text=True)
    assert r.returncode == 2 and "--param actor" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "kg", "query", str(seed_out), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and int(r.stdout.splitlines()[1]) > 500


@pytest.mark.model
def test_a_store_build_replaces_an_article_graph_instead_of_duplicating(tmp_path):
    seeds = [str(ROOT / "seeds")]
    pipeline.build(seeds, None, store_dir=str(tmp_path / "store"))
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    first = query.ask(tmp_path / "store", count).rows[0][0]
    pipeline.build(seeds, None, store_dir=str(tmp_path / "store"))
    assert query.ask(tmp_path / "store", count).rows[0][0] == first


def test_answers_keep_terms_that_are_written_alike_apart(tmp_path):
    """Oxigraph answers convert each distinct term once: an IRI, a string, a number and a tagged string that
    read alike must stay five terms, as rdflib gives them."""
    (tmp_path / "g.ttl").write_text('<http://e/a> <http://e/p> <http://e/a>, "http://e/a", "1", 1, "1"@en, 1 .\n')
    text = "SELECT ?o WHERE { ?s <http://e/p> ?o }"
    a = query.ask(tmp_path / "g.ttl", text, engine="rdflib")
    b = query.ask(tmp_path / "g.ttl", text, engine="oxigraph")
    assert len(b.rows) == 5
    assert {row[0] for row in b.rows} == {row[0] for row in a.rows}
    assert {type(row[0]).__name__ for row in b.rows} == {"URIRef", "Literal"}


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_timeline_scopes_narrow_it_to_what_an_analyst_asks(corpus_out, engine):
    q = query.question("timeline")
    everything = query.ask(corpus_out, q.text, query.bind(q, {}), engine=engine)
    scoped = query.ask(corpus_out, q.text, query.bind(q, {"type": "attack", "from": "2024-03", "to": "2024-03"}), engine=engine)
    cols = everything.vars
    # type=attack holds its kinds: an AirStrike, a Shelling is an Attack
    expected = [
        r for r in rows(everything) if root(r[cols.index("event")]) == "Attack" and r[cols.index("date")][:7] == "2024-03"
    ]
    assert rows(scoped) == expected and expected
    by_actor = query.ask(corpus_out, q.text, query.bind(q, {"actor": "al shabaab"}), engine=engine)  # an alias, any case
    assert by_actor.rows and any("Shabaab" in str(r[cols.index("agent")]) for r in by_actor.rows)
    assert len(by_actor.rows) < len(everything.rows)
    somalia = query.ask(corpus_out, q.text, query.bind(q, {"country": "som"}), engine=engine)
    assert {str(r[cols.index("where")]) for r in somalia.rows} <= {"Kismayo", "Kismaayo", "Chisimaio", "None"}


def test_a_page_and_the_line_that_says_more_rows_exist(corpus_out):
    q = query.question("timeline")
    text, paged = query.page(q.text, 5, 10)
    assert paged and text.endswith("LIMIT 6\nOFFSET 10")
    answer = query.ask(corpus_out, q.text, query.bind(q, {}), limit=5, offset=10)
    assert answer.more and len(answer.rows) == 5
    full = query.ask(corpus_out, q.text, query.bind(q, {}))
    assert rows(answer) == sorted(tuple("" if t is None else str(t) for t in r) for r in full.rows[10:15])
    own = "SELECT ?s WHERE { ?s a conf:Incident } ORDER BY ?s LIMIT 7"
    assert query.page(own, 5, 0) == (own, False)  # a query's own LIMIT is kept; the page is cut afterwards


@pytest.mark.parametrize("name", sorted(n for n, q in query.library().items() if q.defaults))
def test_a_question_file_runs_as_written_with_its_defaults_inside(corpus_out, name):
    """Pasted into any endpoint with nothing bound, a question with optional parameters answers as with its
    defaults (an unbound parameter counts as empty)."""
    q = query.question(name)
    assert rows(query.ask(corpus_out, q.text, {}, engine="oxigraph", raw=True)) == rows(
        query.ask(corpus_out, q.text, query.bind(q, {}), engine="oxigraph")
    )


SCOPED = sorted(n for n, q in query.library().items() if scope.parse(q.text))


def test_every_question_that_can_be_scoped_says_so():
    """Scopes make sense wherever an answer is about events or incidents: all but the entity listing."""
    assert set(query.library()) - set(SCOPED) == {"actors-by-type"}


@pytest.mark.parametrize("name", SCOPED)
def test_a_scope_narrows_every_question_to_a_subset_of_its_answer(corpus_out, name):
    """The same question with a scope answers a subset of its unscoped rows, the same on both engines."""
    q = query.question(name)
    own = PARAMS.get(name, {})
    everything = rows(query.ask(corpus_out, q.text, query.bind(q, own)))
    for scoping in ({"country": "SOM"}, {"actor": "azerbaijan"}, {"from": "2023-09", "to": "2023-09-30"}, {"type": "attack"}):
        wanted = {k: v for k, v in scoping.items() if k not in q.params}
        if not wanted:
            continue
        a = rows(query.ask(corpus_out, q.text, query.bind(q, {**own, **wanted}), engine="oxigraph"))
        b = rows(query.ask(corpus_out, q.text, query.bind(q, {**own, **wanted}), engine="rdflib"))
        assert a == b, (name, wanted)
        if q.text.count("GROUP BY") == 0:  # a count under a scope is a smaller count, not a subset row
            assert set(a) <= set(everything), (name, wanted)


def test_scoped_questions_narrow_what_they_are_about(corpus_out):
    q = query.question("evidence")
    everything = query.ask(corpus_out, q.text, query.bind(q, {}))
    somalia = query.ask(corpus_out, q.text, query.bind(q, {"country": "som"}))
    assert 0 < len(somalia.rows) < len(everything.rows)
    incidents = query.question("incidents")
    all_incidents = query.ask(corpus_out, incidents.text, query.bind(incidents, {}))
    attacks = query.ask(corpus_out, incidents.text, query.bind(incidents, {"type": "Attack"}))
    assert 0 < len(attacks.rows) < len(all_incidents.rows)
    assert {root(str(r[attacks.vars.index("type")])) for r in attacks.rows} == {"Attack"}


@pytest.mark.parametrize("bad", [{"type": "Picnic"}, {"country": "Somalia"}, {"from": "last week"}])
def test_a_scope_value_that_cannot_match_is_an_error_not_an_empty_answer(corpus_out, bad):
    q = query.question("who-did-what")
    with pytest.raises(QueryError):
        query.ask(corpus_out, q.text, query.bind(q, bad))


def test_a_scope_value_is_data_never_query_code(corpus_out):
    q = query.question("timeline")
    for value in ['x" } } SELECT * WHERE { ?s ?p ?o', "x' } UNION { ?s ?p ?o", 'x\\" }']:
        assert query.ask(corpus_out, q.text, query.bind(q, {"actor": value})).rows == []


def test_periods_cover_a_range_with_months_and_years():
    assert scope.periods("2023-11-15", "2024-02") == ["2023", "2024", "2023-11", "2023-12", "2024-01", "2024-02"]
    assert scope.periods("1990", "1990") == ["1990", *(f"1990-{m:02d}" for m in range(1, 13))]
    assert scope.periods("1000", "2024") is None  # too wide: the dates are filtered instead


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_wide_scope_joined_as_a_sub_select_answers_as_the_bound_events_do(corpus_out, engine, monkeypatch):
    """Past `scope.MAX_VALUES` events the scope is joined as a sub-select instead of bound as VALUES (faster
    for a wide scope on Oxigraph): the answers are the same."""
    for name, scoping in (
        ("timeline", {"country": "SOM"}),
        ("deadliest", {"from": "2024", "to": "2024"}),
        ("incidents", {"type": "Attack"}),
    ):
        q = query.question(name)
        bound = rows(query.ask(corpus_out, q.text, query.bind(q, scoping), engine=engine))
        monkeypatch.setattr(scope, "MAX_VALUES", 0)
        joined = rows(query.ask(corpus_out, q.text, query.bind(q, scoping), engine=engine))
        monkeypatch.undo()
        assert joined == bound and bound, name


def test_a_scope_header_names_the_variable_its_kind_and_where_the_events_go():
    assert scope.parse("# scope: ?event\nSELECT") == ("event", "event", False)
    assert scope.parse("# scope: ?incident incident") == ("incident", "incident", False)
    assert scope.parse("# scope: ?event last") == ("event", "event", True)
    assert scope.parse("# no scope here") is None
    text = "SELECT ?a WHERE { ?event a ?c }"
    assert scope.restrict(text, "event", ["http://e/1"], inner=False).endswith("VALUES ?event { <http://e/1> } }")
