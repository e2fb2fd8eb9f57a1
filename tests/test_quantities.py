"""Amounts: numbers where the text gives one, bounds flagged approximate, vague amounts kept without a number."""

import pytest

from kg.analysis.quantities import parse_amount


@pytest.mark.parametrize(
    "text, expected",
    [
        ("311", (311, False)),
        ("As many as 120,000", (120000, True)),
        ("more than two million", (2_000_000, True)),
        ("at least five", (5, True)),
        ("130,000", (130000, False)),
        ("1.5 million", (1_500_000, False)),
        ("thousands", (None, True)),
        ("hundreds of thousands", (None, True)),
        ("between 3,000 and 4,000", (3000, True)),
        ("Ninety-nine", (99, False)),
        ("a total of 377", (377, False)),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected
