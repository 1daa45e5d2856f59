"""The links of a group scored many pairs at a time are those of the pairwise functions."""

from __future__ import annotations

import random

from eventwire.fusion.mentions import meets
from eventwire.fusion.pairs import link_score, link_threshold
from eventwire.fusion.scores import group_links
from tests.fusion.test_pairs_and_combine import ERBIL, MOSUL, mention

SENTENCES = [
    "Militants attacked an army checkpoint, killing four soldiers, officials said.",
    "Four soldiers were killed when militants attacked a checkpoint near the city.",
    "Police arrested twelve protesters after clashes in the city centre.",
    "The fighting killed dozens of people, a hospital official said.",
]
PLACES: list[dict[str, object]] = [
    MOSUL,
    ERBIL,
    {"lat": 36.30, "lon": 43.40, "geonameid": 1, "country": "IQ", "place_precision": "point"},
    {"country": "IQ", "place_precision": "country"},
    {"country": "SY", "place_precision": "admin1"},
    {},
]
DATES = [
    ("2026-03-09", "day", "text"),
    ("2026-03-10", "day", "text"),
    ("2026-03-10", "day", "publication"),
    ("2026-03-12", "day", "text"),
    ("2026-03", "month", "text"),
    (None, None, None),
]


def _random_mentions(rng: random.Random, n: int) -> list:  # type: ignore[type-arg]
    out = []
    for i in range(n):
        value, granularity, source = rng.choice(DATES)
        figures = rng.choice([{}, {"killed": (4.0, 4.0, 4.0)}, {"injured": (2.0, 2.0, 2.0)}])
        out.append(
            mention(
                f"a{rng.randrange(n // 3 + 1)}",
                i,
                sentence=rng.choice(SENTENCES),
                trigger=rng.choice(["attacked", "killed", "attack", "clashes"]),
                date_value=value,
                date_granularity=granularity,
                date_source=source,
                story_id=rng.choice(["s1", "s2", None]),
                actor=rng.choice([None, "the army", "militants", "police"]),
                target=rng.choice([None, "soldiers", "protesters"]),
                status=rng.choice(["happened", "happened", "planned"]),
                **figures,
                **rng.choice(PLACES),
            )
        )
    return out


def test_group_links_are_the_pairwise_links_of_the_pairs_blocking_compares() -> None:
    rng = random.Random(5)
    for _ in range(5):
        members = sorted(_random_mentions(rng, 80), key=lambda m: m.key)
        expected = []
        for i, a in enumerate(members):
            for j in range(i + 1, len(members)):
                b = members[j]
                if not meets(a, b):
                    continue
                score = link_score(a, b)
                if score is not None and score >= link_threshold(a, b):
                    expected.append((-score, i, j))
        expected.sort()
        assert expected, "the random group has links"
        assert group_links(members) == expected
