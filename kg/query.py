"""SPARQL over built graphs: a library of ready questions, parameters bound as values, read-only.

Questions are `.rq` files in `kg/queries/` with a header:

    # name: actor
    # description: Everything one actor did or suffered.
    # param: actor              (required; bound to ?actor as a string literal)
    # param: kind = ""          (optional, with a default)

Parameters never reach the query text: they are bound with rdflib's `initBindings` or Oxigraph's
`substitutions`, so `--param actor='x" } DROP ALL'` is just a name nobody has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import rdflib

from . import scope
from .errors import KGError, QueryError
from .ontology import classes
from .rdf import PREFIXES

QUERY_DIR = Path(__file__).resolve().parent / "queries"
ENGINES = ("oxigraph", "rdflib")


@dataclass(frozen=True, slots=True)
class Question:
    name: str
    description: str
    text: str
    params: dict[str, str | None] = field(default_factory=dict)

    @property
    def defaults(self) -> dict[str, str]:
        """The declared parameters that have a default (`# param: kind = ""`)."""
        return {k: v for k, v in self.params.items() if v is not None}


@dataclass(slots=True)
class Answer:
    """A SELECT/ASK answer as plain values (`vars`, `rows`), or a graph for CONSTRUCT/DESCRIBE."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[list[rdflib.term.Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None


def parse_question(text: str, name: str) -> Question:
    meta: dict[str, str] = {}
    params: dict[str, str | None] = {}
    for line in text.splitlines():
        m = re.match(r"#\s*(name|description|param):\s*(.*)$", line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            pname, _, default = value.partition("=")
            params[pname.strip()] = default.strip().strip('"') if _ else None
        else:
            meta[key] = value.strip()
    return Question(meta.get("name", name), meta.get("description", ""), text, params)


@cache
def library() -> dict[str, Question]:
    return {q.name: q for q in (parse_question(p.read_text(encoding="utf-8"), p.stem) for p in sorted(QUERY_DIR.glob("*.rq")))}


def question(name: str) -> Question:
    try:
        return library()[name]
    except KeyError:
        raise QueryError(f"no question named {name!r}; 'kg query --list' shows them") from None


def with_prefixes(text: str) -> str:
    """Predeclare the common prefixes a query uses but does not declare."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*prefix\s+([\w-]*):", text)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" + text


def check_read_only(text: str, allow_service: bool = False) -> None:
    """Refuse SPARQL Update and, unless allowed, federated queries (`SERVICE`: a query must not reach the
    network on its own); turn a syntax error into one line with its position."""
    refused = _refusal(text, allow_service)
    if refused:
        raise QueryError(refused)


@lru_cache(maxsize=512)
def _refusal(text: str, allow_service: bool) -> str | None:
    """Why a text is refused, or None; remembered per text: rdflib's parser takes 20 to 40 ms a question,
    which `kg serve` would pay on every request for the same library question."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        error = exc
    else:
        if not allow_service and _uses_service(parsed):
            return "SERVICE (a federated query to another endpoint) is refused; pass --allow-service to let it go out"
        return None
    try:
        parseUpdate(text)
    except ParseException:
        line = text.splitlines()[error.lineno - 1] if 0 < error.lineno <= len(text.splitlines()) else ""
        return (
            f"malformed SPARQL at line {error.lineno}, column {error.col}: "
            f"{error.msg} near {line[max(0, error.col - 20) : error.col + 20].strip()!r}"
        )
    return "SPARQL Update is refused: kg query is read-only"


def _uses_service(node) -> bool:
    """Whether a parse tree holds a `SERVICE` pattern anywhere (in OPTIONAL, UNION, subqueries...)."""
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_uses_service(v) for v in node.values())
    if isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        return any(_uses_service(v) for v in node)
    return False


def check_param_names(params: dict[str, str]) -> None:
    for name in params:
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"parameter names are SPARQL variable names (letters, digits, _), not {name!r}")


def bind(q: Question, given: dict[str, str]) -> dict[str, str]:
    unknown = set(given) - set(q.params) - (set(scope.SCOPES) if scope.parse(q.text) else set())
    if unknown and (q.params or scope.parse(q.text)):
        raise QueryError(f"question {q.name!r} takes {', '.join(sorted(q.params))}, not {', '.join(sorted(unknown))}")
    values = {**q.defaults, **given}
    missing = [k for k in q.params if k not in values]
    if missing:
        raise QueryError(f"question {q.name!r} needs --param {missing[0]}=VALUE")
    check_dates(values)
    return values


