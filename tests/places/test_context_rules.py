"""Resolution rules read from the article around a name: famous towns and small namesakes,
state or city, acronyms, short county names, other names made of common words, streets
named after towns, venues, outliers, names that end with their town, names the gazetteer
lacks, partial readings, demonyms, "the Republic", small units and sports teams."""

from __future__ import annotations

from eventwire.places.gazetteer import Gazetteer, Kind
from eventwire.places.resolve import Resolution
from eventwire.places.sites import named_street
from eventwire.records import Precision

from .conftest import resolve_names


def _resolve(gaz: Gazetteer, text: str, names: list[str], **kw: bool) -> list[Resolution | None]:
    """Resolves ``names`` with demonyms and partial readings allowed."""
    return resolve_names(gaz, text, names, allow_demonym=True, allow_partial=True, **kw)


# famous towns and small namesakes


def test_london_in_a_us_article_is_the_british_capital(gazetteer: Gazetteer) -> None:
    text = (
        "A Denver artist said murals in Chicago and New York face the same fight. "
        "Street art in London has fared better; London councils protect it, she said."
    )
    res = _resolve(gazetteer, text, ["Denver", "Chicago", "New York", "London", "London"])
    assert all(r is not None and r.country == "GB" for r in res[3:]), res[3:]


def test_small_namesake_with_its_own_state_or_a_containment_cue(gazetteer: Gazetteer) -> None:
    text = "Deputies in Columbus, Ohio, said the truck was found near London on Tuesday."
    london = _resolve(gazetteer, text, ["Columbus", "Ohio", "London"])[-1]
    assert london is not None and london.admin1 == "Ohio"
    text = "The fair in London, Ohio, drew farmers from Chicago and Denver."
    london = _resolve(gazetteer, text, ["London", "Ohio", "Chicago", "Denver"])[0]
    assert london is not None and london.admin1 == "Ohio"


def test_a_town_that_only_lists_the_name_ranks_below_towns_that_bear_it(
    gazetteer: Gazetteer,
) -> None:
    text = "Our houses look a little like the architecture in Charleston, she said."
    r = _resolve(gazetteer, text, ["Charleston"])[0]
    assert r is not None and r.name == "Charleston"


# state or city


def test_state_cues(gazetteer: Gazetteer) -> None:
    # the state's abbreviation elsewhere in the article: the state, not the capital
    text = (
        "OLYMPIA, Wash. - The team's focus is at home in Washington, though it also flew "
        "to Washington, D.C., and Florida."
    )
    names = ["OLYMPIA", "Wash.", "Washington", "Washington, D.C.", "Florida"]
    res = _resolve(gazetteer, text, names)
    assert res[2] is not None and res[2].kind == Kind.ADMIN1
    assert res[3] is not None and res[3].kind == Kind.CITY
    text = "Floods hit farms in upstate New York on Sunday."
    ny = _resolve(gazetteer, text, ["New York"])[0]
    assert ny is not None and ny.kind == Kind.ADMIN1


def test_city_cues(gazetteer: Gazetteer) -> None:
    text = "Jon Harker, who lives in New York and keeps horses in Riverdale, New Jersey, won."
    ny = _resolve(gazetteer, text, ["New York", "Riverdale", "New Jersey"])[0]
    assert ny is not None and ny.kind == Kind.CITY and ny.admin1 == "New York"
    text = "The prince met senators close to Trump's Washington and oil firms in Riyadh."
    wa = _resolve(gazetteer, text, ["Washington", "Riyadh"])[0]
    assert wa is not None and wa.kind == Kind.CITY and wa.admin1 == "District of Columbia"


# acronyms, short county names


def test_acronym_spelled_out_in_the_article(gazetteer: Gazetteer) -> None:
    text = "Mining towns in South Africa are growing. Royalties in SA are contested."
    sa = _resolve(gazetteer, text, ["South Africa", "SA"])[1]
    assert sa is not None and sa.country == "ZA" and sa.kind == Kind.COUNTRY
    # nothing spells it out: no guess
    text = "Royalties in SA are contested, said a lawyer in Johannesburg."
    assert _resolve(gazetteer, text, ["SA", "Johannesburg"])[0] is None


