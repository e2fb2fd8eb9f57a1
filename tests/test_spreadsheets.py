"""CSV that an analyst opens in a spreadsheet: a cell from article text never runs as a formula (OWASP "CSV
injection"), numbers keep their signs, and `--raw-csv` writes cells as they are for machine readers."""

from __future__ import annotations

import csv
import io

import pytest

from kg import cli
from kg.exports import crosswalk
from kg.formats import neutralise

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tlead", "\rlead"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_formula_cell_becomes_text(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-12.5", "+3", "1e-3", "-0.75", "Goma", "", "'quoted", "a=b"])
def test_numbers_and_plain_text_are_unchanged(cell):
    assert neutralise(cell) == cell


def test_the_event_tables_neutralise_unless_asked_not_to():
    rows = [{"notes": c, "latitude": "-3.5"} for c in HOSTILE]
    safe = list(csv.DictReader(io.StringIO(crosswalk.to_csv(rows, ("notes", "latitude")), newline="")))
    assert [r["notes"] for r in safe] == ["'" + c for c in HOSTILE] and {r["latitude"] for r in safe} == {"-3.5"}
    raw = list(csv.DictReader(io.StringIO(crosswalk.to_csv(rows, ("notes", "latitude"), safe=False), newline="")))
    assert [r["notes"] for r in raw] == HOSTILE


def test_kg_query_csv_neutralises_unless_raw(tmp_path, capsys):
    graph = tmp_path / "g.ttl"
    graph.write_text('<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "=HYPERLINK(\\"http://x\\")" .\n')
    text = "SELECT ?l WHERE { <http://example.org/a> rdfs:label ?l }"
    assert cli.main(["query", str(graph), text, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("\"'=HYPERLINK")
    assert cli.main(["query", str(graph), text, "--format", "csv", "--raw-csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith('"=HYPERLINK')
