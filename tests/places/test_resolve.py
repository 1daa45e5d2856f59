"""Resolution: containment cues, document context, abstention, precision codes."""

from __future__ import annotations

import pytest

from eventwire.places.gazetteer import Gazetteer, Kind
from eventwire.places.resolve import Mention, Resolution, haversine_km, resolve, resolve_document
from eventwire.records import Precision


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 1) == __import__("pytest").approx(111.2, abs=0.2)
    assert haversine_km(10, 20, 10, 20) == 0.0


def test_paris_alone_is_the_french_capital(gazetteer: Gazetteer) -> None:
    r = resolve("Paris", gazetteer=gazetteer)
    assert r is not None and r.country == "FR" and r.kind == Kind.CITY


def test_paris_texas_by_containment(gazetteer: Gazetteer) -> None:
    text = "The fair opened in Paris, Texas, on Saturday."
    start = text.index("Paris")
    r = resolve("Paris", text=text, start=start, end=start + 5, gazetteer=gazetteer)
    assert r is not None
    assert r.country == "US" and r.admin1 == "Texas"
    assert r.precision is Precision.POINT


def test_mosul_iraq_resolves_to_nineveh(gazetteer: Gazetteer) -> None:
    text = "MOSUL, Iraq - Fighting continued in western Mosul on Monday."
    res = resolve_document(
        [Mention(text="MOSUL", start=0, end=5), Mention(text="Iraq", start=7, end=11)],
        text=text,
        gazetteer=gazetteer,
    )
    mosul, iraq = res
    assert mosul is not None and mosul.geonameid == 99072 and mosul.admin1 == "Nineveh"
    assert iraq is not None and iraq.kind == Kind.COUNTRY and iraq.precision is Precision.COUNTRY


def test_co_mentioned_places_pick_the_state(gazetteer: Gazetteer) -> None:
    alone = resolve("Georgia", gazetteer=gazetteer)
    assert alone is not None and alone.country == "GE"
    local = resolve("Georgia", context=["Atlanta", "Savannah", "Macon"], gazetteer=gazetteer)
    assert local is not None and local.country == "US" and local.kind == Kind.ADMIN1


def test_focus_country_breaks_ties(gazetteer: Gazetteer) -> None:
    r = resolve("Alexandria", focus_country="US", gazetteer=gazetteer)
    assert r is not None and r.country == "US"
    r = resolve("Alexandria", gazetteer=gazetteer)
    assert r is not None and r.country == "EG"


def test_abstains_on_unknown_names(gazetteer: Gazetteer) -> None:
    assert resolve("Qwzxvbtown", gazetteer=gazetteer) is None
    # a town it cannot place never falls back to its country
    assert resolve("Qwzxvbtown", context=["Iraq"], gazetteer=gazetteer) is None


def test_demonyms_only_when_asked(gazetteer: Gazetteer) -> None:
    assert resolve("Iraqi", gazetteer=gazetteer) is None
    r = resolve("Iraqi", gazetteer=gazetteer, allow_demonym=True)
    assert r is not None and r.country == "IQ" and r.kind == Kind.COUNTRY


def test_supplementary_place_has_no_geonameid(gazetteer: Gazetteer) -> None:
    r = resolve("Hammam al-Alil", context=["Mosul"], gazetteer=gazetteer)
    assert r is not None and r.geonameid is None and r.country == "IQ"
    assert haversine_km(r.lat, r.lon, 36.335, 43.119) < 40


def test_small_towns_named_like_a_state_rank_lower(gazetteer: Gazetteer) -> None:
    from eventwire.places.candidates import find_candidates
    from eventwire.places.scoring import _prefer_units_over_their_namesakes

    cands, loose = find_candidates(gazetteer, "Florida", False)
    assert not loose
    ranked = _prefer_units_over_their_namesakes(gazetteer, cands)
    for (i, _, before), (_, _, after) in zip(cands, ranked, strict=True):
        small_town = gazetteer.kind(i) == Kind.CITY and gazetteer.population(i) < 500_000
        assert after == (before + 2.0 if small_town else before)
    # "Washington" also names a big city: the context decides, no penalty
    cands, _ = find_candidates(gazetteer, "Washington", False)
    assert _prefer_units_over_their_namesakes(gazetteer, cands) == cands


def test_upper_case_dateline_names_a_town(gazetteer: Gazetteer) -> None:
    def first(text: str) -> Resolution | None:
        start = text.index("WASHINGTON")
        texas = text.index("Texas")
        mentions = [
            Mention(text="WASHINGTON", start=start, end=start + 10),
            Mention(text="Texas", start=texas, end=texas + 5),
        ]
        return resolve_document(mentions, text=text, gazetteer=gazetteer)[0]

    dateline = first("WASHINGTON (AP) - The senator said Texas would vote.")
    assert dateline is not None and dateline.kind == Kind.CITY
    assert dateline.admin1 == "District of Columbia"
    inline = first("Officials in WASHINGTON said Texas would vote.")
    assert inline is not None and inline.kind == Kind.ADMIN1


def test_repeated_names_do_not_vouch_for_each_other(gazetteer: Gazetteer) -> None:
    res = resolve_document(
        ["Portland", "Portland", "Portland", "Houston", "San Antonio"], gazetteer=gazetteer
    )
    assert all(r is not None and r.country == "US" for r in res)


def test_adjectives_derived_from_states(gazetteer: Gazetteer) -> None:
    r = resolve("Sicilian", allow_demonym=True, gazetteer=gazetteer)
    assert r is not None and r.country == "IT" and r.kind == Kind.ADMIN1
    assert resolve("Sicilian", gazetteer=gazetteer) is None


# Invented sentences: two names that each have many readings, of which one pair lies together.
COHERENT = [
    ("Henry County commissioners met in Paris on Monday to approve a jail budget.", "Tennessee"),
    ("Lowndes County deputies said the Columbus man was released on bond.", "Mississippi"),
    ("Wilson County schools in Lebanon reopened after the storm.", "Tennessee"),
    ("Floyd County crews cleared trees in Rome after the storm.", "Georgia"),
]


@pytest.mark.parametrize(("text", "state"), COHERENT)
def test_two_ambiguous_names_that_lie_together_confirm_each_other(
    gazetteer: Gazetteer, text: str, state: str
) -> None:
    """The county and the town are read together, though neither reading is likely alone
    (the Tennessee Paris is a small namesake of the French capital; there are ten Henry
    Counties)."""
    county = text.split(" County")[0] + " County"
    town = next(w for w in ("Paris", "Columbus", "Lebanon", "Rome") if w in text)
    mentions = [
        Mention(text=n, start=text.index(n), end=text.index(n) + len(n)) for n in (county, town)
    ]
    got = resolve_document(mentions, text=text, gazetteer=gazetteer)
    assert [(r.admin1, r.country) if r else None for r in got] == [(state, "US")] * 2
