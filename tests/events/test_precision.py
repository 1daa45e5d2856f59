"""Descriptive and topic nouns that are not events, military strikes, and the sides of a fight
named after a passive casualty verb (invented sentences)."""

from __future__ import annotations

import pytest

from tests.events.conftest import Mentions, trigger_text


def _by_trigger(mentions: Mentions, text: str) -> dict[str, list[tuple[str, str | None]]]:
    found: dict[str, list[tuple[str, str | None]]] = {}
    for mention in mentions(text):
        found.setdefault(trigger_text(text, mention), []).append(
            (mention.plover_type, mention.acled_sub_event_type)
        )
    return found


def test_passive_casualties_take_the_actor_from_the_fight_partner(mentions: Mentions) -> None:
    text = (
        "At least six Malian soldiers were killed and nine wounded in heavy street fighting "
        "with Daesh militants in the old quarter of Karvela, an army officer said on Friday."
    )
    found = {trigger_text(text, m): m for m in mentions(text)}
    killed = found["killed"]
    assert (killed.actor, killed.target) == ("Islamic State", "Malian military")
    if "fighting" in found:
        # In a clash both sides are parties: the fight noun's actor is the casualties' side.
        fighting = found["fighting"]
        assert (fighting.actor, fighting.target) == ("Malian military", "Islamic State")


def test_passive_casualties_with_attack_by(mentions: Mentions) -> None:
    text = "Four police officers were wounded in an attack by ISIL gunmen near Tessit on Monday."
    wounded = [m for m in mentions(text) if trigger_text(text, m) == "wounded"]
    assert wounded, mentions(text)
    assert wounded[0].actor == "Islamic State"


def test_passive_subject_is_never_its_own_actor(mentions: Mentions) -> None:
    text = "Two Malian soldiers were killed near Tessit on Sunday, the army said."
    killed = [m for m in mentions(text) if trigger_text(text, m) == "killed"]
    assert killed and killed[0].actor is None
    assert killed[0].target == "Malian military"


def test_event_noun_subject_gives_its_own_actor(mentions: Mentions) -> None:
    text = "A Daesh attack on the village killed nine people on Tuesday."
    killed = [m for m in mentions(text) if trigger_text(text, m) == "killed"]
    assert killed and killed[0].actor == "Islamic State"
    text = "The war, which began two years ago, has killed thousands of people."
    killed = [m for m in mentions(text) if trigger_text(text, m) == "killed"]
    assert killed and killed[0].actor is None


def test_support_by_air_strikes_is_not_an_event(mentions: Mentions) -> None:
    text = (
        "Dorvanian troops, backed by coalition air strikes and advisers, recaptured the town "
        "of Mirano in March."
    )
    assert "strikes" not in _by_trigger(mentions, text)
    text = "Coalition air strikes hit rebel positions near Mirano on Tuesday."
    kinds = [kind for found in _by_trigger(mentions, text).values() for kind in found]
    assert ("ASSAULT", "Air/drone strike") in kinds


@pytest.mark.parametrize(
    "text",
    [
        "A spokesman said the coalition had carried out 20 strikes around the port last week.",
        "The strike on Sunday morning hit a crowded market in the south of the city.",
        "Aid groups said strikes on hospitals and camps must stop at once.",
        "The minister accused the northern faction of carrying out Friday's strike.",
    ],
)
def test_military_strikes_are_assaults(mentions: Mentions, text: str) -> None:
    found = [m for m in mentions(text) if trigger_text(text, m).startswith("strike")]
    assert found, mentions(text)
    assert all(m.plover_type == "ASSAULT" for m in found)
    assert all(m.acled_sub_event_type == "Air/drone strike" for m in found)
    assert all(m.target is None or "Sunday" not in m.target for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of nurses went on strike on Monday to demand higher wages.",
        "The union said the strike at the port would go on until pay talks resume.",
    ],
)
def test_labour_strikes_stay_protests(mentions: Mentions, text: str) -> None:
    found = [m for m in mentions(text) if trigger_text(text, m) == "strike"]
    assert found and all(m.plover_type == "PROTEST" for m in found)


def test_event_noun_as_topic_of_an_aspect_noun(mentions: Mentions) -> None:
    text = "Relief agencies warned that the last stage of the battle could be the hardest yet."
    assert "battle" not in _by_trigger(mentions, text)
    text = "Relief agencies said the battle for the port killed dozens of fighters."
    assert "battle" in _by_trigger(mentions, text) or "killed" in _by_trigger(mentions, text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("A lawyer who represented 40 of the accused said the trial was unfair.", "accused"),
        ("A surgeon said that nine of the 30 wounded remained in critical condition.", "wounded"),
    ],
)
def test_participles_naming_people_are_not_events(mentions: Mentions, text: str, word: str) -> None:
    assert word not in _by_trigger(mentions, text)


def test_participle_with_auxiliary_is_still_an_event(mentions: Mentions) -> None:
    text = "Nine people were wounded when gunmen opened fire on a bus near Karvela."
    assert "wounded" in _by_trigger(mentions, text) or "opened" in _by_trigger(mentions, text)


def test_dateline_is_not_the_subject(mentions: Mentions) -> None:
    text = "KARVELA — Police fired tear gas at protesters in the capital on Thursday."
    found = [m for m in mentions(text) if trigger_text(text, m) == "fired"]
    assert found and found[0].actor == "Police"


def test_day_and_weapon_are_not_actors(mentions: Mentions) -> None:
    text = "Friday's suicide bombing at a checkpoint killed six soldiers."
    assert all(m.actor is None or "Friday" not in m.actor for m in mentions(text))
    text = "The officer said his patrol had come under attack with stones and petrol bombs."
    found = [m for m in mentions(text) if trigger_text(text, m) == "attack"]
    assert found and found[0].actor is None


@pytest.mark.parametrize(
    "text",
    [
        "The water board will release more water from the reservoir this week.",
        "The ministry's official count, released earlier in the day, put the toll at five.",
        "They were met with tear gas and bullets, the organiser said.",
        "Most of the suspects pleaded not guilty before the magistrate.",
        "The post Three soldiers killed near Tessit appeared first on Daily Courier.",
    ],
)
def test_senses_that_report_no_event(mentions: Mentions, text: str) -> None:
    assert mentions(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Four prisoners were released on Friday after two years in custody.",
        "The rebels agreed to release all the hostages they hold within 30 days.",
    ],
)
def test_releasing_people_is_still_an_event(mentions: Mentions, text: str) -> None:
    assert any(m.plover_type == "RETREAT" for m in mentions(text)), mentions(text)


def test_attributive_participle_is_not_an_event(mentions: Mentions) -> None:
    text = "She said the promised release of hostages would be a test of good faith."
    assert "promised" not in _by_trigger(mentions, text)
    text = "Officials promised to release the hostages within a month."
    assert "promised" in _by_trigger(mentions, text)
