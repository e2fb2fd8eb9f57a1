"""Ingest: every article format, and bad inputs reported with a reason instead of a crash."""

import codecs
import json
from datetime import date

import pytest

from kg import ingest
from kg.errors import InputError


def read(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return list(ingest.read_documents([str(p)]))


def test_seed_format_gives_date_title_and_true_offsets(tmp_path):
    text = "  date 2023-09-24 Azerbaijan took control\n\nBaku said so."
    [doc] = read(tmp_path, "a.txt", text.encode())
    assert doc.date == date(2023, 9, 24)
    assert doc.title == "Azerbaijan took control"
    assert doc.text[doc.title_start : doc.title_end] == doc.title
    assert doc.text == text


def test_plain_text_has_no_date_unless_given(tmp_path):
    p = tmp_path / "plain.txt"
    p.write_text("Headline here\n\nRebels attacked the town on Tuesday.")
    [doc] = ingest.read_documents([str(p)])
    assert doc.date is None and doc.title == "Headline here"
    [dated] = ingest.read_documents([str(p)], default_date=date(2024, 1, 5))
    assert dated.date == date(2024, 1, 5)


def test_jsonl_reads_good_lines_and_names_the_bad_ones(tmp_path):
    lines = [
        json.dumps({"id": "a1", "date": "2024-02-01", "title": "T", "text": "Body.", "url": "http://x/a"}),
        "{broken",
        json.dumps({"id": "a2", "title": "no text"}),
        json.dumps({"id": "a3", "text": 5}),
        json.dumps({"id": "a4", "date": "2023-13-45", "text": "x"}),
    ]
    items = read(tmp_path, "feed.jsonl", "\n".join(lines).encode())
    docs = [i for i in items if isinstance(i, ingest.Document)]
    skipped = [i for i in items if isinstance(i, ingest.Skipped)]
    assert [d.id for d in docs] == ["a1"] and docs[0].url == "http://x/a"
    assert [s.path.rsplit(":", 1)[1] for s in skipped] == ["2", "3", "4", "5"]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"date 2023-13-45 Headline\n\nBody", "bad date"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path, data, reason):
    [item] = read(tmp_path, "bad.txt", data)
    assert isinstance(item, ingest.Skipped) and reason in item.reason


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF16_LE + "date 2023-01-02 Kyiv\n\nCafé attacked.".encode("utf-16-le"),
        "date 2023-01-02 Kyiv\n\nCafé attacked.".encode("latin-1"),
        codecs.BOM_UTF8 + "date 2023-01-02 Kyiv\n\nCafé attacked.".encode(),
    ],
)
def test_encodings_that_can_be_told_are_decoded(tmp_path, encoded):
    [doc] = read(tmp_path, "enc.txt", encoded)
    assert "Café attacked." in doc.text and doc.date == date(2023, 1, 2)


def test_folders_are_read_recursively_skipping_hidden_files_and_images(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("date 2023-01-02 B\n\nBody")
    (tmp_path / "a.txt").write_text("date 2023-01-01 A\n\nBody")
    (tmp_path / ".hidden.txt").write_text("date 2023-01-01 H\n\nBody")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\x00")
    assert [d.id for d in ingest.read_documents([str(tmp_path)])] == ["a", "b"]


def test_a_missing_path_is_an_input_error():
    with pytest.raises(InputError, match="no such file"):
        list(ingest.read_documents(["/nonexistent/article.txt"]))


def test_slugs_are_safe_for_iris_and_file_names():
    assert ingest.slugify("Côte d'Ivoire <script>") == "cote-d-ivoire-script"
