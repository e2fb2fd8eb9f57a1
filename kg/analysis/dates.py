"""Time expressions resolved against the article's date, at the precision the words support.

A Sunday article's "on Tuesday" is the Tuesday before; "last month" is a month (`xsd:gYearMonth`), never a
made-up day; "the 1990s" is a decade. Durations ("ten days", "for decades") are not dates and give None.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.analysis.quantities import SMALL

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_RE = "|".join(MONTHS + [m[:3] + r"\.?" for m in MONTHS if m != "may"] + ["sept\\.?"])
# a day, month and year written out (`May 7, 2020`, `7th of May 2020`), groups (month, day, year) and (day,
# month, year): read by `_absolute`, and found in a text by `kg.analysis.nlp.whole_dates`
MONTH_DAY_YEAR = rf"({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"
DAY_MONTH_YEAR = rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE}),?\s+(\d{{4}})"
COUNT_WORDS = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|few|a few|many|\w+ty)"
DURATION = re.compile(
    rf"^(?:for |within |after |over )?(?:the )?(?:past |last |next |coming )?{COUNT_WORDS} (?:days?|weeks?|months?|years?|decades?|hours?)$|^decades$|^years$|^months$"
)


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    for i, m in enumerate(MONTHS, 1):
        if m.startswith(word[:3]):
            return i
    raise ValueError(word)


def _ymd(d: date) -> str:
    return d.isoformat()


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


VALID_YEAR = re.compile(r"(?!0000)\d{4}(?:-|$)")  # 0001..9999


def resolve_relative_date(text: str, today: date | None) -> tuple[str, str] | None:
    """`(value, precision)` for a date expression, or None when it names no date or needs an article date.

    >>> resolve_relative_date("on Tuesday", date(2023, 9, 24))
    ('2023-09-19', 'day')
    >>> resolve_relative_date("last month", date(2022, 11, 3))
    ('2022-10', 'month')
    """
    t = " ".join(text.lower().replace("\u2019", "'").split())
    # `around 5 May 2020 (as reported)`, `on or about 3 May`: coders code the day the words name
    t = re.sub(r"\s*\((?:as reported|week of|midweek|weekend|approximately|approx\.?)\)$", "", t)
    t = re.sub(r"^(?:around|about|approximately|circa|c\.|on or about|on or around|as reported on|reportedly on)\s+", "", t)
    t = re.sub(r"^(?:on|in|at|since|by|as of|from|during|until|till|before|after|early|late|mid|earlier|later)\s+", "", t)
    # `the early hours of Saturday`, `the night of 5 May`: the day named
    t = re.sub(r"^(?:the\s+)?(?:(?:early|small|wee|late)\s+)?(?:hours|morning|afternoon|evening|night)\s+of\s+", "", t)
    t = re.sub(r"^(?:on|in|the|early|late|mid-?|earlier|later)\s+", "", t)
    if not t or DURATION.match(t):
        return None
    found = _absolute(t)
    if found is None and today is not None:
        try:
            found = _relative(t, today)
        except (OverflowError, ValueError):  # `yesterday` in an article dated 0001-01-01
            return None
    if found is not None and not VALID_YEAR.match(found[0]):
        return None  # `next year` in an article dated 9999-12-31: no date an xsd:date can hold
    return found


def _absolute(t: str) -> tuple[str, str] | None:
    """A date the words give in full: `2023-09-19`, `the 1990s`, `2015`, `September 19, 2023`, `May 2021`."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        try:
            return _ymd(date(int(m[1]), int(m[2]), int(m[3]))), "day"
        except ValueError:
            return None
    m = re.fullmatch(r"(?:the )?(\d{3})0s", t)
    if m:
        return m[1] + "0", "decade"
    m = re.fullmatch(r"(?:the )?(\d{4})", t)
    if m and 1800 <= int(m[1]) <= 2999:  # `a total of 1125 projectiles`: a bare count before 1800 is no year
        return m[1], "year"
    m = re.fullmatch(MONTH_DAY_YEAR, t) or re.fullmatch(DAY_MONTH_YEAR, t)
    if m:
        a, b, y = m.groups()
        month, day = (_month(a), int(b)) if not a.isdigit() else (_month(b), int(a))
        try:
            return _ymd(date(int(y), month, day)), "day"
        except ValueError:
            return None
    m = re.fullmatch(rf"({MONTH_RE}),?\s+(\d{{4}})", t)
    if m:
        return _ym(int(m[2]), _month(m[1])), "month"
    return None


HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "new year": (1, 1),
}


