"""Extraction quality on the shared dev corpus, measured with the shared scorer (skipped without ../shared).

These are the thresholds of the issues; the numbers themselves are printed by the scorer.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg import pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
ARTICLES = sorted(p.stem for p in DEV.glob("*.txt")) if DEV.exists() else []


@pytest.mark.model
@pytest.mark.skipif(not ARTICLES, reason="../shared/corpus/dev is not beside the project")
@pytest.mark.parametrize("article", ARTICLES)
def test_entities_of_each_dev_article(tmp_path, article):
    pipeline.build([str(DEV / f"{article}.txt")], tmp_path, html=False)
    out = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            str(DEV / "gold" / f"{article}.json"),
            "--graph",
            str(tmp_path / "graph.ttl"),
            "--ontology",
            str(ROOT / "ontology" / "conflict.ttl"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    score = json.loads(out.stdout[: out.stdout.rindex("}") + 1])
    assert score["entity_recall"] >= 0.95, score["missing_entities"]
    assert score["forbidden"] == []
    assert score["event_recall"] >= 0.7, score["missed_events"]
