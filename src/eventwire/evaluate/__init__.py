"""Scoring against gold data: what each ``eventwire eval`` command runs.

One module per command: :mod:`.timex`, :mod:`.quotes`, :mod:`.geo`, :mod:`.clusters`,
:mod:`.copies`, :mod:`.events` and :mod:`.coref` (its metrics in :mod:`.coref_metrics`), with
what they share in :mod:`.common`. Gold files are read and checked by :mod:`eventwire.gold`
(formats in ``shared/data/FORMATS.md``).

What is scored is what ``eventwire ingest`` stores: every evaluator that extracts claims runs the
gold texts through an :class:`~eventwire.pipeline.ArticleProcessor` of the settings' pipeline, cut
to the stages the scored stage needs, and scores the claims of that stage (``claims.times``,
``claims.quotes``, ``claims.places``, ``claims.events``). Resolving given place-name spans, story
clustering and copy detection need no spaCy and run their functions directly. This package sits
above the pipeline layer: it uses every stage.
"""

from __future__ import annotations

from eventwire.evaluate.clusters import bcubed, evaluate_clusters, pairwise
from eventwire.evaluate.common import document_time, gold_article, processor_for
from eventwire.evaluate.copies import build_syndication_set, evaluate_copies, read_corpus
from eventwire.evaluate.coref import evaluate_coref
from eventwire.evaluate.events import (
    actor_key,
    actors_match,
    evaluate_events,
    score_labels,
    score_main_mentions,
    throughput,
)
from eventwire.evaluate.geo import evaluate_geo, read_geo, resolution_scores
from eventwire.evaluate.quotes import evaluate_quotes, overlap, score_documents
from eventwire.evaluate.timex import TimexMention, evaluate_timex, score_timex

__all__ = [
    "TimexMention",
    "actor_key",
    "actors_match",
    "bcubed",
    "build_syndication_set",
    "document_time",
    "evaluate_clusters",
    "evaluate_copies",
    "evaluate_coref",
    "evaluate_events",
    "evaluate_geo",
    "evaluate_quotes",
    "evaluate_timex",
    "gold_article",
    "overlap",
    "pairwise",
    "processor_for",
    "read_corpus",
    "read_geo",
    "resolution_scores",
    "score_documents",
    "score_labels",
    "score_main_mentions",
    "score_timex",
    "throughput",
]
