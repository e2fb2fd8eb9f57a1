"""The analyst's own rows beside what the articles say: each of our events linked to the ACLED or UCDP GED
row that reports the same occurrence, with the reason in words, and what stays unmatched on either side.

Analysts reconcile datasets by hand today. Both sides are first put in one shape (`Occurrence`: a date span,
a point, a country and place names, a kind, actor names): ours from the graph as `kg export` codes it, theirs
from their CSV as they have it (ACLED's `event_id_cnty, event_date, latitude, ...` or GED's `id, date_start,
date_end, latitude, ...`). A row is a candidate when its dates overlap ours widened by `days`, and it happened
where ours did: within `km` of our point, or at a place of the same name in the same country when either
side has no point, or at a place our sentence names (a village the places index lacks, put at its region).
Among candidates the best agrees on the most (kind, sub-kind, actors, day, distance);
a row may match several of our events (one occurrence told by several articles), an event one row; among
rows that agree equally well, an event takes one no other event has taken.

Example: `kg match output/ acled.csv -o matches.csv` -> `matched 41 of 52 events to 38 rows; 12 rows of
yours unmatched`.

Why one module: both sides' readers, the scoring and the choice among equals work on the one `Occurrence`
shape and are measured together (`kg match` on the ACLED dev notes); cut apart, a change to how one side is
read would be made without the scoring it feeds.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.exports.crosswalk import _country, _sides, acled_codes, to_csv
from kg.query.event_rows import EventRecord, read_events

ACLED_NEEDS = ("event_id_cnty", "event_date", "event_type", "country")
UCDP_NEEDS = ("id", "date_start", "date_end", "type_of_violence", "country")
MATCH_COLUMNS = (
    "status", "their_id", "their_date", "their_kind", "their_place", "our_event", "our_article", "our_date",
    "our_kind", "our_place", "days", "km", "reasons",
)  # fmt: skip
DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One side's account of an occurrence, in the shape both datasets share."""

    id: str
    start: dt.date
    end: dt.date
    lat: float | None
    lon: float | None
    country: str  # folded name
    name: str  # the place, folded (`Sao Paulo`: `sao paulo`)
    places: frozenset[str]  # folded names of the place and the units it lies in
    kind: str  # ACLED event_type, or UCDP type_of_violence
    sub_kind: str
    actors: frozenset[str]  # folded words of actor names
    label: str  # the place as written, for the table
    article: str = ""  # ours: the article that tells it
    dead: int | None = None  # ACLED `fatalities`, GED `best`; ours by the one deaths rule
    text: str = ""  # ours: the sentence that tells it, folded and padded (` in kafr takharim in idleb `)
    coarse: bool = False  # ours: put at a region's or a country's point (precision 3), or nowhere


@dataclass(frozen=True, slots=True)
class Link:
    theirs: Occurrence
    ours: Occurrence
    days: int
    km: float | None
    reasons: tuple[str, ...]


@dataclass
class MatchReport:
    """Links, and what stays unmatched on either side."""

    dataset: str
    links: list[Link] = field(default_factory=list)
    ours_only: list[Occurrence] = field(default_factory=list)
    theirs_only: list[Occurrence] = field(default_factory=list)
    events: int = 0
    rows: int = 0

    def summary(self) -> str:
        matched_rows = len({link.theirs.id for link in self.links})
        return (
            f"matched {len(self.links)} of {self.events} events to {matched_rows} of {self.rows} {self.dataset} rows; "
            f"{len(self.theirs_only)} rows of yours and {len(self.ours_only)} events of ours unmatched"
        )

    def table(self, safe: bool = True) -> str:
        """The CSV `kg match -o` writes: one line per link, then each unmatched row and event."""
        rows = [_line("matched", link.theirs, link.ours, link.days, link.km, link.reasons) for link in self.links]
        rows += [_line("theirs only", t, None, None, None, ()) for t in self.theirs_only]
        rows += [_line("ours only", None, o, None, None, ()) for o in self.ours_only]
        return to_csv(rows, MATCH_COLUMNS, safe)


