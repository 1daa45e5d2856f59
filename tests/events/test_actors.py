"""The actor dictionary: aliases, state forces by demonym, unknown actors typed by head noun."""

from __future__ import annotations

import pytest

from eventwire.events import actor_dictionary, normalise_actor


@pytest.mark.parametrize("alias", ["IS", "ISIS", "ISIL", "Daesh", "Islamic State", "ISIL fighters"])
def test_islamic_state_aliases(alias: str) -> None:
    actor = normalise_actor(alias)
    assert (actor.name, actor.type, actor.known) == ("Islamic State", "jihadist group", True)


def test_short_aliases_are_case_sensitive() -> None:
    assert normalise_actor("this is it").known is False
    assert normalise_actor("his").name == "his"


def test_parent_and_country() -> None:
    actor = normalise_actor("al-Qaeda in Iraq")
    assert (actor.name, actor.parent, actor.country) == ("al Qaeda in Iraq", "al Qaeda", "IQ")


@pytest.mark.parametrize(
    ("text", "head", "name", "kind", "country"),
    [
        ("Three Iraqi soldiers", "soldier", "Iraqi military", "state military", "IQ"),
        ("Malian troops", "troop", "Malian military", "state military", "ML"),
        ("Kenyan police", "police", "Kenyan police", "police", "KE"),
    ],
)
def test_state_forces_by_demonym(text: str, head: str, name: str, kind: str, country: str) -> None:
    actor = normalise_actor(text, head=head)
    assert (actor.name, actor.type, actor.country, actor.known) == (name, kind, country, True)


@pytest.mark.parametrize(
    ("text", "head", "kind"),
    [
        ("unidentified gunmen", "gunman", "armed group"),
        ("militants", "militant", "armed group"),
        ("the police", "police", "police"),
        ("villagers", "villager", "civilians"),
        ("striking miners", "miner", None),
        ("demonstrators", "demonstrator", "protesters"),
    ],
)
def test_unknown_actor_typed_from_head(text: str, head: str, kind: str | None) -> None:
    actor = normalise_actor(text, head=head)
    assert actor.known is False
    assert actor.type == kind
    assert actor.name in text


def test_dictionary_rows_are_well_formed() -> None:
    book = actor_dictionary()
    assert len(book.entries) > 30
    for actor in book.entries.values():
        assert actor.type, actor
        assert (
            actor.parent is None
            or actor.parent in book.entries
            or actor.parent.endswith(("police", "military", "Government"))
        )
