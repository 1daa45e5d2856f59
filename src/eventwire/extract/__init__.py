"""Extraction stage: claims found in a parsed article (times, figures, quotes...).

Each extractor is registered as a versioned stage that takes a spaCy ``Doc`` and its
:class:`~eventwire.records.Article` and returns :class:`~eventwire.records.Claims`. The extractors
to run are the setting ``extract.stages``; :func:`extract_claims` runs them in that order and
merges what they find. The extractors themselves live in their own packages
(:mod:`eventwire.dates`, :mod:`eventwire.figures`, :mod:`eventwire.quotes`,
:mod:`eventwire.places`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from spacy.tokens import Doc

from eventwire.errors import ConfigError
from eventwire.records import Article, Claims
from eventwire.stages import get_stage, register_stage

__all__ = [
    "EXTRACTORS",
    "check_extractors",
    "extract_claims",
    "extract_figures_stage",
    "extract_places_stage",
    "extract_quotes_stage",
    "extract_times_stage",
]

Extractor = Callable[[Doc, Article], Claims]


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
def extract_times_stage(doc: Doc, article: Article) -> Claims:
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
def extract_figures_stage(doc: Doc, article: Article) -> Claims:
    from eventwire.figures import extract_figures

    return Claims(figures=tuple(extract_figures(doc, article_id=article.id)))


@register_stage(
    "quotes",
    version=1,
    requires=("sentences", "parse", "entities"),
    assigns=("claims.quotes", "flags.quotes"),
    description="Attributions (who said what) with speakers resolved or flagged",
)
def extract_quotes_stage(doc: Doc, article: Article) -> Claims:
    from eventwire.quotes import extract_attributions

    found = extract_attributions(doc, article_id=article.id)
    return Claims(quotes=found.quotes, flags=found.flags)


@register_stage(
    "places",
    version=1,
    requires=("entities", "article.dateline"),
    assigns=("claims.places",),
    description="Place mentions resolved against the gazetteer, with precision and confidence",
)
def extract_places_stage(doc: Doc, article: Article) -> Claims:
    from eventwire.places import extract_places

    dateline = article.dateline.place if article.dateline else None
    return Claims(places=tuple(extract_places(doc, article_id=article.id, dateline=dateline)))


#: Extractors by the name used in the ``extract.stages`` setting.
EXTRACTORS: dict[str, Extractor] = {
    "times": extract_times_stage,
    "figures": extract_figures_stage,
    "quotes": extract_quotes_stage,
    "places": extract_places_stage,
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
        claims = claims.merged(EXTRACTORS[name](doc, article))
    return claims
