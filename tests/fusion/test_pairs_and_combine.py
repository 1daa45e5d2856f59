"""The fusion model on hand-made mentions: dates, blocking keys, the link rules and weights, and
the combination of an event's fields (sources, figures, status, date, id)."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from eventwire.fusion.combine import combine, event_id_for, source_groups
from eventwire.fusion.mentions import (
    CELL_KM,
    FusionMention,
    block_keys,
    blocking,
    content_words,
    grid_cell,
    index_prefixes,
    interval_of,
    meets,
    near_cells,
    trigger_stem,
    wide_prefixes,
)
from eventwire.fusion.pairs import link_score, linked
from eventwire.places.resolution import haversine_km

MOSUL = {
    "lat": 36.34,
    "lon": 43.13,
    "geonameid": 99072,
    "country": "IQ",
    "place_precision": "point",
}
ERBIL = {
    "lat": 36.19,
    "lon": 44.01,
    "geonameid": 95446,
    "country": "IQ",
    "place_precision": "point",
}


def mention(article: str = "a1", idx: int = 0, **kw: object) -> FusionMention:
    sentence = str(kw.pop("sentence", "Four soldiers were killed in fighting in the Old City."))
    defaults: dict[str, object] = {
        "article_id": article,
        "idx": idx,
        "sentence_index": idx,
        "sentence_start": idx * 100,
        "sentence_end": idx * 100 + 60,
        "trigger_start": idx * 100 + 10,
        "trigger_end": idx * 100 + 16,
        "trigger": "killed",
        "plover_type": "ASSAULT",
        "status": "happened",
        "published": datetime(2026, 3, 9, 10, 0),
        "outlet": f"outlet-{article}",
        "story_id": "s1",
        "date_value": "2026-03-09",
        "date_granularity": "day",
        "date_source": "text",
        "words": content_words(sentence),
    }
    defaults.update(kw)
    return FusionMention(**defaults)  # type: ignore[arg-type]


def test_intervals_of_text_dates_and_defaults() -> None:
    day = interval_of("2026-03-09", "day", "text", None)
    assert day is not None and (day.start, day.end, day.precision) == (
        date(2026, 3, 9),
        date(2026, 3, 9),
        "day",
    )
    week = interval_of("2026-W11", "week", "text", None)
    assert week is not None and (week.start, week.end) == (date(2026, 3, 9), date(2026, 3, 15))
    month = interval_of("2026-02", "month", "text", None)
    assert month is not None and month.end == date(2026, 2, 28)
    # defaulted: the days before the publication, or before the donor's for a copy
    pub = interval_of(None, None, "publication", datetime(2026, 3, 17, 6))
    assert pub is not None and pub.end == date(2026, 3, 17) and pub.source == "publication"
    donor = interval_of(
        None, None, "publication", datetime(2026, 3, 17), reported=datetime(2026, 3, 9)
    )
    assert donor is not None and donor.end == date(2026, 3, 9)
    assert interval_of("garbage", "day", "text", None) is None


def test_trigger_stems_and_blocking_keys() -> None:
    assert trigger_stem("killed") == trigger_stem("killing") == "kill"
    assert trigger_stem("explosions") == "explos"
    m = mention(country="IQ", **{k: v for k, v in MOSUL.items() if k != "country"})
    keys = block_keys(m)
    for day in ("2026-03-09", "2026-03-10"):  # the day and the day after, by country and cell
        cells = [k for k in keys if k.startswith(f"s:s1:violence:real:{day}|IQ|")]
        assert len(cells) == 1 and not cells[0].endswith("|-")
        assert wide_prefixes(cells[0]) == [
            f"s:s1:violence:real:{day}|",
            f"s:s1:violence:real:{day}|IQ|",
        ]
    assert "p:violence:real:g99072:2026-03-09" in keys
    # without a place, a mention meets only its story
    assert all(k.startswith("s:") for k in block_keys(mention()))
    # a month date meets only the same month of its story
    coarse = mention(date_value="2026-03", date_granularity="month")
    assert block_keys(coarse) == ["s:s1:violence:real:2026-03-01/2026-03-31"]
    # two day dates meet exactly when the rules let them link (at most a day apart)
    for other, shared in (("2026-03-10", True), ("2026-03-11", False), ("2026-03-08", True)):
        o = mention("a2", date_value=other)
        assert meets(o, mention()) is shared
        assert (link_score(mention(), o) is not None) is shared
    # keys are a function of the mention alone
    assert block_keys(m) == block_keys(replace(m))


def test_blocking_by_place_meets_what_the_place_rules_let_through() -> None:
    """Within a story's day, points meet the points of nearby cells, the places known only to
    their country and the mentions without a country; places of different countries and points
    farther apart than the cells never meet, and the rules keep exactly those apart."""

    def at(article: str, lat: float | None, lon: float | None, country: str | None) -> Any:
        precision = "point" if lat is not None else ("country" if country else None)
        return mention(article, lat=lat, lon=lon, country=country, place_precision=precision)

    mosul = at("a1", 36.34, 43.13, "IQ")
    cases = [
        (at("a2", 36.30, 43.40, "IQ"), True),  # 25 km
        (at("a4", 35.47, 44.39, "IQ"), False),  # Kirkuk
        (at("a5", None, None, "IQ"), True),  # Iraq, no point
        (at("a6", None, None, None), True),  # no place
        (at("a7", 36.34, 43.13, "SY"), False),  # another country
        (at("a8", None, None, "SY"), False),
    ]
    for other, meet in cases:
        assert meets(mosul, other) is meet, other.article_id
        assert (link_score(mosul, other) is not None) is meet, other.article_id
    # about 60 km: kept apart by the rules, whether or not the cells meet
    assert link_score(mosul, at("a3", 36.60, 43.70, "IQ")) is None
    # the mentions without a country, or known only to it, meet one another as before
    assert meets(at("b1", None, None, None), at("b2", None, None, "SY"))
    assert meets(at("b1", None, None, "SY"), at("b2", None, None, "SY"))
    assert not meets(at("b1", None, None, "IQ"), at("b2", None, None, "SY"))


def test_grid_cells_hold_every_point_within_the_cell_width() -> None:
    rng = random.Random(3)
    for _ in range(20_000):
        lat, lon = rng.uniform(-89.9, 89.9), rng.uniform(-180, 180)
        km, bearing = rng.uniform(0, CELL_KM), rng.uniform(0, 2 * math.pi)
        r = km / 6371.0
        la1, lo1 = math.radians(lat), math.radians(lon)
        la2 = math.asin(
            math.sin(la1) * math.cos(r) + math.cos(la1) * math.sin(r) * math.cos(bearing)
        )
        lo2 = lo1 + math.atan2(
            math.sin(bearing) * math.sin(r) * math.cos(la1),
            math.cos(r) - math.sin(la1) * math.sin(la2),
        )
        lat2, lon2 = math.degrees(la2), (math.degrees(lo2) + 540) % 360 - 180
        if haversine_km(lat, lon, lat2, lon2) <= CELL_KM:
            assert grid_cell(lat2, lon2) in near_cells(lat, lon), (lat, lon, lat2, lon2)
    # far cells are not looked up: two points 200 km apart are in no common neighbourhood
    assert grid_cell(36.34, 45.5) not in near_cells(36.34, 43.13)


def test_rules_keep_different_kinds_times_and_places_apart() -> None:
    a = mention("a1")
    assert link_score(a, mention("a2", plover_type="PROTEST")) is None
    assert link_score(a, mention("a2", status="planned")) is None
    assert link_score(a, mention("a2", date_value="2026-03-15")) is None
    assert link_score(a, mention("a2", date_value="2026-03")) is None  # coarse: no chaining
    assert link_score(mention("a1", **MOSUL), mention("a2", **ERBIL)) is None  # 80 km apart
    assert link_score(mention("a1", country="IQ"), mention("a2", country="SY")) is None
    # a day apart is compatible (overnight fighting reported the next day)
    assert link_score(a, mention("a2", date_value="2026-03-10")) is not None


def test_same_incident_joins_and_different_incidents_stay_apart() -> None:
    # two outlets of one story, different words, same day and place: one event
    a = mention("a1", sentence="Four soldiers were killed in fighting in the Old City.", **MOSUL)
    b = mention(
        "a2",
        trigger="clashes",
        sentence="Clashes in Mosul's Old City left four soldiers dead, the army said.",
        **MOSUL,
    )
    assert linked(a, b)
    # same city, same week, different days and stories: two incidents
    c = mention("a3", story_id="s2", date_value="2026-03-13", **MOSUL)
    assert not linked(a, c)
    # different stories need more evidence than the same story
    d = replace(b, story_id="s9")
    assert link_score(a, d) == pytest.approx(link_score(a, b) - 1.0)
    # within one article, the same family and compatible dates join
    e = mention("a1", idx=3, trigger="fighting", sentence="The fighting went on overnight.")
    assert linked(a, e)
    # but not an actor who shares nothing with the other's actors, in another story
    f = mention(
        "a4",
        story_id="s3",
        actor="Kurdish forces",
        target="PKK",
        sentence="Kurdish forces killed two PKK fighters near a checkpoint.",
        **MOSUL,
    )
    g = mention(
        "a5",
        story_id="s4",
        actor="Iraqi military",
        target="Islamic State",
        sentence="Iraqi troops killed a suicide bomber at the market.",
        **MOSUL,
    )
    assert not linked(f, g)


def test_sources_count_a_wire_and_its_reprints_once() -> None:
    wire = mention("wire", outlet="Wire", killed=(4, 4, 4))
    reprint = mention(
        "reprint",
        outlet="Paper",
        published=datetime(2026, 3, 9, 12),
        donor_id="wire",
        donor_sentence=0,
        donor_published=datetime(2026, 3, 9, 10),
        killed=(4, 4, 4),
    )
    own = mention("own", outlet="Daily", published=datetime(2026, 3, 9, 18), killed=(5, 5, 5))
    own_later = mention(
        "own2", outlet="Daily", published=datetime(2026, 3, 10, 9), killed=(6, 6, 6)
    )
    relations = {"reprint": ["wire"]}
    groups = source_groups([wire, reprint, own, own_later], relations)
    assert groups == {"wire": "wire", "reprint": "wire", "own": "own", "own2": "own"}
    event = combine([own_later, reprint, own, wire], relations)
    assert event is not None
    assert event.independent_sources == 2
    assert (event.articles, event.outlets, event.mentions) == (4, 3, 4)
    assert event.first_article_id == "wire" and event.first_outlet == "Wire"
    assert event.event_id == event_id_for(wire)
    # each source's latest report: wire 4, Daily 6; the copy's figure is not counted again
    assert event.figures["killed"] == (4, 4, 6)
    # Wire says 4 and Daily 5 on the same day: a conflict
    assert event.flags == ("conflicting-figures",)


def test_a_rising_toll_is_an_update_not_a_conflict() -> None:
    first = mention("a1", outlet="Wire", killed=(1, 1, 1))
    later = mention("a2", outlet="Daily", published=datetime(2026, 3, 10, 9), killed=(2, 2, 2))
    event = combine([first, later], {})
    assert event is not None and event.flags == ()
    assert event.figures["killed"] == (1, 1, 2)


def test_copies_alone_make_no_event_and_are_dated_by_their_donor() -> None:
    copy = mention(
        "patch",
        published=datetime(2026, 3, 17),
        date_source="publication",
        date_value="2026-03-17",
        donor_id="wire",
        donor_sentence=0,
        donor_published=datetime(2026, 3, 9, 10),
    )
    assert combine([copy], {}) is None
    assert copy.interval is not None and copy.interval.end == date(2026, 3, 9)


def test_status_and_date_rules() -> None:
    said = mention("a1", speaker="an army spokesman")
    assert combine([said], {}).status == "claimed"  # type: ignore[union-attr]
    plain = mention("a2", outlet="Other")
    assert combine([said, plain], {}).status == "happened"  # type: ignore[union-attr]
    planned = mention("a3", status="planned")
    threatened = mention("a4", status="threatened")
    assert combine([planned, threatened, replace(threatened, article_id="a5")], {}).status == (  # type: ignore[union-attr]
        "threatened"
    )
    two_days = combine([mention("a1", date_value="2026-03-08"), mention("a2")], {})
    assert two_days is not None
    assert (two_days.date_start, two_days.date_end, two_days.date_precision) == (
        date(2026, 3, 8),
        date(2026, 3, 9),
        "day",
    )
    defaulted = combine([mention("a1", date_source="publication", date_value="2026-03-09")], {})
    assert defaulted is not None and defaulted.date_source == "publication"
    assert defaulted.date_start == date(2026, 3, 9)


def test_wide_lookups_are_prefixes_of_the_stored_keys() -> None:
    """A place known only to its country looks up its country's keys of the day, a mention
    without a country every key of its story's day, an undated mention every key of its story."""
    point = block_keys(mention(**MOSUL))
    country = mention("a2", country="IQ", place_precision="country")
    nowhere = mention("a3")
    undated = mention("a4", date_value=None, date_source=None, published=None)
    stored = [*point, *block_keys(mention("a5", country="SY", place_precision="country"))]
    for m in (country, nowhere, undated):
        b = blocking(m)
        under = index_prefixes(stored, b.prefixes)
        found = {k for p in b.prefixes for k in under.get(p, ())}
        expected = {
            k for k in stored if k.startswith("s:") and any(k.startswith(p) for p in b.prefixes)
        }
        assert found == expected, m.article_id
    # Iraq meets Mosul's cell keys, not Syria's; no country meets both countries
    iraq = {k for p in blocking(country).prefixes for k in index_prefixes(stored, [p]).get(p, ())}
    assert iraq and all("|IQ|" in k for k in iraq)
    anywhere = index_prefixes(stored, blocking(nowhere).prefixes)
    assert {k.split("|")[1] for ks in anywhere.values() for k in ks} == {"IQ", "SY"}
