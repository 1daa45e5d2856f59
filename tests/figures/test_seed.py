"""Figures in the seed article (published Monday 2017-04-17), read from ../shared at run time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from eventwire.dates import extract_times
from eventwire.figures import date_figures, extract_figures
from eventwire.records import Figure, Span

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "seed-article.txt"
PUB = date(2017, 4, 17)


@pytest.fixture(scope="module")
def seed(nlp: Language) -> tuple[str, list[Figure], list[Span]]:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    sentences = [Span(start=s.start_char, end=s.end_char) for s in doc.sents]
    return text, extract_figures(doc, article_id="seed"), sentences


def _only(figures: list[Figure], kind: str, value: float) -> Figure:
    (fig,) = [f for f in figures if f.kind == kind and value in (f.best, f.high)]
    return fig


def test_two_soldiers_killed(seed: tuple[str, list[Figure], list[Span]]) -> None:
    text, figures, _ = seed
    fig = _only(figures, "killed", 2)
    assert text[fig.span.start : fig.span.end] == fig.text
    assert (fig.kind, fig.best, fig.about, fig.projection) == ("killed", 2, "Iraqi soldiers", False)


def test_nearly_330000_fled_over_an_interval(seed: tuple[str, list[Figure], list[Span]]) -> None:
    text, figures, sentences = seed
    fig = _only(figures, "displaced", 330_000)
    assert (fig.kind, fig.low, fig.best, fig.high) == ("displaced", None, 330_000, 330_000)
    assert fig.projection is False
    exprs = extract_times(text, published=PUB, article_id="seed")
    ((_, when),) = date_figures([fig], exprs, sentences=sentences, published=PUB)
    assert when.source == "text"
    assert (when.interval_start, when.interval_end) == ("2016-10", "2017-04-17")


def test_up_to_one_million_is_a_projection(seed: tuple[str, list[Figure], list[Span]]) -> None:
    _text, figures, _ = seed
    fig = _only(figures, "displaced", 1_000_000)
    assert (fig.kind, fig.high, fig.about, fig.projection) == (
        "displaced",
        1_000_000,
        "civilians",
        True,
    )


def test_around_30_killed(seed: tuple[str, list[Figure], list[Span]]) -> None:
    _text, figures, _ = seed
    fig = _only(figures, "killed", 30)
    assert (fig.kind, fig.best, fig.low, fig.high) == ("killed", 30, None, None)


def test_area_and_percentage_are_other(seed: tuple[str, list[Figure], list[Span]]) -> None:
    _text, figures, _ = seed
    area = _only(figures, "other", 30_000)
    assert (area.low, area.high, area.about) == (None, 30_000, "square kilometres")
    share = _only(figures, "other", 6.8)
    assert share.text.endswith("percent")
    assert len(figures) == 7  # 2 killed, 2 displaced, 3 other


def test_no_figure_from_the_year(seed: tuple[str, list[Figure], list[Span]]) -> None:
    _text, figures, _ = seed
    assert all(f.best != 2004 for f in figures)
