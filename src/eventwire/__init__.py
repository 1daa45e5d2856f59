"""eventwire: evidence-linked event data from news articles.

The typed Python API. Every CLI command is a thin wrapper over these::

    from eventwire import Store, load_settings, run_ingest

    settings = load_settings()
    with Store("news.duckdb") as store:
        summary = run_ingest(["samples/"], settings=settings, store=store)
        print(summary.ingested, store.stats()["articles"])
"""

__version__ = "0.1.0"

from eventwire.errors import (
    ConfigError,
    EventwireError,
    InputError,
    ModelError,
    Reason,
    SourceNotFound,
    StoreError,
)
from eventwire.export import export, iter_export
from eventwire.ingest import read_sources
from eventwire.normalise import normalise, normalise_document
from eventwire.pipeline import IngestSummary, run_ingest
from eventwire.records import (
    Article,
    Dateline,
    EntityMention,
    Event,
    EventMention,
    EventStatus,
    Figure,
    Flag,
    Place,
    Precision,
    Quote,
    RawDocument,
    Rejection,
    Sentence,
    Span,
    Story,
    TimeExpression,
)
from eventwire.settings import Settings, load_settings
from eventwire.stages import check_pipeline, get_stage, list_stages, register_stage
from eventwire.store import Store

__all__ = [
    "Article",
    "ConfigError",
    "Dateline",
    "EntityMention",
    "Event",
    "EventMention",
    "EventStatus",
    "EventwireError",
    "Figure",
    "Flag",
    "IngestSummary",
    "InputError",
    "ModelError",
    "Place",
    "Precision",
    "Quote",
    "RawDocument",
    "Reason",
    "Rejection",
    "Sentence",
    "Settings",
    "SourceNotFound",
    "Span",
    "Store",
    "StoreError",
    "Story",
    "TimeExpression",
    "__version__",
    "check_pipeline",
    "export",
    "get_stage",
    "iter_export",
    "list_stages",
    "load_settings",
    "normalise",
    "normalise_document",
    "read_sources",
    "register_stage",
    "run_ingest",
]
