"""Fusion: the events level. Event mentions of every article, linked within and across articles
into real-world events, each counted once with its independent sources, evidence and figures.

The store stage ``fusion`` (:func:`run_fusion`) runs after ``stories``. The modules, in the order
a mention meets them: ``mentions`` (the values compared, blocking keys), ``dating`` (copies dated
against their donors), ``pairs`` (the rules and weights of a link), ``combine`` (an event's fields
from its members) and ``run`` (the incremental run over a store). ``lexical``, ``model`` and
``concepts`` are the lexical linker that ``eventwire eval coref`` scores on mentions that are bare
spans of text, with its learned model. Design: ``docs/events.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["FusionSummary", "run_fusion"]

if TYPE_CHECKING:
    from eventwire.fusion.run import FusionSummary, run_fusion


def __getattr__(name: str) -> Any:
    if name in __all__:
        from eventwire.fusion import run

        return getattr(run, name)
    raise AttributeError(name)
