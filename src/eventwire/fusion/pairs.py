"""Whether two event mentions report the same real-world event: rules, then a weighted score.

:func:`link_score` returns ``None`` when a rule says the two can never be one event, else the sum
of the weights (:class:`FusionWeights`) of the evidence they share; the pair is linked when the
score reaches the threshold (a higher one for mentions of different stories). A missing value is
never evidence against a link.

Rules (never one event):

* different families of PLOVER types (``ASSAULT`` and ``PROTEST``), or one reports the event as
  taking place and the other as planned, threatened or projected;
* dates more than ``max_gap_days`` apart when both are days (a date defaulted to the
  publication date stands for the days before it); a week, month or year read from the text
  and any other date (a coarse date is compatible with many days, and would chain different
  incidents into one); a mention with no date at all (an undated article) is compatible with
  any date;
* places in different countries, or two places of point precision more than ``max_km`` apart.

Evidence (added up): the same article (within-document coreference), the same story, the same
trigger stem, the same place or places close together, dates both read from the text on the
same day, a shared actor or target, the same kind of figure, the share of the two sentences'
content words in common. Evidence against: two places of the same country more than
``near_km`` apart, actors that are known on both sides and share nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.fusion.mentions import FusionMention
from eventwire.places.resolution import haversine_km

__all__ = ["FusionWeights", "kept_apart", "link_score", "link_threshold", "linked"]


@dataclass(frozen=True, kw_only=True, slots=True)
class FusionWeights:
    """The weights and thresholds of the pairwise decision (set by hand on the sample corpus
    and ECB+ train; see ``docs/events.md``)."""

    threshold: float = 1.5
    cross_story_threshold: float = 2.5
    same_article: float = 1.5
    same_story: float = 1.0
    same_stem: float = 0.5
    same_place: float = 1.0
    near_place: float = 0.5
    far_place: float = -1.0
    same_text_day: float = 1.0
    shared_name: float = 0.5
    name_conflict: float = -0.5
    same_figure_kind: float = 0.3
    words: float = 2.0  # times the Jaccard overlap of the sentences' content words
    max_gap_days: int = 1
    max_km: float = 50.0
    near_km: float = 10.0


DEFAULT_WEIGHTS = FusionWeights()


def _rules(a: FusionMention, b: FusionMention, w: FusionWeights) -> tuple[bool, float | None]:
    """Whether a rule keeps ``a`` and ``b`` apart, and the distance of their places in km (None
    when either has no coordinates), computed once for the rules and the score."""
    if a.family != b.family or a.group != b.group:
        return True, None
    ia, ib = a.interval, b.interval
    if ia is not None and ib is not None:
        if ia.precision == "day" and ib.precision == "day":
            if ia.gap_days(ib) > w.max_gap_days:
                return True, None
        elif ia != ib:  # a coarse date links only to the same week, month or year
            return True, None
    if a.country and b.country and a.country != b.country:
        return True, None
    km = None
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    both_points = a.place_precision == "point" and b.place_precision == "point"
    return (km is not None and both_points and km > w.max_km), km


def kept_apart(
    a: FusionMention, b: FusionMention, weights: FusionWeights = DEFAULT_WEIGHTS
) -> bool:
    """Whether a rule keeps ``a`` and ``b`` apart (they can never be one event)."""
    return _rules(a, b, weights)[0]


def link_score(
    a: FusionMention, b: FusionMention, weights: FusionWeights = DEFAULT_WEIGHTS
) -> float | None:
    """The score of linking ``a`` and ``b``; ``None`` when a rule keeps them apart."""
    w = weights
    apart, km = _rules(a, b, w)
    if apart:
        return None
    ia, ib = a.interval, b.interval
    both_points = a.place_precision == "point" and b.place_precision == "point"
    score = 0.0
    if a.article_id == b.article_id:
        score += w.same_article
    elif a.story_id is not None and a.story_id == b.story_id:
        score += w.same_story
    if a.stem and a.stem == b.stem:
        score += w.same_stem
    if a.geonameid is not None and a.geonameid == b.geonameid:
        score += w.same_place
    elif km is not None and both_points:
        score += w.near_place if km <= w.near_km else w.far_place
    if (
        ia is not None
        and ib is not None
        and ia.source == "text"
        and ib.source == "text"
        and ia.precision == "day"
        and ib.precision == "day"
        and ia.gap_days(ib) == 0
    ):
        score += w.same_text_day
    na, nb = a.names, b.names
    if na and nb:
        score += w.shared_name if na & nb else w.name_conflict
    if (
        (a.killed[1] is not None and b.killed[1] is not None)
        or (a.injured[1] is not None and b.injured[1] is not None)
        or (a.displaced[1] is not None and b.displaced[1] is not None)
    ):
        score += w.same_figure_kind
    if a.words and b.words:
        common = len(a.words & b.words)
        if common:
            score += w.words * common / (len(a.words) + len(b.words) - common)
    return score


def link_threshold(
    a: FusionMention, b: FusionMention, weights: FusionWeights = DEFAULT_WEIGHTS
) -> float:
    """The score a pair must reach: the cross-story threshold when the two are in different
    stories."""
    same_story = a.article_id == b.article_id or (
        a.story_id is not None and a.story_id == b.story_id
    )
    return weights.threshold if same_story else weights.cross_story_threshold


def linked(a: FusionMention, b: FusionMention, weights: FusionWeights = DEFAULT_WEIGHTS) -> bool:
    """Whether the pair is one event: its score reaches the threshold (the cross-story one when
    the two are in different stories)."""
    score = link_score(a, b, weights)
    return score is not None and score >= link_threshold(a, b, weights)
