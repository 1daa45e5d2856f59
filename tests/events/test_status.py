"""Status of event mentions: happened, background, planned, threatened, projected, denied."""

from __future__ import annotations

import pytest

from eventwire.records import EventStatus
from tests.events.conftest import Mentions, trigger_text


@pytest.mark.parametrize(
    ("text", "trigger", "status"),
    [
        ("Rebels attacked the convoy near Sarn on Monday.", "attacked", EventStatus.HAPPENED),
        ("Rebels did not attack the convoy, the spokesman said.", "attack", EventStatus.DENIED),
        ("The army denied that its soldiers had shot the protesters.", "shot", EventStatus.DENIED),
        ("No one was killed in the raid, officials said.", "killed", EventStatus.DENIED),
        (
            "The militia threatened to attack the city before dawn.",
            "attack",
            EventStatus.THREATENED,
        ),
        ("Rebel commanders said they would attack the capital.", "attack", EventStatus.PLANNED),
        ("The union plans to strike next month.", "strike", EventStatus.PLANNED),
        ("The fighting may spread to neighbouring provinces.", "fighting", EventStatus.PROJECTED),
        ("The group had seized the city before the winter.", "seized", EventStatus.BACKGROUND),
        ("The group seized the city in 2014.", "seized", EventStatus.BACKGROUND),
        (
            "Officials said that 12 guards had been killed in the raid.",
            "killed",
            EventStatus.HAPPENED,
        ),
    ],
)
def test_status(mentions: Mentions, text: str, trigger: str, status: EventStatus) -> None:
    found = {trigger_text(text, m): m for m in mentions(text)}
    assert found[trigger].status is status


def test_threat_is_marked_threatened(mentions: Mentions) -> None:
    # a threat is recognised and marked, not coded as a hostile act that happened
    text = "The militia threatened to attack the city before dawn."
    found = {trigger_text(text, m): m for m in mentions(text)}
    assert found["threatened"].plover_type == "THREATEN"
    assert found["threatened"].status is EventStatus.THREATENED
