"""Extraction stages: claims found in a parsed article (times, figures, quotes, places, events).

Each extractor is a stage of kind ``extract`` (declared in :mod:`eventwire.stages` with what it
requires and assigns): a module-level function that takes a spaCy ``Doc``, its
:class:`~eventwire.records.Article` and the claims the extractors before it found, and returns
the :class:`~eventwire.records.Claims` it adds (the events extractor uses the times, figures,
places and quotes found before it). :func:`extract_claims` runs a pipeline's extract stages in
order and merges what they find. The extractors themselves live in their own packages
(:mod:`eventwire.dates`, :mod:`eventwire.figures`, :mod:`eventwire.quotes`,
:mod:`eventwire.places`, :mod:`eventwire.events`); this module is the glue between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from eventwire.records import Article, Claims, EventMention, Place, Quote, Span, TimeExpression
from eventwire.stages import StageSpec

__all__ = [
    "UNDATED_REFERENCES",
    "extract_claims",
    "extract_events_stage",
    "extract_figures_stage",
    "extract_places_stage",
    "extract_quotes_stage",
    "extract_times_stage",
    "undated_times",
]

#: Two reference dates, far apart and on different weekdays, months and years, against which the
#: times of an article with no publication date are read (see :func:`undated_times`).
UNDATED_REFERENCES = (date(2001, 3, 7), date(2012, 10, 21))


def undated_times(text: str, *, article_id: str) -> list[TimeExpression]:
    """The time expressions of an article that has no publication date.

    Nothing else in the input says what "Monday" or "last year" means, and the clock must not
    (the same input gives the same claims on any day). So the text is read against two distant
    reference dates: an expression found both times keeps its value when both readings agree
    (the text fixes it: "14 April 2017", "2016"), and is kept without a value, granularity or
    interval when they differ (a relative expression); one found only once is dropped.
    """
    from eventwire.dates import extract_times

    first, second = (
        extract_times(text, published=reference, article_id=article_id)
        for reference in UNDATED_REFERENCES
    )
    other = {(t.span.start, t.span.end, t.type): t for t in second}
    kept = []
    for t in first:
        twin = other.get((t.span.start, t.span.end, t.type))
        if twin is None:
            continue
        if twin == t:
            kept.append(t)
        else:
            kept.append(
                replace(t, value=None, granularity=None, interval_start=None, interval_end=None)
            )
    return kept


def extract_times_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    """Time expressions normalised against the publication date (Duckling + news rules)."""
    from eventwire.dates import extract_times

    if article.published is None:
        return Claims(times=tuple(undated_times(article.text, article_id=article.id)))
    times = extract_times(article.text, published=article.published, article_id=article.id)
    return Claims(times=tuple(times))


def extract_figures_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    """Killed, injured, displaced, arrested, kidnapped, missing and other figures."""
    from eventwire.figures import extract_figures

    return Claims(figures=tuple(extract_figures(doc, article_id=article.id)))


def extract_quotes_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    """Attributions (who said what) with speakers resolved or flagged."""
    from eventwire.quotes import extract_attributions

    result = extract_attributions(doc, article_id=article.id)
    return Claims(quotes=result.quotes, flags=result.flags)


def extract_places_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    """Place mentions resolved against the gazetteer, with precision and confidence."""
    from eventwire.places import extract_places

    dateline = article.dateline.place if article.dateline else None
    return Claims(places=tuple(extract_places(doc, article_id=article.id, dateline=dateline)))


class _Locator:
    """Where an event mention happened: the place :func:`eventwire.places.event_place` picks."""

    def __init__(self, doc: Doc, places: tuple[Place, ...]) -> None:
        self.doc = doc
        self.places = places

    def __call__(self, sentence: Span, trigger: Span) -> Place | None:
        from eventwire.places import event_place

        chosen = event_place(self.doc, sentence=sentence, trigger=trigger, places=self.places)
        return chosen.place if chosen is not None else None


def extract_events_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    """Event mentions: PLOVER type and mode, ACLED types, actors, place, date, figures."""
    from eventwire.events import extract_events

    events = extract_events(
        doc,
        article_id=article.id,
        published=article.published,
        times=found.times,
        figures=found.figures,
        locate=_Locator(doc, found.places),
    )
    return Claims(events=tuple(_with_quotes(events, found.quotes)))


def _with_quotes(events: list[EventMention], quotes: tuple[Quote, ...]) -> list[EventMention]:
    """Link each event mention whose trigger lies inside a quote's cue or content to the quote:
    statements (ACCUSE, THREATEN, REJECT, REQUEST, AGREE...) point to who said them."""
    linked = []
    for event in events:
        quote = next(
            (
                q
                for q in quotes
                if (q.cue is not None and q.cue.start <= event.trigger.start < q.cue.end)
                or q.content.start <= event.trigger.start < q.content.end
            ),
            None,
        )
        linked.append(replace(event, quote=quote) if quote is not None else event)
    return linked


def extract_claims(doc: Doc, article: Article, *, stages: Sequence[StageSpec]) -> Claims:
    """Run a pipeline's extract stages over a parsed article and merge their claims."""
    claims = Claims()
    for stage in stages:
        claims = claims.merged(stage.load()(doc, article, claims))
    return claims
