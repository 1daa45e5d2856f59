"""Copied sentences dated against their donors (invented sentences)."""

from __future__ import annotations

from datetime import datetime

import pytest

from eventwire.dates import extract_times
from eventwire.fusion import dating
from eventwire.fusion.dating import redate

COPIER = datetime(2026, 3, 13, 9)  # a Friday
DONOR = datetime(2026, 3, 9, 10)  # the Monday before

SENTENCES = [
    ("An army spokesman said on Monday that the clashes had ended.", "Monday"),
    ("Aid agencies said 64 families had fled Nyala since Wednesday because of the fighting.",
     "Wednesday"),
    ("The governor imposed a curfew after 25 people were killed on Thursday night.",
     "Thursday night"),
    ("Talks between the two sides will resume on Tuesday, a mediator said.", "Tuesday"),
    ("Residents said the shelling began in February and stopped last week.", "last week"),
    ("The ministry said on March 2 that 40 people had been arrested.", "March 2"),
]  # fmt: skip


def _span(sentence: str, expression: str) -> tuple[int, int, str | None]:
    for t in extract_times(sentence, published=COPIER):
        if t.text == expression:
            return t.span.start, t.span.end, t.value
    raise AssertionError(f"{expression!r} not found in {sentence!r}")


@pytest.mark.parametrize(("sentence", "expression"), SENTENCES)
def test_reading_the_expression_alone_gives_the_date_of_the_whole_sentence(
    sentence: str, expression: str
) -> None:
    start, end, value = _span(sentence, expression)
    whole = redate(sentence, value, published=COPIER, donor_published=DONOR, offset=start)
    window = redate(sentence, value, published=COPIER, donor_published=DONOR, offset=start, end=end)
    assert window == whole


def test_a_copied_weekday_is_the_donors_weekday() -> None:
    sentence, expression = SENTENCES[0]
    start, end, value = _span(sentence, expression)
    assert value == "2026-03-09"  # read on Friday 13 March: the Monday before
    donor = datetime(2026, 3, 4, 8)  # a Wednesday: its Monday is 2 March
    moved = redate(sentence, value, published=COPIER, donor_published=donor, offset=start, end=end)
    assert moved == "2026-03-02"


def test_only_the_expression_and_the_word_before_it_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[str] = []
    times = dating._times

    def recording(text: str, published: datetime) -> tuple[tuple[int, int, str | None], ...]:
        read.append(text)
        return times(text, published)

    monkeypatch.setattr(dating, "_times", recording)
    sentence, expression = SENTENCES[1]
    start, end, value = _span(sentence, expression)
    redate(sentence, value, published=COPIER, donor_published=DONOR, offset=start, end=end)
    assert read == ["since Wednesday"]
    read.clear()
    sentence, expression = SENTENCES[3]  # a future clause: the whole sentence is read
    start, end, value = _span(sentence, expression)
    redate(sentence, value, published=COPIER, donor_published=DONOR, offset=start, end=end)
    assert read == [sentence]


def test_the_same_day_and_a_missing_donor_time_move_nothing() -> None:
    sentence, expression = SENTENCES[0]
    start, end, value = _span(sentence, expression)
    same_day = COPIER.replace(hour=1)
    assert redate(sentence, value, published=COPIER, donor_published=same_day) == value
    moved = redate(
        sentence, value, published=COPIER, donor_published=same_day, offset=start, end=end
    )
    assert moved == value
    assert redate(sentence, value, published=COPIER, donor_published=None) == value
    assert redate(sentence, None, published=COPIER, donor_published=DONOR) is None
