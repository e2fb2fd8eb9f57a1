"""`kg match`: our events linked to the analyst's own ACLED or UCDP GED rows (rows of our own making here; the
ACLED 2020 dev notes, read at run time, when they are present)."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from kg import pipeline
from kg.cli import main
from kg.exports import matching

DATA = Path(__file__).resolve().parent / "data-exports"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

ACLED_HEADER = (
    "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,admin1,admin2,location,latitude,longitude,notes\n"
)
ACLED_ROWS = (
    # the Zamfara raid, as a coder has it
    "NIG1,13-May-2024,Violence against civilians,Attack,Unidentified Armed Group (Nigeria),Civilians (Nigeria),Nigeria,"
    "Zamfara,Kaura Namoda,Kaura Namoda,12.5910,6.5890,our own row\n"
    # the same country and week, 600 km away: another occurrence
    "NIG2,14-May-2024,Battles,Armed clash,Military Forces of Nigeria,Boko Haram,Nigeria,Borno,Maiduguri,Maiduguri,11.8469,13.1571,x\n"
    # the Kostiantynivka shelling, a day later than the article says (a coder's date may differ by one)
    "UKR1,20-Feb-2023,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia,,Ukraine,"
    "Donetsk,Kramatorskyi,Kostiantynivka,48.5277,37.7069,x\n"
    # a formula in a cell stays text in the table we write
    "UKR2,01-Jan-2020,Protests,Peaceful protest,Protesters (Ukraine),,Ukraine,Kyiv,Kyiv,=HYPERLINK(1),50.45,30.52,x\n"
)


@pytest.fixture(scope="module")
def built(spacy_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("match")
    pipeline.build([str(DATA)], out, html=False)
    return out


def rows_file(tmp_path: Path, text: str, name: str = "rows.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")  # as a spreadsheet saves it, with a byte order mark
    return path


def test_each_event_links_to_the_row_of_its_occurrence_and_not_to_a_row_nearby_in_time(built, tmp_path):
    report = matching.match(built, rows_file(tmp_path, ACLED_HEADER + ACLED_ROWS))
    links = {(link.theirs.id, link.ours.article) for link in report.links}
    assert ("NIG1", "zamfara-2024-05-14") in links
    assert ("UKR1", "bakhmut-2023-02-20") in links
    assert {t.id for t in report.theirs_only} == {"NIG2", "UKR2"}
    nig1 = next(link for link in report.links if link.theirs.id == "NIG1")
    assert "both at Kaura Namoda" in nig1.reasons and nig1.days == 0 and nig1.km is not None and nig1.km < 5


def test_ged_rows_match_too(built, tmp_path):
    ged = (
        "id,date_start,date_end,type_of_violence,side_a,side_b,country,adm_1,adm_2,where_coordinates,latitude,longitude\n"
        "9001,2024-05-13 00:00:00.000,2024-05-13 00:00:00.000,3,Gunmen,Civilians,Nigeria,Zamfara state,,Kaura Namoda town,12.591,6.589\n"
    )
    report = matching.match(built, rows_file(tmp_path, ged))
    assert report.dataset == "UCDP" and {link.theirs.id for link in report.links} == {"9001"}


def test_the_table_says_why_and_keeps_formulas_as_text(built, tmp_path, capsys):
    out = tmp_path / "matches.csv"
    assert main(["match", str(built), str(rows_file(tmp_path, ACLED_HEADER + ACLED_ROWS)), "-o", str(out)]) == 0
    assert "matched" in capsys.readouterr().err
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["status"] for r in table} == {"matched", "theirs only", "ours only"}
    assert any(r["their_place"] == "'=HYPERLINK(1)" for r in table)
    assert all(r["reasons"] for r in table if r["status"] == "matched")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a,b\n1,2\n", "neither an ACLED nor a UCDP GED table"),
        (ACLED_HEADER + "X1,someday,Battles,Armed clash,,,Chad,,,,,,x\n", "line 2: no date"),
    ],
)
def test_a_table_we_cannot_read_is_one_line(built, tmp_path, capsys, text, says):
    assert main(["match", str(built), str(rows_file(tmp_path, text))]) != 0
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and says in err and "Traceback" not in err


def acled_article(row: dict) -> str:
    """A note as an article of the seed format, dated the day after the event (next-day reporting, as the
    external scorer builds them), without ACLED's machine tags (`[size=no report]`)."""
    import datetime as dt
    import re

    published = dt.datetime.strptime(row["event_date"], "%d-%b-%y").date() + dt.timedelta(days=1)
    return f"date {published.isoformat()}\n\n" + re.sub(r"\s*\[[a-z ]+=[^\]]*\]", "", row["notes"]).strip() + "\n"


