"""Quantities: `311 civilians`, `125 tons of food`, `as many as 120,000`, `more than two million`.

Amounts are numbers where the text gives one; vague amounts (`thousands`) keep their words and no number.
Bounds and estimates (`as many as`, `at least`, `more than`) are flagged approximate.
"""

from __future__ import annotations

import re

SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a dozen": 12,
    "dozen": 12,
    "a hundred": 100,
    "hundred": 100,
}
SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "k": 1_000, "m": 1_000_000}
VAGUE = {
    "dozens",
    "hundreds",
    "thousands",
    "tens of thousands",
    "hundreds of thousands",
    "millions",
    "scores",
    "several",
    "many",
    "some",
    "few",
    "a few",
    "numerous",
}
APPROX = (
    "as many as",
    "up to",
    "at least",
    "more than",
    "over",
    "nearly",
    "almost",
    "about",
    "around",
    "some",
    "roughly",
    "approximately",
    "an estimated",
    "estimated",
    "fewer than",
    "less than",
    "between",
    "close to",
)
UNITS = {
    "tons",
    "tonnes",
    "ton",
    "tonne",
    "kilograms",
    "kg",
    "litres",
    "liters",
    "kilometres",
    "kilometers",
    "km",
    "miles",
    "metres",
    "meters",
    "trucks",
    "truckloads",
    "dollars",
    "euros",
    "percent",
    "%",
}


AGE = re.compile(r"\b[\d]+(?:\s*-\s*|\s+)(?:years?|months?)(?:\s*-\s*|\s+)old\b")


def parse_amount(text: str) -> tuple[float | None, bool]:
    """`as many as 120,000` -> (120000, True); `thousands` -> (None, True); `between 3,000 and 4,000` -> (3000, True).

    >>> parse_amount("more than two million")
    (2000000.0, True)
    """
    t = " ".join(text.lower().replace("\u2013", "-").split())
    t = " ".join(AGE.sub(" ", t).split())  # `a 17-year-old boy`: an age, no count
    approx = any(t.startswith(p) for p in APPROX)
    for p in sorted(APPROX, key=len, reverse=True):
        if t.startswith(p + " "):
            t = t[len(p) + 1 :]
            break
    t = re.sub(r"^(?:a total of|total of|a|the)\s+", "", t)
    if t in VAGUE or re.fullmatch(r"(?:tens of |hundreds of )?(?:dozens|hundreds|thousands|millions)(?: of \w+)?", t):
        return None, True
    m = re.match(r"([\d][\d,]*(?:\.\d+)?)\s*(hundred|thousand|million|billion|k|m)?\b", t)
    if m:
        value = float(m[1].replace(",", ""))
        if m[2]:
            value *= SCALE[m[2]]
        return value, approx
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", t)
    total, current, seen = 0.0, 0.0, False
    for w in words:
        parts = w.split("-")
        if all(p in SMALL for p in parts):
            current += sum(SMALL[p] for p in parts)
            seen = True
        elif w in SCALE and seen:
            current = max(current, 1) * SCALE[w]
            if SCALE[w] >= 1000:
                total, current = total + current, 0.0
        elif w in {"and", "a"}:
            continue
        else:
            break
    if seen:
        return total + current, approx
    return None, approx
