"""Headline support: actors and predicate carried by a body sentence, or not."""

from __future__ import annotations

from eventwire.provenance.headline import headline_flags, headline_support
from eventwire.provenance.normalise import simple_sentence_spans
from eventwire.text import stem

BODY = (
    "KADUGLI, Sudan - Rebel fighters seized the airport in Kadugli on Tuesday after a "
    "two-day battle, residents said. "
    "The army said it had pulled back to its barracks on the northern edge of the town. "
    "Rebels and the army to hold talks\n"
    "A spokesman for the rebels, Osman Dafallah, said the group was ready to hold talks."
)


def support(title: str | None, body: str = BODY):  # type: ignore[no-untyped-def]
    return headline_support("a1", None, body, simple_sentence_spans(body), title)


def test_supported_headline() -> None:
    result = support("Rebels seize airport in Kadugli")
    assert result.supported is True
    assert result.actors == ("kadugli",)
    assert set(result.predicate) == {"rebel", "seiz", "airport"}
    assert result.best_sentence == 0
    assert headline_flags(result) == ()


def test_predicate_paraphrase_in_synonym_table() -> None:
    body = "Police in Kadugli arrested twelve men on Tuesday, a court official said."
    assert support("Kadugli suspects detained", body).supported is True  # detain ~ arrest
    assert support("Kadugli suspects freed", body).supported is False


def test_acronym_and_shared_prefix_match() -> None:
    body = (
        "The Rapid Support Forces shelled the outskirts of Kadugli on Monday. "
        "Floodwaters cut the road to the airport, residents said."
    )
    assert support("RSF shells Kadugli", body).supported is True
    assert support("Floods cut Kadugli airport road", body).supported is False  # no Kadugli
    assert support("Floods cut airport road", body).supported is True


def test_unsupported_headline_is_flagged() -> None:
    result = support("Army retakes Kadugli airport")
    assert result.supported is False
    spans = simple_sentence_spans(BODY)
    flags = headline_flags(result, spans)
    assert [f.code for f in flags] == ["headline-unsupported"]
    assert flags[0].span is not None
    assert flags[0].span.start == spans[result.best_sentence or 0][0]


def test_headline_like_fragment_is_not_support() -> None:
    # The crosshead names the actors and "talks" but is a fragment without a full stop.
    result = support("Rebels and army in talks on Kadugli ceasefire")
    assert 2 in result.skipped
    assert result.supported is False
    body = BODY.replace("Rebels and the army to hold talks\n", "")
    body += " Rebels and the army will hold talks on a ceasefire in Kadugli next week."
    assert support("Rebels and army in talks on Kadugli ceasefire", body).supported is True


def test_headline_repeated_at_head_of_body_is_skipped() -> None:
    body = "Army retakes Kadugli airport\n" + BODY
    result = support("Army retakes Kadugli airport", body)
    assert 0 in result.skipped
    assert result.supported is False


def test_no_headline() -> None:
    assert support(None).supported is None
    assert support("   ").supported is None
    assert support("The and of").supported is None
    assert headline_flags(support(None)) == ()


def test_stem() -> None:
    assert stem("talks") == stem("talk")
    assert stem("seized") == stem("seize")
    assert stem("retaken") == stem("retakes")
    assert stem("fled") == stem("flee")
