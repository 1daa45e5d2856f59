"""Extraction stage: claims found in a parsed article (times, figures, quotes...).

Each extractor is registered as a versioned stage that takes a spaCy ``Doc``, its
:class:`~eventwire.records.Article` and the claims the extractors before it found, and returns
the :class:`~eventwire.records.Claims` it adds (the events extractor uses the times, figures,
places and quotes found before it). The extractors
to run are the setting ``extract.stages``; :func:`extract_claims` runs them in that order and
merges what they find. The extractors themselves live in their own packages
(:mod:`eventwire.dates`, :mod:`eventwire.figures`, :mod:`eventwire.quotes`,
:mod:`eventwire.places`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from spacy.tokens import Doc

from eventwire.errors import ConfigError
from eventwire.records import Article, Claims, EventMention, Place, Quote, Span
from eventwire.stages import get_stage, register_stage

__all__ = [
    "EXTRACTORS",
    "check_extractors",
    "extract_claims",
    "extract_events_stage",
    "extract_figures_stage",
    "extract_places_stage",
    "extract_quotes_stage",
    "extract_times_stage",
]

Extractor = Callable[[Doc, Article, Claims], Claims]


def _reference_time(article: Article) -> datetime:
    """The date relative expressions are resolved against: publication, else ingest time."""
    return article.published or datetime.now(UTC)


@register_stage(
    "times",
    version=1,
    requires=("article.text", "article.published"),
    assigns=("claims.times",),
    description="Time expressions normalised against the publication date (Duckling + news rules)",
)
def extract_times_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    from eventwire.dates import extract_times

    times = extract_times(article.text, published=_reference_time(article), article_id=article.id)
    return Claims(times=tuple(times))


@register_stage(
    "figures",
    version=1,
    requires=("sentences", "parse"),
    assigns=("claims.figures",),
    description="Killed, injured, displaced, arrested, kidnapped, missing and other figures",
)
def extract_figures_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    from eventwire.figures import extract_figures

    return Claims(figures=tuple(extract_figures(doc, article_id=article.id)))


@register_stage(
    "quotes",
    version=1,
    requires=("sentences", "parse", "entities"),
    assigns=("claims.quotes", "flags.quotes"),
    description="Attributions (who said what) with speakers resolved or flagged",
)
def extract_quotes_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    from eventwire.quotes import extract_attributions

    result = extract_attributions(doc, article_id=article.id)
    return Claims(quotes=result.quotes, flags=result.flags)


@register_stage(
    "places",
    version=1,
    requires=("entities", "article.dateline"),
    assigns=("claims.places",),
    description="Place mentions resolved against the gazetteer, with precision and confidence",
)
def extract_places_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    from eventwire.places import extract_places

    dateline = article.dateline.place if article.dateline else None
    return Claims(places=tuple(extract_places(doc, article_id=article.id, dateline=dateline)))


@register_stage(
    "events",
    version=1,
    requires=("sentences", "parse", "claims.times", "claims.figures", "claims.places"),
    assigns=("claims.events",),
    description="Event mentions: PLOVER type and mode, ACLED types, actors, place, date, figures",
)
def extract_events_stage(doc: Doc, article: Article, found: Claims) -> Claims:
    from eventwire.events import extract_events
    from eventwire.places import event_place

    def locate(sentence: Span, trigger: Span) -> Place | None:
        chosen = event_place(doc, sentence=sentence, trigger=trigger, places=found.places)
        return chosen.place if chosen is not None else None

    events = extract_events(
        doc,
        article_id=article.id,
        published=article.published,
        times=found.times,
        figures=found.figures,
        locate=locate,
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


#: Extractors by the name used in the ``extract.stages`` setting.
EXTRACTORS: dict[str, Extractor] = {
    "times": extract_times_stage,
    "figures": extract_figures_stage,
    "quotes": extract_quotes_stage,
    "places": extract_places_stage,
    "events": extract_events_stage,
}


def check_extractors(names: Sequence[str]) -> None:
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        raise ConfigError(f"unknown extract.stages {unknown}; choose from: {', '.join(EXTRACTORS)}")
    for name in names:
        get_stage(name)


def extract_claims(doc: Doc, article: Article, *, stages: Sequence[str]) -> Claims:
    """Run the named extractors over a parsed article and merge their claims."""
    claims = Claims()
    for name in stages:
        claims = claims.merged(EXTRACTORS[name](doc, article, claims))
    return claims
