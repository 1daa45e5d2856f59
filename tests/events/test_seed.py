"""Event mentions in the seed article (published Monday 2017-04-17), read from ../shared."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from eventwire.dates import extract_times
from eventwire.events import extract_events
from eventwire.records import EventMention, EventStatus

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "seed-article.txt"
PUB = date(2017, 4, 17)


@pytest.fixture(scope="module")
def seed(nlp: Language) -> tuple[str, list[EventMention]]:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    text = SEED.read_text(encoding="utf-8")
    times = extract_times(text, published=PUB, article_id="seed")
    return text, extract_events(nlp(text), article_id="seed", published=PUB, times=times)


def _in_sentence(text: str, mentions: list[EventMention], words: str) -> list[EventMention]:
    return [m for m in mentions if words in text[m.sentence.start : m.sentence.end]]


def test_soldiers_killed_in_mosul(seed: tuple[str, list[EventMention]]) -> None:
    text, mentions = seed
    (mention,) = _in_sentence(text, mentions, "soldiers were killed")
    assert text[mention.trigger.start : mention.trigger.end] == "killed"
    assert (mention.plover_type, mention.acled_event_type, mention.acled_sub_event_type) == (
        "ASSAULT",
        "Battles",
        "Armed clash",
    )
    assert (mention.actor, mention.target) == ("Islamic State", "Iraqi military")
    assert [(f.kind, f.best) for f in mention.figures] == [("killed", 2)]
    assert (mention.date, mention.date_source) == ("2017-04-17", "text")
    assert mention.status is EventStatus.HAPPENED


def test_projected_flight_is_not_a_happened_event(seed: tuple[str, list[EventMention]]) -> None:
    text, mentions = seed
    start = text.index("may flee")
    clause_end = start + len("may flee")
    inside = [m for m in mentions if start - 40 <= m.trigger.start < clause_end + 10]
    assert all(m.status is EventStatus.PROJECTED for m in inside)
    for mention in _in_sentence(text, mentions, "may flee"):
        assert all(
            not f.projection or mention.status is EventStatus.PROJECTED for f in mention.figures
        )


def test_offshoot_sentence_is_background(seed: tuple[str, list[EventMention]]) -> None:
    text, mentions = seed
    found = _in_sentence(text, mentions, "offshoot")
    assert found
    assert {m.status for m in found} == {EventStatus.BACKGROUND}
    assert {m.actor for m in found} == {"Islamic State"}


def test_every_mention_points_at_its_words(seed: tuple[str, list[EventMention]]) -> None:
    text, mentions = seed
    assert len(mentions) >= 5
    for mention in mentions:
        assert mention.sentence.start <= mention.trigger.start < mention.trigger.end
        assert mention.trigger.end <= mention.sentence.end
        assert text[mention.trigger.start : mention.trigger.end].strip()
