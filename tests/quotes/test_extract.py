"""Quote extraction: quotation-mark styles, interrupted quotes, reported speech, according to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from eventwire.quotes import extract_many, extract_quotes
from eventwire.quotes.extract import QuoteExtraction, quote_key
from eventwire.quotes.marks import find_quoted_segments
from eventwire.records import Quote

Extract = Callable[[str], QuoteExtraction]


def _content(text: str, q: Quote) -> str:
    return q.content.text_of(text)


def _only(result: QuoteExtraction) -> Quote:
    assert len(result.quotes) == 1, [q for q in result.quotes]
    return result.quotes[0]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [('"', '"'), ("“", "”"), ("«", "»"), ("‘", "’")],
    ids=["straight", "curly", "guillemets", "single-curly"],
)
def test_direct_quote_in_each_mark_style(extract: Extract, opening: str, closing: str) -> None:
    body = "The river crossing will reopen before the end of the month,"
    text = f"{opening}{body}{closing} said Marta Velkova, the regional transport director."
    q = _only(extract(text))
    assert _content(text, q) == f"{opening}{body}{closing}"
    assert q.kind == "direct"
    assert q.cue is not None and q.cue.text_of(text) == "said"
    assert q.speaker == "Marta Velkova"
    assert q.speaker_role == "regional transport director"
    assert q.resolved


def test_apostrophes_are_not_single_quotes() -> None:
    text = "The council’s plan didn’t pass, and the mayor’s office said nothing."
    assert find_quoted_segments(text) == []


def test_unclosed_quote_runs_to_end_of_paragraph() -> None:
    text = "“We will rebuild the market.\n\n“And we will do it this year,” she said."
    segments = find_quoted_segments(text)
    assert [text[s.start : s.end] for s in segments] == [
        "“We will rebuild the market.",
        "“And we will do it this year,”",
    ]
    assert not segments[0].closed


def test_multi_sentence_quote_is_one_content(extract: Extract) -> None:
    text = (
        "“The shelling stopped at dawn. By noon the first trucks had crossed the bridge. "
        "Nobody expected it to hold,” said Tomas Ferreira, a local aid worker."
    )
    q = _only(extract(text))
    assert _content(text, q).startswith("“The shelling stopped")
    assert _content(text, q).endswith("hold,”")
    assert q.speaker == "Tomas Ferreira"


def test_quote_interrupted_by_cue_covers_both_parts(extract: Extract) -> None:
    text = (
        "Police chief Anna Brisk spoke to reporters on Monday.\n\n"
        "“We have made four arrests,” she said. “More will follow in the coming days.”"
    )
    q = _only(extract(text))
    content = _content(text, q)
    assert content.startswith("“We have made four arrests,”")
    assert content.endswith("“More will follow in the coming days.”")
    assert q.speaker == "Anna Brisk"
    assert q.speaker_text == "she"


def test_reported_speech_with_that(extract: Extract) -> None:
    text = "Harbour master Olu Bankole said that two cargo ships had run aground overnight."
    q = _only(extract(text))
    assert _content(text, q) == "two cargo ships had run aground overnight"
    assert q.kind == "indirect"
    assert q.speaker == "Olu Bankole"


def test_reported_speech_told_and_warned(extract: Extract) -> None:
    text = (
        "Defence minister Petra Lind told the Northern Courier the border would stay closed. "
        "Lind warned that smugglers were using the mountain passes."
    )
    quotes = extract(text).quotes
    cues = [q.cue.text_of(text) for q in quotes if q.cue]
    assert cues == ["told", "warned"]
    assert _content(text, quotes[0]) == "the border would stay closed"
    assert _content(text, quotes[1]) == "smugglers were using the mountain passes"
    assert {q.speaker for q in quotes} == {"Petra Lind"}


def test_cue_after_content(extract: Extract) -> None:
    text = "Three fishing boats were missing after the storm, a coast guard officer said on Sunday."
    q = _only(extract(text))
    assert _content(text, q) == "Three fishing boats were missing after the storm"
    assert q.speaker_text == "a coast guard officer"
    assert q.resolved  # a described source is a speaker in its own right


def test_according_to(extract: Extract) -> None:
    text = "According to the Valmora health ministry, 42 people were treated for smoke inhalation."
    q = _only(extract(text))
    assert q.cue is not None and q.cue.text_of(text) == "According to"
    assert _content(text, q) == "42 people were treated for smoke inhalation"
    assert q.speaker_text is not None and "Valmora health ministry" in q.speaker_text


def test_mixed_quote_keeps_reported_clause(extract: Extract) -> None:
    text = (
        "Senator Ida Marsh said the proposal was “a betrayal of every farmer in this valley” "
        "and promised to vote against it."
    )
    quotes = extract(text).quotes
    said = next(q for q in quotes if q.cue and q.cue.text_of(text) == "said")
    assert said.kind == "mixed"
    assert _content(text, said).startswith("the proposal was “a betrayal")


def test_cue_inside_a_quote_is_not_an_attribution(extract: Extract) -> None:
    text = "“My mother told me the water was rising,” said Leila Haddad, a farmer."
    q = _only(extract(text))
    assert q.speaker == "Leila Haddad"


def test_offsets_index_doc_text_and_keys_are_stable(extract: Extract) -> None:
    text = "Officials said the vote would go ahead. “We are ready,” said Ines Carvalho."
    result = extract(text)
    for q in result.quotes:
        assert 0 <= q.content.start < q.content.end <= len(text)
        assert q.article_id == "t1"
    keys = [quote_key(q) for q in result.quotes]
    assert len(set(keys)) == len(keys)
    assert keys == [quote_key(q) for q in extract(text).quotes]


def test_no_cue_no_quote(extract: Extract) -> None:
    text = "The bridge was rebuilt in 2019. Traffic has doubled since then."
    assert extract(text).quotes == ()


def test_quote_continues_in_following_quote_paragraph(extract: Extract) -> None:
    text = (
        "“The tanks came at night,” said Ruslan Tarev, a shopkeeper in the old quarter.\n\n"
        "“By morning the whole street had left. Nobody has come back since.”\n\n"
        "The district council met on Tuesday."
    )
    q = _only(extract(text))
    assert _content(text, q).endswith("Nobody has come back since.”")
    assert q.speaker == "Ruslan Tarev"


def test_colon_introduces_quote_paragraph(extract: Extract) -> None:
    text = (
        "Governor Elena Sousa ended her address with a warning:\n\n"
        "“If the levees fail again, we will not get a third chance to rebuild this city.”"
    )
    q = _only(extract(text))
    assert _content(text, q).startswith("“If the levees fail again")
    assert q.speaker == "Elena Sousa"


def test_headline_colon_attribution(extract: Extract) -> None:
    text = "Harbour Board: Night Crossings Will Resume Next Week\n\nThe board met on Monday."
    q = _only(extract(text))
    assert q.cue is not None and q.cue.text_of(text) == ":"
    assert _content(text, q) == "Night Crossings Will Resume Next Week"


def test_two_apostrophes_as_quotation_marks(extract: Extract) -> None:
    text = "''We have never seen the lake this low,'' said Bram Hollis, the park ranger."
    q = _only(extract(text))
    assert _content(text, q) == "''We have never seen the lake this low,''"
    assert q.kind == "direct"


def test_stance_cues_can_be_left_out(nlp: Language) -> None:
    text = "The mayor criticized the transport budget. She said that fares would rise."
    doc = nlp(text)
    with_stance = extract_quotes(doc, article_id="s")
    without = extract_quotes(doc, article_id="s", stance=False)
    cues = {q.cue.text_of(text) for q in with_stance if q.cue}
    assert cues == {"criticized", "said"}
    assert [q.cue.text_of(text) for q in without if q.cue] == ["said"]


def test_extract_many_streams_per_article(nlp: Language) -> None:
    texts = [("Officials said the road was closed.", "a1"), ("No quotes in this one.", "a2")]
    results = list(extract_many(nlp.pipe(texts, as_tuples=True)))
    assert [r.article_id for r in results] == ["a1", "a2"]
    assert len(results[0].quotes) == 1 and results[1].quotes == ()
