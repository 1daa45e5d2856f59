"""Number expressions: words, digits, vague quantities, bounds and ranges."""

from __future__ import annotations

import pytest

from eventwire.numbers import find_numbers, parse_number_words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two", 2),
        ("twenty-five", 25),
        ("one hundred and twenty", 120),
        ("one million", 1_000_000),
        ("half a million", 500_000),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("330,000", 330_000),
        ("1.5 million", 1_500_000),
        ("3m", 3_000_000),
        ("dozens", 12),
        ("tens", 10),
        ("scores", 20),
        ("hundreds", 100),
        ("tens of thousands", 10_000),
        ("several hundred", 300),
        ("several", 3),
    ],
)
def test_parse_number_words(text: str, value: float) -> None:
    assert parse_number_words(text) == value


def test_not_a_number() -> None:
    assert parse_number_words("soldiers") is None


def _reading(text: str) -> tuple[str, float | None, float | None, float | None]:
    (mention,) = find_numbers(text)
    return text[mention.start : mention.end], mention.low, mention.best, mention.high


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("seven fishermen", ("seven", 7, 7, 7)),
        ("at least 30 people", ("at least 30", 30, 30, None)),
        ("more than 40 homes", ("more than 40", 40, 40, None)),
        ("nearly 330,000 residents", ("nearly 330,000", None, 330_000, 330_000)),
        ("up to one million people", ("up to one million", None, 1_000_000, 1_000_000)),
        ("fewer than 15 guards", ("fewer than 15", None, 15, 15)),
        ("around 30 people", ("around 30", None, 30, None)),
        ("between 20 and 30 people", ("between 20 and 30", 20, 20, 30)),
        ("20-30 people", ("20-30", 20, 20, 30)),
        ("two or three boats", ("two or three", 2, 2, 3)),
        ("dozens of villagers", ("dozens", 12, 12, None)),
        ("hundreds of families", ("hundreds", 100, 100, None)),
        ("a few guards", ("a few", None, 3, None)),
    ],
)
def test_bounds_and_ranges(
    text: str, expected: tuple[str, float | None, float | None, float | None]
) -> None:
    assert _reading(text) == expected


def test_and_without_between_is_two_numbers() -> None:
    found = find_numbers("killed 5 and wounded 12")
    assert [(m.best, m.high) for m in found] == [(5, 5), (12, 12)]
