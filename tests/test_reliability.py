"""Robustness: huge articles in bounded pieces, bad inputs among good ones, interrupted writes, any text."""

import itertools
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg import analysis, ingest, pipeline
from kg.errors import OutputError
from kg.knowledge.ontology import classes

root = classes().root  # an event of a kind (Shelling) is an event of its class (Attack)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ARTICLE = (DATA / "small-article.txt").read_text()


def test_a_50_mb_article_is_cut_into_bounded_pieces_at_paragraphs():
    paragraph = "Rebels shelled the town on Tuesday. Civilians fled toward the border.\n\n"
    text = "date 2024-01-02 Huge\n\n" + paragraph * (50_000_000 // len(paragraph))
    pieces = analysis.segments(text, 0)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
    assert all(0 < end - start <= analysis.LONG_PIECE_CHARS for start, end in pieces)
    assert analysis.segments("x" * analysis.SEGMENT_CHARS, 0) == [(0, analysis.SEGMENT_CHARS)]  # news stays whole
    assert all(text[end - 2 : end] == "\n\n" for _, end in pieces[:-1])


@pytest.mark.model
def test_a_long_article_parsed_in_pieces_keeps_true_offsets_and_one_entity_per_thing():
    body = "\n\n".join(
        f"Sudanese troops shelled El Geneina on January {n}, 2024, killing {n + 2} civilians." for n in range(1, 29)
    )
    doc = ingest.parse_article(f"date 2024-01-10 Long\n\n{body}", "long")
    [result] = analysis.analyse([doc], segment_chars=400)
    assert len({s.index for s in result.sentences}) == len(result.sentences) >= 28
    for s in result.sentences:
        assert doc.text[s.start : s.end] == s.text
    for m in result.mentions:
        assert doc.text[m.start : m.end] == m.text
    assert len([e for e in result.entities if e.type == "ArmedForce"]) == 1
    assert {e.time.value for e in result.events if root(e.type) == "Attack"} == {f"2024-01-{n:02}" for n in range(1, 29)}


@pytest.mark.model
def test_a_build_of_100_articles_with_3_bad_writes_97_and_names_the_3(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for n in range(97):
        (src / f"a{n:03}.txt").write_text(ARTICLE.replace("Midi", f"Town{n}"))
    (src / "empty.txt").write_text("")
    (src / "binary.txt").write_bytes(b"\x00\xff\x00")
    (src / "baddate.txt").write_text("date 2023-13-45 Bad\n\nBody.")
    report = pipeline.build([str(src)], tmp_path / "out", html=False)
    assert len(report.articles) == 97
    assert sorted(Path(s.path).name for s in report.skipped) == ["baddate.txt", "binary.txt", "empty.txt"]


@pytest.mark.model
def test_an_interrupted_build_leaves_the_previous_output_intact(tmp_path, monkeypatch):
    pipeline.build([str(DATA / "small-article.txt")], tmp_path, html=False)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    import pyoxigraph

    real_parse, calls = pyoxigraph.parse, []

    def interrupted(*args, **kwargs):  # Ctrl-C while the second graph is being written
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(pyoxigraph, "parse", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build([str(ROOT / "seeds")], tmp_path, html=False)
    assert len(calls) == 2, "the build did not reach its writing stage"
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert not [n for n in after if n.startswith(".")], "a temporary file was left behind"
    assert after == before


def test_an_output_path_that_is_a_file_is_an_output_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(OutputError):
        pipeline.build([str(DATA / "small-article.txt")], target)


names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
words = st.sampled_from(
    [
        "Rebels",
        "attacked",
        "the",
        "town",
        "of",
        "fled",
        "to",
        "said",
        "on",
        "Tuesday",
        "<script>",
        "alert(1)</script>",
        '"quoted"',
        "back\\slash",
        "O'Brien",
        "Côte",
        "d'Ivoire",
        "100",
        "tons",
        "Sudan",
        "Baku",
        "\u202e",
        "é",
        "🙂",
        "\t",
        "peacekeepers",
        "evacuated",
        "civilians",
        ".",
    ]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=names,
    body=st.lists(st.one_of(words, names), min_size=1, max_size=60),
    day=st.dates(min_value=__import__("datetime").date(1900, 1, 1), max_value=__import__("datetime").date(2100, 12, 31)),
)
@example(
    title="0", body=["attacked", "\u00b9"], day=__import__("datetime").date(2000, 1, 1)
)  # a superscript is a digit, no number
@pytest.mark.model
def test_any_article_builds_into_graphs_that_parse_back_and_conform(tmp_path_factory, title, body, day):
    import pyshacl

    out = tmp_path_factory.mktemp("prop")
    path = out / "article.txt"
    title = " ".join(title.split()) or "t"
    path.write_text(f"date {day.isoformat()} {title}\n\n{' '.join(body)}\n", encoding="utf-8")
    pipeline.build([str(path)], out, html=True)
    g = rdflib.Graph().parse(out / "graph.ttl")
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    store.load(path=str(out / "graph.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(g) > 0
    ok, _, text = pyshacl.validate(
        g,
        shacl_graph=rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl"),
        ont_graph=rdflib.Graph().parse(ROOT / "ontology" / "conflict.ttl"),
        inference="rdfs",
    )
    assert ok, text
    assert "<script>alert" not in (out / "graph.html").read_text()
