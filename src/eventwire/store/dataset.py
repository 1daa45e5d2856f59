"""A store as a Parquet dataset: every table in a folder of Parquet files that DuckDB, pandas,
pyarrow and Dask read directly, and that eventwire's reading commands open as a store.

Layout (``eventwire export dataset -o DIR``)::

    DIR/eventwire-dataset.json                    the manifest: format, schema version, tables
    DIR/articles/published_date=2026-03-09/*.parquet
    DIR/articles/published_date=undated/*.parquet
    DIR/sentences/published_date=2026-03-09/*.parquet   (every table with an article_id)
    DIR/events/data.parquet                        (store-wide tables: one file)
    DIR/_empty/<table>.parquet                    (a table with no rows: its columns only)

Tables whose rows belong to an article (``article_id``) are partitioned by the article's
publication date (UTC, ``YYYY-MM-DD``, ``undated`` when unknown) in Hive style, so that a reader
selects days by folder (``pandas.read_parquet(DIR + "/sentences", filters=[("published_date",
">=", "2026-03-10")])``, ``dask.dataframe.read_parquet``). DuckDB writes each table with its
parallel partitioned writer.

A dataset is written into a hidden folder beside ``DIR`` and moved into place when complete: a
write killed in the middle leaves the previous dataset (or none), never half of one; writing the
same store again gives the same rows. :func:`open_dataset` gives a DuckDB connection with one
view per table (the partition column left out), which :class:`~eventwire.store.Store` uses when
its path is a dataset folder: ``stats``, ``export``, ``events``, ``event``, ``report`` and
``serve`` read it as they read a DuckDB file. A dataset is read-only; ``ingest`` writes a DuckDB
file.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from eventwire.errors import StoreError

__all__ = [
    "DATE_COLUMN",
    "MANIFEST",
    "is_dataset",
    "open_dataset",
    "read_manifest",
    "write_dataset",
]

#: The manifest file that marks a folder as an eventwire dataset.
MANIFEST = "eventwire-dataset.json"
#: The partition column of the tables whose rows belong to an article.
DATE_COLUMN = "published_date"
FORMAT = "eventwire-parquet-dataset"
VERSION = 1
_EMPTY = "_empty"


def is_dataset(path: str | Path) -> bool:
    """Whether ``path`` is a folder holding an eventwire dataset."""
    return (Path(path) / MANIFEST).is_file()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT t.table_name, c.column_name FROM information_schema.tables t "
        "JOIN information_schema.columns c ON c.table_name = t.table_name "
        "AND c.table_schema = t.table_schema "
        "WHERE t.table_type = 'BASE TABLE' AND t.table_schema = 'main' "
        "ORDER BY t.table_name, c.ordinal_position"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(str(table), []).append(str(column))
    return out


def _schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    try:
        row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except duckdb.Error:
        return None
    return int(row[0]) if row and row[0] is not None else None


_DAY = f"coalesce(strftime(a.published, '%Y-%m-%d'), 'undated') AS {DATE_COLUMN}"


def _write_table(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], folder: Path
) -> dict[str, Any]:
    name = _quote(table)
    row = con.execute(f"SELECT count(*) FROM {name}").fetchone()
    rows = int(row[0]) if row else 0
    if rows == 0:
        (folder / _EMPTY).mkdir(exist_ok=True)
        target = folder / _EMPTY / f"{table}.parquet"
        con.execute(f"COPY (SELECT * FROM {name} LIMIT 0) TO {_literal(target)} (FORMAT parquet)")
        return {"rows": 0, "partitioned_by": None, "path": f"{_EMPTY}/{table}.parquet"}
    if table == "articles":
        query = f"SELECT a.*, {_DAY} FROM articles a"
    elif "article_id" in columns:
        query = f"SELECT t.*, {_DAY} FROM {name} t LEFT JOIN articles a ON a.id = t.article_id"
    else:
        target = folder / table / "data.parquet"
        target.parent.mkdir()
        con.execute(f"COPY (SELECT * FROM {name}) TO {_literal(target)} (FORMAT parquet)")
        return {"rows": rows, "partitioned_by": None, "path": f"{table}/data.parquet"}
    con.execute(
        f"COPY ({query}) TO {_literal(folder / table)} "
        f"(FORMAT parquet, PARTITION_BY ({DATE_COLUMN}))"
    )
    return {"rows": rows, "partitioned_by": DATE_COLUMN, "path": f"{table}/"}


def write_dataset(con: duckdb.DuckDBPyConnection, out: Path, *, source: str = "") -> dict[str, Any]:
    """Write every table of the store on ``con`` as a Parquet dataset in folder ``out`` (made,
    or replaced when it holds a dataset already) and return its manifest.

    A folder ``out`` that exists and is not an empty folder or a dataset is refused
    (:class:`StoreError`): nothing of the user's is overwritten."""
    out = Path(out)
    if out.exists() and not (out.is_dir() and (is_dataset(out) or not any(out.iterdir()))):
        raise StoreError(f"{out}: cannot write a dataset there: it exists and is not one")
    if not out.parent.is_dir():
        raise StoreError(f"{out}: cannot write a dataset: the folder {out.parent} does not exist")
    work = out.parent / f".{out.name}.writing-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        tables = {}
        for table, columns in _tables(con).items():
            tables[table] = _write_table(con, table, columns, work)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "schema_version": _schema_version(con),
            "source": source,
            "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "tables": tables,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        if out.exists():
            out.rename(old)
        work.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except (OSError, duckdb.Error) as e:
        shutil.rmtree(work, ignore_errors=True)
        raise StoreError(f"{out}: cannot write the dataset: {e}") from e
    return manifest


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the dataset in ``path``; :class:`StoreError` naming the folder and the
    reason when it is missing, not JSON or not an eventwire dataset."""
    try:
        manifest = json.loads((path / MANIFEST).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise StoreError(f"{path}: not a readable eventwire dataset: {e}") from e
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("tables"), dict)
    ):
        raise StoreError(f"{path}: not an eventwire dataset ({MANIFEST} is of another kind)")
    if manifest.get("version") != VERSION:
        raise StoreError(
            f"{path}: dataset version {manifest.get('version')!r}; this eventwire reads {VERSION}"
        )
    return manifest


def open_dataset(path: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per table of the dataset in ``path``."""
    folder = Path(path)
    manifest = read_manifest(folder)
    con = duckdb.connect(":memory:")
    try:
        for table, entry in manifest["tables"].items():
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                raise StoreError(f"{folder}: the dataset's entry for table {table!r} is damaged")
            where = (folder / entry["path"]).resolve()
            if not where.is_relative_to(folder.resolve()):
                raise StoreError(f"{folder}: table {table!r} points outside the dataset")
            if entry.get("partitioned_by") == DATE_COLUMN:
                glob = _literal(where / "**" / "*.parquet")
                source = (
                    f"SELECT * EXCLUDE ({DATE_COLUMN}) FROM "
                    f"read_parquet({glob}, hive_partitioning = true)"
                )
            else:
                source = f"SELECT * FROM read_parquet({_literal(where)})"
            con.execute(f"CREATE VIEW {_quote(str(table))} AS {source}")
    except duckdb.Error as e:
        con.close()
        raise StoreError(f"{folder}: cannot read the dataset: {e}") from e
    except StoreError:
        con.close()
        raise
    return con
