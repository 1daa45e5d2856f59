"""The seed article (a stitched page that dropped who said what), read from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from eventwire.quotes import SPEAKER_NOT_INTRODUCED, UNRESOLVED_SPEAKER, extract_attributions
from eventwire.quotes.extract import QuoteExtraction, quote_key
from eventwire.records import Quote

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "seed-article.txt"

pytestmark = pytest.mark.gold


@pytest.fixture(scope="module")
def seed(nlp: Language) -> tuple[str, QuoteExtraction]:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is not available")
    text = SEED.read_text(encoding="utf-8")
    return text, extract_attributions(nlp(text), article_id="seed")


def _quote_containing(text: str, result: QuoteExtraction, needle: str) -> Quote:
    found = [q for q in result.quotes if needle in q.content.text_of(text)]
    assert len(found) == 1, [q.content.text_of(text) for q in found]
    return found[0]


def _codes(result: QuoteExtraction, quote: Quote) -> list[str]:
    return [f.code for f in result.flags if f.target_id == quote_key(quote)]


def test_motorcycles_quote_is_unresolved(seed: tuple[str, QuoteExtraction]) -> None:
    text, result = seed
    q = _quote_containing(text, result, "suicide motorcycles")
    assert q.kind == "direct"
    assert q.speaker is None and not q.resolved
    assert _codes(result, q) == [UNRESOLVED_SPEAKER]


def test_grande_is_not_introduced(seed: tuple[str, QuoteExtraction]) -> None:
    text, result = seed
    q = _quote_containing(text, result, "worst case scenario")
    assert q.speaker_text == "Grande"
    assert q.speaker is None and not q.resolved
    assert _codes(result, q) == [SPEAKER_NOT_INTRODUCED]


def test_rasool_statement_with_role(seed: tuple[str, QuoteExtraction]) -> None:
    text, result = seed
    q = _quote_containing(text, result, "30,000 square kilometres")
    assert q.cue is not None and q.cue.text_of(text) == "told"
    assert q.speaker in {"Yahya Rasool", "Brig Gen Yahya Rasool"}
    assert q.speaker_role == "military spokesman"
    assert q.resolved and _codes(result, q) == []


def test_he_said_resolves_to_rasool(seed: tuple[str, QuoteExtraction]) -> None:
    text, result = seed
    q = _quote_containing(text, result, "around 30 people")
    assert q.speaker_text == "He"
    assert q.speaker in {"Yahya Rasool", "Brig Gen Yahya Rasool"}
    assert q.resolved


def test_flag_counts_match_flags(seed: tuple[str, QuoteExtraction]) -> None:
    _, result = seed
    assert result.counts[SPEAKER_NOT_INTRODUCED] == sum(
        f.code == SPEAKER_NOT_INTRODUCED for f in result.flags
    )
    assert result.counts[UNRESOLVED_SPEAKER] >= 1
    assert result.counts[SPEAKER_NOT_INTRODUCED] == 1