def match(source, rows_path: str | Path, days: int = 1, km: float = 50.0) -> MatchReport:
    """Our events of `source` (an output folder, graph file or store) linked to the rows of an ACLED or UCDP GED
    CSV (`rows_path`); `days` widens our dates, `km` is how far apart one place may be."""
    dataset, theirs = read_rows(rows_path)
    ours = [o for o in (_ours(e, dataset) for e in read_events(source)) if o is not None]
    report = MatchReport(dataset, events=len(ours), rows=len(theirs))
    by_day: dict[dt.date, list[Occurrence]] = {}
    for row in theirs:
        for n in range((row.end - row.start).days + 1):
            by_day.setdefault(row.start + dt.timedelta(days=n), []).append(row)
    choices: list[tuple[Occurrence, list[tuple[float, int, str, Link]]]] = []
    for event in ours:
        # rows of the event's own dates first; a row `days` off only when nothing of its own dates is near
        own_days = _candidates(event, by_day, 0)
        scored = _scored(event, own_days, km)
        if not scored and days and not _near(event, own_days, km):
            scored = _scored(event, _candidates(event, by_day, days), km)
        choices.append((event, scored))
    # events with one best row first, then those torn between equals, surest first: a tie goes to a row no
    # event has taken (two protests in one town on one day are two rows, each its own event's)
    taken: set[str] = set()

    def torn(c: tuple[Occurrence, list]) -> bool:
        return len(c[1]) > 1 and c[1][0][:2] == c[1][1][:2]

    for event, scored in sorted(choices, key=lambda c: (torn(c), -(c[1][0][0] if c[1] else 0), c[0].id)):
        if not scored:
            report.ours_only.append(event)
            continue
        link = _choose(scored, taken)
        taken.add(link.theirs.id)
        report.links.append(link)
    report.links.sort(key=lambda link: (link.ours.start, link.ours.id))
    report.ours_only.sort(key=lambda o: (o.start, o.id))
    linked = {link.theirs.id for link in report.links}
    report.theirs_only = [row for row in theirs if row.id not in linked]
    return report


def read_rows(path: str | Path) -> tuple[str, list[Occurrence]]:
    """The rows of an ACLED or UCDP GED CSV as the analyst has it (a BOM, any column order, extra columns);
    a file that is neither, or a row without a readable date, is a one-line error naming the line."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            columns = set(reader.fieldnames or ())
            if set(ACLED_NEEDS) <= columns:
                dataset, read = "ACLED", _acled_row
            elif set(UCDP_NEEDS) <= columns:
                dataset, read = "UCDP", _ucdp_row
            else:
                raise InputError(
                    f"{path}: neither an ACLED nor a UCDP GED table (ACLED needs {', '.join(ACLED_NEEDS)}; "
                    f"GED needs {', '.join(UCDP_NEEDS)})"
                )
            rows = []
            for row in reader:
                try:
                    rows.append(read(row))
                except (ValueError, TypeError) as exc:
                    raise InputError(f"{path}: line {reader.line_num}: {exc}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: not a readable CSV ({str(exc).splitlines()[0][:120]})") from None
    return dataset, rows


def _acled_row(row: dict) -> Occurrence:
    day = _date(row["event_date"])
    places = [row.get("location", ""), row.get("admin3", ""), row.get("admin2", ""), row.get("admin1", "")]
    actors = [row.get(k, "") for k in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")]
    return Occurrence(
        row["event_id_cnty"],
        day,
        day,
        _float(row.get("latitude")),
        _float(row.get("longitude")),
        fold(row["country"]),
        fold(row.get("location", "")),
        _names(places),
        row["event_type"].strip(),
        row.get("sub_event_type", "").strip(),
        _words(actors),
        row.get("location", "") or row.get("admin1", ""),
        dead=_count(row.get("fatalities")),
    )


def _ucdp_row(row: dict) -> Occurrence:
    start, end = _date(row["date_start"]), _date(row["date_end"])
    places = [row.get("where_coordinates", ""), row.get("adm_2", ""), row.get("adm_1", "")]
    return Occurrence(
        row["id"],
        start,
        max(start, end),
        _float(row.get("latitude")),
        _float(row.get("longitude")),
        fold(re.sub(r"\s*\(.*\)$", "", row["country"])),
        fold(row.get("where_coordinates", "")),
        _names(places),
        str(row["type_of_violence"]).strip(),
        "",
        _words([row.get("side_a", ""), row.get("side_b", "")]),
        row.get("where_coordinates", ""),
        dead=_count(row.get("best")),
    )


def _ours(e: EventRecord, dataset: str) -> Occurrence | None:
    """Our event in the shape of the analyst's rows, or None when it has no date or no kind the dataset codes."""
    codes = acled_codes(e)
    when = e.begin or e.date
    if codes is None or not when or len(when) < 4:
        return None
    start = _partial_date(when, first=True)
    end = _partial_date(e.until or when, first=False)
    kind, sub = codes["event_type"], codes["sub_event_type"]
    if dataset == "UCDP":
        kind, sub = str(_sides(e)[2]), ""
    loc = e.location
    places = [loc.label, loc.admin2 or "", loc.admin1 or ""] if loc else []
    return Occurrence(
        e.iri,
        start,
        max(start, end),
        loc.lat if loc else None,
        loc.lon if loc else None,
        fold(_country(e)[1]),
        fold(loc.label) if loc else "",
        _names(places),
        kind,
        sub,
        _words([a.label for a in (*e.agents, *e.targets)]),
        loc.label if loc else "",
        e.article,
        (e.killed() or (0,))[0],
        f" {fold(e.sentence)} ",
        loc is None or loc.lat is None or e.geo_precision not in (1, 2),
    )


