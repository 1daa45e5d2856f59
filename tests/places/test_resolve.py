"""Resolution: containment cues, document context, abstention, precision codes."""

from __future__ import annotations

from eventwire.places.gazetteer import Gazetteer, Kind
from eventwire.places.resolve import Mention, haversine_km, resolve, resolve_document
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
