"""Situation reports: a story, a place (with a radius) or a country over a period, as Markdown,
HTML or PDF, every number linked to the evidence it rests on.

:func:`build_report` gathers the data from a store into a :class:`Report`;
:func:`render_report` writes it in one format. The CLI (``eventwire report``) and the REST API
call the same two functions.
"""

from __future__ import annotations

from eventwire.report.render import FORMATS, render_report
from eventwire.report.select import (
    DEFAULT_RADIUS_KM,
    Report,
    Selection,
    build_report,
    event_anchor,
)

__all__ = [
    "DEFAULT_RADIUS_KM",
    "FORMATS",
    "Report",
    "Selection",
    "build_report",
    "event_anchor",
    "render_report",
]
