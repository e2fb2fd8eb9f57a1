"""A very long input is analysed in parts, each released before the next: memory does not grow with one
input's size (measured in bench/long_articles.py), and provenance still points at the file's characters."""

from __future__ import annotations

import pytest

from kg import ingest
from kg.records import Document


def article(paragraphs: int) -> str:
    return "date 2024-03-10 A long report\n\n" + "".join(
        f"Paragraph {n}: gunmen attacked Town{n} on Monday.\n\n" for n in range(paragraphs)
    )


def test_parts_cut_at_paragraph_breaks_and_add_up_to_the_article():
    text = article(400)
    doc = ingest.parse_article(text, "long", None)
    pieces = ingest.parts(doc, 2_000)
    assert len(pieces) > 5 and "".join(p.text for p in pieces) == text
    assert all(len(p.text) <= 2_000 for p in pieces)
    assert all(p.text.endswith("\n\n") for p in pieces[:-1])  # a paragraph is never cut in two
    assert [p.offset for p in pieces] == [sum(len(q.text) for q in pieces[:k]) for k in range(len(pieces))]
    assert pieces[0].id == "long" and pieces[0].title == "A long report"
    assert [p.id for p in pieces[1:3]] == ["long-part-2", "long-part-3"] and {p.part_of for p in pieces} == {"long"}
    assert all(p.title == "" and p.date == doc.date for p in pieces[1:])


def test_a_text_with_no_breaks_is_still_cut():
    doc = Document("a", "x" * 5_000, "", None, 0)
    assert [len(p.text) for p in ingest.parts(doc, 2_000)] == [2_000, 2_000, 1_000]


def test_a_part_id_never_takes_the_id_of_another_article(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "PART_CHARS", 2_000)
    (tmp_path / "long.txt").write_text(article(200), encoding="utf-8")
    (tmp_path / "long-part-2.txt").write_text("date 2024-03-10 Other\n\nAnother story.\n", encoding="utf-8")
    ids = [d.id for d in ingest.read_documents([str(tmp_path)]) if isinstance(d, Document)]
    assert len(ids) == len(set(ids))


@pytest.mark.model
def test_offsets_of_every_part_point_into_the_file(tmp_path, monkeypatch):
    from rdflib import Graph

    from kg import pipeline

    monkeypatch.setattr(ingest, "PART_CHARS", 2_000)
    text = article(120)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    report = pipeline.build([str(tmp_path / "long.txt")], tmp_path / "out", html=False)
    assert len(report.articles) >= 3
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    rows = list(
        g.query(
            "PREFIX conf: <https://w3id.org/conflict-kg/ontology#> "
            "SELECT ?t ?s ?e WHERE { ?m a conf:Mention ; conf:text ?t ; conf:start ?s ; conf:end ?e }"
        )
    )
    assert len(rows) > 100
    assert all(text[int(s) : int(e)] == str(t) for t, s, e in rows)


@pytest.mark.model
def test_words_first_met_in_a_zone_leave_the_vocabulary_and_results_stay_the_same(monkeypatch):
    """spaCy keeps every new word (a name, a number) in its vocabulary unless a memory zone frees it: a 50 MB
    input of new names grew the build by 0.9 MiB a part. Results never hold a spaCy object, so a zone of
    one piece gives what one zone for everything gives."""
    from kg import analysis
    from kg.analysis import nlp

    docs = [
        ingest.parse_article(
            "date 2024-03-10 Towns taken\n\n"
            + "".join(f"Rebels captured the town of Qarvel{k}x{n} on Tuesday, the army said.\n\n" for n in range(20)),
            f"a{k}",
            None,
        )
        for k in range(3)
    ]
    pipeline = nlp.load_pipeline()
    before = len(pipeline.vocab.strings)
    monkeypatch.setattr(analysis, "ZONE_PIECES", 10**6)
    whole = list(analysis.analyse(docs, segment_chars=400))
    monkeypatch.setattr(analysis, "ZONE_PIECES", 1)
    piecewise = list(analysis.analyse(docs, segment_chars=400))
    assert piecewise == whole and sum(len(r.events) for r in whole) >= 50
    assert {"Qarvel1x7", "Qarvel2x19"} <= {e.label for r in whole for e in r.entities}
    assert "Qarvel1x7" not in pipeline.vocab.strings and len(pipeline.vocab.strings) <= before
