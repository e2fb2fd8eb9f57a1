"""The library the command line is a thin layer over: `kg.build`, `kg.ask`, `kg.export`, `kg.validate`
(as sqlite-utils' CLI over its Database), each giving what the command prints."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(spacy_model, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("api")
    report = kg.build([str(ROOT / "seeds")], out)
    assert report.events > 0
    return out


@pytest.mark.model
def test_ask_gives_what_kg_query_prints(built):
    timeline = kg.question("timeline")
    answer = kg.ask(built, timeline.text, {"type": "Attack"}, limit=2)
    assert answer.vars[:2] == ["date", "event"] and len(answer.rows) <= 2
    printed = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "query",
            str(built),
            "--name",
            "timeline",
            "--param",
            "type=Attack",
            "--limit",
            "2",
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
    ).stdout
    assert len(list(csv.reader(io.StringIO(printed)))) == len(answer.rows) + 1


@pytest.mark.model
def test_export_and_validate(built):
    rows = list(csv.DictReader(io.StringIO(kg.export(built, "acled"))))
    assert rows and {"event_type", "sub_event_type", "fatalities"} <= set(rows[0])
    assert kg.export(built, "nq").count("\n") > 100
    assert kg.validate(built).conforms
