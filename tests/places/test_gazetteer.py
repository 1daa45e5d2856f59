"""Gazetteer lookups: transliterations, supplementary places, admin hierarchy, speed."""

from __future__ import annotations

from pathlib import Path

from eventwire.places.gazetteer import Gazetteer, Kind, load_gazetteer, source_key
from eventwire.places.normalise import name_keys, normalise
from eventwire.records import Precision


def _kinds(gaz: Gazetteer, name: str) -> list[tuple[str, Kind, str | None]]:
    out = []
    for c in gaz.lookup(name):
        e = gaz.entry(c.index)
        out.append((e.name, e.kind, e.country))
    return out


def test_normalise_strips_diacritics_articles_and_dots() -> None:
    assert normalise("Al-Mawṣil") == "al mawsil"
    assert normalise("U.S.") == "us"
    assert normalise("St. Louis") == "saint louis"
    assert normalise("Mt. Pleasant") == normalise("Mount Pleasant") == "mount pleasant"
    assert normalise("Ft. Worth") == "fort worth"
    assert "raqqa" in name_keys("Ar Raqqah")
    assert "mawsil" in name_keys("Al Mawsil")


def test_mosul_and_its_transliterations(gazetteer: Gazetteer) -> None:
    for name in ("Mosul", "Al Mawsil", "al-Mawsil", "Mossoul", "MOSUL"):
        hits = [e for e in _kinds(gazetteer, name) if e[1] == Kind.CITY]
        assert ("Mosul", Kind.CITY, "IQ") in hits, name
    mosul = next(
        gazetteer.entry(c.index)
        for c in gazetteer.lookup("Mosul")
        if gazetteer.kind(c.index) == Kind.CITY
    )
    assert mosul.geonameid == 99072
    assert mosul.admin1 == "Nineveh"
    assert mosul.precision is Precision.POINT
    assert 36.0 < mosul.lat < 36.6 and 42.9 < mosul.lon < 43.4


def test_river_and_camp_from_supplementary_table(gazetteer: Gazetteer) -> None:
    assert ("Tigris", Kind.WATER, "IQ") in _kinds(gazetteer, "River Tigris")
    camp = [gazetteer.entry(c.index) for c in gazetteer.lookup("Zaatari refugee camp")]
    assert [e.kind for e in camp] == [Kind.CAMP]
    assert camp[0].country == "JO" and camp[0].geonameid is None and camp[0].supplementary
    assert camp[0].precision is Precision.POINT


def test_regions_states_and_abbreviations(gazetteer: Gazetteer) -> None:
    assert ("Donbas", Kind.REGION, "UA") in _kinds(gazetteer, "Donbass")
    assert ("Texas", Kind.ADMIN1, "US") in _kinds(gazetteer, "Texas")
    assert any(k == Kind.ADMIN1 and c == "US" for _, k, c in _kinds(gazetteer, "W.Va."))
    assert ("United States", Kind.COUNTRY, "US") in _kinds(gazetteer, "U.S.")


def test_demonyms_are_known_but_are_not_names(gazetteer: Gazetteer) -> None:
    iraq = gazetteer.demonym("Iraqi")
    assert iraq is not None and iraq.name == "Iraq" and iraq.kind == Kind.COUNTRY
    assert gazetteer.is_demonym("Iraqis")
    assert not gazetteer.lookup("Iraqi")
    assert not gazetteer.is_demonym("Mosul")


def test_unknown_name_has_no_entry(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qwzxvbtown") == []
    assert "Qwzxvbtown" not in gazetteer


def test_cache_is_reused(gazetteer: Gazetteer, tmp_path: Path) -> None:
    key = source_key()
    assert len(key) == 16
    # the in-process copy is shared; a second load returns the same object
    assert load_gazetteer() is gazetteer


def test_inverted_names_of_admin_units_read_as_the_short_name(gazetteer: Gazetteer) -> None:
    # the sources write some units the ISO way: "Dagestan, Respublika", "Murcia, Región de"
    for name, country in (("Dagestan", "RU"), ("Tatarstan", "RU"), ("Asturias", "ES")):
        units = [
            gazetteer.entry(c.index)
            for c in gazetteer.lookup(name)
            if c.primary and gazetteer.kind(c.index) == Kind.ADMIN1
        ]
        assert any(u.name == name and u.country == country for u in units), (name, units)
    # the inverted form still finds the unit
    assert any(e[0] == "Dagestan" for e in _kinds(gazetteer, "Dagestan, Respublika"))


def test_canadian_province_abbreviations(gazetteer: Gazetteer) -> None:
    expected = {
        "Ont.": "Ontario",
        "N.L.": "Newfoundland and Labrador",
        "Nfld.": "Newfoundland and Labrador",
        "Que.": "Quebec",
        "Sask.": "Saskatchewan",
        "P.E.I.": "Prince Edward Island",
    }
    for abbr, province in expected.items():
        first = _kinds(gazetteer, abbr)[0]
        assert first == (province, Kind.ADMIN1, "CA"), (abbr, first)


def test_large_provinces_have_central_points(gazetteer: Gazetteer) -> None:
    # towns cluster in the south of Ontario and of Alaska; their points are central ones
    for name, lat_min in (("Ontario", 49.0), ("Alaska", 63.5)):
        unit = next(
            gazetteer.entry(c.index)
            for c in gazetteer.lookup(name)
            if gazetteer.kind(c.index) == Kind.ADMIN1
        )
        assert unit.lat >= lat_min, (name, unit.lat)


def test_named_after_table_names_known_towns(gazetteer: Gazetteer) -> None:
    from importlib import resources

    table = resources.files("eventwire.places").joinpath("data", "named_after.tsv")
    rows = [
        line.split("\t")
        for line in table.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith("place\t")
    ]
    assert len(rows) > 50
    for place, following, country, admin1 in rows:
        assert following and len(country) == 2, place
        towns = [
            gazetteer.entry(c.index)
            for c in gazetteer.lookup(place)
            if gazetteer.kind(c.index) == Kind.CITY
        ]
        # the town it is named after is in the gazetteer, in that country and unit
        assert any(t.country == country and (not admin1 or t.admin1 == admin1) for t in towns), (
            place,
            country,
            admin1,
        )
