"""Incidents: reports of one occurrence in different articles share one `conf:Incident`; reports of other
occurrences (same type and country, another week or town; the other side's ceasefire) never do.

The corpus (`tests/data-incidents/`, written for this project) holds 4 incidents told 3 times each in
different outlets' styles, spellings and tolls, and 6 distractors; `gold.json` says which is which."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from kg import incidents, pipeline
from kg.incidents import merged
from kg.query.event_rows import Actor, EventRecord, Where

DATA = Path(__file__).resolve().parent / "data-incidents"


def actor(label: str, cls: str = "ArmedGroup", iri: str | None = None, part_of: str | None = None) -> Actor:
    return Actor(iri or f"urn:x:{label}", label, cls, part_of)


def report(article: str, cls="Attack", date="2024-03-12", place=None, agents=(), published="2024-03-12", **kw) -> EventRecord:
    precision = kw.pop("precision", "day" if date else "")
    return EventRecord(
        f"urn:event:{article}:{cls}", cls, "attacked", "asserted", 0.9, article, "", published, "", date or "", precision,
        date or "", date or "", 1, "", "", tuple(agents), (), place, (), date or "",
    )  # fmt: skip


KISMAYO = Where("urn:x:kismayo", "Kismayo", "City", -0.358, 42.545, 1, "SOM", "Lower Juba")
KISMAAYO = Where("urn:x:kismaayo", "Kismaayo", "City", -0.358, 42.545, 1, "SOM", "Lower Juba")
BAIDOA = Where("urn:x:baidoa", "Baidoa", "City", 3.114, 43.649, 1, "SOM", "Bay")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham", True),
        ("HTS", "Hayat Tahrir al-Sham", True),
        ("Al-Shabaab", "al Shabaab", True),
        ("ISWAP", "Boko Haram", False),
    ],
)
def test_spellings_transliterations_and_acronyms_are_one_actor(a, b, same):
    assert incidents.same_actor(actor(a), actor(b)) is same


def test_people_who_share_a_surname_stay_two():
    assert not incidents.same_actor(actor("Ahmed Musa", "Person"), actor("Ibrahim Musa", "Person"))
    assert not incidents.same_actor(actor("Musa", "Person"), actor("Ahmed Musa", "Person"))
    assert incidents.same_actor(actor("Ahmed Musa", "Person"), actor("Ahmed  Musa", "Person"))


def test_two_spellings_of_one_town_on_one_day_by_one_group_are_one_incident():
    a = report("a", place=KISMAYO, agents=[actor("Al-Shabaab")])
    b = report("b", place=KISMAAYO, agents=[actor("al Shabaab")], date="2024-03-13", published="2024-03-14")
    evidence = incidents.compare(a, b)
    assert evidence.veto is None and evidence.score >= 2
    assert any("Kismayo = Kismaayo" in r for r in evidence.reasons)  # the reason names what a user can check
    [incident] = incidents.group([a, b])
    assert len(incident.reports) == 2


@pytest.mark.parametrize(
    ("b", "why"),
    [
        (report("b", date="2024-03-14", place=KISMAYO), "dates cannot overlap"),  # two days later
        (report("b", date="2024-04-03", place=KISMAYO), "dates cannot overlap"),  # another week
        (report("b", place=BAIDOA), "km apart"),  # another town
        (report("b", cls="Ceasefire", place=KISMAYO), "not one occurrence"),
        (report("b", cls="Statement", place=KISMAYO), "its own incident"),
    ],
)
def test_what_rules_two_reports_out(b, why):
    a = report("a", place=KISMAYO, agents=[actor("Al-Shabaab")])
    evidence = incidents.compare(a, b)
    assert evidence.veto is not None and why in evidence.veto


def test_two_attacks_one_article_tells_of_different_attackers_are_two_incidents():
    """Within one article a writer names one attacker alike: `gunmen killed villagers` and `soldiers later
    killed attackers near the town` are two occurrences, however near; unnamed gunmen twice are one party."""
    soldiers = actor("Nigerian armed forces", "ArmedForce", part_of="urn:x:country:NGA")
    a = report("a", place=KISMAYO, agents=[actor("gunmen")])
    b = EventRecord(**{**{f: getattr(a, f) for f in a.__slots__}, "iri": "urn:event:a:2", "agents": (soldiers,)})
    assert incidents.compare(a, b).veto == "a tells of different attackers"
    again = EventRecord(**{**{f: getattr(a, f) for f in a.__slots__}, "iri": "urn:event:a:3", "agents": (actor("gunmen"),)})
    assert incidents.compare(a, again).veto is None and incidents.compare(a, again).score >= 2


def test_an_incident_is_one_row_coded_by_its_deadliest_report_on_a_tie():
    """An attack that killed twelve, told with the abduction of twenty by the same gunmen, is one record: the
    attack's class (a tie of one report each goes to the deadliest), both reports' tolls, every outlet."""
    from kg.query.event_rows import Toll

    attack = report("a", place=KISMAYO, agents=[actor("gunmen")])
    attack = EventRecord(**{**{f: getattr(attack, f) for f in attack.__slots__}, "source": "Reuters",
                            "tolls": (Toll("killed", 12, None, None, None, None, "12", "s1"),)})  # fmt: skip
    taken = report("b", cls="Abduction", place=KISMAYO, agents=[actor("gunmen")])
    taken = EventRecord(**{**{f: getattr(taken, f) for f in taken.__slots__}, "source": "AFP"})
    one = merged.one_record([taken, attack])
    assert (one.cls, one.iri, one.killed(), one.outlets, one.reports) == ("Attack", attack.iri, (12, 12, 12), 2, 2)
    assert one.source == "Reuters; AFP"


def test_one_sides_ceasefire_is_not_the_others():
    a = report("a", cls="Ceasefire", agents=[actor("M23")])
    b = report("b", cls="Ceasefire", agents=[actor("Government of DR Congo", "Government")])
    assert incidents.compare(a, b).veto == "announced by different parties"


def test_a_state_and_its_forces_are_one_side():
    russia = actor("Russia", "Country", iri="urn:x:country:RUS")
    forces = actor("Russian armed forces", "ArmedForce", part_of="urn:x:country:RUS")
    assert incidents.same_side(russia, forces) and not incidents.same_actor(russia, forces)


def test_an_undated_report_is_matched_on_its_publication_days():
    a = report("a", place=KISMAYO, agents=[actor("Al-Shabaab")])
    b = report("b", date=None, place=KISMAYO, agents=[actor("Al-Shabaab")], published="2024-03-13")
    assert incidents.compare(a, b).veto is None
    c = report("c", date=None, place=KISMAYO, agents=[actor("Al-Shabaab")], published="2024-03-30")
    assert incidents.compare(a, c).veto is not None


def test_two_names_of_one_states_forces_are_one_side():
    idf = actor("Israel Defense Forces", "ArmedForce", iri="urn:x:idf", part_of="urn:x:country:ISR")
    jets = actor("Israeli armed forces", "ArmedForce", part_of="urn:x:country:ISR")
    other = actor("Egyptian armed forces", "ArmedForce", part_of="urn:x:country:EGY")
    assert incidents.same_side(idf, jets) and not incidents.same_side(idf, other)


def test_a_ceasefire_agreed_is_an_agreement_whichever_party_a_report_names():
    sides = actor("Army", "ArmedForce"), actor("Rapid Support Forces")
    a = report("a", cls="Ceasefire", agents=list(sides))
    b = report("b", cls="Agreement", agents=[sides[1]], date="2024-03-13", published="2024-03-13")
    c = report("c", cls="Agreement", agents=[sides[0]], date="2024-03-12", published="2024-03-13")
    assert incidents.compare(a, b).veto is None and incidents.compare(b, c).veto is None
    assert incidents.compare(a, b).score >= 2


def test_a_village_both_reports_could_only_place_coarsely_is_still_one_place():
    here = Where("urn:x:vadu", "Vadu", "City", 0.2, 29.4, 4, "COD")
    there = Where("urn:x:vadu2", "Vadu", "City", 0.2, 29.4, 4, "COD")
    country = Where("urn:x:cod", "DR Congo", "Country", 0.2, 29.4, 4, "COD")
    a, b = report("a", cls="TerritorialControl", place=here), report("b", cls="TerritorialControl", place=there)
    assert any("same place" in r for r in incidents.compare(a, b).reasons)
    c = report("c", cls="TerritorialControl", place=country)
    assert not any("same place" in r for r in incidents.compare(c, report("d", cls="TerritorialControl", place=country)).reasons)


def test_an_undated_statement_of_an_abduction_joins_the_dated_report_of_it():
    a = report("a", cls="Abduction", place=KISMAYO, date="2024-03-12", published="2024-03-12")
    b = report("b", cls="Abduction", place=KISMAYO, date=None, published="2024-03-13")
    evidence = incidents.compare(a, b)
    assert evidence.score >= 2 and "reported within 3 days of it" in evidence.reasons
    later = report("c", cls="Abduction", place=KISMAYO, date=None, published="2024-03-16")  # its window misses the day
    assert incidents.compare(a, later).score < 2


def pairs(built: Path) -> tuple[int, int, int]:
    """True positives, false positives and false negatives over pairs of reports of different articles."""
    from kg import store

    gold = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))
    group_of = {a: g for g, articles in gold["incidents"].items() for a in articles}
    st = store.load_oxigraph(built, with_ontology=False)
    rows = st.query(
        "PREFIX conf: <https://w3id.org/conflict-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?c ?art ?inc WHERE { ?e conf:inArticle/dcterms:identifier ?art ; a ?c ; conf:incident ?inc }",
        use_default_graph_as_union=True,
    )
    events = [(r["c"].value.split("#")[1], r["art"].value, r["inc"].value) for r in rows]
    events = [e for e in events if e[0] in gold["classes"]]
    tp = fp = fn = 0
    for (_, art_a, inc_a), (_, art_b, inc_b) in itertools.combinations(events, 2):
        if art_a == art_b:
            continue
        gold_same, same = group_of[art_a] == group_of[art_b], inc_a == inc_b
        tp, fp, fn = tp + (gold_same and same), fp + (same and not gold_same), fn + (gold_same and not same)
    return tp, fp, fn


@pytest.mark.model
def test_every_report_of_an_incident_shares_it_and_no_distractor_joins(tmp_path):
    pipeline.build([str(DATA)], tmp_path / "out", html=False)
    tp, fp, fn = pairs(tmp_path / "out")
    assert fp == 0, "a distractor joined an incident"
    # at least one event per report: 4 incidents told by 3 articles each are 12 cross-article pairs
    assert tp / (tp + fn) >= 0.9 and tp >= 12


@pytest.mark.model
def test_an_article_added_to_a_store_joins_the_incident_already_there(tmp_path):
    from kg import store

    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for name in ("kismayo-reuters-2024-03-12.txt", "kismayo-afp-2024-03-13.txt"):
        shutil.copy(DATA / name, first / name)
    shutil.copy(DATA / "kismayo-radio-2024-03-14.txt", later / "kismayo-radio-2024-03-14.txt")
    st = tmp_path / "store"
    pipeline.build([str(first)], None, store_dir=str(st))

    def kismayo() -> tuple[str, int]:
        rows = store.load_oxigraph(st).query(
            "PREFIX conf: <https://w3id.org/conflict-kg/ontology#> SELECT ?i ?n WHERE { ?i conf:articleCount ?n . FILTER(?n > 1) }",
            use_default_graph_as_union=True,
        )
        [(incident, count)] = [(r["i"].value, int(r["n"].value)) for r in rows]
        return incident, count

    before, count = kismayo()
    assert count == 2
    report = pipeline.build([str(first), str(later)], None, store_dir=str(st))
    assert len(report.unchanged) == 2  # the stored articles were not analysed again
    assert kismayo() == (before, 3)  # the same incident, one report more


@pytest.mark.model
def test_reports_told_as_different_outlets_tell_them(tmp_path):
    """The harder corpus (`tests/data-outlets/`): spellings, venues, revised tolls, undated statements, a group
    under its name and its acronym, and distractors that name the first attack. Its first score, before any
    tuning to it, was 1 of 6 incidents joined, 8 of 8 distractors apart, 25 of 26 reports found."""
    from score_incidents import score

    data = DATA.parent / "data-outlets"
    pipeline.build([str(data)], tmp_path / "out", html=False)
    s = score(tmp_path / "out", data)
    assert not s.merged, f"distractors joined: {s.merged}"
    assert s.found >= 25 and len(s.joined) >= 5, s.summary()


def test_an_incidents_place_comes_from_its_best_placed_report_its_date_from_its_best_dated():
    """A headline dated to the day that names no town, and its lead dated by its week at Kismayo: the
    incident (and its export row) is dated by the one and placed by the other, never left unplaced."""
    headline = report("a", place=None)
    lead = report("b", place=KISMAYO, date="2024-03-12", precision="week")
    one = merged.one_record([headline, lead])
    assert (one.precision, one.location) == ("day", KISMAYO)
