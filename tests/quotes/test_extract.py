"""Quote extraction: quotation-mark styles, interrupted quotes, reported speech, according to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from eventwire.quotes import extract_many, extract_quotes
from eventwire.quotes.extract import QuoteExtraction, quote_key
from eventwire.quotes.marks import find_quoted_segments
from eventwire.quotes.reported import _clause_in_medium
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


@pytest.mark.parametrize(
    ("text", "content", "speaker_text"),
    [
        (
            "The regulator said in a ruling published late on Friday that the mine had pumped "
            "more water than its permit allowed.",
            "the mine had pumped more water than its permit allowed",
            "The regulator",
        ),
        (
            "The ministry said in a statement that the claim was false.",
            "the claim was false",
            "The ministry",
        ),
        (
            "Candidate Rosa Ibarra claimed in a video posted on Sunday that ballot boxes had "
            "been opened early.",
            "ballot boxes had been opened early",
            "Candidate Rosa Ibarra",
        ),
    ],
)
def test_that_clause_hung_on_the_medium_is_the_cues_content(
    extract: Extract, text: str, content: str, speaker_text: str
) -> None:
    q = _only(extract(text))
    assert _content(text, q) == content
    assert q.speaker_text == speaker_text


def test_a_relative_clause_on_the_medium_is_no_content(nlp: Language) -> None:
    doc = nlp("The minister said so in a statement that angered the unions.")
    said = next(t for t in doc if t.text == "said")
    assert _clause_in_medium(said) is None
    doc = nlp("The regulator said in a ruling published on Friday that the mine had lied.")
    said = next(t for t in doc if t.text == "said")
    clause = _clause_in_medium(said)
    assert clause is not None and clause.text == "lied"


def test_speaker_hung_on_an_opening_phrase_as_apposition(extract: Extract) -> None:
    text = (
        "In an interview with Radio Kivu, rebel negotiator Pascal Mutombo said his delegation "
        "would not sign the paper."
    )
    q = _only(extract(text))
    assert _content(text, q) == "his delegation would not sign the paper"
    assert q.speaker_text == "rebel negotiator Pascal Mutombo"
    assert q.speaker == "Pascal Mutombo"


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


def test_mixed_curly_and_straight_marks_close_each_other(extract: Extract) -> None:
    text = '“We will finish the runway by spring," said Dara Quill, the airport manager.'
    segments = find_quoted_segments(text)
    assert [text[s.start : s.end] for s in segments] == ['“We will finish the runway by spring,"']
    q = _only(extract(text))
    assert q.kind == "direct" and q.speaker == "Dara Quill"


def test_straight_mark_before_a_word_does_not_close_a_curly_quote() -> None:
    text = '“The sign read "closed" all week,” she said.'
    (segment,) = find_quoted_segments(text)
    assert text[segment.start : segment.end] == text[: text.index(" she")]


def test_reported_clause_in_the_cue_paragraph(extract: Extract) -> None:
    text = (
        "“We are not finished yet.”\n\n"
        "The mayor's advisers said Sunday that the count would go on until every ballot was read."
    )
    said = [q for q in extract(text).quotes if q.cue and q.cue.text_of(text) == "said"]
    assert [_content(text, q) for q in said] == [
        "the count would go on until every ballot was read"
    ]


def test_poll_phrase_heading_a_sentence(extract: Extract) -> None:
    text = (
        "In a Harlow Institute poll released Monday, Mayor Ines Tallo led her rival by nine points."
    )
    q = _only(extract(text))
    assert q.cue is not None and q.cue.text_of(text) == "In"
    assert _content(text, q) == "Mayor Ines Tallo led her rival by nine points"
    assert q.speaker_text is not None and "poll" in q.speaker_text


def test_as_someone_put_it(extract: Extract) -> None:
    text = "As one Brenton shopkeeper put it, the new bypass has emptied the high street."
    q = _only(extract(text))
    assert q.cue is not None and q.cue.text_of(text) == "put it"
    assert _content(text, q) == "the new bypass has emptied the high street"


def test_answer_as_content(extract: Extract) -> None:
    text = "Asked whether the plan was fair, 61 percent of residents said yes."
    said = [q for q in extract(text).quotes if q.cue and q.cue.text_of(text) == "said"]
    assert [_content(text, q) for q in said] == ["yes"]


def test_participle_cue_after_a_comma_keeps_its_own_content(extract: Extract) -> None:
    text = (
        "Councillor Rhea Dunmore argued that the tram would pay for itself, "
        "saying ticket sales had doubled in a year."
    )
    quotes = extract(text).quotes
    by_cue = {q.cue.text_of(text): _content(text, q) for q in quotes if q.cue}
    assert by_cue["argued"] == "the tram would pay for itself"
    assert by_cue["saying"] == "ticket sales had doubled in a year"


def test_long_tail_stance_cues(extract: Extract) -> None:
    text = "Senator Oona Brill mocked the harbour plan on Tuesday."
    q = _only(extract(text))
    assert q.cue is not None and q.cue.text_of(text) == "mocked"
    assert _content(text, q).startswith("the harbour plan")
    assert q.speaker == "Oona Brill"


def _by_cue(text: str, result: QuoteExtraction) -> dict[str, Quote]:
    return {q.cue.text_of(text): q for q in result.quotes if q.cue}


def test_passive_stance_cue_with_agent(extract: Extract) -> None:
    text = "The harbour plan was derided by Councillor Mara Venn."
    q = _only(extract(text))
    assert q.cue is not None and q.cue.text_of(text) == "derided"
    assert _content(text, q) == "The harbour plan"
    assert q.speaker == "Mara Venn"


def test_passive_expectation_takes_the_clause(extract: Extract) -> None:
    text = "The Velmont governor is expected to sign the water bill on Friday."
    q = _only(extract(text))
    assert _content(text, q) == "The Velmont governor is expected to sign the water bill on Friday"
    assert q.speaker_text is None and not q.resolved


def test_raising_cue_takes_its_own_clause(extract: Extract) -> None:
    text = "Most residents seem ready to accept the new tolls."
    q = _only(extract(text))
    assert q.cue is not None and q.cue.text_of(text) == "seem"
    assert _content(text, q) == "Most residents seem ready to accept the new tolls"


def test_light_verb_cue(extract: Extract) -> None:
    text = "Senator Ilse Corran took a swipe at the transport ministry."
    q = _only(extract(text))
    assert q.cue is not None and q.cue.text_of(text) == "took a swipe"
    assert _content(text, q) == "the transport ministry"
    assert q.speaker == "Ilse Corran"


def test_support_of_someone(extract: Extract) -> None:
    text = "Mayor Tom Brask has the support of the dockworkers union."
    q = _only(extract(text))
    assert q.cue is not None and q.cue.text_of(text) == "support"
    assert _content(text, q) == "Mayor Tom Brask"
    assert q.speaker_text == "the dockworkers union"


def test_reported_clause_keeps_its_trailing_clause(extract: Extract) -> None:
    text = "Officials said the bridge would reopen in May, though repairs could slip."
    q = _only(extract(text))
    assert _content(text, q) == "the bridge would reopen in May, though repairs could slip"


def test_adding_after_a_quote_is_its_own_attribution(extract: Extract) -> None:
    text = (
        "“The pumps are working,” said Lia Horn, the site engineer, "
        "adding that “the water is already going down.”"
    )
    by_cue = _by_cue(text, extract(text))
    assert _content(text, by_cue["said"]) == "“The pumps are working,”"
    assert _content(text, by_cue["adding"]) == "“the water is already going down.”"
    assert by_cue["adding"].speaker == "Lia Horn"


def test_one_word_quote_before_its_cue(extract: Extract) -> None:
    text = "“Never,” she added when asked about a second term."
    by_cue = _by_cue(text, extract(text))
    assert _content(text, by_cue["added"]) == "“Never,”"


def test_calling_for_someone_to_act(extract: Extract) -> None:
    text = "Union leaders are calling for the company to restore the night shift."
    q = _only(extract(text))
    assert _content(text, q) == "the company to restore the night shift"
    assert q.speaker_text == "Union leaders"


def test_headline_cue_tagged_as_a_name(extract: Extract) -> None:
    text = "Corran Slams Ministry Over Late Trains\n\nThe trains ran late again on Monday."
    by_cue = _by_cue(text, extract(text))
    assert _content(text, by_cue["Slams"]) == "Ministry Over Late Trains"


def test_speech_only_mode_skips_the_new_stance_rules(nlp: Language) -> None:
    text = "Senator Ilse Corran took a swipe at the transport ministry. She said fares would rise."
    quotes = extract_quotes(nlp(text), article_id="s", stance=False)
    assert [q.cue.text_of(text) for q in quotes if q.cue] == ["said"]


@pytest.mark.parametrize(
    "text",
    [
        '"The roof came down," said one teacher, who asked not to be named for fear of reprisals.',
        "A diplomat, who declined to be identified, said the talks had failed.",
    ],
)
def test_a_request_for_anonymity_is_not_an_attribution(extract: Extract, text: str) -> None:
    q = _only(extract(text))
    assert "reprisals" not in _content(text, q) and "identified" not in _content(text, q)
    assert q.cue is not None and q.cue.text_of(text) == "said"
