"""The library of ready questions and how parameters reach a question.

Questions are `.rq` files in `kg/query/questions/` with a header:

    # name: actor
    # description: Everything one actor did or suffered.
    # param: actor (name)       (required; a name, matched case-folded; bound to ?actor)
    # param: kind = ""          (optional, with a default)
    # scope: ?event             (takes the scopes of kg/query/scope.py: actor, place, country, type, from, to)

Parameters never reach the query text as code: they are bound as `VALUES` of escaped literals
(`kg.query.text.inline_values`), so `--param actor='x" } DROP ALL'` is just a name nobody has.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.errors import QueryError, UnknownQuestion
from kg.graph import keys
from kg.knowledge.ontology import classes
from kg.query import scope
from kg.query.text import where_block, with_prefixes

QUERY_DIR = Path(__file__).resolve().parent / "questions"


@dataclass(frozen=True, slots=True)
class Question:
    name: str
    description: str
    text: str
    params: dict[str, str | None] = field(default_factory=dict)
    names: frozenset[str] = frozenset()  # parameters that are names, matched case-folded (`# param: actor (name)`)

    @property
    def defaults(self) -> dict[str, str]:
        """The declared parameters that have a default (`# param: kind = ""`)."""
        return {k: v for k, v in self.params.items() if v is not None}


def parse_question(text: str, name: str) -> Question:
    """A question's header: `# name:`, `# description:`, and one `# param:` line per parameter, with a
    default (`# param: kind = ""`) or marked as a name (`# param: actor (name)`: the value is matched as
    `conf:nameKey` holds names, case-folded, so `m23` finds M23)."""
    meta: dict[str, str] = {}
    params: dict[str, str | None] = {}
    names = set()
    for line in text.splitlines():
        m = re.match(r"#\s*(name|description|param):\s*(.*)$", line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            declared, _, default = value.partition("=")
            pname, is_name, _rest = declared.partition("(name)")
            params[pname.strip()] = default.strip().strip('"') if _ else None
            if is_name:
                names.add(pname.strip())
        else:
            meta[key] = value.strip()
    return Question(meta.get("name", name), meta.get("description", ""), text, params, frozenset(names))


@cache
def library() -> dict[str, Question]:
    return {q.name: q for q in (parse_question(p.read_text(encoding="utf-8"), p.stem) for p in sorted(QUERY_DIR.glob("*.rq")))}


def question(name: str) -> Question:
    try:
        return library()[name]
    except KeyError:
        raise UnknownQuestion(f"no question named {name!r}; the list: kg query --list, or /questions") from None


def check_param_names(params: dict[str, str]) -> None:
    for name in params:
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"parameter names are SPARQL variable names (letters, digits, _), not {name!r}")


def bind(q: Question, given: dict[str, str]) -> dict[str, str]:
    takes = sorted(set(q.params) | (set(scope.SCOPES) if scope.parse(q.text) else set()))
    unknown = set(given) - set(takes)
    if unknown:
        offered = f"takes {', '.join(takes)}" if takes else "takes no parameters"
        raise QueryError(f"question {q.name!r} {offered}, not {', '.join(sorted(unknown))}")
    values = {**q.defaults, **given}
    missing = [k for k in q.params if k not in values]
    if missing:
        raise QueryError(f"question {q.name!r} needs a value for its parameter {missing[0]!r}")
    check_dates(values)
    return values


DATE_PARAMS = {"from", "to"}  # scopes compared with ISO dates: a word there would silently match nothing


def check_dates(values: dict[str, str]) -> None:
    """A date parameter that is given must be a real `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (`kg query`, `kg serve`
    and library callers): `2024-13-45` would silently match nothing."""
    from datetime import date

    for name in DATE_PARAMS & set(values):
        value = values[name]
        if not value:
            continue
        try:
            if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value, re.ASCII):
                raise ValueError
            date.fromisoformat(value if len(value) == 10 else value + ("-01" if len(value) == 7 else "-01-01"))
        except ValueError:
            raise QueryError(f"{name}={value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD") from None


def prepare(
    text: str,
    params: dict[str, str] | None = None,
    raw: bool = False,
    ask: Callable[[str], list[str]] | None = None,
    inner: bool = True,
) -> tuple[str, dict[str, str]]:
    """The text to send (with prefixes) and the parameters left to bind as values. A `# param: name =
    default` header binds its default here too, not only in `kg query`: an unbound parameter makes its FILTER
    an error, so the question would silently answer nothing (and slowly). `raw` leaves the defaults out, to
    ask the text exactly as written. Scope parameters (`kg/query/scope.py`) are answered first with `ask(query)`
    (-> the IRIs in its first column) and bound as the events the question starts from."""
    question = parse_question(text, "")
    values = {**({} if raw else question.defaults), **(params or {})}
    values = {k: keys.name_key(v) if k in question.names else v for k, v in values.items()}
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
    at = where_block(full)
    if len(iris) > scope.MAX_VALUES and at is not None:
        # a wide scope is joined as the scope's own query, wherever its events would be bound
        return scope.restrict(full, var, [], inner and not last, block=f"\n  {{ {found} }}\n"), rest
    return scope.restrict(full, var, iris, inner and not last), rest
