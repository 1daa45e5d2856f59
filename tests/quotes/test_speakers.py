"""Speaker resolution and flags: pronouns, surnames, descriptions, unresolved speakers."""

from __future__ import annotations

from collections.abc import Callable

from eventwire.quotes import (
    SPEAKER_NOT_INTRODUCED,
    UNRESOLVED_SPEAKER,
    flag_counts,
    quote_flags,
    quote_key,
)
from eventwire.quotes.extract import QuoteExtraction
from eventwire.records import Quote, Span

Extract = Callable[[str], QuoteExtraction]


def test_pronoun_resolves_to_recent_named_person(extract: Extract) -> None:
    text = (
        "Col Sami Darwish, an army spokesman, told reporters the road to the airport was open.\n\n"
        "He said that convoys would resume on Tuesday."
    )
    quotes = extract(text).quotes
    assert len(quotes) == 2
    assert quotes[0].speaker == "Sami Darwish"
    assert quotes[0].speaker_role == "army spokesman"
    he = quotes[1]
    assert he.speaker_text == "He"
    assert he.speaker == "Sami Darwish"
    assert he.speaker_role == "army spokesman"
    assert he.resolved
    assert extract(text).flags == ()


def test_pronoun_without_antecedent_is_flagged(extract: Extract) -> None:
    text = (
        "Floods closed three schools in the northern districts.\n\n"
        "“The water came in overnight and nobody could stop it,” he said."
    )
    result = extract(text)
    assert len(result.quotes) == 1
    q = result.quotes[0]
    assert q.speaker is None and not q.resolved
    assert [f.code for f in result.flags] == [UNRESOLVED_SPEAKER]
    assert result.flags[0].target_id == quote_key(q)
    assert result.counts == {UNRESOLVED_SPEAKER: 1, SPEAKER_NOT_INTRODUCED: 0}


def test_pronoun_too_far_from_name_is_not_guessed(extract: Extract) -> None:
    filler = "The market reopened. Prices fell. Buses ran late. Schools stayed shut. Rain came. "
    text = (
        f"Mayor Ruth Okafor visited the market on Monday. {filler}She said that repairs were done."
    )
    quotes = extract(text).quotes
    she = next(q for q in quotes if q.speaker_text == "She")
    assert she.speaker is None and not she.resolved


def test_bare_surname_resolves_to_full_name(extract: Extract) -> None:
    text = (
        "Jane Doerr, who runs the Kestrel Valley food bank, opened a second depot on Friday.\n\n"
        "“Demand has tripled since the spring,” Doerr said."
    )
    result = extract(text)
    q = next(q for q in result.quotes if q.speaker_text == "Doerr")
    assert q.speaker == "Jane Doerr"
    assert q.resolved
    assert result.counts[SPEAKER_NOT_INTRODUCED] == 0


def test_bare_surname_not_introduced_is_flagged(extract: Extract) -> None:
    text = (
        "The ferry service will be cut to two crossings a day.\n\n"
        "“We simply do not have the crews this winter,” Halvorsen said."
    )
    result = extract(text)
    q = next(q for q in result.quotes if q.speaker_text == "Halvorsen")
    assert q.speaker is None and not q.resolved
    assert [f.code for f in result.flags] == [SPEAKER_NOT_INTRODUCED]
    assert result.flags[0].detail == "Halvorsen"


def test_definite_description_needs_an_antecedent(extract: Extract) -> None:
    text = (
        "A security source said the convoy was attacked near the checkpoint.\n\n"
        "Two vehicles were destroyed, the source said."
    )
    quotes = extract(text).quotes
    assert quotes[0].speaker == "A security source" and quotes[0].resolved
    assert quotes[1].speaker_text == "the source"
    assert quotes[1].speaker == "A security source"

    alone = "Two vehicles were destroyed near the checkpoint, the source said."
    result = extract(alone)
    assert result.quotes[0].speaker is None
    assert [f.code for f in result.flags] == [UNRESOLVED_SPEAKER]


def test_organisation_speaker(extract: Extract) -> None:
    text = "The Red Crescent said 120 families had been moved to temporary shelters."
    result = extract(text)
    q = result.quotes[0]
    assert q.resolved and q.speaker is not None and "Red Crescent" in q.speaker


def test_an_institution_named_by_its_office_is_a_speaker(extract: Extract) -> None:
    for text, speaker in (
        ("The army said on Tuesday that 12 fighters had been killed.", "The army"),
        ("“The bridge is gone,” the mayor told local radio.", "the mayor"),
        ("The interior ministry said 12 people were arrested.", "The interior ministry"),
    ):
        q = extract(text).quotes[0]
        assert (q.speaker, q.resolved) == (speaker, True), text
    # an office named before is the same speaker; "the official" still points back
    text = "The Ministry of Health said 9 people died. The ministry added that 20 were hurt."
    assert [q.speaker for q in extract(text).quotes] == ["Ministry of Health"] * 2
    q = extract("The official said the road was closed.").quotes[0]
    assert q.speaker is None and not q.resolved


