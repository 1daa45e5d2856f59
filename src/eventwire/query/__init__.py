"""The read-only query layer: every question the REST API, the dashboard and the CLI ask of a
store, with filters, stable sort orders and cursor pagination, values always bound as SQL
parameters. :class:`Query` wraps an open :class:`~eventwire.store.Store`."""

from eventwire.query.reads import (
    MAX_PAGE,
    ArticleFilters,
    EventQuery,
    NotFound,
    Page,
    PageRequest,
    Query,
    QueryError,
)

__all__ = [
    "MAX_PAGE",
    "ArticleFilters",
    "EventQuery",
    "NotFound",
    "Page",
    "PageRequest",
    "Query",
    "QueryError",
]
