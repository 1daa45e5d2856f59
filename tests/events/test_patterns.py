"""Generic coding patterns: phrasal triggers, idioms, parties (actors and targets), intents and
the main mention of a sentence. Every sentence here is invented."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventwire.events import main_mention, normalise_actor, predict_labels
from eventwire.events.actors import country_named, state_force
from eventwire.events.extract import extract_events
from eventwire.records import EventMention, EventStatus
from tests.events.conftest import Mentions, trigger_text


def _main_label(nlp: Language, text: str, *, codebook: bool = False) -> list[str]:
    return predict_labels(nlp(text), "plover", codebook=codebook)


def _main_mention(nlp: Language, text: str) -> EventMention | None:
    doc = nlp(text)
    return main_mention(doc, extract_events(doc, article_id="t"))


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("The appeals court threw out the mayor's lawsuit against the council.", "REJECT"),
        ("The cabinet turned down a proposal from the miners' union.", "REJECT"),
        ("Bus drivers in Tarvo walked out on Monday over unpaid wages.", "PROTEST"),
        ("Thousands took to the streets of Velmar to oppose the new tax.", "PROTEST"),
        ("The editor Ivo Brandt was taken into custody at the border on Friday.", "COERCE"),
        ("The two leaders shook hands on a fishing deal in Varna.", "AGREE"),
        ("The Ghanaian president spoke by telephone with his Togolese counterpart.", "CONSULT"),
        ("Mobile internet was cut across the northern province on Tuesday.", "COERCE"),
        ("The navy dispatched three patrol boats to the disputed reef.", "MOBILIZE"),
        ("Norway voiced strong backing for the peace talks.", "SUPPORT"),
        ("Chile reaffirmed its support for the transition.", "SUPPORT"),
        ("Peru recalled its ambassador from Caracas.", "SANCTION"),
        ("The reserve brigade was called up after the border incident.", "MOBILIZE"),
        ("The relief agency distributed tents to flood victims in Sarn.", "AID"),
        ("Field medics treated dozens of injured villagers at the clinic.", "AID"),
        ("Police and army units carried out joint patrols in the valley.", "COOPERATE"),
        ("The governor withdrew the water levy after a week of strikes.", "CONCEDE"),
        ("Rebels freed 20 hostages as part of the truce.", "RETREAT"),
        ("Kidnappers released six schoolboys on Sunday.", "RETREAT"),
        ("The militia burned villages along the river.", "ASSAULT"),
        ("Gunmen could strike again before the vote, officials fear.", "ASSAULT"),
    ],
)
def test_triggers_and_senses(nlp: Language, text: str, plover: str) -> None:
    assert _main_label(nlp, text) == [plover]


@pytest.mark.parametrize(
    "text",
    [
        "The club fired its manager after a fifth straight defeat.",
        "The striker shot down rumours of a transfer after the match.",
        "Their defence was torn apart by a counter-attack in the 71st minute.",
        "Senators are locked in a battle over the budget.",
        "A strong earthquake struck the coast on Tuesday, killing three people.",
        "Hundreds of families have fled the fighting in the hills.",
        "Traders reopened their shops after the fighting ended.",
        "The lorry overturned on the pass, killing nine passengers.",
    ],
)
def test_no_event_in_sport_idioms_disasters_and_scene_setting(nlp: Language, text: str) -> None:
    assert _main_label(nlp, text) == []


def test_threat_status_and_promise_status(mentions: Mentions) -> None:
    text = "The separatists vowed to attack the pipeline."
    vow = next(m for m in mentions(text) if trigger_text(text, m) == "vowed")
    assert (vow.plover_type, vow.status) == ("THREATEN", EventStatus.THREATENED)
    text = "Ghana pledged to send medical teams to the region."
    pledge = next(m for m in mentions(text) if trigger_text(text, m) == "pledged")
    assert (pledge.plover_type, pledge.status) == ("AGREE", EventStatus.PLANNED)


def test_warning_of_an_outcome_is_no_threat(mentions: Mentions) -> None:
    text = "Aid groups warned that thousands of children could starve."
    assert not [m for m in mentions(text) if m.plover_type == "THREATEN"]


def test_refusal_to_accept_is_reject(mentions: Mentions) -> None:
    text = "The union said it would not accept the new contract."
    (found,) = [m for m in mentions(text) if trigger_text(text, m) == "accept"]
    assert (found.plover_type, found.status) == ("REJECT", EventStatus.HAPPENED)


def test_no_arrests_is_denied(mentions: Mentions) -> None:
    text = "No arrests have been made over the killing, officials said."
    (found,) = [m for m in mentions(text) if trigger_text(text, m) == "arrests"]
    assert found.status is EventStatus.DENIED


def test_reported_agreement_happened(mentions: Mentions) -> None:
    text = "The two parties reached an agreement on grazing rights, mediators announced."
    (found,) = [m for m in mentions(text) if m.plover_type == "AGREE"]
    assert found.status is EventStatus.HAPPENED


def test_planned_acts_keep_their_type_under_the_guide(nlp: Language) -> None:
    text = "The ministers of Chad and Niger will meet in Niamey next week."
    assert _main_label(nlp, text) == ["CONSULT"]
    assert _main_label(nlp, text, codebook=True) == ["AGREE"]


def test_denied_claim_is_the_main_event(nlp: Language) -> None:
    main = _main_mention(nlp, "The militia denied carrying out the ambush on the convoy.")
    assert main is not None
    assert (main.plover_type, main.status) == ("ASSAULT", EventStatus.DENIED)
    assert main.actor == "militia"


def test_coordinated_main_verbs_prefer_the_assault(nlp: Language) -> None:
    text = "The raiders set fire to the granary and shot dead two watchmen."
    main = _main_mention(nlp, text)
    assert main is not None
    assert (main.plover_type, main.actor, main.status) == (
        "ASSAULT",
        "raiders",
        EventStatus.HAPPENED,
    )


@pytest.mark.parametrize(
    ("text", "actor", "target"),
    [
        (
            "Ghana and Togo signed a border deal on Friday.",
            "Ghanaian government",
            "Togolese government",
        ),
        (
            "Peruvian and Chilean naval units held joint exercises off Arica.",
            "Peruvian military",
            "Chilean military",
        ),
        (
            "The Chadian president met with rebel leaders in Abeche.",
            "Chadian government",
            "rebel leaders",
        ),
        (
            "Norway's government condemned Serbia's decision.",
            "Norwegian government",
            "Serbian government",
        ),
        ("Ethiopia deployed troops along the border.", "Ethiopian military", None),
        ("A roadside bomb struck a police truck near Sarn.", None, "police"),
        ("President Amara Diallo threatened to dissolve parliament.", "Amara Diallo", "parliament"),
        ("Brazil delivered vaccines to Bolivia.", "Brazilian government", "Bolivian government"),
        ("Gunmen stormed a hotel in Sarn, killing 12 people.", "Gunmen", "civilians"),
        ("Troops retook the town from the militants.", "Troops", "militants"),
    ],
)
def test_parties(nlp: Language, text: str, actor: str | None, target: str | None) -> None:
    main = _main_mention(nlp, text)
    assert main is not None, text
    assert (main.actor, main.target) == (actor, target)


@pytest.mark.parametrize(
    ("text", "head", "name"),
    [
        ("Kenya", None, "Kenyan government"),
        ("the United States", None, "US government"),
        ("Nairobi", None, "Kenyan government"),
        ("Kenya's government", "government", "Kenyan government"),
        ("Pakistan's prime minister", "minister", "Pakistani government"),
        ("the Somali president", "president", "Somali government"),
        ("Police in Nairobi", "police", "Kenyan police"),
        ("Sudanese army aircraft", "aircraft", "Sudanese military"),
        ("Kenyan church leaders", "leader", "Kenyan church leaders"),
        ("Kenya Red Cross", "cross", "Kenya Red Cross"),
    ],
)
def test_countries_capitals_and_state_heads(text: str, head: str | None, name: str) -> None:
    assert normalise_actor(text, head=head).name == name


def test_country_helpers() -> None:
    assert country_named("Kenya") == ("Kenyan", "KE")
    assert country_named("Nairobi", capitals=False) is None
    assert country_named("Kenya Red Cross") is None
    assert state_force(normalise_actor("Ethiopia")).name == "Ethiopian military"
    assert state_force(normalise_actor("gunmen")).name == "gunmen"


def test_bare_state_takes_the_sentence_country(nlp: Language) -> None:
    main = _main_mention(nlp, "The army accused the RSF of shelling a camp near Kadugli.")
    assert main is not None
    assert (main.actor, main.target) == ("Sudanese military", "Rapid Support Forces")
    # two countries named: no guess
    main = _main_mention(nlp, "Kenya and Uganda said the army had arrested six smugglers.")
    assert main is not None
    assert main.actor != "Kenyan military"


def test_denied_report_with_past_perfect(nlp: Language) -> None:
    main = _main_mention(nlp, "The ministry denied reports that talks had taken place in Lome.")
    assert main is not None
    assert (main.plover_type, main.status) == ("CONSULT", EventStatus.DENIED)


def test_warning_without_a_hostile_act_is_no_threat(mentions: Mentions) -> None:
    text = "Officials warned that armed cells remain active in the valley."
    assert not [m for m in mentions(text) if m.plover_type == "THREATEN"]
    text = "Iran warned that it would retaliate against any strike."
    assert [m for m in mentions(text) if m.plover_type == "THREATEN"]


def test_nature_and_datelines_are_not_actors(mentions: Mentions) -> None:
    text = "Rising floodwaters have closed the bridges, cutting off the aid route to the town."
    assert not [m for m in mentions(text) if m.plover_type == "SANCTION"]
    text = "LUSAKA, Zambia (Agency) - One man was killed when police fired on a crowd."
    assert all(m.target != "Zambian government" for m in mentions(text))


@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        (
            "Farmers said they would stay on the roads until the levy is dropped.",
            "dropped",
            EventStatus.PROJECTED,
        ),
        (
            "The rebels held the ridge until the army withdrew in March.",
            "withdrew",
            EventStatus.HAPPENED,
        ),
    ],
)
def test_until_clauses(mentions: Mentions, text: str, word: str, status: EventStatus) -> None:
    found = [m for m in mentions(text) if trigger_text(text, m) == word]
    assert found and found[0].status is status