def test_bare_name_of_a_county_the_article_names(gazetteer: Gazetteer) -> None:
    text = (
        "Police in Southold, Suffolk County, New York, said the Suffolk detectives and a "
        "Suffolk City councillor met."
    )
    names = ["Southold", "Suffolk County", "New York", "Suffolk", "Suffolk City"]
    res = _resolve(gazetteer, text, names)
    county, suffolk = res[1], res[3]
    assert county is not None and county.kind == Kind.ADMIN2 and county.admin1 == "New York"
    # not the city of Suffolk, Virginia
    assert suffolk is not None and suffolk.entry == county.entry


# other names made of common words


def test_names_of_common_words_are_not_other_towns_names(gazetteer: Gazetteer) -> None:
    text = "A South Side man was charged over a stabbing in River North, Chicago police said."
    side, north, chicago = _resolve(gazetteer, text, ["South Side", "River North", "Chicago"])
    assert chicago is not None and chicago.admin1 == "Illinois"
    for r in (side, north):
        assert r is None or r.entry == chicago.entry


# streets, venues, sites


def test_named_street() -> None:
    text = "Laid out as Rue Perdue, the street was later called Carrow and then Mallin."
    assert named_street(text, text.index("Carrow"))
    assert named_street(text, text.index("Mallin"))
    text = "He grew up in a town called Springfield."
    assert not named_street(text, text.index("Springfield"))


def test_a_name_the_street_bears_is_not_a_town(gazetteer: Gazetteer) -> None:
    text = (
        "Most visitors start in the French Quarter. Laid out in 1805, the street was later "
        "called Lafayette. Press Street marks the lower border."
    )
    fq, laf, press = _resolve(gazetteer, text, ["French Quarter", "Lafayette", "Press Street"])
    assert fq is not None and fq.admin1 == "Louisiana"
    # not the town of Lafayette, 190 km away; the street lies in the article's town
    assert laf is None or laf.entry == fq.entry
    assert press is not None and press.entry == fq.entry


def test_site_named_like_a_far_hamlet_takes_the_article_town(gazetteer: Gazetteer) -> None:
    text = (
        "Tourists crowd the French Quarter all year. Jazz bands play nightly on Washington Square."
    )
    fq, square = _resolve(gazetteer, text, ["French Quarter", "Washington Square"])
    assert fq is not None
    assert square is not None and square.entry == fq.entry
    assert square.precision is Precision.WITHIN_TOWN


def test_outlier_small_town_is_placed_like_an_unknown_name(gazetteer: Gazetteer) -> None:
    text = (
        "Buyers look at homes in Gainesville, near Centreville and Manassas. "
        "The Stonewall Golf Club is public; the shops at Stonewall offer groceries."
    )
    names = ["Gainesville", "Centreville", "Manassas", "Stonewall Golf Club", "Stonewall"]
    res = _resolve(gazetteer, text, names)
    assert all(r is not None and r.admin1 == "Virginia" for r in res[:3])
    # not the village in Louisiana: a place the gazetteer lacks, in a town of the article
    stonewall = res[4]
    assert stonewall is not None and stonewall.admin1 == "Virginia"
    assert stonewall.precision is Precision.WITHIN_TOWN and stonewall.name != "Stonewall"
    # the golf club is placed in a town of the article, not in that village
    assert res[3] is not None and res[3].admin1 == "Virginia"
    # without the cluster of Virginia towns the village is kept
    alone = _resolve(gazetteer, "The shops at Stonewall offer groceries.", ["Stonewall"])[0]
    assert alone is not None


def test_lake_named_after_a_town(gazetteer: Gazetteer) -> None:
    text = "Residents of Gainesville, Virginia, walk around Lake Manassas every morning."
    lake = _resolve(gazetteer, text, ["Gainesville", "Virginia", "Lake Manassas"])[2]
    assert lake is not None and lake.admin1 == "Virginia" and lake.name == "Manassas"


def test_name_ending_with_its_town(gazetteer: Gazetteer) -> None:
    text = "She studied at Robinson College Cambridge before joining a bank in the UK."
    r = _resolve(gazetteer, text, ["Robinson College Cambridge", "UK"])[0]
    assert r is not None and r.country == "GB" and r.name == "Cambridge"