def _candidates(event: Occurrence, by_day: dict[dt.date, list[Occurrence]], days: int) -> list[Occurrence]:
    seen: dict[str, Occurrence] = {}
    for n in range(-days, (event.end - event.start).days + days + 1):
        for row in by_day.get(event.start + dt.timedelta(days=n), ()):
            seen.setdefault(row.id, row)
    return list(seen.values())


def _near(event: Occurrence, rows: Iterable[Occurrence], km: float) -> bool:
    """Whether one of `rows` (those of the event's own dates) lies around it (within `km`, or in a unit it
    lies in). A row a day off is the coders' date for our occurrence only when nothing of its own day is
    near: measured on 4,428 ACLED notes, 168 of 172 links a day off went to the next day's row of the same
    district while the note's own row, the same day a few villages away, was missed for its place."""
    for row in rows:
        distance = _km(event, row)
        near = distance is not None and distance <= km
        if near or (event.country == row.country and bool(event.places & row.places)):
            return True
    return False


def _scored(event: Occurrence, rows: Iterable[Occurrence], km: float) -> list[tuple[float, int, str, Link]]:
    """The rows that happened where the event did, best first by how much they agree with it. The place's own
    name weighs most (two villages 10 km apart are two occurrences), then the kind, the distance, the actors
    and the day; a row of a day further off loses a point a day."""
    scored = []
    for row in rows:
        distance = _km(event, row)
        same_country = not event.country or not row.country or event.country == row.country
        # a place of the same name abroad is ours geocoded to a homonym more often than another occurrence
        named = _same_name(event.name, row.name)
        # the row's place named in our sentence though not where we put the event: a village the places index
        # lacks (`in Kafr Takharim in Idleb` put at Idleb), or one of several places the sentence names
        told = not named and same_country and _told(row, event.text)
        shared_units = bool(event.places & row.places) and same_country
        shared = event.actors & row.actors
        # where: near, or at a place of the same name in the same country (a homonym geocoded abroad), or, for
        # an event the text puts nowhere finer than its country, that country with the same kind and actors
        near = distance is not None and distance <= km
        unplaced = event.lat is None and bool(event.country) and event.country == row.country
        if not (near or named or told or (distance is None and shared_units) or (unplaced and event.kind == row.kind and shared)):
            continue
        reasons = [_days_words(event, row)]
        score = 0.0
        if named:
            reasons.append(f"both at {row.label}" + ("" if same_country else " (our point is a homonym abroad)"))
            score += 4 if same_country else 2.5
        elif told:
            reasons.append(f"{row.label} named in our sentence")
            score += 4.5 if event.coarse else 3  # above our name where ours is coarser, below our town's
        elif shared_units:
            reasons.append("in the same admin unit")
            score += 0.5
        if distance is not None:
            reasons.append(f"{distance:.0f} km apart")
            score += 1.5 * (1 - distance / km) if near and not event.coarse else 0  # a centroid is near nothing
        if unplaced:
            reasons.append(f"in {row.country.title()}, no place given")
        if event.kind == row.kind:
            reasons.append(f"both {row.kind}")
            score += 2 + (1 if event.sub_kind and event.sub_kind == row.sub_kind else 0)
        if shared:
            reasons.append("actors share " + ", ".join(sorted(shared)[:3]))
            score += 1
        if event.dead and event.dead == row.dead:
            reasons.append(f"both {row.dead} dead")
            score += 1
        gap = _gap(event, row)
        score -= gap
        scored.append((score, -gap, row.id, Link(row, event, gap, distance, tuple(reasons))))
    return sorted(scored, key=lambda s: s[:3], reverse=True)


