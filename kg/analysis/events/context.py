"""What every event rule reads, and the one record rules write to.

`Context` is built once per article (or segment): the parse, the token -> entity map of the entities stage,
the lexicon and the dates found. No rule changes it (the per-sentence attribution cues are a cache).
`Draft` is an event while its roles are still being found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.analysis.entities import ArticleEntities
from kg.analysis.events.lexicon import Lexicon
from kg.records import Casualties, Document, Quantity, TimeExpr

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLAUSE_BOUNDARIES = {"relcl", "ccomp", "xcomp", "conj", "advcl", "parataxis", "ROOT"}
PLACE_ROLES = {"location", "origin", "destination"}  # the roles a place fills


@dataclass(frozen=True, slots=True)
class Context:
    doc: Doc
    document: Document
    found: ArticleEntities
    sentence_of: Callable[[int], int]
    lex: Lexicon
    offset: int
    types: dict[str, str]
    mention_starts: list[tuple[int, str]]
    dates: dict[int, TimeExpr] = field(default_factory=dict)
    cues: dict[int, tuple[list, list]] = field(default_factory=dict)
    text: str = ""  # the doc's text, joined once: spaCy joins every token again at each `doc.text`


def entity_at(ctx: Context, tok: Token) -> str | None:
    return ctx.found.token_entity.get(tok.i)


@dataclass(slots=True)
class Draft:
    type: str
    trigger: Token
    roles: dict[str, list[str]] = field(default_factory=dict)
    time: TimeExpr | None = None
    quantities: list[Quantity] = field(default_factory=list)
    casualties: list[Casualties] = field(default_factory=list)
    modality: str = "asserted"
    attributed_to: str | None = None
    source: str | None = None
    sentences: set[int] = field(default_factory=set)
    evidence: float = 0.9
    definite: bool = False
    site: bool = False  # it happened at a site the text names without a place (`seized the bases of X`)
    distinct: bool = False  # the text says it is another occurrence (`another strike hit a tent`)

    def add(self, role: str, keys) -> None:
        for key in keys:
            if key and key not in self.roles.setdefault(role, []):
                self.roles[role].append(key)

    @property
    def core(self) -> tuple[str, ...]:
        return tuple(self.roles.get("agent") or self.roles.get("target") or ())

    @property
    def core_role(self) -> str | None:
        """Which role the core is: `agent`, `target`, or None."""
        return "agent" if self.roles.get("agent") else "target" if self.roles.get("target") else None


def has_any(text: str, phrases) -> bool:
    """Whether `text` (lower case) holds any of the phrases as whole words."""
    padded = text if text.startswith(" ") else f" {text} "
    return any(f" {p} " in padded for p in phrases)


def sentences_of(ctx: Context, numbers: set[int]) -> list[Span]:
    """The parsed sentences whose numbers are among `numbers`, in text order. Sentence numbers continue
    across the segments of a long article and skip blank lines, so they are no positions in `doc.sents`."""
    return [s for s in ctx.doc.sents if ctx.sentence_of(s.start) in numbers]


def words_text(tokens: list[Token]) -> str:
    """Tokens' words, lower case, space-separated with spaces at both ends, so a phrase is found whole
    (`' roadside bomb '`); a hyphenated word stays one (`rocket-propelled`), words the tokenizer left joined
    by a slash are two (`explosions/shots`, `small arms/heavy machineguns`)."""
    out: list[str] = []
    for n, t in enumerate(tokens):
        glued = n and t.text == "-" and not tokens[n - 1].whitespace_ and tokens[n - 1].i == t.i - 1
        after_hyphen = n and tokens[n - 1].text == "-" and not tokens[n - 1].whitespace_ and tokens[n - 1].i == t.i - 1
        if (glued or after_hyphen) and out:
            out[-1] += t.lower_
        else:
            out.append(t.lower_)
    return " " + " ".join(out).replace("/", " ") + " "


def sentence_words(tok: Token) -> set[str]:
    """The common words of a token's sentence (a name is no word: `March` the month is no march)."""
    return {t.lower_ for t in tok.sent if t.tag_ not in {"NNP", "NNPS"} or t.is_sent_start}


def by_agents(verb: Token) -> list[Token]:
    """The nouns of a passive verb's `by` phrase (`was beaten by locals` -> locals)."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
