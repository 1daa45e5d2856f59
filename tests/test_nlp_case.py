"""Texts written in capitals are parsed in sentence case, with every offset kept."""

from __future__ import annotations

from spacy.language import Language

from eventwire.nlp import pipe_texts
from eventwire.nlp.pipeline import readable_case

SHOUTING = (
    "SAN SALVADOR, 3 JAN 90 -- THE ARMY REPORTED THAT ABOUT 50 PEASANTS HAVE BEEN KIDNAPPED "
    "BY TERRORISTS IN SAN MIGUEL.  ACCORDING TO THE GARRISON, THE KIDNAPPING TOOK PLACE ON "
    "30 DECEMBER.\n\n   MEANWHILE, THREE SOLDIERS WERE WOUNDED IN A CLASH."
)


def test_a_text_in_capitals_is_read_in_sentence_case_with_its_length() -> None:
    read = readable_case(SHOUTING)
    assert len(read) == len(SHOUTING)
    assert read.startswith("San salvador, 3 jan 90 -- the army reported")
    assert ".  According to the garrison" in read and "   Meanwhile, three" in read
    # a letter whose lower case is longer (dotted capital I) is left as it is
    assert len(readable_case("İSTANBUL " + SHOUTING)) == len(SHOUTING) + 9


def test_other_texts_are_left_as_they_are() -> None:
    mixed = "The NATO summit opened in Vilnius. Leaders of the G7 met the UN chief."
    assert readable_case(mixed) == mixed
    assert readable_case("BREAKING: FLOODS IN PORTO ALEGRE") == "BREAKING: FLOODS IN PORTO ALEGRE"


def test_the_parse_of_a_text_in_capitals_finds_its_words(nlp: Language) -> None:
    ((doc, context),) = list(pipe_texts([(SHOUTING, "ctx")], nlp=nlp))
    assert context == "ctx" and len(doc.text) == len(SHOUTING)
    lemmas = {t.lemma_ for t in doc}
    assert {"kidnap", "report", "wound"} <= lemmas  # read as verbs, not as proper nouns