def _choose(scored: list[tuple[float, int, str, Link]], taken: set[str]) -> Link:
    """The best row; among rows that agree equally well, one no other event has taken (two protests in one
    town on one day are two rows: each event its own, not both the first), else the best."""
    top = [s for s in scored if s[:2] == scored[0][:2]]
    return next((s[3] for s in top if s[2] not in taken), top[0][3])


def _same_name(ours: str, theirs: str) -> bool:
    """One place's name as both sides write it: equal, or one the other with a word more (`Perumpadappu
    village`, `At Tuhayta`)."""
    if not ours or not theirs:
        return False
    a, b = ours.split(), theirs.split()
    return ours == theirs or (len(a) != len(b) and (set(a) <= set(b) or set(b) <= set(a)))


def _told(row: Occurrence, text: str) -> bool:
    """Whether our sentence names the row's place: its name, or the part of a `City-District` name after the
    city (`Mogadishu-Hodan` in `Hodan district`)."""
    if not row.name or not text:
        return False
    parts = {row.name, fold(row.label.split("-", 1)[1]) if "-" in row.label else ""}
    return any(p and len(p) > 2 and f" {p} " in text for p in parts)


def _gap(a: Occurrence, b: Occurrence) -> int:
    """Days between two date spans (0 when they overlap)."""
    return max(0, (b.start - a.end).days, (a.start - b.end).days)


def _days_words(event: Occurrence, row: Occurrence) -> str:
    gap = _gap(event, row)
    return "same day" if gap == 0 else f"{gap} day{'s' if gap > 1 else ''} apart"


def _km(a: Occurrence, b: Occurrence) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _line(status, theirs: Occurrence | None, ours: Occurrence | None, days, km, reasons) -> dict:
    return {
        "status": status,
        "their_id": theirs.id if theirs else "",
        "their_date": _span(theirs) if theirs else "",
        "their_kind": theirs.kind if theirs else "",
        "their_place": theirs.label if theirs else "",
        "our_event": ours.id if ours else "",
        "our_article": ours.article if ours else "",
        "our_date": _span(ours) if ours else "",
        "our_kind": ours.kind if ours else "",
        "our_place": ours.label if ours else "",
        "days": "" if days is None else days,
        "km": "" if km is None else f"{km:.1f}",
        "reasons": "; ".join(reasons),
    }


def _span(o: Occurrence) -> str:
    return o.start.isoformat() if o.start == o.end else f"{o.start.isoformat()}/{o.end.isoformat()}"


def _date(text: str) -> dt.date:
    value = (text or "").strip()
    if re.match(r"\d{4}-\d{2}-\d{2}[ T]", value):  # GED's `2024-05-13 00:00:00.000`
        value = value[:10]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"no date in {value[:40]!r}")


def _partial_date(value: str, first: bool) -> dt.date:
    """`2020-05` -> its first or last day; `2020` -> its first or last day; a day is itself."""
    parts = [int(p) for p in value.split("-")[:3]]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return start if first else following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1) if first else dt.date(parts[0], 12, 31)


def _count(text: str | None) -> int | None:
    """A death count as a CSV cell gives it (`12`, `12.0`), or None."""
    value = _float(text)
    return int(value) if value is not None else None


def _float(text: str | None) -> float | None:
    try:
        value = float(text) if text not in (None, "") else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation: `São Paulo` and `Sao Paulo` are one name."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _names(values: Iterable[str]) -> frozenset[str]:
    return frozenset(f for f in (fold(v) for v in values) if f)


STOP = {"of", "the", "and", "forces", "force", "unidentified", "military", "armed", "group", "militia", "civilians", "police"}


def _words(names: Iterable[str]) -> frozenset[str]:
    """The telling words of actor names (`Military Forces of Nigeria (2015-)` -> nigeria)."""
    out = set()
    for name in names:
        out |= {w for w in fold(re.sub(r"\(.*?\)", "", name)).split() if len(w) > 2 and w not in STOP and not w.isdigit()}
    return frozenset(out)
