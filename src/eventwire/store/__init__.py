"""Store stage: the embedded DuckDB file, its schema and recorded migrations."""

from eventwire.store.db import Annotations, Store, WriteItem
from eventwire.store.migrations import available_migrations, migrate
from eventwire.store.rows import ARTICLE_COLUMNS

__all__ = [
    "ARTICLE_COLUMNS",
    "Annotations",
    "Store",
    "WriteItem",
    "available_migrations",
    "migrate",
]
