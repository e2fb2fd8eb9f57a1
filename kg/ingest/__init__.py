"""Ingest: files, folders and streams become `Document` records.

Three article formats are read:

- the seed format: a first line `date YYYY-MM-DD <headline>` (leading white space allowed), then the body;
- plain text: no date line; the first non-empty line is taken as the headline and relative dates stay
  unresolved unless a default date is given (`--date`);
- JSON Lines (`.jsonl`): one article per line with `id`, `date`, `title`, `text` and optional `url`,
  `source`.

Offsets stay true to the original text: `Document.text` is the file content as decoded, so
`text[start:end]` of any provenance record is the exact span read.
"""

from __future__ import annotations

import codecs
import itertools
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from kg.errors import InputError, UsageError
from kg.records import Document

log = logging.getLogger("kg")

DATE_LINE = re.compile(r"date[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t\r]*$")
ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".jsonl", ".ndjson"}  # read in a folder walk; a file named is read whatever its name
SURROGATES = re.compile("[\ud800-\udfff]")
MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be read, with the reason a person can act on."""

    path: str
    reason: str


def slugify(text: str, limit: int = 80) -> str:
    """`Nagorno-Karabakh's leader` -> `nagorno-karabakh-s-leader`, `Côte d'Ivoire` -> `cote-d-ivoire`,
    `Владимир Путин` -> `владимир-путин`: letters of every script are kept (IRIs percent-encode them), so two
    names never share a key by accident; Latin accents are folded away."""
    kept: list[str] = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if unicodedata.combining(ch) and kept and kept[-1].isascii():
            continue  # an accent on a Latin letter
        kept.append(ch)
    slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", "".join(kept))).strip("-")
    return slug[:limit].strip("-") or "x"


def decode(data: bytes, name: str) -> str:
    """Bytes to text, telling encodings apart where the bytes allow it; binary data is refused.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded exactly; other text that is not
    valid UTF-8 but has no NUL bytes is read as Windows-1252, a superset of Latin-1 for printable text.
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason})") from None
    if b"\x00" in data:
        raise InputError(f"{name}: binary data (NUL bytes), not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad * 2 <= sum(1 for b in data if b >= 0x80) - bad:
        # mostly UTF-8 (its multi-byte letters decode) with a stray byte: keep the UTF-8, mark the byte
        log.warning("%s: %d byte(s) that are not UTF-8 replaced by U+FFFD (the first at byte %d)", name, bad, first_bad)
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_date(value: str, where: str) -> date:
    """An article's date: `YYYY-MM-DD`, or an ISO timestamp (`2024-03-16T10:00:00+02:00`, `...Z`) whose date
    is taken as written, the publisher's own day, not converted to another time zone.

    >>> parse_date("2024-03-16T23:30:00-05:00", "x")
    datetime.date(2024, 3, 16)
    """
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        if "T" in value or " " in value.strip():
            return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        pass
    raise InputError(f"{where}: bad date {value!r}; write it as YYYY-MM-DD (or an ISO timestamp)") from None


def parse_article(text: str, doc_id: str, default_date: date | None = None, path: str | None = None) -> Document:
    """Read one article in the seed format or as plain text.

    >>> parse_article("date 2023-09-24 Headline\\n\\nBody.", "a").title
    'Headline'
    """
    if not text.strip():
        raise InputError(f"{path or doc_id}: the article is empty")
    first = len(text) - len(text.lstrip())
    line_end = text.find("\n", first)
    line_end = len(text) if line_end < 0 else line_end
    m = DATE_LINE.fullmatch(text, first, line_end)
    if m:
        when = parse_date(m.group(1), path or doc_id)
        title = (m.group(2) or "").strip()
        title_start = text.find(title, first) if title else first
        return Document(doc_id, text, title, when, body_start=line_end, title_start=title_start, path=path)
    title = text[first:line_end].strip()
    return Document(doc_id, text, title, default_date, body_start=line_end, title_start=first, path=path)


def parse_jsonl(text: str, name: str) -> Iterator[Document | Skipped]:
    """One `Document` per JSON line; a broken line is a `Skipped` naming its line number."""
    for lineno, line in enumerate(text.split("\n"), 1):  # JSON Lines are \n-separated; U+0085 is text
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"not valid JSON ({exc.msg})")
            continue
        except (ValueError, RecursionError) as exc:  # a 100,000-digit number; 100,000 nested brackets
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0][:120]
            yield Skipped(where, f"not readable JSON ({reason})")
            continue
        if not isinstance(obj, dict):
            yield Skipped(where, "expected a JSON object with id, date, title and text")
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Skipped(where, "missing or empty 'text' (a string)")
            continue
        for key in ("id", "title", "date", "url", "source", "text"):
            if obj.get(key) is not None and not isinstance(obj[key], (str, int)):
                yield Skipped(where, f"'{key}' must be a string")
                break
            if isinstance(obj.get(key), str) and SURROGATES.search(obj[key]):
                yield Skipped(where, f"'{key}' holds a lone surrogate (\\ud800-\\udfff), which no Unicode text can hold")
                break
        else:
            try:
                when = parse_date(str(obj["date"]), where) if obj.get("date") else None
            except InputError as exc:
                yield Skipped(where, str(exc).split(": ", 1)[1])
                continue
            title = str(obj.get("title") or "").strip()
            doc_id = slugify(str(obj.get("id") or f"{Path(name).stem}-{lineno}"))
            full = f"{title}\n\n{body}" if title else body
            yield Document(
                doc_id,
                full,
                title,
                when,
                body_start=len(title),
                title_start=0,
                url=obj.get("url"),
                source=obj.get("source"),
                path=where,
            )


