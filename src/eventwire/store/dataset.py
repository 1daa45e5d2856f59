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

With :class:`~eventwire.stages.Tasks` (the workers of a Dask cluster, ``eventwire export
dataset --engine dask``) and a store file, the partitioned tables are written by the workers:
the publication days are cut into contiguous groups of about equal numbers of articles, one per
worker (each task reads every partitioned table once, keeping its days), and each task opens the
store file read-only, writes every partitioned table's rows of its days into a folder of its
own, and the command moves the day folders into place (the groups share no day, so no two tasks
write one folder). The store-wide tables and the manifest are written here. The
workers must see the store file at the same path (one machine, or a shared file system); the
rows are those of a write in one process.

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
from eventwire.stages import Tasks

__all__ = [
    "DATE_COLUMN",
    "MANIFEST",
    "day_groups",
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


def _partitioned_query(table: str, columns: list[str]) -> str | None:
    """The rows of ``table`` with their article's publication day, for a table whose rows
    belong to an article; None for a store-wide table."""
    if table == "articles":
        return f"SELECT a.*, {_DAY} FROM articles a"
    if "article_id" in columns:
        return (
            f"SELECT t.*, {_DAY} FROM {_quote(table)} t LEFT JOIN articles a ON a.id = t.article_id"
        )
    return None


def _write_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[str],
    folder: Path,
    *,
    partitioned: bool = True,
) -> dict[str, Any]:
    """Write one table into ``folder`` and return its manifest entry; with ``partitioned``
    false, a partitioned table's rows are left to the workers (:func:`_write_days`)."""
    name = _quote(table)
    row = con.execute(f"SELECT count(*) FROM {name}").fetchone()
    rows = int(row[0]) if row else 0
    if rows == 0:
        (folder / _EMPTY).mkdir(exist_ok=True)
        target = folder / _EMPTY / f"{table}.parquet"
        con.execute(f"COPY (SELECT * FROM {name} LIMIT 0) TO {_literal(target)} (FORMAT parquet)")
        return {"rows": 0, "partitioned_by": None, "path": f"{_EMPTY}/{table}.parquet"}
    query = _partitioned_query(table, columns)
    if query is None:
        target = folder / table / "data.parquet"
        target.parent.mkdir()
        con.execute(f"COPY (SELECT * FROM {name}) TO {_literal(target)} (FORMAT parquet)")
        return {"rows": rows, "partitioned_by": None, "path": f"{table}/data.parquet"}
    if partitioned:
        _copy_partitioned(con, query, folder / table)
    else:
        (folder / table).mkdir()
    return {"rows": rows, "partitioned_by": DATE_COLUMN, "path": f"{table}/"}


def _copy_partitioned(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    con.execute(
        f"COPY ({query}) TO {_literal(target)} (FORMAT parquet, PARTITION_BY ({DATE_COLUMN}))"
    )


def day_groups(con: duckdb.DuckDBPyConnection, groups: int) -> list[tuple[str, str]]:
    """The publication days of the store's articles (``undated`` last) cut into at most
    ``groups`` contiguous ranges ``(first, last)`` of about equal numbers of articles; the last
    range ends at ``undated``, so that it also holds rows whose article is not stored."""
    days = con.execute(
        f"SELECT {DATE_COLUMN}, count(*) FROM (SELECT {_DAY} FROM articles a) GROUP BY 1 ORDER BY 1"
    ).fetchall()
    total = sum(int(n) for _, n in days)
    if not days:
        return [("undated", "undated")]
    share = max(1, -(-total // max(1, groups)))
    out: list[tuple[str, str]] = []
    first, count = str(days[0][0]), 0
    for i, (day, n) in enumerate(days):
        count += int(n)
        if count >= share or i == len(days) - 1:
            out.append((first, str(day)))
            if i + 1 < len(days):
                first, count = str(days[i + 1][0]), 0
    return [*out[:-1], (out[-1][0], "undated")]


def _write_days(
    store: str, queries: list[tuple[str, str]], first: str, last: str, folder: str
) -> None:
    """Write the rows of the days ``first`` to ``last`` of each ``(table, query)`` into
    ``folder/TABLE/`` (runs on a worker, which opens the store file read-only)."""
    try:
        con = duckdb.connect(store, read_only=True)
    except duckdb.Error as e:
        raise StoreError(f"{store}: a worker cannot read the store: {e}") from e
    try:
        for table, query in queries:
            days = (
                f"SELECT * FROM ({query}) WHERE {DATE_COLUMN} >= {_literal_text(first)} "
                f"AND {DATE_COLUMN} <= {_literal_text(last)}"
            )
            _copy_partitioned(con, days, Path(folder) / table)
    except duckdb.Error as e:
        raise StoreError(f"{store}: cannot write the days {first} to {last}: {e}") from e
    finally:
        con.close()


def _literal_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _write_on_workers(
    con: duckdb.DuckDBPyConnection,
    store: str,
    queries: list[tuple[str, str]],
    work: Path,
    tasks: Tasks,
) -> None:
    """The partitioned tables' rows, written by ``tasks`` a group of days each, then moved
    from each task's folder into ``work``."""
    staging = work / ".parts"
    groups = day_groups(con, tasks.width)
    handles = []
    for k, (first, last) in enumerate(groups):
        part = staging / f"part-{k}"
        part.mkdir(parents=True)
        handles.append(tasks.submit(_write_days, store, queries, first, last, str(part)))
    for handle in handles:
        tasks.result(handle)
    for k in range(len(groups)):
        for table, _ in queries:
            written = staging / f"part-{k}" / table
            if written.is_dir():
                for day in sorted(written.iterdir()):
                    day.rename(work / table / day.name)
    shutil.rmtree(staging)


def write_dataset(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    *,
    source: str = "",
    tasks: Tasks | None = None,
) -> dict[str, Any]:
    """Write every table of the store on ``con`` as a Parquet dataset in folder ``out`` (made,
    or replaced when it holds a dataset already) and return its manifest. With ``tasks`` and
    ``source`` a store file, the partitioned tables are written by the tasks (the module's
    docstring).

    A folder ``out`` that exists and is not an empty folder or a dataset is refused
    (:class:`StoreError`): nothing of the user's is overwritten."""
    out = Path(out)
    if out.exists() and not (out.is_dir() and (is_dataset(out) or not any(out.iterdir()))):
        raise StoreError(f"{out}: cannot write a dataset there: it exists and is not one")
    if not out.parent.is_dir():
        raise StoreError(f"{out}: cannot write a dataset: the folder {out.parent} does not exist")
    # the workers read the store file itself: none for a store in memory
    workers = tasks if tasks is not None and source and Path(source).is_file() else None
    work = out.parent / f".{out.name}.writing-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        tables = {}
        queries: list[tuple[str, str]] = []
        for table, columns in _tables(con).items():
            tables[table] = _write_table(con, table, columns, work, partitioned=workers is None)
            query = _partitioned_query(table, columns)
            if tables[table]["rows"] and query is not None:
                queries.append((table, query))
        if workers is not None and queries:
            _write_on_workers(con, str(Path(source).resolve()), queries, work, workers)
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
    except (OSError, duckdb.Error, StoreError) as e:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(e, StoreError):
            raise
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
