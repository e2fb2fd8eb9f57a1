"""SPARQL text, read once: what a question may do, and where its outer SELECT, WHERE block and tail are.

Every change this package makes to a question's text (prefixes declared, parameters bound as `VALUES`,
a page asked for, a scope's events bound first, a sorted answer narrowed) goes through one reader of its
lexical units (`UNITS`: strings, comments, IRIs, variables, keywords, braces) and the positions it finds
(`Outer`), so a `WHERE {` or a `LIMIT` inside a string, a comment or an IRI is never taken for the real one.

The read-only check (`check_read_only`) decides on the same characters the engine will run: escapes are
expanded once, then rdflib's parser and a scan of the units both look for Update and SERVICE.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from kg.errors import QueryError, QueryRefused
from kg.graph.rdf import PREFIXES

MAX_QUERY_CHARS = 1_000_000  # a question is text a person or a program wrote, not a payload
SERVICE_REFUSED = "SERVICE (a federated query to another endpoint) is refused; it goes out only when allowed (--allow-service)"

# The lexical units a keyword can hide in or be: long and short strings, comments, IRIs (`<` up to `>` with
# no space in it; `<` followed by a space is less-than), variables (`?where` is no WHERE), prefixed names and
# language tags (`ex:service`, `@en`), words, and braces.
UNITS = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|#[^\n\r]*"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|[?$]\w+"
    r"|[:@]?[A-Za-z_][\w-]*(?::[\w.-]*)?"
    r"|[{}]",
    re.DOTALL,
)


def words(text: str):
    """The units of `text` that are code: keywords and braces, with their match objects (for positions)."""
    for m in UNITS.finditer(text):
        unit = m.group()
        if unit in "{}" or ((unit[0].isalpha() or unit[0] == "_") and ":" not in unit):
            yield m


@dataclass(frozen=True, slots=True)
class Outer:
    """Where the outer query's parts are: the SELECT keyword and its projection, its WHERE block's braces
    (`opens` just after `{`, `closes` at the matching `}`), and whether the tail after it slices the answer
    (`LIMIT`/`OFFSET`). Positions are character offsets into the text read."""

    select: tuple[int, int] | None
    projection: str | None
    opens: int | None
    closes: int | None
    sliced: bool


def read(text: str) -> Outer:
    """Read the outer query of `text`.

    Example: `read("SELECT ?a WHERE { ?a ?b ?c } LIMIT 3")` -> projection ` ?a `, opens 17, closes 28, sliced.
    """
    select = projection = opens = None
    after_where = False
    blocks: list[list[int]] = []  # the outer level's [after `{`, at `}`] pairs, in order
    depth = 0
    for m in words(text):
        unit = m.group()
        upper = unit.upper()
        if select is None and upper == "SELECT" and depth == 0:
            select = (m.start(), m.end())
        elif upper == "WHERE" and depth == 0:
            after_where = True
            if select is not None and projection is None:
                projection = text[select[1] : m.start()]
        elif unit == "{":
            if depth == 0:
                blocks.append([m.end(), -1])
                if after_where and opens is None:
                    opens = m.end()
            depth += 1
        elif unit == "}":
            depth -= 1
            if depth == 0 and blocks:
                blocks[-1][1] = m.start()
    if opens is None and blocks:
        opens = blocks[0][0]
    closes = next((c for o, c in blocks if o == opens and c >= 0), None)
    tail = text[closes:] if closes is not None else ""
    sliced = any(m.group().upper() in {"LIMIT", "OFFSET"} for m in words(tail))
    return Outer(select, projection, opens, closes, sliced)


def where_block(text: str) -> int | None:
    """Where the query's own group pattern opens: just after the first `{` that follows a real `WHERE` (or
    the first real `{`), never one inside a comment, a string or an IRI.

    Example: in `# WHERE { x` + a new line + `SELECT * WHERE { ?s ?p ?o }`, the one after the second WHERE.
    """
    return read(text).opens


def with_prefixes(text: str) -> str:
    """Predeclare the common prefixes a query uses but does not declare."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*prefix\s+([\w-]*):", text)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" + text


