"""Normalisation for copy matching: aliases, numbers, quotes, sentence spans."""

from __future__ import annotations

import pytest

from eventwire.provenance.normalise import (
    char_shingles,
    content_tokens,
    shingles,
    simple_sentence_spans,
)
from eventwire.text import normalise_text, tokens


@pytest.mark.parametrize(
    "spelling",
    ["Daesh", "ISIL", "IS", "Islamic State", "the Islamic State", "ISIS", "Da'esh"],
)
def test_isis_aliases_share_one_token(spelling: str) -> None:
    assert tokens(f"{spelling} fighters withdrew from the village") == [
        "isis",
        "fighters",
        "withdrew",
        "from",
        "the",
        "village",
    ]


@pytest.mark.parametrize("spelling", ["U.S.", "USA", "US", "United States", "U.S.A."])
def test_us_aliases_share_one_token(spelling: str) -> None:
    assert tokens(f"{spelling} advisers arrived") == ["us", "advisers", "arrived"]


def test_lower_case_words_that_look_like_aliases_are_kept() -> None:
    assert tokens("It is up to us now") == ["it", "is", "up", "to", "us", "now"]


def test_al_qaeda_spellings() -> None:
    for spelling in ("al Qaeda", "al-Qaeda", "Al-Qaida", "al-Qa'ida"):
        assert tokens(f"talks with {spelling} stalled") == ["talks", "with", "alqaeda", "stalled"]


def test_numbers_quotes_and_dashes() -> None:
    assert tokens("Two soldiers died; 1,200 fled.") == ["2", "soldiers", "died", "1200", "fled"]
    assert normalise_text("\u201cWe\u2019re here\u201d \u2014 he said") == '"were here" - he said'
    assert tokens("The toll rose to 6.8 percent") == ["the", "toll", "rose", "to", "6.8", "percent"]


def test_content_tokens_drop_function_words_and_reporting_verbs() -> None:
    assert content_tokens(tokens("He said the convoy was hit near the bridge")) == [
        "convoy",
        "hit",
        "near",
        "bridge",
    ]


def test_shingles_handle_short_sentences() -> None:
    assert shingles(["two", "words"], 3) == {"two words"}
    assert "a b c" in shingles(["a", "b", "c", "d"], 3)
    assert char_shingles(["abc"], 5) == {"abc"}
    assert len(char_shingles(["abcdef"], 5)) == 2


def test_simple_sentence_spans() -> None:
    text = 'Troops advanced. "We will win," he said.\nHeadline line without a stop\nLast one!'
    sentences = [text[a:b] for a, b in simple_sentence_spans(text)]
    assert sentences == [
        "Troops advanced.",
        '"We will win," he said.',
        "Headline line without a stop",
        "Last one!",
    ]