def test_french_street_words_are_sites(gazetteer: Gazetteer) -> None:
    text = "In Baton Rouge the old Rue Delvaux was renamed after the war."
    town, rue = _resolve(gazetteer, text, ["Baton Rouge", "Rue Delvaux"])
    assert town is not None
    assert rue is not None and rue.entry == town.entry
    assert rue.precision is Precision.WITHIN_TOWN


def test_part_of_a_venue_name_lends_no_support(gazetteer: Gazetteer) -> None:
    text = (
        "The Blue Jays open at the Rogers Centre in Toronto. Their farm club, the Buffalo "
        "Bisons, will play in Buffalo all season."
    )
    res = _resolve(gazetteer, text, ["Rogers Centre", "Toronto", "Buffalo"])
    # "Rogers" (Minnesota) must not pull Buffalo to Minnesota
    assert res[2] is not None and res[2].admin1 == "New York"


# supplementary rows


def test_new_supplementary_names(gazetteer: Gazetteer) -> None:
    cases = {
        "Serb": "RS",
        "Bosnian": "BA",
        "FATA": "PK",
        "Niger Delta": "NG",
        "Siberian": "RU",
        "Anfield": "GB",
        "Oval Office": "US",
    }
    for name, country in cases.items():
        r = _resolve(gazetteer, f"Reporters mentioned {name} on Monday.", [name])[0]
        assert r is not None and r.country == country, (name, r)


# names the gazetteer lacks, partial readings and outliers


def test_partial_town_reading_needs_a_place_nearby(gazetteer: Gazetteer) -> None:
    # "Lake Cunningham" is not the town of Cunningham hundreds of kilometres away
    text = "Residents of Tulsa fish on Lake Cunningham every weekend."
    tulsa, lake = _resolve(gazetteer, text, ["Tulsa", "Lake Cunningham"])
    assert tulsa is not None and lake is not None
    assert lake.precision is Precision.WITHIN_TOWN and lake.entry == tulsa.entry
    # near a place of the article the lake is by its town
    text = "Residents of Gainesville, Virginia, walk around Lake Manassas every morning."
    lake = _resolve(gazetteer, text, ["Gainesville", "Virginia", "Lake Manassas"])[2]
    assert lake is not None and lake.name == "Manassas"


def test_settlement_names_are_not_cut_to_their_first_word(gazetteer: Gazetteer) -> None:
    text = "Farmers in Meadow Grove met officials from Lincoln, Nebraska, on Monday."
    grove, lincoln, _ = _resolve(gazetteer, text, ["Meadow Grove", "Lincoln", "Nebraska"])
    assert lincoln is not None and lincoln.admin1 == "Nebraska"
    assert grove is not None and grove.name != "Meadow"
    assert grove.precision is Precision.WITHIN_TOWN and grove.entry == lincoln.entry
    alone = _resolve(gazetteer, "Tennessee Colony residents voted on Monday.", ["Tennessee Colony"])
    assert alone == [None]  # not the state of Tennessee


def test_a_name_placed_by_a_cue_is_placed_so_where_it_recurs(gazetteer: Gazetteer) -> None:
    text = (
        "Farmers met at Qwzxvb, in Winnipeg, on Monday.\n"
        "Buyers from Tulsa said Qwzxvb would host the fair again."
    )
    first, winnipeg, tulsa, again = _resolve(
        gazetteer, text, ["Qwzxvb", "Winnipeg", "Tulsa", "Qwzxvb"]
    )
    assert winnipeg is not None and tulsa is not None
    assert first is not None and first.entry == winnipeg.entry
    # not the town named nearest to the second mention
    assert again is not None and again.entry == winnipeg.entry


# demonyms, initials and "the Republic"


def test_demonyms_read_from_their_state_or_country(gazetteer: Gazetteer) -> None:
    expected = {
        "Minnesotans": ("Minnesota", "US"),
        "Ohioans": ("Ohio", "US"),
        "Texan": ("Texas", "US"),
        "Kansans": ("Kansas", "US"),
        "Dagestani": ("Dagestan", "RU"),
        "Ontarians": ("Ontario", "CA"),
    }
    for word, (name, country) in expected.items():
        (r,) = _resolve(gazetteer, f"The {word} said so.", [word])
        assert r is not None and (r.name, r.country) == (name, country), (word, r)
        assert r.kind == Kind.ADMIN1