DATE_PARAMS = {"from", "to"}  # scopes compared with ISO dates: a word there would silently match nothing


def check_dates(values: dict[str, str]) -> None:
    """A date parameter that is given must be `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (`kg query` and library callers)."""
    for name in DATE_PARAMS & set(values):
        if values[name] and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", values[name]):
            raise QueryError(f"--param {name}={values[name]!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD")


DEFAULT_TIMEOUT = 120.0


def run(
    source,
    text: str,
    params: dict[str, str] | None = None,
    engine: str = "oxigraph",
    timeout: float | None = None,
    allow_service: bool = False,
    raw: bool = False,
) -> Answer:
    """Ask `text` of a source (output folder, graph file or store) with string parameters bound as values.

    `raw` asks the text as written, without binding the defaults its header declares.
    With a `timeout` (seconds), the question runs in a child process that is stopped when the time is up:
    neither engine can be interrupted inside a query, and a cross product can run for hours.
    """
    check_read_only(text, allow_service)
    if _is_url(source):  # an endpoint answers for itself: no engine, no child process here
        ask = lambda q: _iris(_remote(source, q, {}, timeout))
        return _remote(source, *prepare(text, params, raw, ask), timeout)
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if timeout:
        return _in_child(_answer, (source, text, params, engine, raw), timeout)
    return _answer(source, text, params, engine, raw)


def prepare(
    text: str, params: dict[str, str] | None = None, raw: bool = False, ask=None, inner: bool = True
) -> tuple[str, dict[str, str]]:
    """The text to send (with prefixes) and the parameters left to bind as values. A `# param: name =
    default` header binds its default here too, not only in `kg query`: an unbound parameter makes its FILTER
    an error, so the question would silently answer nothing (and slowly). `raw` leaves the defaults out, to
    ask the text exactly as written. Scope parameters (`kg/scope.py`) are answered first with `ask(query)`
    (-> the IRIs in its first column) and bound as the events the question starts from."""
    question = parse_question(text, "")
    values = {**({} if raw else question.defaults), **(params or {})}
    check_param_names(values)
    full = with_prefixes(text)
    header = scope.parse(text)
    if header is None:
        return full, values
    wanted, rest = scope.split(values, set(question.params))
    check_dates(wanted)
    if not wanted:
        return full, rest
    if ask is None:
        raise QueryError("a scoped question needs a source to find its events in")
    var, kind, last = header
    found = scope.select(var, kind, wanted, classes().events)
    iris = sorted(set(ask(with_prefixes(found))))
    at = scope.where_block(full)
    if len(iris) > scope.MAX_VALUES and at is not None:
        # a wide scope is joined as the scope's own query, wherever its events would be bound
        return scope.restrict(full, var, [], inner and not last, block=f"\n  {{ {found} }}\n"), rest
    return scope.restrict(full, var, iris, inner and not last), rest


def _iris(answer: Answer) -> list[str]:
    """The first column of an answer, as strings: the IRIs a scope's first step found."""
    return [str(row[0]) for row in answer.rows if row and row[0] is not None]


def _remote(source: str, text: str, params: dict[str, str], timeout: float | None) -> Answer:
    from . import remote

    reply = remote.ask(source, inline_values(text, params), timeout)
    return Answer(reply.kind, reply.vars, reply.rows, reply.boolean, reply.graph)


def _is_url(source) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def page(text: str, limit: int, offset: int, probe: bool = True) -> tuple[str, bool]:
    """The query asking for one page and (with `probe`) one row more, to tell whether more exist, when it is
    a SELECT without a LIMIT or OFFSET of its own; else the query unchanged and False (the page is cut
    afterwards)."""
    if limit <= 0 and offset <= 0:
        return text, False
    body = re.sub(r"#[^\n]*", "", text)
    if not re.search(r"(?is)\bselect\b", body) or re.search(r"(?is)\}[^{}]*\b(limit|offset)\s+\d+[^{}]*$", body):
        return text, False
    tail = f"\nLIMIT {limit + probe}" if limit > 0 else ""
    return f"{text}{tail}\nOFFSET {offset}" if offset > 0 else f"{text}{tail}", True


def cut(answer: Answer, limit: int, offset: int, paged: bool) -> bool:
    """Keep one page of the answer's rows; whether more rows exist beyond it."""
    if answer.kind != "SELECT" or (limit <= 0 and offset <= 0):
        return False
    rows = answer.rows if paged else answer.rows[offset:]
    more = limit > 0 and len(rows) > limit
    answer.rows = rows[:limit] if limit > 0 else rows
    return more