def inline_values(text: str, params: dict[str, str]) -> str:
    """Bind parameters as SPARQL inline data at the top of the outer WHERE block.

    Oxigraph's `substitutions` binds only projected variables, so each value goes into a `VALUES` block
    instead, serialised by pyoxigraph as an escaped literal: the value is data, it cannot end the literal.
    """
    import pyoxigraph as ox

    if not params:
        return text
    block = " ".join(
        f"VALUES ?{name} {{ {ox.Literal(value)} }}" for name, value in sorted(params.items()) if re.fullmatch(r"\w+", name)
    )
    at = where_block(text)
    if at is None:
        raise QueryError("parameters need a query with a WHERE block")
    return text[:at] + " " + block + " " + text[at:]


def page(text: str, limit: int, offset: int, probe: bool = True) -> tuple[str, bool]:
    """The query asking for one page and (with `probe`) one row more, to tell whether more exist, when it is
    a SELECT without a LIMIT or OFFSET of its own; else the query unchanged and False (the page is cut
    afterwards)."""
    if limit <= 0 and offset <= 0:
        return text, False
    outer = read(text)
    if outer.select is None or outer.sliced:
        return text, False
    tail = f"\nLIMIT {limit + probe}" if limit > 0 else ""
    return f"{text}{tail}\nOFFSET {offset}" if offset > 0 else f"{text}{tail}", True


def narrowed(text: str) -> str | None:
    """The same SELECT with its answer's variables projected before it is sorted, or None where that cannot
    be written safely (`SELECT *`, a DISTINCT whose order needs more than it projects, no ORDER BY).

    Why: Oxigraph holds every solution of a sorted question until the last is found, each with all the
    variables its group pattern binds, not only those it projects: `timeline` binds 19 and answers 7. Sorting
    a sub-select's projection holds only what the answer needs (`timeline` over 10,000 articles, 186,263
    rows: 307 -> 156 MiB). The rows and their order are the question's own: the same sort on the same
    values; `tests/test_answers.py` checks every kept question against the store's own answer.

    Example: `SELECT ?a (COUNT(?x) AS ?n) WHERE { P } GROUP BY ?a ORDER BY ?n` ->
    `SELECT ?a ?n WHERE { { SELECT ?a (COUNT(?x) AS ?n) WHERE { P } GROUP BY ?a } } ORDER BY ?n`.
    """
    outer = read(text)
    if outer.select is None or outer.projection is None or outer.closes is None:
        return None
    closed = outer.closes + 1
    tail = text[closed:]
    order = re.search(r"(?is)\border\s+by\b", tail)
    if order is None or re.search(r"[\"'#<{]|(?i:\b(limit|offset)\b)", tail):
        return None  # nothing sorted, or a tail this reading might misread
    projection = outer.projection
    names = _projected(projection)
    if names is None:
        return None
    needed = [v for v in dict.fromkeys(re.findall(r"\?(\w+)", tail[order.end() :])) if v not in names]
    if needed and (re.match(r"(?is)\s*(distinct|reduced)\b", projection) or re.search(r"(?is)\bgroup\s+by\b", tail)):
        return None
    start = outer.select[0]
    inner = text[start:closed] + tail[: order.start()]
    if needed:
        inner = inner.replace(projection, projection.rstrip() + "".join(f" ?{v}" for v in needed) + " ", 1)
    outer_vars = " ".join(f"?{v}" for v in names)
    return f"{text[:start]}SELECT {outer_vars} WHERE {{\n{{ {inner}}}\n}}\n{tail[order.start() :]}"


def _projected(projection: str) -> list[str] | None:
    """The variables a SELECT clause answers, in order (`?a (COUNT(?x) AS ?n)` -> a, n); None for `*`."""
    names, depth = [], 0
    for m in re.finditer(r"[()]|\bAS\s+\?(\w+)|\?(\w+)|\*", projection, re.IGNORECASE):
        if m.group() == "(":
            depth += 1
        elif m.group() == ")":
            depth -= 1
        elif m.group() == "*":
            if depth == 0:
                return None
        elif m.group(1) and depth == 1:
            names.append(m.group(1))
        elif m.group(2) and depth == 0:
            names.append(m.group(2))
    return names or None