@pytest.mark.skipif(not (SHARED / "data" / "acled-2020" / "acled.csv").is_file(), reason="ACLED 2020 data absent")
def test_articles_of_acled_dev_notes_link_to_their_own_rows(spacy_model, tmp_path):
    """200 dev notes, built as the external scorer builds them (event data: ACLED): most link to their own row,
    few to another. The floors are today's (README, `kg match`); the target is 90 % and 2 %."""
    folder = SHARED / "data" / "acled-2020"
    test_ids = set((folder / "test-ids.txt").read_text().split())
    rows = list(csv.DictReader((folder / "acled.csv").open(encoding="utf-8")))
    notes = [r["notes"] for r in rows]
    dev = [r for r in rows if r["event_id_cnty"] not in test_ids and r["notes"] and notes.count(r["notes"]) == 1]
    sample = random.Random(7).sample(dev, 200)
    articles = tmp_path / "articles"
    articles.mkdir()
    for r in sample:
        (articles / f"acled-{r['event_id_cnty'].lower()}.txt").write_text(acled_article(r), encoding="utf-8")
    pipeline.build([str(articles)], tmp_path / "out", html=False)
    report = matching.match(tmp_path / "out", folder / "acled.csv")
    linked: dict[str, set[str]] = {}
    for link in report.links:
        linked.setdefault(link.ours.article, set()).add(link.theirs.id.lower())
    found = {o.article for o in report.ours_only} | set(linked)
    own = sum(1 for a in found if a.removeprefix("acled-") in linked.get(a, set()))
    other = sum(1 for a in found if linked.get(a) and a.removeprefix("acled-") not in linked[a])
    assert own / len(found) >= 0.70 and other / len(found) <= 0.10, (own, other, len(found))


def test_a_row_of_the_events_own_day_nearby_wins_over_the_same_town_a_day_later(built, tmp_path):
    """A coder's date may differ by one, but only where nothing of the event's own day is near: beside a row
    of the same day 20 km off, the same town's row of the next day is another occurrence."""
    rows = (
        "NIGNEXT,14-May-2024,Violence against civilians,Attack,Unidentified Armed Group (Nigeria),Civilians (Nigeria),"
        "Nigeria,Zamfara,Kaura Namoda,Kaura Namoda,12.5910,6.5890,x\n"
        "NIGSAME,13-May-2024,Violence against civilians,Attack,Unidentified Armed Group (Nigeria),Civilians (Nigeria),"
        "Nigeria,Zamfara,Kaura Namoda,Sabon Garin Xorvadu,12.7700,6.5890,x\n"
    )
    report = matching.match(built, rows_file(tmp_path, ACLED_HEADER + rows))
    linked = {link.theirs.id for link in report.links if link.ours.article == "zamfara-2024-05-14"}
    assert linked == {"NIGSAME"}
    alone = matching.match(built, rows_file(tmp_path, ACLED_HEADER + rows.splitlines(keepends=True)[0], "alone.csv"))
    assert {link.theirs.id for link in alone.links if link.ours.article == "zamfara-2024-05-14"} == {"NIGNEXT"}


def _occurrence(id_: str, dead: int | None = 0) -> matching.Occurrence:
    import datetime as dt

    day = dt.date(2024, 5, 13)
    return matching.Occurrence(
        id_, day, day, 12.59, 6.59, "nigeria", "kaura namoda", frozenset({"kaura namoda"}), "Protests",
        "Peaceful protest", frozenset(), "Kaura Namoda", "a", dead=dead,
    )  # fmt: skip


def test_of_rows_that_agree_equally_an_event_takes_one_no_other_event_took():
    """Two protests in one town on one day are two rows: the second event takes the row the first left."""
    scored = matching._scored(_occurrence("ours"), [_occurrence("R1"), _occurrence("R2")], 50.0)
    assert scored[0][:2] == scored[1][:2]  # nothing tells them apart
    first = matching._choose(scored, set())
    second = matching._choose(scored, {first.theirs.id})
    assert {first.theirs.id, second.theirs.id} == {"R1", "R2"}


def test_the_same_toll_on_both_sides_is_evidence():
    scored = matching._scored(_occurrence("ours", dead=5), [_occurrence("NONE", dead=0), _occurrence("FIVE", dead=5)], 50.0)
    assert scored[0][3].theirs.id == "FIVE" and "both 5 dead" in scored[0][3].reasons


def test_a_village_our_sentence_names_wins_over_the_region_we_could_only_put_it_in():
    """The places index lacks the village, so ours stands at the region's seat; the row at the village the
    sentence names is ours, not the row of another event at the seat. Where we put the event at a town, the
    town's own row still wins over another place the sentence names."""
    import dataclasses
    import datetime as dt

    day = dt.date(2024, 5, 13)

    def row(id_: str, label: str, lat: float) -> matching.Occurrence:
        name = matching.fold(label)
        return matching.Occurrence(
            id_, day, day, lat, 6.5, "nigeria", name, frozenset({name}), "Protests", "Peaceful protest", frozenset(), label
        )

    text = " protesters gathered in the village of dan kure in zamfara state "
    ours = dataclasses.replace(row("ours", "Gusau", 12.17), text=text, coarse=True)
    rows = [row("SEAT", "Gusau", 12.17), row("VILLAGE", "Dan Kure", 12.40)]
    best = matching._scored(ours, rows, 50.0)[0][3]
    assert best.theirs.id == "VILLAGE" and "Dan Kure named in our sentence" in best.reasons
    in_town = dataclasses.replace(ours, coarse=False)
    assert matching._scored(in_town, rows, 50.0)[0][3].theirs.id == "SEAT"