def _answer(source, text: str, params: dict[str, str] | None, engine: str, raw: bool = False) -> Answer:
    """Open the source once, and ask the scope's first step (if any) and the question of it."""
    from . import store

    if engine == "rdflib":
        ds = store.load_rdflib(source)
        full, values = prepare(text, params, raw, lambda q: _iris(_run_rdflib(ds, q, {})), inner=False)
        return _run_rdflib(ds, full, values)
    st = store.load_oxigraph(source)
    full, values = prepare(text, params, raw, lambda q: _iris(_run_oxigraph(st, q, {})))
    return _run_oxigraph(st, full, values)


def _in_child(work, args: tuple, timeout: float) -> Answer:
    """`work(*args)` in a forked process, its answer (or its one-line error) sent back; stopped at `timeout`."""
    import multiprocessing
    import pickle

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            outcome = ("ok", work(*args))
        except KGError as exc:
            outcome = ("error", exc)
        except Exception as exc:  # reported in the parent as the internal error it is
            outcome = ("error", QueryError(f"the query failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"))
        sender.send_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryError(
                f"the query ran past its time limit of {timeout:g} s and was stopped; "
                "narrow it (a LIMIT, a scope parameter) or give more time with --timeout"
            )
        kind, value = pickle.loads(receiver.recv_bytes())
    except EOFError:
        raise QueryError("the query process ended without an answer (out of memory?)") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
    if kind == "error":
        raise value
    return value


def _run_rdflib(ds: rdflib.Dataset, text: str, params: dict[str, str]) -> Answer:
    try:
        result = ds.query(text, initBindings={k: rdflib.Literal(v) for k, v in params.items()})
    except Exception as exc:
        raise QueryError(f"the query failed: {str(exc).splitlines()[0][:200]}") from None
    if result.type == "ASK":
        return Answer("ASK", boolean=bool(result.askAnswer))
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        g = rdflib.Graph()
        for t in result.graph or ():
            g.add(t)
        return Answer("GRAPH", graph=g)
    names = [str(v) for v in result.vars or ()]
    rows: list[list[rdflib.term.Node | None]] = [
        [row[i] for i in range(len(names))] for row in result if isinstance(row, rdflib.query.ResultRow)
    ]
    return Answer("SELECT", names, rows)


def inline_values(text: str, params: dict[str, str]) -> str:
    """Bind parameters for Oxigraph as SPARQL inline data at the top of the outer WHERE block.

    Oxigraph's `substitutions` only binds projected variables, so each value goes into a `VALUES` block
    instead, serialised by pyoxigraph as an escaped literal: the value is data, it cannot end the literal.
    """
    import pyoxigraph as ox

    if not params:
        return text
    block = " ".join(
        f"VALUES ?{name} {{ {ox.Literal(value)} }}" for name, value in sorted(params.items()) if re.fullmatch(r"\w+", name)
    )
    at = scope.where_block(text)
    if at is None:
        raise QueryError("parameters need a query with a WHERE block")
    return text[:at] + " " + block + " " + text[at:]


def _from_ox(term) -> rdflib.term.Node | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt: str | None = term.datatype.value if term.datatype else None
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            dt = None
        return rdflib.Literal(term.value, datatype=dt)
    return rdflib.Literal(str(term))


class _Converted(dict):
    """pyoxigraph term -> rdflib term, each converted once per answer: an answer repeats its terms (labels,
    types, dates: 19,177 timeline rows hold 2,696 distinct terms on 1,000 articles) and an rdflib Literal is
    slow to make. A dict with `__missing__` looks hits up in C, where `functools.cache` cost 40% more."""

    def __missing__(self, t):
        value = self[t] = _from_ox(t)
        return value


def _run_oxigraph(st, text: str, params: dict[str, str]) -> Answer:
    import pyoxigraph as ox

    try:
        result = st.query(inline_values(text, params), use_default_graph_as_union=True)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"the query failed: {str(exc).splitlines()[0][:200]}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ASK", boolean=bool(result))
    term = _Converted().__getitem__
    if isinstance(result, ox.QueryTriples):
        g = rdflib.Graph()
        for t in result:
            g.add((term(t.subject), term(t.predicate), term(t.object)))
        return Answer("GRAPH", graph=g)
    names = [v.value for v in result.variables]
    return Answer("SELECT", names, [[term(sol[n]) for n in names] for sol in result])


# -- output -----------------------------------------------------------------------------------------
