"""Which time expression dates a sentence."""

from __future__ import annotations

from datetime import date

from eventwire.dates import event_date, extract_times
from eventwire.records import Span

PUB = date(2017, 4, 17)


def _sentence(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start=start, end=start + len(needle))


def test_sentence_with_a_date_takes_it() -> None:
    text = "Shelling hit the market on Saturday. Aid groups now warn of shortages."
    exprs = extract_times(text, published=PUB)
    first = event_date(
        _sentence(text, "Shelling hit the market on Saturday."), exprs, published=PUB
    )
    assert (first.value, first.granularity, first.source) == ("2017-04-15", "day", "text")
    assert first.expression is not None and first.expression.text == "Saturday"


def test_reference_only_sentence_defaults_to_publication() -> None:
    text = "Shelling hit the market on Saturday. Aid groups now warn of shortages."
    exprs = extract_times(text, published=PUB)
    second = event_date(_sentence(text, "Aid groups now warn of shortages."), exprs, published=PUB)
    assert (second.value, second.granularity, second.source) == ("2017-04-17", "day", "publication")
    assert second.expression is None


def test_interval_sentence_carries_interval() -> None:
    text = "Some 9,000 people have left Carrow since fighting began there in October."
    exprs = extract_times(text, published=PUB)
    found = event_date(Span(start=0, end=len(text)), exprs, published=PUB)
    assert (found.value, found.source) == ("2016-10", "text")
    assert (found.interval_start, found.interval_end) == ("2016-10", "2017-04-17")


def test_duration_with_interval_dates_to_its_end() -> None:
    text = "Troops advanced slowly over the past three weeks."
    exprs = extract_times(text, published=PUB)
    found = event_date(Span(start=0, end=len(text)), exprs, published=PUB)
    assert found.source == "text"
    assert (found.interval_start, found.interval_end) == ("2017-03-27", "2017-04-17")


def test_trigger_picks_the_nearest_date() -> None:
    text = "Talks opened on Tuesday and collapsed on Thursday."
    exprs = extract_times(text, published=PUB)
    trigger = _sentence(text, "collapsed")
    found = event_date(Span(start=0, end=len(text)), exprs, published=PUB, trigger=trigger)
    assert found.value == "2017-04-13"
