"""Recognition: entities plus gazetteer matches, demonyms dropped, modifiers kept."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.places.gazetteer import Gazetteer
from eventwire.places.normalise import normalise
from eventwire.places.recognise import extract_places, find_modifier
from eventwire.records import Place, Precision

# Invented report in news style.
TEXT = (
    "MOSUL, Iraq - Iraqi forces pushed into western Mosul on Tuesday, a spokesman for the "
    "Joint Operations Command told reporters in Baghdad. Families who fled the fighting "
    "reached the Hammam al-Alil camp, while shelling was reported east of the Tigris and "
    "on the outskirts of Raqqa. A convoy was hit 50 km south of Mosul."
)


@pytest.fixture(scope="module")
def places(nlp: Any, gazetteer: Gazetteer) -> list[Place]:
    return extract_places(nlp(TEXT), article_id="a1", gazetteer=gazetteer)


def _by_text(places: list[Place], text: str) -> list[Place]:
    return [p for p in places if p.text == text]


def test_spans_point_into_the_text(places: list[Place]) -> None:
    assert places
    for p in places:
        assert TEXT[p.span.start : p.span.end] == p.text
        assert p.article_id == "a1"


def test_demonym_is_not_a_place(places: list[Place]) -> None:
    assert not [p for p in places if p.text.startswith("Iraqi")]


def test_western_mosul_keeps_the_modifier(places: list[Place]) -> None:
    mosul = [p for p in _by_text(places, "Mosul") if p.modifier == "western"]
    assert mosul, places
    p = mosul[0]
    assert p.geonameid == 99072 and p.country == "IQ" and p.admin1 == "Nineveh"
    assert p.precision is Precision.POINT and p.confidence is not None


def test_relational_modifiers(places: list[Place]) -> None:
    tigris = _by_text(places, "Tigris")
    assert tigris and tigris[0].modifier == "east of"
    raqqa = _by_text(places, "Raqqa")
    assert raqqa and raqqa[0].modifier == "outskirts of" and raqqa[0].country == "SY"
    south = [p for p in _by_text(places, "Mosul") if p.modifier == "50 km south of"]
    assert south


def test_camp_and_capital_found(places: list[Place]) -> None:
    names = {normalise(p.name) for p in places if p.name}
    assert "baghdad" in names
    assert any(p.name and "Hammam" in p.name for p in places)


def test_find_modifier_patterns() -> None:
    text = "fighting north-west of Kirkuk and in southern Basra near Samawa"
    assert find_modifier(text, text.index("Kirkuk")) == "north-west of"
    assert find_modifier(text, text.index("Basra")) == "southern"
    assert find_modifier(text, text.index("Samawa")) == "near"
    assert find_modifier("clashes in Kirkuk", len("clashes in ")) is None


def test_camp_name_and_containment(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Families reached the Zaatari refugee camp in Jordan. Paris, Texas, was quiet."
    places = extract_places(nlp(text), article_id="a2", gazetteer=gazetteer)
    camp = [p for p in places if p.text.startswith("Zaatari")]
    assert camp and camp[0].text == "Zaatari refugee camp" and camp[0].country == "JO"
    paris = [p for p in places if p.text == "Paris"]
    assert paris and paris[0].country == "US" and paris[0].admin1 == "Texas"


def test_speaker_is_not_a_place(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "The contract was signed in Tulsa last week, Holland said on Friday."
    places = extract_places(nlp(text), article_id="a3", gazetteer=gazetteer)
    assert "Holland" not in {p.text for p in places}


def test_lowercase_common_noun_is_not_a_place(nlp: Any) -> None:
    doc = nlp("Floodwaters cut the bridges to the west bank of the Tigris on Monday.")
    names = [p.name for p in extract_places(doc, article_id="t")]
    assert "West Bank" not in names
    assert "Tigris" in names


def test_unplaced_names_with_a_place_word_are_kept(gazetteer: Gazetteer) -> None:
    from eventwire.places.recognise import _plausible_unresolved

    assert _plausible_unresolved(gazetteer, "Qwzxvb Canal")
    assert _plausible_unresolved(gazetteer, "Qwzxvb Creek")
    assert not _plausible_unresolved(gazetteer, "Qwzxvb")


# Invented sentences: towns the entity recogniser misses or mislabels, found by the words
# around them (a verb of assault or entry, a locative preposition, ", <state or country>").
CUED = [
    ("Russian troops entered Bakhmut on Saturday.", "Bakhmut", "UA"),
    ("Rockets hit Sderot in southern Israel on Monday.", "Sderot", "IL"),
    ("A tornado struck Moore, Oklahoma, killing 24 people.", "Moore", "US"),
    ("Police in Kramatorsk said two people died.", "Kramatorsk", "UA"),
    ("Gunmen stormed Kidal at dawn.", "Kidal", "ML"),
]


@pytest.mark.parametrize(("sentence", "town", "country"), CUED)
def test_a_town_is_found_by_the_words_around_it(
    nlp: Any, gazetteer: Gazetteer, sentence: str, town: str, country: str
) -> None:
    found = extract_places(nlp(sentence), article_id="a1", gazetteer=gazetteer)
    assert [(p.text, p.country) for p in found if p.text == town] == [(town, country)], found


@pytest.mark.parametrize(
    "sentence",
    [
        "Moore said the vote would be held next week.",
        "Smith, Jones and Brown were arrested.",
        "The storm struck Moore's farm before dawn.",
    ],
)
def test_a_person_is_not_a_town(nlp: Any, gazetteer: Gazetteer, sentence: str) -> None:
    found = extract_places(nlp(sentence), article_id="a1", gazetteer=gazetteer)
    assert not [p for p in found if p.text in ("Moore", "Smith", "Jones", "Brown")], found


# Invented local-news sentences: a town named by the words that local news puts around it (a
# person or a local body after it, "downtown" or "neighboring" before it), which the entity
# recogniser leaves out, labels a person or an organisation, or the tagger reads as a common
# noun at the start of a sentence.
LOCAL = [
    "Florence police have added patrols near the mall after a string of thefts.",
    "Rochester transit officials will add two shuttle loops next month.",
    "The parade will wind through downtown Dayton on Saturday morning.",
    "A Gainesville man was charged with arson on Tuesday.",
    "Opelika and neighboring Auburn will share the cost of the new signals.",
]


@pytest.mark.parametrize("sentence", LOCAL)
def test_a_town_is_found_by_local_news_wording(
    nlp: Any, gazetteer: Gazetteer, sentence: str
) -> None:
    town = next(
        w for w in ("Florence", "Rochester", "Dayton", "Gainesville", "Auburn") if w in sentence
    )
    found = extract_places(nlp(sentence), article_id="a1", gazetteer=gazetteer)
    assert [p.text for p in found if p.text == town] == [town], found


@pytest.mark.parametrize(
    "sentence",
    [
        "Police officers said the police van was hit twice.",  # Police, a town in Poland
        "Delta officials said the flight was delayed.",  # an airline: no local body after it
    ],
)
def test_a_common_word_or_a_company_is_not_a_town(
    nlp: Any, gazetteer: Gazetteer, sentence: str
) -> None:
    found = extract_places(nlp(sentence), article_id="a1", gazetteer=gazetteer)
    assert not [p for p in found if p.text in ("Police", "Delta")], found
