"""Taxonomy tables and the PLOVER -> ACLED mapping."""

from __future__ import annotations

import pytest

from eventwire.events import (
    ACLED_SUB_EVENTS,
    CASE2021_CODES,
    LEXICON,
    PLOVER_05_TO_CURRENT,
    PLOVER_MODES,
    PLOVER_TYPES,
    acled_for,
)
from eventwire.events.taxonomy import MODE_TO_ACLED, SUB_EVENT_TO_TYPE


def test_sixteen_plover_types_with_modes() -> None:
    assert len(PLOVER_TYPES) == len(set(PLOVER_TYPES)) == 16
    assert set(PLOVER_MODES) == set(PLOVER_TYPES)


def test_old_plover_maps_onto_current() -> None:
    assert set(PLOVER_05_TO_CURRENT.values()) == set(PLOVER_TYPES)
    assert PLOVER_05_TO_CURRENT["FIGHT"] == "ASSAULT"
    assert PLOVER_05_TO_CURRENT["DEMAND"] == "REQUEST"
    assert PLOVER_05_TO_CURRENT["DISAPPROVE"] == PLOVER_05_TO_CURRENT["INVESTIGATE"] == "ACCUSE"


def test_acled_has_25_sub_events_and_case_codes_cover_them() -> None:
    assert sum(len(v) for v in ACLED_SUB_EVENTS.values()) == 25
    assert set(CASE2021_CODES.values()) == set(SUB_EVENT_TO_TYPE)


def test_lexicon_uses_known_types_and_modes() -> None:
    for rows in LEXICON.values():
        for row in rows:
            assert row.plover in PLOVER_TYPES, row
            assert row.mode is None or row.mode in PLOVER_MODES[row.plover], row
            assert set(row.pos) <= {"V", "N"}, row
    for (plover, mode), sub in MODE_TO_ACLED.items():
        assert mode is None or mode in PLOVER_MODES[plover]
        assert sub in SUB_EVENT_TO_TYPE


@pytest.mark.parametrize(
    ("plover", "mode", "actor", "target", "expected"),
    [
        ("ASSAULT", "aerial", None, None, ("Explosions/Remote violence", "Air/drone strike")),
        ("ASSAULT", None, "rebel", "civilians", ("Violence against civilians", "Attack")),
        ("ASSAULT", None, "rebel", "state military", ("Battles", "Armed clash")),
        ("ASSAULT", "occupy", "state military", None, ("Battles", "Government regains territory")),
        ("ASSAULT", "occupy", "rebel", None, ("Battles", "Non-state actor overtakes territory")),
        (
            "ASSAULT",
            None,
            "police",
            "protesters",
            ("Protests", "Excessive force against protesters"),
        ),
        ("PROTEST", "riot", None, None, ("Riots", "Violent demonstration")),
        ("COERCE", "arrest", "police", None, ("Strategic developments", "Arrests")),
        ("CONSULT", "meeting", "government", "government", None),
        ("ACCUSE", None, None, None, None),
    ],
)
def test_acled_for(
    plover: str,
    mode: str | None,
    actor: str | None,
    target: str | None,
    expected: tuple[str, str] | None,
) -> None:
    assert acled_for(plover, mode, actor_type=actor, target_type=target) == expected
