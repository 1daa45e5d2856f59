"""Triggers, PLOVER types and modes, ACLED types, actors and targets on invented sentences."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from eventwire.events import extract_events
from eventwire.records import EventMention, EventStatus, Place, Precision, Span, TimeExpression
from tests.events.conftest import Mentions, trigger_text


def _one(mentions: list[EventMention], plover: str) -> EventMention:
    found = [m for m in mentions if m.plover_type == plover]
    assert len(found) == 1, mentions
    return found[0]


@pytest.mark.parametrize(
    ("text", "trigger", "plover", "mode", "sub_event"),
    [
        (
            "A suicide bomber blew himself up at a checkpoint outside Dorvan.",
            "blew",
            "ASSAULT",
            "suicide",
            "Suicide bomb",
        ),
        (
            "Government warplanes bombed rebel positions north of Tessaly overnight.",
            "bombed",
            "ASSAULT",
            "aerial",
            "Air/drone strike",
        ),
        (
            "Rebels shelled the eastern districts of Mirano with mortars on Tuesday.",
            "shelled",
            "ASSAULT",
            "artillery",
            "Shelling/artillery/missile attack",
        ),
        (
            "A roadside bomb exploded as a police convoy passed through Hadra district.",
            "exploded",
            "ASSAULT",
            "explosives",
            "Remote explosive/landmine/IED",
        ),
        (
            "Militants hurled a grenade at a crowded market in Selbury.",
            "hurled",
            "ASSAULT",
            "grenade",
            "Grenade",
        ),
        (
            "Unknown gunmen kidnapped two aid workers in the north of the country.",
            "kidnapped",
            "ASSAULT",
            "abduct",
            "Abduction/forced disappearance",
        ),
        (
            "Security forces arrested 14 people suspected of smuggling weapons.",
            "arrested",
            "COERCE",
            "arrest",
            "Arrests",
        ),
        (
            "Thousands of teachers marched through the capital on Monday.",
            "marched",
            "PROTEST",
            "demonstrate",
            "Peaceful protest",
        ),
        (
            "Police fired tear gas at hundreds of protesters outside parliament.",
            "fired",
            "COERCE",
            "restrict",
            "Protest with intervention",
        ),
        (
            "Rioters torched cars in the port city of Velmar.",
            "torched",
            "COERCE",
            "destroy",
            "Looting/property destruction",
        ),
        (
            "The two factions signed a ceasefire agreement in Lorne on Friday.",
            "signed",
            "AGREE",
            "pact",
            "Agreement",
        ),
        (
            "Army troops recaptured the village of Dabra from Islamic State fighters.",
            "recaptured",
            "ASSAULT",
            "occupy",
            "Government regains territory",
        ),
        (
            "Fighters of the Northern Front seized the town of Ostrel on Sunday.",
            "seized",
            "ASSAULT",
            "occupy",
            "Non-state actor overtakes territory",
        ),
        (
            "Customs officers discovered a cache of rifles and ammunition near the border.",
            "discovered",
            "COERCE",
            "disrupt",
            "Disrupted weapons use",
        ),
        (
            "Six people were hurt when a grenade was lobbed into a bar in Kessa on Friday.",
            "lobbed",
            "ASSAULT",
            "grenade",
            "Grenade",
        ),
        (
            "Soldiers and militiamen exchanged fire for two hours near the village of Dorra.",
            "exchanged",
            "ASSAULT",
            "clash",
            "Armed clash",
        ),
        (
            "Three mortar rounds landed near the port of Veska late on Sunday, police said.",
            "landed",
            "ASSAULT",
            "artillery",
            "Shelling/artillery/missile attack",
        ),
        (
            "Two officers are accused of raping a detainee at the Tarn police station.",
            "raping",
            "ASSAULT",
            "sexual",
            "Sexual violence",
        ),
    ],
)
def test_types_modes_and_acled(
    mentions: Mentions, text: str, trigger: str, plover: str, mode: str, sub_event: str
) -> None:
    mention = _one(mentions(text), plover)
    assert trigger_text(text, mention) == trigger
    assert mention.plover_mode == mode
    assert mention.acled_sub_event_type == sub_event


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("The foreign minister met his Andorian counterpart in Geneva on Tuesday.", "CONSULT"),
        ("The opposition accused the government of rigging the vote.", "ACCUSE"),
        ("The president rejected the proposal from the council.", "REJECT"),
        ("The league praised the mediators for their patience.", "SUPPORT"),
        ("The agency delivered food aid to the flooded districts.", "AID"),
        ("The army withdrew its troops from the disputed valley.", "RETREAT"),
        ("The union demanded the release of its leaders.", "REQUEST"),
        ("The council imposed sanctions on the shipping company.", "SANCTION"),
        ("The government deployed 2,000 troops to the border region.", "MOBILIZE"),
    ],
)
def test_non_violent_types(mentions: Mentions, text: str, plover: str) -> None:
    found = mentions(text)
    assert found and found[0].plover_type == plover
    assert found[0].acled_event_type is None or plover in {"RETREAT", "MOBILIZE"}


def test_no_event_in_plain_sentences(mentions: Mentions) -> None:
    assert mentions("The museum opened a new wing dedicated to river boats.") == []
    assert mentions("The plane landed safely in Veska after a short delay.") == []
    assert mentions("The new director set strict rules upon her arrival.") == []
    assert mentions("The council published its annual budget report on Tuesday.") == []


def test_disaster_deaths_are_not_assaults(mentions: Mentions) -> None:
    assert mentions("An earthquake killed 40 people in the mountain villages of Ardova.") == []


def test_passive_with_agent(mentions: Mentions) -> None:
    text = "Two Malian soldiers were killed by jihadists in an ambush near Tessit."
    mention = _one(mentions(text), "ASSAULT")
    assert (mention.actor, mention.target) == ("jihadists", "Malian military")
    assert mention.acled_sub_event_type == "Armed clash"


def test_passive_actor_from_clash_partner(mentions: Mentions) -> None:
    text = "Three Syrian soldiers were killed in clashes with Daesh fighters near Palmyra."
    (mention,) = mentions(text)
    assert trigger_text(text, mention) == "killed"
    assert (mention.actor, mention.target) == ("Islamic State", "Syrian military")
    assert (mention.plover_mode, mention.acled_event_type) == ("clash", "Battles")


def test_active_actor_and_target(mentions: Mentions) -> None:
    text = "Gunmen shot dead three villagers near the town of Karvela on Sunday."
    mention = _one(mentions(text), "ASSAULT")
    # unarmed victims of violence are coded "civilians"
    assert (mention.actor, mention.target) == ("Gunmen", "civilians")
    assert mention.acled_sub_event_type == "Attack"


@pytest.mark.parametrize(
    ("text", "plover", "sub_event", "actor", "target"),
    [
        (
            "An angry mob beat a man accused of stealing a goat in Rasna.",
            "PROTEST",
            "Mob violence",
            "angry mob",
            "civilians",
        ),
        (
            "Protesters threw stones at police in central Varn on Friday.",
            "PROTEST",
            "Violent demonstration",
            "Protesters",
            "police",
        ),
        (
            "Government troops clashed with rebels near the border town of Ket.",
            "ASSAULT",
            "Armed clash",
            "Government troops",
            "rebels",
        ),
    ],
)
def test_crowd_violence_and_clashes(
    mentions: Mentions, text: str, plover: str, sub_event: str, actor: str, target: str
) -> None:
    (mention,) = mentions(text)
    assert (mention.plover_type, mention.acled_sub_event_type) == (plover, sub_event)
    assert (mention.actor, mention.target) == (actor, target)


def test_police_killing_protesters_is_excessive_force(mentions: Mentions) -> None:
    text = "Police shot two protesters during the march in Ardel."
    mention = _one(mentions(text), "ASSAULT")
    assert mention.acled_sub_event_type == "Excessive force against protesters"


def test_spans_point_into_the_text(mentions: Mentions) -> None:
    text = "Calm returned on Monday. Rebels attacked an army post near Korvo on Tuesday."
    (mention,) = mentions(text)
    assert text[mention.sentence.start : mention.sentence.end].startswith("Rebels attacked")
    assert trigger_text(text, mention) == "attacked"


def test_extract_events_dates_figures_and_place(nlp: Language) -> None:
    text = "Rebels killed five soldiers in an attack on an army post near Korvo on Saturday."
    doc = nlp(text)
    saturday = text.index("Saturday")
    times = [
        TimeExpression(
            article_id="a",
            span=Span(start=saturday, end=saturday + len("Saturday")),
            text="Saturday",
            type="DATE",
            value="2024-03-09",
            granularity="day",
        )
    ]
    calls: list[tuple[Span, Span]] = []

    def locate(sentence: Span, trigger: Span) -> Place | None:
        calls.append((sentence, trigger))
        start = text.index("Korvo")
        return Place(
            article_id="a",
            span=Span(start=start, end=start + 5),
            text="Korvo",
            precision=Precision.POINT,
        )

    (mention,) = extract_events(
        doc, article_id="a", published=date(2024, 3, 11), times=times, locate=locate
    )
    assert (mention.date, mention.date_granularity, mention.date_source) == (
        "2024-03-09",
        "day",
        "text",
    )
    assert [(f.kind, f.best) for f in mention.figures] == [("killed", 5)]
    assert mention.place is not None and mention.place.text == "Korvo"
    assert calls == [(mention.sentence, mention.trigger)]
    assert mention.status is EventStatus.HAPPENED


def test_extract_events_defaults_to_publication(nlp: Language) -> None:
    doc = nlp("Rebels attacked an army post near Korvo.")
    (mention,) = extract_events(doc, article_id="a", published=date(2024, 3, 11), figures=())
    assert (mention.date, mention.date_source) == ("2024-03-11", "publication")
    (undated,) = extract_events(doc, article_id="a", figures=())
    assert undated.date is None and undated.place is None


def test_paragraph_breaks_split_headlines(nlp: Language) -> None:
    text = "Talks Stall In Varn\n\nRebels attacked an army post near Korvo."
    doc = nlp(text)
    assert [s.text.strip() for s in doc.sents][-1] == "Rebels attacked an army post near Korvo."


@pytest.mark.parametrize(
    "text",
    [
        "Security forces opened fire on demonstrators in Ardel, killing four people.",
        "Police fired live rounds at protesters in the capital.",
    ],
)
def test_shots_at_a_crowd_are_excessive_force(mentions: Mentions, text: str) -> None:
    mention = _one(mentions(text), "ASSAULT")
    assert mention.acled_sub_event_type == "Excessive force against protesters"


def test_shots_at_a_bus_are_an_attack(mentions: Mentions) -> None:
    mention = _one(mentions("Gunmen opened fire on a bus north of Ardel."), "ASSAULT")
    assert mention.acled_sub_event_type == "Attack"


def test_demonstrators_storming_a_building_is_a_violent_demonstration(mentions: Mentions) -> None:
    text = "Demonstrators stormed the municipal building in Ardel and set part of it on fire."
    mention = _one(mentions(text), "PROTEST")
    assert mention.acled_sub_event_type == "Violent demonstration"


def test_raped_is_read_although_the_tagger_lemmatises_it_as_rap(mentions: Mentions) -> None:
    mention = _one(mentions("Soldiers raped two women at a checkpoint outside Ardel."), "ASSAULT")
    assert mention.acled_sub_event_type == "Sexual violence"


def test_a_date_after_on_is_not_a_crowd(mentions: Mentions) -> None:
    text = "Rebels attacked a checkpoint near Ardel on March 2, killing 12 people."
    mention = _one(mentions(text), "ASSAULT")
    assert mention.acled_event_type != "Protests"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Members of a drug cartel killed three men near Ardel.", "drug cartel"),
        ("Fighters of the Kivu Liberation Front attacked an army post.", "Kivu Liberation Front"),
    ],
)
def test_members_of_a_group_are_the_group(mentions: Mentions, text: str, actor: str) -> None:
    assert _one(mentions(text), "ASSAULT").actor == actor


def test_supporters_of_a_party_stay_the_crowd(mentions: Mentions) -> None:
    text = "Supporters of the opposition party stormed the municipal building in Ardel."
    assert _one(mentions(text), "ASSAULT").actor == "Supporters"