def test_a_name_in_apposition_to_a_description_is_the_speaker(extract: Extract) -> None:
    text = "The company's chief executive, Ruth Mensah, said profits would fall."
    q = extract(text).quotes[0]
    assert (q.speaker, q.speaker_role) == ("Ruth Mensah", "company's chief executive")
    text = "A spokesman for the ministry, Omar Haddad, said talks had failed."
    q = extract(text).quotes[0]
    assert (q.speaker, q.speaker_role) == ("Omar Haddad", "spokesman for the ministry")


def _quote(speaker_text: str | None, *, resolved: bool = False) -> Quote:
    return Quote(
        article_id="a",
        content=Span(start=0, end=5),
        speaker_text=speaker_text,
        resolved=resolved,
    )


def test_quote_flags_from_records() -> None:
    quotes = [
        _quote("Mr. Brandt"),
        _quote("she"),
        _quote("the official"),
        _quote(None),
        _quote("Ana Ruiz", resolved=True),
    ]
    flags = quote_flags(quotes)
    assert [f.code for f in flags] == [
        SPEAKER_NOT_INTRODUCED,
        UNRESOLVED_SPEAKER,
        UNRESOLVED_SPEAKER,
        UNRESOLVED_SPEAKER,
    ]
    assert all(f.target_kind == "quote" for f in flags)
    assert flag_counts(flags) == {UNRESOLVED_SPEAKER: 3, SPEAKER_NOT_INTRODUCED: 1}
    assert flag_counts([]) == {UNRESOLVED_SPEAKER: 0, SPEAKER_NOT_INTRODUCED: 0}


def test_pronoun_agrees_with_known_gender(extract: Extract) -> None:
    text = (
        "Mrs. Clara Voss met Mr. Anton Reyes at the port authority on Monday.\n\n"
        "She said that the new cranes would arrive in March."
    )
    she = next(q for q in extract(text).quotes if q.speaker_text == "She")
    assert she.speaker == "Clara Voss"


def test_role_title_introduces_a_bare_name(extract: Extract) -> None:
    text = "President Okonkwo said the curfew would be lifted at midnight."
    result = extract(text)
    q = result.quotes[0]
    assert q.speaker == "Okonkwo" and q.resolved
    assert q.speaker_role == "President"
    assert result.counts[SPEAKER_NOT_INTRODUCED] == 0

    honorific = "Mr. Okonkwo said the curfew would be lifted at midnight."
    assert extract(honorific).counts[SPEAKER_NOT_INTRODUCED] == 1


def test_role_drops_ages_and_relative_clauses(extract: Extract) -> None:
    text = (
        "Piet Gerrits, a lawyer at Hollis & Vane who represents the growers, said the appeal "
        "would be filed this week. Mara Ilves, 54, said she would not sell her land."
    )
    quotes = extract(text).quotes
    roles = {q.speaker: q.speaker_role for q in quotes}
    assert roles["Piet Gerrits"] == "lawyer at Hollis & Vane"
    assert roles["Mara Ilves"] is None


def test_hyphenated_surname_resolves_to_the_full_name(extract: Extract) -> None:
    text = (
        '"We are advancing street by street," Gen. Karim al-Maamouri, a spokesman for the Joint '
        "Operations Command, told reporters.\n\n"
        "Al-Maamouri said that dozens of militants had been killed."
    )
    quotes = extract(text).quotes
    assert [q.speaker for q in quotes] == ["Karim al-Maamouri", "Karim al-Maamouri"]
    assert quotes[1].speaker_role == "spokesman for the Joint Operations Command"
    assert extract(text).flags == ()


def test_speaker_after_an_opening_phrase_and_a_comma(extract: Extract) -> None:
    text = (
        "In a post on social media, the mayor of Lviv, Andriy Sadovyi, said three buildings "
        "were damaged."
    )
    quotes = extract(text).quotes
    assert [q.speaker for q in quotes] == ["Andriy Sadovyi"]
    assert quotes[0].speaker_span is not None


def test_speaker_after_an_opening_participle_clause(extract: Extract) -> None:
    text = (
        "Speaking at a news conference in Nairobi, the health minister, Susan Wafula, said 12 "
        "people had died."
    )
    assert [q.speaker for q in extract(text).quotes] == ["Susan Wafula"]