# -- what a question may do -------------------------------------------------------------------------------
_PARSER = threading.Lock()  # rdflib's pyparsing grammar keeps state between calls: one parse at a time
_VERDICTS: OrderedDict[tuple[str, bool], str | None] = OrderedDict()  # sha256 of a text -> why it is refused
_VERDICTS_KEPT = 256


def check_read_only(text: str, allow_service: bool = False) -> str:
    r"""The text to run, its `\uXXXX` escapes expanded once, after refusing SPARQL Update and, unless allowed,
    federated queries (`SERVICE`: a query must not reach the network on its own); a syntax error becomes one
    line with its position.

    Why the expanded text is what runs: SPARQL expands code-point escapes before it reads a token (SPARQL 1.1
    §19.2) and rdflib does, while Oxigraph reads them only inside strings and IRIs; so `"\u0022"` ends a
    string for one and not for the other, and a SERVICE hidden that way passed rdflib's check and ran in
    Oxigraph. Expanded here, both engines and both checks (rdflib's parse, and a scan of the units for the
    SERVICE keyword: either refuses) read the same characters.

    Example: `check_read_only('SELECT * { SERVICE <http://x/> { ?s ?p ?o } }')` raises QueryRefused.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"a query of {len(text):,} characters is more than a question needs (at most {MAX_QUERY_CHARS:,})")
    if not text.strip():
        raise QueryError("the query is empty")
    try:
        expanded = _expand_escapes(text)
    except ValueError as exc:
        raise QueryError(f"malformed SPARQL: {exc}") from None
    if not allow_service and names_service(expanded):
        raise QueryRefused(SERVICE_REFUSED)
    key = (hashlib.sha256(expanded.encode("utf-8", "surrogatepass")).hexdigest(), allow_service)
    with _PARSER:
        if key in _VERDICTS:
            _VERDICTS.move_to_end(key)
            verdict = _VERDICTS[key]
        else:
            verdict = _VERDICTS[key] = _refusal(expanded, allow_service)
            if len(_VERDICTS) > _VERDICTS_KEPT:
                _VERDICTS.popitem(last=False)
    if verdict is not None:
        kind, message = verdict.split(":", 1)
        raise (QueryRefused if kind == "refused" else QueryError)(message)
    return expanded


def _expand_escapes(text: str) -> str:
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    return expandUnicodeEscapes(text)


def names_service(text: str) -> bool:
    """Whether the keyword SERVICE stands anywhere outside a comment, string or IRI (`?service` and
    `ex:service` are no keyword). Errs towards yes: a refusal names its reason and how to allow it."""
    return any(m.group().upper() == "SERVICE" for m in words(text))


def parse_rdflib(text: str):
    """rdflib's parse of a checked text, taken under the parser lock (its grammar is not thread-safe) and
    without expanding escapes again (`check_read_only` ran the one expansion)."""
    from rdflib.plugins.sparql.parser import Query

    with _PARSER:
        return Query.parse_string(text, parse_all=True)


def _refusal(text: str, allow_service: bool) -> str | None:
    """Why an expanded text is refused (`refused:...` or `malformed:...`), or None. Called under the parser
    lock: rdflib's grammar is not thread-safe. A parse takes 20 to 40 ms, so verdicts are kept."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import Query, UpdateUnit

    try:
        parsed = Query.parse_string(text, parse_all=True)
    except ParseException as exc:
        error = exc
    except RecursionError:
        return "malformed:the query nests too deeply to be read"
    else:
        if not allow_service and _uses_service(parsed):
            return "refused:" + SERVICE_REFUSED
        return None
    try:
        UpdateUnit.parse_string(text, parse_all=True)
    except (ParseException, RecursionError):
        line = text.splitlines()[error.lineno - 1] if 0 < error.lineno <= len(text.splitlines()) else ""
        return (
            f"malformed:malformed SPARQL at line {error.lineno}, column {error.col}: "
            f"{error.msg} near {line[max(0, error.col - 20) : error.col + 20].strip()!r}"
        )
    return "refused:SPARQL Update is refused: the graph is read-only here"


def _uses_service(node) -> bool:
    """Whether a parse tree holds a `SERVICE` pattern anywhere (in OPTIONAL, UNION, subqueries...)."""
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_uses_service(v) for v in node.values())
    if isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        return any(_uses_service(v) for v in node)
    return False
