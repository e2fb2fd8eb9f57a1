"""Relative dates resolve against the article date, at the precision the words support."""

from datetime import date

import pytest

from kg.analysis.dates import resolve_relative_date

SUNDAY = date(2023, 9, 24)


@pytest.mark.parametrize(
    "text, today, expected",
    [
        ("on Tuesday", SUNDAY, ("2023-09-19", "day")),  # a Sunday article's Tuesday is the one before
        ("Sunday", SUNDAY, ("2023-09-24", "day")),
        ("Sunday night", SUNDAY, ("2023-09-24", "day")),
        ("last Sunday", SUNDAY, ("2023-09-17", "day")),
        ("Wednesday", date(2022, 11, 3), ("2022-11-02", "day")),
        ("this week", SUNDAY, ("2023-09", "week")),
        ("last month", date(2022, 11, 3), ("2022-10", "month")),
        ("last month", date(2023, 1, 15), ("2022-12", "month")),
        ("last year", SUNDAY, ("2022", "year")),
        ("in April last year", SUNDAY, ("2022-04", "month")),
        ("April", SUNDAY, ("2023-04", "month")),
        ("November", SUNDAY, ("2022-11", "month")),  # a later month than the article's is last year's
        ("late September", SUNDAY, ("2023-09", "month")),
        ("September 20", SUNDAY, ("2023-09-20", "day")),
        ("20 September 2021", SUNDAY, ("2021-09-20", "day")),
        ("November 2020", SUNDAY, ("2020-11", "month")),
        ("2020", SUNDAY, ("2020", "year")),
        ("the 1990s", SUNDAY, ("1990", "decade")),
        ("yesterday", SUNDAY, ("2023-09-23", "day")),
        ("ten days", SUNDAY, None),
        ("since the start of the month", SUNDAY, ("2023-09", "month")),
        ("at the end of last month", SUNDAY, ("2023-08", "month")),
        ("mid-July", SUNDAY, ("2023-07", "month")),
        ("on Christmas Day", date(2021, 1, 13), ("2020-12-25", "day")),  # the last one before the article
        ("two days ago", SUNDAY, ("2023-09-22", "day")),
        ("three weeks ago", SUNDAY, ("2023-09", "month")),
        ("decades", SUNDAY, None),
        ("30 days", SUNDAY, None),
    ],
)
def test_resolution(text, today, expected):
    assert resolve_relative_date(text, today) == expected


def test_a_bare_number_before_1800_is_a_count_not_a_year():
    """`observed a total of 1125 projectiles`: the tagger may call the number a date; no report of today's
    wars dates an event so, while `the 1948 war` and `since 1991` stay years."""
    assert resolve_relative_date("1125", date(2020, 5, 10)) is None
    assert resolve_relative_date("1948", date(2020, 5, 10)) == ("1948", "year")


def test_without_an_article_date_relative_words_stay_unresolved():
    assert resolve_relative_date("on Tuesday", None) is None
    assert resolve_relative_date("in 2020", None) == ("2020", "year")


@pytest.mark.parametrize(
    ("text", "precision", "stretch", "expected"),
    [
        ("on Tuesday", "day", False, ("2023-09-19", "2023-09-19")),
        ("last week", "week", False, ("2023-09-11", "2023-09-17")),
        ("the weekend", "week", False, ("2023-09-23", "2023-09-24")),
        ("September 2023", "month", False, ("2023-09-01", "2023-09-30")),
        ("early March", "month", False, ("2023-03-01", "2023-03-10")),
        ("late February", "month", True, ("2023-02-21", "2023-09-24")),  # since late February: until the article
        ("2015", "year", True, ("2015-01-01", "2023-09-24")),
        ("the 1990s", "decade", False, ("1990-01-01", "1999-12-31")),
    ],
)
def test_every_date_has_the_first_and_last_day_its_words_allow(text, precision, stretch, expected):
    from kg.analysis.dates import span

    value, found = resolve_relative_date(text, SUNDAY)
    assert found == precision
    assert span(text, value, precision, SUNDAY, stretch) == expected


def test_a_decade_is_a_year_and_a_range_never_a_cut_string():
    assert resolve_relative_date("in the 1990s", SUNDAY) == ("1990", "decade")


def test_a_date_as_coders_write_it_is_the_day_it_names(analyse_text):
    # `Around 5 May 2021 (as reported)`: the day, as ACLED codes it
    result = analyse_text("Around 5 May 2021 (as reported), gunmen attacked a police post in Vadu.")
    assert {ev.time.value for ev in result.events if ev.time} == {"2021-05-05"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Around 7 May 2021, a group of people protested against the police in Vadu.",
        "On 7 Apr 2021, striking nurses protested outside the hospital in Vadu.",
    ],
)
def test_a_date_written_in_full_is_one_date_whatever_the_tagger_made_of_it(analyse_text, sentence):
    # the tagger took `May 2021` without its day after `Around`, and `7 Apr 2021` for a number and a year
    result = analyse_text(sentence)
    assert {ev.time.value for ev in result.events if ev.time} == {"2021-05-07" if "May" in sentence else "2021-04-07"}


def test_an_undated_event_happened_when_the_story_last_said(analyse_text):
    result = analyse_text(
        "On 9 May 2021, militants attacked an army post in Vadu. In Kora, a roadside bomb wounded two soldiers."
    )
    assert sorted(ev.time.value for ev in result.events if ev.time) == ["2021-05-09", "2021-05-09"]


@pytest.mark.model
def test_an_event_the_text_dates_nowhere_happened_in_its_reporting_window(analyse_text):
    """Published on 24 September: an attack told with no date happened in the three days before; the window
    has no words of its own. Those who had fled did so before the story's events: no window for them."""
    result = analyse_text("Gunmen killed five villagers in Bannu. Thousands had fled the district.")
    [attack] = [ev for ev in result.events if ev.time and ev.time.precision == "week"]
    assert (attack.time.text, attack.time.begin, attack.time.until) == ("", "2023-09-21", "2023-09-24")
    fled = [ev for ev in result.events if ev.trigger == "fled"]
    assert fled and all(ev.time is None for ev in fled)
    assert not analyse_text("Gunmen killed five villagers in Bannu.", when=None).events[0].time


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the early hours of Saturday", "2024-03-09"),
        ("in the small hours of Friday", "2024-03-08"),
        ("the night of Tuesday", "2024-03-05"),
    ],
)
def test_a_part_of_a_named_day_is_that_day(text, value):
    assert resolve_relative_date(text, date(2024, 3, 10)) == (value, "day")