def _relative(t: str, today: date) -> tuple[str, str] | None:
    """A date the words give against the article's date: `September 19`, `May`, `on Tuesday`, `last month`,
    `the start of the month`, `mid-July`, `two days ago`."""
    t = re.sub(r"^mid-", "", t)
    if t in HOLIDAYS:  # `on Christmas Day`: the last one on or before the article's date
        month, day = HOLIDAYS[t]
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
        return _ymd(date(year, month, day)), "day"
    m = re.fullmatch(
        r"(?:the )?(?:start|beginning|end|middle|first days?|last days?) of (?:the |this |last )?(month|year|week)", t
    )
    if m:
        previous = int(t.endswith(f"last {m[1]}"))
        if m[1] == "year":
            return str(today.year - previous), "year"
        if m[1] == "month":
            return _ym(*_shift_month(today.year, today.month, -previous)), "month"
        return _ym(today.year, today.month), "month"
    m = re.fullmatch(r"(\d+|\w+) (days?|weeks?) ago", t)
    count = {"a": 1, "an": 1}.get(m[1], SMALL.get(m[1])) if m and not m[1].isdigit() else None
    if m and (m[1].isdigit() or count):
        n = int(m[1]) if m[1].isdigit() else int(count or 0)
        then = today - timedelta(days=n * (7 if m[2].startswith("week") else 1))
        return (_ymd(then), "day") if m[2].startswith("day") else (_ym(then.year, then.month), "month")
    m = re.fullmatch(rf"({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?", t) or re.fullmatch(
        rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})", t
    )
    if m:
        a, b = m.groups()
        month, day = (_month(a), int(b)) if not a.isdigit() else (_month(b), int(a))
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
        try:
            return _ymd(date(year, month, day)), "day"
        except ValueError:
            return None
    m = re.fullmatch(rf"({MONTH_RE})(?:\s+(last|this|next) year)?", t)
    if m:
        month = _month(m[1])
        if m[2] == "last":
            return _ym(today.year - 1, month), "month"
        if m[2] == "next":
            return _ym(today.year + 1, month), "month"
        year = today.year if month <= today.month or m[2] == "this" else today.year - 1
        return _ym(year, month), "month"
    for i, weekday in enumerate(WEEKDAYS):
        if re.fullmatch(rf"(?:last |this |next )?{weekday}(?:'s)?(?: (?:night|morning|afternoon|evening))?", t):
            if t.startswith("next "):
                return _ymd(today + timedelta(days=(i - today.weekday()) % 7 or 7)), "day"
            back = (today.weekday() - i) % 7
            if t.startswith("last ") and back == 0:
                back = 7
            return _ymd(today - timedelta(days=back)), "day"
    simple = {
        "today": (_ymd(today), "day"),
        "tonight": (_ymd(today), "day"),
        "this morning": (_ymd(today), "day"),
        "yesterday": (_ymd(today - timedelta(days=1)), "day"),
        "last night": (_ymd(today - timedelta(days=1)), "day"),
        "tomorrow": (_ymd(today + timedelta(days=1)), "day"),
        "this week": (_ym(today.year, today.month), "week"),
        "week": (_ym(today.year, today.month), "week"),
        "last week": (_ym(*divmod_date(today - timedelta(days=7))), "week"),
        "weekend": (_ym(*divmod_date(today - timedelta(days=(today.weekday() - 5) % 7))), "week"),
        "this month": (_ym(today.year, today.month), "month"),
        "last month": (_ym(*_shift_month(today.year, today.month, -1)), "month"),
        "next month": (_ym(*_shift_month(today.year, today.month, 1)), "month"),
        "this year": (str(today.year), "year"),
        "last year": (str(today.year - 1), "year"),
        "next year": (str(today.year + 1), "year"),
        "past year": (str(today.year - 1), "year"),
    }
    t = re.sub(r"^(?:this|the|over the|last)\s+(weekend)$", r"\1", t)
    return simple.get(t)


def divmod_date(d: date) -> tuple[int, int]:
    return d.year, d.month


PART_OF_PERIOD = {"early": 1, "mid": 11, "mid-": 11, "late": 21}


def span(text: str, value: str, precision: str, today: date | None, stretch: bool = False) -> tuple[str, str] | None:
    """The first and last day a resolved date allows, as ISO dates; a stretch (`since late February`) runs from
    its first day to the article's date.

    >>> span("the 1990s", "1990", "decade", None)
    ('1990-01-01', '1999-12-31')
    >>> span("late February", "2023-02", "month", date(2023, 9, 24), stretch=True)
    ('2023-02-21', '2023-09-24')
    """
    try:
        first, last = _bounds(text, value, precision, today)
    except ValueError:
        return None
    if stretch and today is not None and today >= first:
        last = today
    return first.isoformat(), last.isoformat()


def _bounds(text: str, value: str, precision: str, today: date | None) -> tuple[date, date]:
    if precision == "day":
        d = date.fromisoformat(value)
        return d, d
    if precision == "week" and today is not None:
        t = text.lower()
        anchor = today - timedelta(days=7) if "last" in t else today
        if "weekend" in t:
            saturday = today - timedelta(days=(today.weekday() - 5) % 7)
            return saturday, saturday + timedelta(days=1)
        monday = anchor - timedelta(days=anchor.weekday())
        return monday, monday + timedelta(days=6)
    if precision in {"month", "week"}:
        year, month = (int(x) for x in value.split("-")[:2])
        first = date(year, month, 1)
        last = date(*_shift_month(year, month, 1), 1) - timedelta(days=1)
        part = next((d for w, d in PART_OF_PERIOD.items() if re.search(rf"\b{w}", text.lower())), None)
        if part:
            first = date(year, month, part)
            last = min(last, date(year, month, part + 9)) if part < 21 else last
        return first, last
    year = int(value[:4])
    if precision == "decade":
        return date(year, 1, 1), date(min(year + 9, 9999), 12, 31)
    return date(year, 1, 1), date(year, 12, 31)
