"""The seed page: a headline over a body stitched from several reports.

Stand-in donors are built at run time: the seed's sentences, read from ../shared/examples, are
placed inside paragraphs written here and published a few days before the page. The donors keep
the credits the page dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from eventwire.provenance.headline import headline_flags, headline_support
from eventwire.provenance.index import SentenceIndex
from eventwire.provenance.normalise import simple_sentence_spans
from eventwire.provenance.relations import FlagCode, RelationKind, relate
from eventwire.text import tokens

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "seed-article.txt"

FILLERS = [
    (
        "Checkpoints on the road north of the city were crowded with families on foot.",
        "Aid workers said they expected more people to arrive in the coming days.",
    ),
    (
        "Mortar fire could be heard from the riverbank for most of the afternoon.",
        "Shops in the eastern districts reopened for the first time in weeks.",
    ),
    (
        "Officials at the provincial council declined to give a timetable for the offensive.",
        "A curfew remained in force across several neighbourhoods overnight.",
    ),
    (
        "Doctors at a field hospital described treating dozens of wounded civilians.",
        "Water and electricity supplies remained cut in much of the west of the city.",
    ),
    (
        "Engineers began repairing a damaged pontoon bridge south of the city.",
        "The United Nations said its warehouses were running short of tents.",
    ),
    (
        "Military vehicles lined the main highway leading into the city from the south.",
        "Residents said prices of flour and cooking gas had doubled in a week.",
    ),
]
N_DONORS = len(FILLERS)
T_PAGE = datetime(2017, 5, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[tuple[int, int]]]:
    if not SEED.is_file():
        pytest.skip("../shared/examples/seed-article.txt is absent")
    text = SEED.read_text(encoding="utf-8")
    return text, simple_sentence_spans(text)


def body_sentences(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Indexes of the seed's body sentences: not the headline, crossheads or the byline."""
    out = []
    for index, (a, b) in enumerate(spans[1:], start=1):
        sentence = text[a:b]
        if len(tokens(sentence)) >= 5 and sentence.rstrip()[-1:] in '.!?"':
            out.append(index)
    return out


def donor_version(sentence: str, donor: int) -> str:
    """The donor's wording: credits the page dropped put back, other names spelled its way."""
    sentence = sentence.replace(", he said.", ", Lieutenant Colonel Haidar Mahdi said.")
    sentence = sentence.replace(", the source said.", ", a police source told Reuters.")
    if donor % 2:
        sentence = sentence.replace("ISIL", "Daesh").replace("USA", "U.S.")
    return sentence


def build_index(text: str, spans: list[tuple[int, int]]) -> tuple[SentenceIndex, dict[int, str]]:
    placed: dict[int, list[int]] = {d: [] for d in range(N_DONORS)}
    for n, number in enumerate(body_sentences(text, spans)):
        placed[n % N_DONORS].append(number)
    index = SentenceIndex()
    where: dict[int, str] = {}
    for donor, sentence_indexes in placed.items():
        before, after = FILLERS[donor]
        parts = [before]
        for i in sentence_indexes:
            a, b = spans[i]
            parts.append(donor_version(text[a:b], donor))
            where[i] = f"donor-{donor}"
        parts.append(after)
        donor_text = "\n".join(parts)
        index.add_article(
            f"donor-{donor}",
            T_PAGE - timedelta(days=N_DONORS - donor),
            donor_text,
            simple_sentence_spans(donor_text),
        )
    return index, where


def test_seed_is_patchwork_with_traced_sentences(seed: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = seed
    index, where = build_index(text, spans)
    title = text[spans[0][0] : spans[0][1]]
    prov = index.query_article("seed", T_PAGE, text, spans, title)
    traced = [
        i
        for i, s in enumerate(prov.sentences)
        if s.earliest and s.earliest.article_id == where.get(i)
    ]
    assert len(where) >= 12
    assert len(traced) >= 0.9 * len(where)
    assert prov.copied_share >= 0.8
    assert prov.earliest_source == "donor-0"
    result = relate(prov)
    assert result.kind is RelationKind.PATCHWORK
    assert {FlagCode.COPIED, FlagCode.PATCHWORK} <= set(result.flag_codes)
    patch_donors = {r.donor_id for r in result.relations if r.kind is RelationKind.PATCHWORK}
    assert patch_donors == {f"donor-{d}" for d in range(N_DONORS)}
    assert max(r.score for r in result.relations) < 0.4
    stripped = [f for f in result.flags if f.code == FlagCode.ATTRIBUTION_STRIPPED]
    credits = {f.extra["credit"] for f in stripped}
    assert "lieutenant colonel haidar mahdi" in credits
    assert any("reuters" in c for c in credits)


def test_seed_headline_is_unsupported(seed: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = seed
    title = text[spans[0][0] : spans[0][1]]
    support = headline_support("seed", T_PAGE, text, spans, title)
    assert support.supported is False
    assert {"isis", "alqaeda"} <= set(support.actors)
    assert 0 in support.skipped  # the headline repeated at the top
    assert [f.code for f in headline_flags(support, spans)] == ["headline-unsupported"]