@dataclass(slots=True)
class Scan:
    """What the inputs hold: the article files to read, in order, the inputs that cannot be read (not
    regular files), and how many files a folder walk passed over because they are not articles."""

    paths: list[str]
    skipped: list[Skipped]
    not_articles: int = 0


def scan(inputs: Iterable[str], exclude: Iterable[str | Path] = ()) -> Scan:
    """Files as given; folders recursively, in sorted order, skipping hidden files, files without an article
    extension (a store's `CURRENT`, a `graph.html`) and the `exclude` folders (the build's own output and
    store). Only regular files are ever opened: a named pipe or a device would block or never end."""
    excluded = [Path(e).resolve() for e in exclude]
    found = Scan([], [])
    seen: set[Path] = set()

    def first_time(path: Path) -> bool:
        """A file named twice (or named and inside a folder given too) is one article, read once."""
        real = path.resolve()
        if real in seen:
            log.warning("%s is given more than once; read once", path)
            return False
        seen.add(real)
        return True

    for item in inputs:
        p = Path(item)
        if item == "-":
            found.paths.append(item)
        elif p.is_dir():
            root = p.resolve()
            inside = [e for e in excluded if e != root and e.is_relative_to(root)]  # not an input inside the output
            for child in sorted(p.rglob("*")):
                rel = child.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or child.is_dir():
                    continue
                if inside and any(child.resolve().is_relative_to(e) for e in inside):
                    continue
                if child.suffix.lower() not in ARTICLE_SUFFIXES:
                    found.not_articles += 1
                elif not child.is_file():
                    found.skipped.append(Skipped(str(child), "not a regular file (a named pipe, socket or device); not read"))
                elif first_time(child):
                    found.paths.append(str(child))
        elif p.is_file():
            if first_time(p):
                found.paths.append(item)
        elif p.exists():
            found.skipped.append(Skipped(item, "not a regular file (a named pipe, socket or device); not read"))
        else:
            raise UsageError(f"{item}: no such file or folder")
    return found


def read_documents(inputs: Iterable[str] | Scan, default_date: date | None = None) -> Iterator[Document | Skipped]:
    """Every article of the inputs, in a stable order, with a `Skipped` for each that cannot be read."""
    found = inputs if isinstance(inputs, Scan) else scan(inputs)
    yield from found.skipped
    used: set[str] = set()
    for path in found.paths:
        name = "<stdin>" if path == "-" else path
        try:
            data = _read_stdin() if path == "-" else _read_bytes(path)
            text = decode(data, name)
        except InputError as exc:
            yield Skipped(name, str(exc).split(": ", 1)[-1])
            continue
        if path.endswith((".jsonl", ".ndjson")):
            items: Iterable[Document | Skipped] = parse_jsonl(text, name)
        else:
            stem = "stdin" if path == "-" else Path(path).stem
            try:
                items = [parse_article(text, slugify(stem), default_date, name)]
            except InputError as exc:
                items = [Skipped(name, str(exc).split(": ", 1)[-1])]
        for item in items:
            if isinstance(item, Document):
                unique, n = item.id, 1
                while unique in used:  # `same`, `same` and a real `same-2` stay three articles
                    n += 1
                    unique = f"{item.id}-{n}"
                used.add(unique)
                item = _with_id(item, unique) if unique != item.id else item
                pieces = parts(item)
                for k in range(1, len(pieces)):
                    while pieces[k].id in used:  # `long-part-2` may be the name of another article's file
                        pieces[k] = _with_id(pieces[k], pieces[k].id + "-")
                    used.add(pieces[k].id)
                del item
                yield from pieces
                continue
            yield item


def _with_id(doc: Document, new_id: str) -> Document:
    return replace(doc, id=new_id)


PART_CHARS = 100_000


def parts(doc: Document, limit: int | None = None) -> list[Document]:
    """A very long article as consecutive parts of at most `limit` characters, cut at a paragraph break
    (else a line break, else a sentence end, else a space): each part is analysed, written and released on
    its own, so a build's memory does not grow with one input's size. The first part keeps the article's id,
    title and header; the others are `ID-part-2`, ... with `offset` saying where they start in the file and
    `part_of` naming the article, so provenance still points at the file's characters.

    >>> [len(p.text) for p in parts(Document("a", "x" * 30 + "\\n\\n" + "y" * 30, "", None, 0), 40)]
    [32, 30]
    """
    text, limit = doc.text, limit or PART_CHARS
    if len(text) <= limit:
        return [doc]
    cuts = [0]
    while len(text) - cuts[-1] > limit:
        start, end = cuts[-1] + limit // 2, cuts[-1] + limit
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            found = text.rfind(mark, start, end)
            if found >= 0:
                cut = found + len(mark)
                break
        cuts.append(cut if cut > cuts[-1] else end)
    cuts.append(len(text))
    out = [replace(doc, text=text[: cuts[1]], part_of=doc.id)]
    for k, (a, b) in enumerate(itertools.pairwise(cuts[1:]), 2):
        out.append(
            replace(doc, id=f"{doc.id}-part-{k}", text=text[a:b], title="", body_start=0, title_start=0, offset=a, part_of=doc.id)
        )
    return out


def _read_stdin() -> bytes:
    """Standard input, up to the size an article may be: `kg build - < /dev/zero` stops with an error."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"<stdin>: more than the {MAX_BYTES // 2**20} MiB an article may be; split it into articles")
    return data


def _read_bytes(path: str) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size // 2**20} MiB is larger than the {MAX_BYTES // 2**20} MiB an article may be")
        return p.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
