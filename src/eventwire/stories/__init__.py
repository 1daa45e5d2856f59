"""Stories: online clustering of articles about the same real-world news, and their sources.

:func:`run_stories` is the stage that runs after provenance
(:func:`eventwire.provenance.run.run_provenance`) over a store; :func:`list_stories` reads its
result.
"""

from __future__ import annotations

from eventwire.stories.cluster import (
    Assignment,
    ClusterSettings,
    StoryClusterer,
    StoryInput,
    cluster_articles,
    story_id_for,
    story_order,
)
from eventwire.stories.read import list_stories
from eventwire.stories.run import StoriesSummary, run_stories
from eventwire.stories.sources import independent_sources
from eventwire.stories.vectors import TermWeighter, VectorSettings, cosine, extract_terms

__all__ = [
    "Assignment",
    "ClusterSettings",
    "StoriesSummary",
    "StoryClusterer",
    "StoryInput",
    "TermWeighter",
    "VectorSettings",
    "cluster_articles",
    "cosine",
    "extract_terms",
    "independent_sources",
    "list_stories",
    "run_stories",
    "story_id_for",
    "story_order",
]
