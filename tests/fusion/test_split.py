"""Connected groups of links split where a chain joins mentions that a rule keeps apart."""

from __future__ import annotations

import random
from collections.abc import Sequence

from eventwire.fusion.pairs import DEFAULT_WEIGHTS, kept_apart, linked
from eventwire.fusion.run import _nearest_neighbours
from eventwire.fusion.split import _Part, split_group
from tests.fusion.test_pairs_and_combine import ERBIL, MOSUL, mention

SENTENCE = "Militants attacked an army checkpoint, killing four soldiers, officials said."


def _keys(parts: list[list[object]]) -> list[list[tuple[str, int]]]:
    return [sorted(m.key for m in part) for part in parts]  # type: ignore[attr-defined]


def test_a_group_without_a_conflict_stays_whole() -> None:
    a = mention("a1", 0, sentence=SENTENCE, **MOSUL)
    b = mention("a2", 0, sentence=SENTENCE, **MOSUL)
    c = mention("a3", 0, sentence=SENTENCE)  # no place: compatible with both
    parts = split_group([a, b, c])
    assert len(parts) == 1 and {m.key for m in parts[0]} == {a.key, b.key, c.key}


def test_a_chain_of_days_is_cut_where_its_ends_are_more_than_a_day_apart() -> None:
    # Monday -- Tuesday -- Wednesday: each pair a day apart links, the ends may not be one event
    mon = mention("a1", 0, sentence=SENTENCE, date_value="2026-03-09", **MOSUL)
    tue = mention("a2", 0, sentence=SENTENCE, date_value="2026-03-10", **MOSUL)
    wed = mention("a3", 0, sentence=SENTENCE, date_value="2026-03-11", **MOSUL)
    assert linked(mon, tue) and linked(tue, wed) and kept_apart(mon, wed)
    parts = split_group([mon, tue, wed])
    assert len(parts) == 2
    for part in parts:
        assert not any(kept_apart(x, y) for x in part for y in part)
    assert sorted(len(p) for p in parts) == [1, 2]


def test_a_mention_without_a_place_does_not_bridge_two_towns() -> None:
    # Mosul and Erbil are 80 km apart: the mention with no place links to both, and goes with
    # the one it shares more with (the same article)
    in_mosul = mention("a1", 0, sentence=SENTENCE, **MOSUL)
    nowhere = mention("a1", 1, sentence=SENTENCE)
    in_erbil = mention("a2", 0, sentence=SENTENCE, **ERBIL)
    assert linked(in_mosul, nowhere) and linked(nowhere, in_erbil)
    assert kept_apart(in_mosul, in_erbil)
    parts = split_group([in_erbil, nowhere, in_mosul])
    assert _keys(parts) == [[in_mosul.key, nowhere.key], [in_erbil.key]]


def test_the_parts_do_not_depend_on_the_order_of_the_members() -> None:
    members = [
        mention(f"a{i}", j, sentence=SENTENCE, date_value=f"2026-03-{9 + i % 4:02d}", **place)
        for i in range(6)
        for j, place in enumerate((MOSUL, ERBIL, {}))
    ]
    expected = _keys(split_group(members))
    assert len(expected) > 1
    rng = random.Random(3)
    for _ in range(5):
        shuffled = members[:]
        rng.shuffle(shuffled)
        assert _keys(split_group(shuffled)) == expected


def test_a_copy_follows_its_donor_and_brings_no_conflict() -> None:
    donor = mention("a1", 0, sentence=SENTENCE, **MOSUL)
    # the copy is dated against its donor; its place fields are those of the copier's parse
    copy = mention(
        "a2",
        0,
        sentence=SENTENCE,
        donor_id="a1",
        donor_sentence=0,
        **MOSUL,
    )
    other = mention("a3", 0, sentence=SENTENCE, date_value="2026-03-10", **MOSUL)
    far = mention("a4", 0, sentence=SENTENCE, date_value="2026-03-11", **MOSUL)
    parts = split_group([far, other, copy, donor])
    copy_part = next(p for p in parts if copy.key in {m.key for m in p})
    assert donor.key in {m.key for m in copy_part}


def test_the_neighbours_of_a_large_group_are_those_beside_most_of_its_events() -> None:
    pairs = [("e1", "n1"), ("e2", "n1"), ("e1", "n2"), ("e2", "n3"), ("e1", "e2")]
    sizes = {"n1": 40, "n2": 30, "n3": 30, "e2": 10}

    def sizes_of(ids: Sequence[str]) -> dict[str, int]:
        return {i: sizes[i] for i in ids}

    # e2 is in the group already; n1 sits beside two of its events, n2 and n3 beside one each
    assert _nearest_neighbours(pairs, sizes_of, {"e1", "e2"}, 1000) == {"n1", "n2", "n3"}
    assert _nearest_neighbours(pairs, sizes_of, {"e1", "e2"}, 70) == {"n1", "n2"}
    assert _nearest_neighbours(pairs, sizes_of, {"e1", "e2"}, 39) == set()


def test_a_part_is_kept_apart_exactly_when_two_of_its_members_are() -> None:
    """The summary of a part (its dates, countries and points) decides what the rules would
    decide member by member, on random parts of random mentions."""
    rng = random.Random(11)
    places: list[dict[str, object]] = [
        MOSUL,
        ERBIL,
        {"lat": 36.30, "lon": 43.40, "country": "IQ", "place_precision": "point"},
        {"country": "IQ", "place_precision": "country"},
        {"country": "SY", "place_precision": "admin1"},
        {},
    ]
    dates = [
        ("2026-03-09", "day"),
        ("2026-03-10", "day"),
        ("2026-03-12", "day"),
        ("2026-03", "month"),
        ("2026-W11", "week"),
        (None, None),
    ]
    members = []
    for i in range(60):
        value, granularity = rng.choice(dates)
        members.append(
            mention(
                f"a{i}",
                0,
                sentence=SENTENCE,
                date_value=value,
                date_granularity=granularity,
                status=rng.choice(["happened", "happened", "planned"]),
                **rng.choice(places),
            )
        )
    w = DEFAULT_WEIGHTS
    for _ in range(3000):
        a = rng.sample(members, rng.randint(1, 4))
        b = rng.sample(members, rng.randint(1, 4))
        pa, pb = _Part(a[0]), _Part(b[0])
        for m in a[1:]:
            pa.absorb(_Part(m))
        for m in b[1:]:
            pb.absorb(_Part(m))
        expected = any(kept_apart(x, y, w) for x in a for y in b)
        assert pa.apart(pb, w) is expected, ([m.key for m in a], [m.key for m in b])