def test_a_published_report_is_not_a_speaker(extract: Extract) -> None:
    text = (
        "Rights group Human Rights Watch said in a report published on Monday that at least "
        "12 civilians were killed."
    )
    quotes = extract(text).quotes
    assert len(quotes) == 1, quotes
    assert "Human Rights Watch" in (quotes[0].speaker or "")
    assert text[quotes[0].content.start : quotes[0].content.end].startswith("at least 12")


def test_a_naming_participle_is_not_a_cue(extract: Extract) -> None:
    text = "The attack was carried out by a group called the Northern Front."
    assert not extract(text).quotes


def test_an_age_before_the_role_introduces_a_first_name(extract: Extract) -> None:
    quotes = extract("“Nobody came to help us,” said Fatima, 34, a mother of three.").quotes
    assert [(q.speaker, q.speaker_role, q.resolved) for q in quotes] == [
        ("Fatima", "mother of three", True)
    ]


def test_an_organisation_in_apposition_is_the_speaker(extract: Extract) -> None:
    text = "The United Nations refugee agency, UNHCR, said 3,000 people had crossed the border."
    quotes = extract(text).quotes
    assert [(q.speaker, q.speaker_role) for q in quotes] == [
        ("UNHCR", "United Nations refugee agency")
    ]


def test_a_service_named_by_its_office_is_a_speaker(extract: Extract) -> None:
    quotes = extract("The fire started in the kitchen, the fire brigade said.").quotes
    assert [(q.speaker_text, q.resolved) for q in quotes] == [("the fire brigade", True)]


def test_a_title_keeps_the_words_that_qualify_it(extract: Extract) -> None:
    text = (
        "Foreign Minister Anna Berg said sanctions would stay. UN Secretary-General Antonio "
        "Guterres called for an immediate ceasefire."
    )
    roles = [(q.speaker, q.speaker_role) for q in extract(text).quotes]
    assert roles == [
        ("Anna Berg", "Foreign Minister"),
        ("Antonio Guterres", "UN Secretary-General"),
    ]


def test_a_description_before_an_organisation_is_its_role(extract: Extract) -> None:
    quotes = extract("The rights group Amnesty International said the trial was unfair.").quotes
    assert [(q.speaker, q.speaker_role) for q in quotes] == [
        ("Amnesty International", "rights group")
    ]


def test_a_name_the_recogniser_missed_is_a_person_for_pronouns(extract: Extract) -> None:
    """The small English model leaves many non-English names unlabelled ("Ana Ruiz"): a run of
    proper nouns that is a subject still counts as a person that "she" points back to."""
    text = (
        "Ana Ruiz, the mayor, said the bridge would reopen on Monday. She did not give a cost.\n\n"
        "“We are ready,” she added."
    )
    quotes = extract(text).quotes
    assert [q.speaker for q in quotes] == ["Ana Ruiz", "Ana Ruiz"]
    described = extract("The mayor, Ana Ruiz, said the bridge would reopen on Monday.").quotes
    assert [(q.speaker, q.speaker_role) for q in described] == [("Ana Ruiz", "mayor")]


def test_a_name_given_by_a_participle_is_the_speaker(extract: Extract) -> None:
    man = extract("“We are not leaving,” a man identified as Captain Ivo Marek said on Monday.")
    assert [q.speaker for q in man.quotes] == ["Ivo Marek"]
    group = extract("A group known as the Free Coast Militia said it had freed the hostages.")
    assert [q.speaker for q in group.quotes] == ["Free Coast Militia"]
    calling = extract("A militia calling itself the Dawn Brigade said it had shelled the port.")
    # "calling itself" names the group; it is not an attribution of its own
    assert [(q.speaker, q.resolved) for q in calling.quotes] == [("Dawn Brigade", True)]


def test_quoted_as_saying_gives_the_words_to_the_one_quoted(extract: Extract) -> None:
    text = "Ansa quoted Interior Minister Paolo Verdi as saying the border would stay open."
    quotes = extract(text).quotes
    assert len(quotes) == 1
    q = quotes[0]
    assert (q.speaker, q.speaker_role) == ("Paolo Verdi", "Interior Minister")
    assert text[q.content.start : q.content.end] == "the border would stay open"
    official = extract("Interfax quoted an unnamed official as saying that talks would resume.")
    assert [q.speaker_text for q in official.quotes] == ["an unnamed official"]


def test_a_speaker_after_a_closing_mark_that_the_parser_hangs_inside_the_quote(
    extract: Extract,
) -> None:
    """The parser makes "Flynn" an apposition of a noun inside the quote and "said" a
    conjunct of its verb; the name between the closing mark and the verb is the speaker."""
    text = (
        "“This is a disgrace for the council and frankly the mayor and our police,” Reyes, a "
        "former deputy, said on Thursday morning."
    )
    quotes = extract(text).quotes
    assert [(q.speaker_text, q.speaker_role) for q in quotes] == [("Reyes", "former deputy")]
