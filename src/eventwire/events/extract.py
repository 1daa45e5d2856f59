"""Event mentions from a parsed article: trigger, PLOVER type and mode, ACLED type, actors,
status, date, figures and place, each tied to its sentence and trigger by character offsets.

Detection is per sentence, in three steps, each in its own module:

1. :mod:`eventwire.events.triggers`: every token whose lemma and part of speech fit a lexicon row
   (:mod:`eventwire.events.lexicon`) is a candidate trigger; candidates of the same type linked
   in the parse ("killed in clashes", "held a protest", "agreed to a ceasefire") are one mention,
   headed by the highest of them.
2. :mod:`eventwire.events.roles`: actors and targets come from the head's subject, object and
   agent, or from the nouns folded into it ("clashes with Daesh fighters"), and are normalised
   through the actor dictionary (:mod:`eventwire.events.parties`, :mod:`eventwire.events.actors`).
3. :mod:`eventwire.events.coding`: PLOVER type and mode, ACLED type and status.

:func:`extract_events` then dates each mention and attaches its figures and place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from eventwire.dates import event_date
from eventwire.events.coding import code_mention, sentence_cues
from eventwire.events.retype import retype
from eventwire.events.roles import actor_and_target, normalise_parties, scene_of
from eventwire.events.triggers import candidates, group_candidates
from eventwire.figures import extract_figures
from eventwire.records import EventMention, EventStatus, Figure, Place, Span, TimeExpression

__all__ = [
    "EVENT_FIGURE_KINDS",
    "Locate",
    "extract_events",
    "sentence_mentions",
]

log = logging.getLogger(__name__)

Locate = Callable[[Span, Span], Place | None]

#: Figure kinds attached to an event mention from its sentence.
EVENT_FIGURE_KINDS = frozenset(
    {"killed", "injured", "displaced", "arrested", "kidnapped", "missing"}
)


def sentence_mentions(
    sentence: SpacySpan,
    *,
    article_id: str,
    published_year: int | None = None,
) -> list[EventMention]:
    """Event mentions of one parsed sentence, without date, figures or place."""
    groups = group_candidates(candidates(sentence))
    parties = [actor_and_target(group) for group in groups]
    scene = scene_of(sentence, parties)
    cues = sentence_cues(sentence, groups, civilian_victims=scene.civilian_victims)
    mentions: list[EventMention] = []
    for group, (found_actor, found_target) in zip(groups, parties, strict=True):
        actor, target = normalise_parties(group, found_actor, found_target, scene)
        coding = code_mention(group, actor, target, sentence, cues, published_year=published_year)
        if coding is None:
            continue
        trigger = group.head
        mentions.append(
            EventMention(
                article_id=article_id,
                sentence=Span(start=sentence.start_char, end=sentence.end_char),
                trigger=Span(start=trigger.idx, end=trigger.idx + len(trigger.text)),
                plover_type=coding.plover,
                plover_mode=coding.mode,
                acled_event_type=coding.acled[0] if coding.acled else None,
                acled_sub_event_type=coding.acled[1] if coding.acled else None,
                actor=actor.name if actor else None,
                target=target.name if target else None,
                status=coding.status,
            )
        )
    return mentions


def extract_events(
    doc: Doc,
    *,
    article_id: str,
    published: date | datetime | None = None,
    times: Sequence[TimeExpression] | None = None,
    figures: Sequence[Figure] | None = None,
    locate: Locate | None = None,
    learned: bool = True,
) -> list[EventMention]:
    """Event mentions in a parsed article, in text order.

    ``times`` (from :func:`eventwire.dates.extract_times`) date each mention through
    :func:`eventwire.dates.event_date`; without them a mention takes the publication date
    (``date_source="publication"``), and without ``published`` no date. ``figures`` (from
    :func:`eventwire.figures.extract_figures`; computed when ``None``, pass ``()`` to skip) in
    the same sentence are attached. ``locate(sentence_span, trigger_span)`` gives the place.
    ``learned`` lets the packaged sub-event model (:mod:`eventwire.events.retype`) revise the
    rules' ACLED sub-event types; without it the rules' types stand.
    """
    pub = published.date() if isinstance(published, datetime) else published
    mentions: list[EventMention] = []
    for sentence in doc.sents:
        mentions.extend(
            sentence_mentions(
                sentence, article_id=article_id, published_year=pub.year if pub else None
            )
        )
    if not mentions:
        return mentions
    if figures is None:
        figures = extract_figures(doc, article_id=article_id)
    out: list[EventMention] = []
    for mention in mentions:
        status = mention.status
        when = None
        if pub is not None:
            when = event_date(mention.sentence, times or (), published=pub, trigger=mention.trigger)
            if (
                when.source == "text"
                and status is EventStatus.HAPPENED
                and _years_before(when.value, pub) >= 1
            ):
                status = EventStatus.BACKGROUND
        attached = tuple(
            f
            for f in figures
            if f.kind in EVENT_FIGURE_KINDS
            and mention.sentence.start <= f.span.start
            and f.span.end <= mention.sentence.end
            and f.projection == (status is EventStatus.PROJECTED)
        )
        out.append(
            replace(
                mention,
                status=status,
                date=when.value if when else None,
                date_granularity=when.granularity if when else None,
                date_source=when.source if when else None,
                figures=attached,
                place=locate(mention.sentence, mention.trigger) if locate else None,
            )
        )
    if learned:
        out = retype(doc, out)
    return out


def _years_before(value: str, pub: date) -> float:
    head = value[:10]
    try:
        if len(head) >= 10:
            then = date.fromisoformat(head)
        elif len(head) >= 7 and head[4] == "-" and head[5:7].isdigit():
            then = date(int(head[:4]), int(head[5:7]), 1)
        elif head[:4].isdigit():
            then = date(int(head[:4]), 12, 31)
        else:
            return 0.0
    except ValueError:
        return 0.0
    return (pub - then).days / 365.25
