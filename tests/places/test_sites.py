"""Sites inside a town (streets, buildings, venues) and the ``within-town`` precision code."""

from __future__ import annotations

import pytest

from eventwire.places.gazetteer import Gazetteer, Kind
from eventwire.places.sites import called_site, is_site, is_street, site_containers
from eventwire.records import Precision

from .conftest import mentions_of, resolve_names

_resolve = resolve_names


@pytest.mark.parametrize(
    "name",
    [
        "Press Street",
        "Alder Vale Children's Hospital",
        "2231 Royal",
        "Victoria St.",
        "Patriot High",
    ],
)
def test_site_names(name: str) -> None:
    assert is_site(name)


@pytest.mark.parametrize("name", ["St. Louis", "Mosul", "Hammam al-Alil", "Royal"])
def test_place_names_are_not_sites(name: str) -> None:
    assert not is_site(name)


def test_streets_among_sites() -> None:
    assert is_street("Hampton Avenue") and is_street("400 block of Elm")
    assert not is_street("Windsor Castle") and is_site("Windsor Castle")


def test_the_next_words_can_call_a_name_a_street() -> None:
    text = "He collapsed at the corner of State and Harlan streets, near the Elm/Oak intersection."
    assert called_site(text, text.index(" and Harlan"))
    assert called_site(text, text.index(" streets"))
    assert called_site(text, text.index("/Oak"))
    assert not called_site(text, text.index(", near"))


def _spans(text: str, names: list[str]) -> list[tuple[int | None, int | None]]:
    return [(m.start, m.end) for m in mentions_of(text, names)]


def test_containers_by_cue() -> None:
    text = "The Ridley Clinic in Harwick; Harwick's Old Mill; then Mill Lane."
    spans = _spans(text, ["Ridley Clinic", "Harwick", "Harwick", "Old Mill", "Mill Lane"])
    towns = [None, 7, 7, None, None]
    sites = [True, False, False, True, True]
    first, _, _, mill, lane = site_containers(text, spans, towns, sites)
    assert first is not None and first.container == 1 and first.explicit
    assert mill is not None and mill.container == 2 and mill.explicit
    # no cue next to it: the nearest town of the same sentence, not an explicit one
    assert lane is not None and lane.container == 2 and not lane.explicit
    # a bare unknown name needs a cue
    assert site_containers(text, spans, towns, [False] * 5)[4] is None


def test_paragraph_then_focus_town() -> None:
    text = "Harwick fair opens.\nStalls fill Mill Lane. Crowds came.\nBrent Road was shut."
    spans = _spans(text, ["Harwick", "Mill Lane", "Brent Road"])
    # Mill Lane: no town in its paragraph, and Harwick is the only town: the focus
    cues = site_containers(text, spans, [3, None, None], [False, True, True])
    assert cues[1] is not None and cues[1].container == 0 and not cues[1].explicit
    # two different towns named once each: none stands out, so the first one named
    text2 = "Ormley news.\n" + text + "\nHarwick again."
    spans2 = _spans(text2, ["Ormley", "Harwick", "Mill Lane", "Brent Road"])
    cues2 = site_containers(text2, spans2, [4, 3, None, None], [False, False, True, True])
    assert cues2[2] is not None and cues2[2].container == 0
    # a town named twice stands out over one named once, wherever it comes first
    spans3 = _spans(text2, ["Ormley", "Harwick", "Mill Lane", "Brent Road", "Harwick"])
    cues3 = site_containers(text2, spans3, [4, 3, None, None, 3], [False, False, True, True, False])
    assert cues3[2] is not None and cues3[2].container == 1


def test_comma_cue_needs_the_town_to_close_the_phrase() -> None:
    text = "Beyond Qwzxvb, Harwick have other branches. The fair at Qwzxvb, Harwick, was busy."
    spans = _spans(text, ["Qwzxvb", "Harwick", "Qwzxvb", "Harwick"])
    cues = site_containers(text, spans, [None, 5, None, 5], [False] * 4)
    assert cues[0] is None
    assert cues[2] is not None and cues[2].container == 3 and cues[2].comma


def test_hospital_in_a_town_is_within_the_town(gazetteer: Gazetteer) -> None:
    text = "Firefighters were called to the Marlowe Memorial Hospital in Winnipeg on Friday."
    site, town = _resolve(gazetteer, text, ["Marlowe Memorial Hospital", "Winnipeg"])
    assert town is not None and town.precision is Precision.POINT
    assert site is not None and site.precision is Precision.WITHIN_TOWN
    assert (site.lat, site.lon, site.geonameid) == (town.lat, town.lon, town.geonameid)
    assert site.kind == Kind.CITY and site.confidence < town.confidence


def test_possessive_cue(gazetteer: Gazetteer) -> None:
    text = "Derry's Altnagelvin Hospital opened a new wing on Tuesday."
    town, site = _resolve(gazetteer, text, ["Derry", "Altnagelvin Hospital"])
    assert town is not None and town.country == "GB"
    assert site is not None and site.precision is Precision.WITHIN_TOWN
    assert site.geonameid == town.geonameid


def test_unknown_name_with_an_in_cue(gazetteer: Gazetteer) -> None:
    text = "Farmers met at Qwzxvb, in Winnipeg, on Monday."
    site, town = _resolve(gazetteer, text, ["Qwzxvb", "Winnipeg"])
    assert town is not None
    assert site is not None and site.precision is Precision.WITHIN_TOWN


