"""eventwire: evidence-linked event data from news articles.

The typed Python API. Every CLI command is a thin wrapper over these::

    from eventwire import Store, load_settings, run_pipeline

    settings = load_settings()
    with Store("news.duckdb") as store:
        summary = run_pipeline(["samples/"], settings=settings, store=store)
        print(summary.ingested, store.stats()["articles"])

Names are imported when first used, so ``import eventwire`` loads neither spaCy nor DuckDB.
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_EXPORTS = {
    "ConfigError": "eventwire.errors",
    "EventwireError": "eventwire.errors",
    "InputError": "eventwire.errors",
    "ModelError": "eventwire.errors",
    "Reason": "eventwire.errors",
    "SourceNotFound": "eventwire.errors",
    "StoreError": "eventwire.errors",
    "export": "eventwire.export",
    "iter_export": "eventwire.export",
    "read_sources": "eventwire.ingest",
    "load_nlp": "eventwire.nlp",
    "normalise": "eventwire.normalise",
    "normalise_document": "eventwire.normalise",
    "RunSummary": "eventwire.pipeline",
    "run_pipeline": "eventwire.pipeline",
    "Annotations": "eventwire.records",
    "Article": "eventwire.records",
    "Claims": "eventwire.records",
    "Dateline": "eventwire.records",
    "EntityMention": "eventwire.records",
    "Event": "eventwire.records",
    "EventMention": "eventwire.records",
    "EventStatus": "eventwire.records",
    "Figure": "eventwire.records",
    "Flag": "eventwire.records",
    "Place": "eventwire.records",
    "Precision": "eventwire.records",
    "Quote": "eventwire.records",
    "RawDocument": "eventwire.records",
    "Rejection": "eventwire.records",
    "Sentence": "eventwire.records",
    "Span": "eventwire.records",
    "Story": "eventwire.records",
    "TimeExpression": "eventwire.records",
    "Settings": "eventwire.settings",
    "load_settings": "eventwire.settings",
    "Pipeline": "eventwire.stages",
    "StageKind": "eventwire.stages",
    "StageSpec": "eventwire.stages",
    "check_pipeline": "eventwire.stages",
    "get_stage": "eventwire.stages",
    "list_stages": "eventwire.stages",
    "register_stage": "eventwire.stages",
    "Store": "eventwire.store",
}

__all__ = [
    "Annotations",
    "Article",
    "Claims",
    "ConfigError",
    "Dateline",
    "EntityMention",
    "Event",
    "EventMention",
    "EventStatus",
    "EventwireError",
    "Figure",
    "Flag",
    "InputError",
    "ModelError",
    "Pipeline",
    "Place",
    "Precision",
    "Quote",
    "RawDocument",
    "Reason",
    "Rejection",
    "RunSummary",
    "Sentence",
    "Settings",
    "SourceNotFound",
    "Span",
    "StageKind",
    "StageSpec",
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
    "load_nlp",
    "load_settings",
    "normalise",
    "normalise_document",
    "read_sources",
    "register_stage",
    "run_pipeline",
]


def __getattr__(name: str) -> _Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if _TYPE_CHECKING:
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
    from eventwire.nlp import load_nlp
    from eventwire.normalise import normalise, normalise_document
    from eventwire.pipeline import RunSummary, run_pipeline
    from eventwire.records import (
        Annotations,
        Article,
        Claims,
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
    from eventwire.stages import (
        Pipeline,
        StageKind,
        StageSpec,
        check_pipeline,
        get_stage,
        list_stages,
        register_stage,
    )
    from eventwire.store import Store
