"""Figures read from the parse, on invented sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventwire.figures import extract_figures
from eventwire.records import Figure


def _one(nlp: Language, text: str) -> Figure:
    figures = extract_figures(nlp(text), article_id="t1")
    assert len(figures) == 1, [(f.text, f.kind) for f in figures]
    return figures[0]


def test_passive_killed_with_about(nlp: Language) -> None:
    text = "Three Kerani border guards were killed in an ambush near Tolvik, officials said."
    fig = _one(nlp, text)
    assert (fig.kind, fig.low, fig.best, fig.high) == ("killed", 3, 3, 3)
    assert fig.about == "Kerani border guards"
    assert text[fig.span.start : fig.span.end] == fig.text == "Three"
    assert fig.article_id == "t1"
    assert fig.projection is False


def test_active_object_and_agent_is_not_a_victim_count(nlp: Language) -> None:
    fig = _one(nlp, "Four gunmen killed two police officers at a checkpoint.")
    assert (fig.kind, fig.best, fig.about) == ("killed", 2, "police officers")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Eleven people were wounded when the shell hit the bus station.", "injured"),
        ("Police arrested 23 students outside the ministry.", "arrested"),
        ("Gunmen abducted nine aid workers on the coast road.", "kidnapped"),
        ("Six fishermen remain missing after the storm.", "missing"),
        ("About 5,000 villagers fled the valley overnight.", "displaced"),
        ("Hundreds of families were displaced by the floods.", "displaced"),
        ("The fighting forced 1,200 families to flee their homes.", "displaced"),
        ("The death toll rose to 45 on Tuesday.", "killed"),
        ("The blast left 12 dead in the market.", "killed"),
        ("The landslide claimed 17 lives.", "killed"),
        ("Soldiers detained a dozen men in the raid.", "arrested"),
    ],
)
def test_kinds(nlp: Language, text: str, kind: str) -> None:
    assert _one(nlp, text).kind == kind


def test_vague_numbers_follow_acled(nlp: Language) -> None:
    fig = _one(nlp, "Dozens of protesters were arrested in the capital.")
    assert (fig.kind, fig.best, fig.low, fig.high, fig.about) == (
        "arrested",
        12,
        12,
        None,
        "protesters",
    )


def test_bounds(nlp: Language) -> None:
    fig = _one(nlp, "At least 30 people were killed in the attack on the market.")
    assert (fig.low, fig.best, fig.high) == (30, 30, None)
    fig = _one(nlp, "Nearly 80,000 residents have fled the city since the siege began.")
    assert (fig.kind, fig.low, fig.best, fig.high) == ("displaced", None, 80_000, 80_000)
    fig = _one(nlp, "Between 20 and 30 miners were killed in the collapse.")
    assert (fig.low, fig.best, fig.high) == (20, 20, 30)
    fig = _one(nlp, "More than 40 villagers were kidnapped last month.")
    assert (fig.kind, fig.low, fig.high) == ("kidnapped", 40, None)


def test_projection_is_kept_apart(nlp: Language) -> None:
    fig = _one(nlp, "Officials warned that up to 200,000 people may flee the coastal towns.")
    assert (fig.kind, fig.high, fig.projection) == ("displaced", 200_000, True)
    fig = _one(nlp, "Some 3,000 residents are expected to flee before the dam opens.")
    assert (fig.kind, fig.best, fig.projection) == ("displaced", 3000, True)
    fig = _one(nlp, "Some 3,000 residents fled before the dam opened.")
    assert fig.projection is False


def test_other_quantities(nlp: Language) -> None:
    text = "The rebels hold about 12,000 square kilometres, or 9.5 percent of the province."
    figs = extract_figures(nlp(text), article_id="t1")
    assert [(f.kind, f.text, f.best) for f in figs] == [
        ("other", "about 12,000 square kilometres", 12_000),
        ("other", "9.5 percent", 9.5),
    ]
    assert figs[0].about == "square kilometres"
    assert figs[1].about == "the province"


def test_dates_and_plain_counts_are_not_figures(nlp: Language) -> None:
    text = "The group was founded in 2004 and runs 40 schools."
    assert extract_figures(nlp(text), article_id="t1") == []


def test_string_input_uses_the_default_pipeline() -> None:
    figs = extract_figures("Two miners were killed.", article_id="t2")
    assert [(f.kind, f.best) for f in figs] == [("killed", 2)]


def test_one_of_and_ages(nlp: Language) -> None:
    fig = _one(nlp, "One of the fishermen was killed when the boat capsized.")
    assert (fig.kind, fig.best, fig.about) == ("killed", 1, "fishermen")
    assert extract_figures(nlp("A 31-year-old farmer was killed."), article_id="t1") == []


def test_subject_of_active_killing_is_not_counted(nlp: Language) -> None:
    figs = extract_figures(nlp("Twelve gunmen attacked the post."), article_id="t1")
    assert figs == []
    assert extract_figures(nlp("Five attackers killed a guard."), article_id="t1") == []