def test_unknown_name_takes_the_town_of_its_paragraph(gazetteer: Gazetteer) -> None:
    # without a cue an unknown name is put in the town of its sentence or paragraph
    text = "Farmers from Qwzxvb met on Monday. Winnipeg officials said the fair would go on."
    site, town = _resolve(gazetteer, text, ["Qwzxvb", "Winnipeg"])
    assert town is not None and site is not None
    assert site.entry == town.entry and site.precision is Precision.WITHIN_TOWN
    assert site.confidence < town.confidence
    # else in the town that the article names most
    text = (
        "Farmers from Qwzxvb met on Monday.\n"
        "Winnipeg officials said the fair would go on. Tulsa sent no one. Winnipeg paid."
    )
    site, first, _, _ = _resolve(gazetteer, text, ["Qwzxvb", "Winnipeg", "Tulsa", "Winnipeg"])
    assert first is not None and site is not None and site.entry == first.entry
    # an article that names no town: no guess
    text = "Farmers from Qwzxvb met on Monday. Officials in Canada said the fair would go on."
    site, country = _resolve(gazetteer, text, ["Qwzxvb", "Canada"])
    assert country is not None and site is None


def test_unknown_acronym_is_not_put_in_a_town(gazetteer: Gazetteer) -> None:
    text = "Royalties paid to QWZ are contested, said a lawyer in Winnipeg."
    acronym, town = _resolve(gazetteer, text, ["QWZ", "Winnipeg"])
    assert town is not None and acronym is None


def test_unknown_name_after_at_is_a_venue(gazetteer: Gazetteer) -> None:
    text = "Farmers met at Qwzxvb on Monday. Winnipeg officials said the fair would go on."
    site, town = _resolve(gazetteer, text, ["Qwzxvb", "Winnipeg"])
    assert town is not None and site is not None
    assert site.entry == town.entry and site.precision is Precision.WITHIN_TOWN


def test_street_without_a_cue_takes_the_sentence_town(gazetteer: Gazetteer) -> None:
    text = "Residents of Tulsa said Royal Street floods often."
    town, street = _resolve(gazetteer, text, ["Tulsa", "Royal Street"], allow_partial=True)
    assert town is not None and town.admin1 == "Oklahoma"
    assert street is not None and street.precision is Precision.WITHIN_TOWN
    assert street.geonameid == town.geonameid


def test_street_alone_abstains_never_a_country(gazetteer: Gazetteer) -> None:
    text = "Officials in Iraq said Qwzxvb Street was closed. Royal Street floods often."
    iraq, street, royal = _resolve(
        gazetteer, text, ["Iraq", "Qwzxvb Street", "Royal Street"], allow_partial=True
    )
    assert iraq is not None and iraq.kind == Kind.COUNTRY
    assert street is None
    assert royal is None  # not in a town that happens to be called Royal-something


def test_names_called_streets_are_not_towns(gazetteer: Gazetteer) -> None:
    text = "The man collapsed at the corner of State and Harlan streets in Tulsa, police said."
    state, harlan, tulsa = _resolve(gazetteer, text, ["State", "Harlan", "Tulsa"])
    assert tulsa is not None
    for street in (state, harlan):
        assert street is not None and street.precision is Precision.WITHIN_TOWN
        assert street.geonameid == tulsa.geonameid
    # alone, "Harlan" is a town
    (alone,) = _resolve(gazetteer, "Harlan officials said the mine would reopen.", ["Harlan"])
    assert alone is not None and alone.precision is Precision.POINT


def test_a_site_named_after_a_distant_town_goes_to_the_context_town(
    gazetteer: Gazetteer,
) -> None:
    text = "The mayor of Tulsa opened the Liverpool Academy on Monday."
    town, site = _resolve(gazetteer, text, ["Tulsa", "Liverpool Academy"], allow_partial=True)
    assert town is not None and site is not None
    assert site.precision is Precision.WITHIN_TOWN and site.geonameid == town.geonameid


def test_a_site_named_after_its_town_keeps_that_town(gazetteer: Gazetteer) -> None:
    text = "Tourists queued outside Warwick Castle, north of London, on Saturday."
    site, _ = _resolve(gazetteer, text, ["Warwick Castle", "London"], allow_partial=True)
    assert site is not None and site.name == "Warwick" and site.country == "GB"
    assert site.precision is Precision.WITHIN_TOWN


def test_sites_can_be_switched_off(gazetteer: Gazetteer) -> None:
    text = "Firefighters were called to the Marlowe Memorial Hospital in Winnipeg on Friday."
    site, _ = _resolve(gazetteer, text, ["Marlowe Memorial Hospital", "Winnipeg"], sites=False)
    assert site is None


def test_a_name_placed_once_is_placed_where_it_recurs(gazetteer: Gazetteer) -> None:
    text = "Farmers met at Qwzxvb, in Winnipeg, on Monday. Qwzxvb will host the fair again."
    first, _, again = _resolve(gazetteer, text, ["Qwzxvb", "Winnipeg", "Qwzxvb"])
    assert first is not None and again is not None and again.geonameid == first.geonameid