def test_a_regime_before_a_country_name(gazetteer: Gazetteer) -> None:
    for name, country in (
        ("Nazi Germany", "DE"),
        ("Soviet Russia", "RU"),
        ("Imperial Japan", "JP"),
    ):
        (r,) = _resolve(gazetteer, f"Historians compared it to {name} again.", [name])
        assert r is not None and r.country == country and r.kind == Kind.COUNTRY, (name, r)


def test_la_with_dots_is_los_angeles(gazetteer: Gazetteer) -> None:
    (la,) = _resolve(gazetteer, "Traffic in L.A. was slow on Friday.", ["L.A."])
    assert la is not None and la.name == "Los Angeles"
    (state,) = _resolve(gazetteer, "She lives in Shreveport, La., now.", ["La."])
    assert state is not None and state.name == "Louisiana"


def test_the_republic_in_an_irish_article(gazetteer: Gazetteer) -> None:
    text = "Patients from Derry, Northern Ireland, and from the Republic use the new unit."
    derry, ni, republic = _resolve(gazetteer, text, ["Derry", "Northern Ireland", "Republic"])
    assert derry is not None and ni is not None
    assert republic is not None and republic.country == "IE" and republic.kind == Kind.COUNTRY
    # elsewhere "the Republic" is no town called Republic
    text = "Officials in Texas said the Republic was founded long ago."
    _, elsewhere = _resolve(gazetteer, text, ["Texas", "Republic"])
    assert elsewhere is None


# towns and units of the same name


def test_big_town_before_a_small_unit_of_its_name(gazetteer: Gazetteer) -> None:
    # parishes of Antigua and of Jamaica are called Saint Paul and Portland
    for name, admin1 in (("St. Paul", "Minnesota"), ("Portland", "Oregon")):
        (r,) = _resolve(gazetteer, f"Police in {name} said the road was closed.", [name])
        assert r is not None and r.kind == Kind.CITY and r.admin1 == admin1, (name, r)
    # a unit bigger than the towns of its name stays the unit
    (county,) = _resolve(
        gazetteer, "Farmers in Tipperary said the harvest was late.", ["Tipperary"]
    )
    assert county is not None and county.kind == Kind.ADMIN1 and county.country == "IE"


def test_team_names_place_their_town(gazetteer: Gazetteer) -> None:
    text = (
        "HOUSTON (AP) - The Houston Rockets beat the Portland Trail Blazers 96-94 in Texas. "
        "Portland had won the first game in Dallas."
    )
    names = ["HOUSTON", "Houston", "Portland", "Texas", "Portland", "Dallas"]
    res = _resolve(gazetteer, text, names)
    assert all(r is not None for r in res)
    assert [r.admin1 for r in res if r is not None] == [
        "Texas", "Texas", "Oregon", None, "Oregon", "Texas"
    ]  # fmt: skip
    # without the team a Texas article keeps its Texas town of that name
    text = "The Rockets won in Texas. Portland beat Dallas in a high school game in Texas."
    portland = _resolve(gazetteer, text, ["Texas", "Portland", "Dallas", "Texas"])[1]
    assert portland is not None and portland.admin1 == "Texas"


def test_treaties_and_bodies_place_their_town(gazetteer: Gazetteer) -> None:
    text = (
        "Officials in Washington and Kyiv said the U.S. backs the reform, in line with the "
        "Venice Commission. The Venice Commission will meet again."
    )
    res = _resolve(gazetteer, text, ["Washington", "Kyiv", "U.S.", "Venice", "Venice"])
    for venice in res[3:]:
        assert venice is not None and venice.country == "IT", venice
    # the same name without the body is left to the context
    text = "Officials in Sarasota, Florida, said Venice beaches reopened."
    venice = _resolve(gazetteer, text, ["Sarasota", "Florida", "Venice"])[2]
    assert venice is not None and venice.admin1 == "Florida"


def test_travel_to_washington_is_the_capital(gazetteer: Gazetteer) -> None:
    text = "The founder said 25 percent of U.S. users were hit. He will travel to Washington."
    _, washington = _resolve(gazetteer, text, ["U.S.", "Washington"])
    assert washington is not None and washington.kind == Kind.CITY
    assert washington.admin1 == "District of Columbia"
