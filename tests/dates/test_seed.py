"""The seed article (published Monday 2017-04-17), read from ../shared at run time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.dates import event_date, extract_times
from eventwire.records import Span, TimeExpression

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "seed-article.txt"
PUB = date(2017, 4, 17)


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[TimeExpression]]:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    text = SEED.read_text(encoding="utf-8")
    return text, extract_times(text, published=PUB, article_id="seed")


def _by_text(exprs: list[TimeExpression], text: str) -> list[TimeExpression]:
    return [e for e in exprs if e.text == text]


def test_monday_is_publication_day(seed: tuple[str, list[TimeExpression]]) -> None:
    _text, exprs = seed
    (monday,) = _by_text(exprs, "Monday")
    assert (monday.value, monday.granularity) == ("2017-04-17", "day")


def test_past_two_months_interval(seed: tuple[str, list[TimeExpression]]) -> None:
    _text, exprs = seed
    (period,) = [e for e in exprs if "past two months" in e.text]
    assert (period.type, period.value) == ("DURATION", "P2M")
    assert period.interval_end == "2017-04-17"


def test_by_2004(seed: tuple[str, list[TimeExpression]]) -> None:
    _text, exprs = seed
    (year,) = _by_text(exprs, "2004")
    assert (year.value, year.granularity) == ("2004", "year")


def test_october_is_2016_and_since_gives_interval(seed: tuple[str, list[TimeExpression]]) -> None:
    text, exprs = seed
    octobers = _by_text(exprs, "October")
    assert [e.value for e in octobers] == ["2016-10", "2016-10"]
    last = octobers[-1].span
    sentence = Span(start=text.rindex(".", 0, last.start) + 1, end=last.end + 1)
    dated = event_date(sentence, exprs, published=PUB)
    assert dated.source == "text"
    assert (dated.interval_start, dated.interval_end) == ("2016-10", "2017-04-17")


def test_earlier_this_year(seed: tuple[str, list[TimeExpression]]) -> None:
    _text, exprs = seed
    (expr,) = _by_text(exprs, "earlier this year")
    assert expr.value == "2017"
