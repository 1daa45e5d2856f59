"""Independent sources: a wire story and its reprints count once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from eventwire.provenance.index import SentenceIndex
from eventwire.provenance.normalise import simple_sentence_spans
from eventwire.provenance.relations import relate
from eventwire.records import ArticleRelations
from eventwire.stories.sources import independent_sources

T0 = datetime(2017, 3, 1, 7, 0, tzinfo=UTC)

WIRE = (
    "Gunmen attacked a police checkpoint on the outskirts of Tikrit late on Monday, killing "
    "four policemen, security sources said. "
    "The attackers fled in two pickup trucks towards the desert west of the city. "
    "Police closed the main highway for several hours while they searched nearby farms. "
    "A curfew was imposed on the district until Tuesday morning."
)

LOCAL = (
    "Relatives of the four policemen killed in Monday's attack near Tikrit gathered at the "
    "city hospital on Tuesday. "
    "A cousin of one of the men said the checkpoint had asked for reinforcements for weeks. "
    "Provincial officials promised an inquiry into how the gunmen escaped. "
    "Funerals were held in the afternoon under heavy security."
)


def spans(text: str) -> list[tuple[int, int]]:
    return simple_sentence_spans(text)


def run(articles: list[tuple[str, str]]) -> dict[str, ArticleRelations]:
    index = SentenceIndex()
    out = {}
    for hour, (article_id, text) in enumerate(articles):
        when = T0 + timedelta(hours=hour)
        out[article_id] = relate(index.query_article(article_id, when, text, spans(text)))
        index.add_article(article_id, when, text, spans(text))
    return out


def patchwork() -> str:
    wire = [WIRE[a:b] for a, b in spans(WIRE)]
    local = [LOCAL[a:b] for a, b in spans(LOCAL)]
    return " ".join([wire[0], local[1], wire[2], local[3]])


def test_wire_and_reprints_count_once() -> None:
    relations = run([("wire", WIRE), ("reprint-1", WIRE), ("reprint-2", WIRE)])
    assert independent_sources(["wire", "reprint-1", "reprint-2"], relations) == 1


def test_independent_report_counts_and_patchwork_does_not() -> None:
    relations = run([("wire", WIRE), ("reprint-1", WIRE), ("local", LOCAL), ("page", patchwork())])
    assert relations["page"].kind is not None
    assert independent_sources(["wire", "reprint-1", "local", "page"], relations) == 2
    assert independent_sources(["wire", "local"], relations) == 2


def test_reprints_of_a_source_outside_the_story_count_once() -> None:
    relations = run([("wire", WIRE), ("reprint-1", WIRE), ("reprint-2", WIRE)])
    assert independent_sources(["reprint-1", "reprint-2"], relations) == 1


def test_articles_without_relations_are_original() -> None:
    assert independent_sources(["a", "b", "a"], {}) == 2
    assert independent_sources([], {}) == 0
