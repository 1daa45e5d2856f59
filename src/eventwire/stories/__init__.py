"""Stories: online clustering of articles about the same real-world news, and their sources."""

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
from eventwire.stories.evaluate import bcubed, evaluate_clusters, pairwise
from eventwire.stories.sources import independent_sources
from eventwire.stories.vectors import TermWeighter, VectorSettings, cosine, extract_terms

__all__ = [
    "Assignment",
    "ClusterSettings",
    "StoryClusterer",
    "StoryInput",
    "TermWeighter",
    "VectorSettings",
    "bcubed",
    "cluster_articles",
    "cosine",
    "evaluate_clusters",
    "extract_terms",
    "independent_sources",
    "pairwise",
    "story_id_for",
    "story_order",
]
