"""Where an event happened, as opposed to the places a sentence merely mentions."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.places import extract_places
from eventwire.places.locate import event_place
from eventwire.records import Span

CASES = [
    # sentence, trigger, expected place name (gazetteer name), expected relation
    ("Thousands of families fled Mosul to the Zaatari camp on Monday.", "fled", "Mosul", "origin"),
    (
        "A drone strike hit a market in El Obeid, the army said in Khartoum.",
        "hit",
        "El Obeid",
        "locative",
    ),
    ("Police fired tear gas at protesters in Nairobi on Wednesday.", "fired", "Nairobi", "clause"),
    ("Negotiators from Bogota met ELN commanders in Havana.", "met", "Havana", "clause"),
    ("Residents fled from Raqqa toward Tabqa after the shelling.", "fled", "Ar Raqqah", "origin"),
    (
        "Two soldiers were killed in western Mosul, according to an officer in Baghdad.",
        "killed",
        "Mosul",
        "locative",
    ),
]


def _locate(doc: Any, text: str, trigger: str, places: Any) -> Any:
    """:func:`event_place` for the trigger word's first occurrence, the whole text one sentence."""
    start = text.index(trigger)
    return event_place(
        doc,
        sentence=Span(start=0, end=len(text)),
        trigger=Span(start=start, end=start + len(trigger)),
        places=places,
    )


@pytest.mark.parametrize(("text", "trigger", "expected", "relation"), CASES)
def test_event_place(nlp: Any, text: str, trigger: str, expected: str, relation: str) -> None:
    doc = nlp(text)
    found = _locate(doc, text, trigger, extract_places(doc, article_id="t"))
    assert found is not None
    assert (found.place.name, found.relation) == (expected, relation)


def test_destination_and_speaker_places_are_never_chosen(nlp: Any) -> None:
    text = "The convoy reached Erbil, an official in Baghdad said."
    doc = nlp(text)
    found_places = extract_places(doc, article_id="t")
    assert {"Erbil", "Baghdad"} <= {p.name for p in found_places}
    places = [p for p in found_places if p.name != "Erbil"]
    found = _locate(doc, text, "reached", places)
    assert found is None  # only the speaker's Baghdad is left, and it is not where it happened


def test_unresolved_places_are_not_chosen(nlp: Any) -> None:
    text = "Fighting broke out in Qaryat al-Zzz overnight."
    doc = nlp(text)
    found = _locate(doc, text, "broke", extract_places(doc, article_id="t"))
    assert found is None


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        (
            "CAIRO (Reuters) — Sudan's army and the Rapid Support Forces blamed each other for a"
            " drone strike on a market in the city of El Obeid.",
            "strike",
        ),
        ("ERBIL, Iraq — Sunday's bombing at a checkpoint in eastern Mosul killed 11.", "bombing"),
    ],
)
def test_a_dateline_place_is_where_the_report_was_filed_not_the_event(
    nlp: Any, text: str, trigger: str
) -> None:
    doc = nlp(text)
    places = extract_places(doc, article_id="t")
    dateline = text.split(" ", 1)[0].strip(",").title()
    assert dateline in {p.name for p in places}
    found = _locate(doc, text, trigger, places)
    assert found is None or found.place.name != dateline
    only_dateline = [p for p in places if p.name == dateline]
    assert _locate(doc, text, trigger, only_dateline) is None
