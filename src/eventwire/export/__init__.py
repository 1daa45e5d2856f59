"""Export stage: store tables as JSON Lines, CSV or Parquet, to a file or a stream.

Each kind is a documented query over the store (:mod:`eventwire.store.export`, columns in
``docs/codebook.md``); rows stream in chunks, so an export never holds the whole store in memory
(Parquet is written by DuckDB itself). An output that cannot be written (a missing or read-only
folder, a full disk, a closed pipe) raises :class:`~eventwire.errors.OutputError`; a store that
cannot be read, :class:`~eventwire.errors.StoreError`.

CSV cells are neutralised for spreadsheets: a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return (which Excel, LibreOffice and Google Sheets read as a formula)
gets a leading apostrophe, the convention those tools recognise (OWASP, "CSV injection");
numbers are written as they are. ``raw=True`` writes every cell unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from eventwire.errors import ConfigError, OutputError
from eventwire.store import Store
from eventwire.store.export import EXPORT_KINDS, export_parquet, export_query, export_rows

__all__ = [
    "EVENT_SCHEMAS",
    "EXPORT_FORMATS",
    "EXPORT_KINDS",
    "export",
    "iter_export",
    "neutralise_cell",
]

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "geojson")
#: Layouts of other datasets that ``events`` can be written in (:mod:`eventwire.export.schemas`).
EVENT_SCHEMAS = ("acled", "ucdp", "plover")
#: Kinds with coordinates, which GeoJSON can hold, and their latitude and longitude columns.
_COORDINATES = {
    "events": ("lat", "lon"),
    "places": ("lat", "lon"),
    "acled": ("latitude", "longitude"),
    "ucdp": ("latitude", "longitude"),
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        # The store keeps UTC times without a zone; say so in the text form.
        return value.isoformat() + "Z" if value.tzinfo is None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _flatten(row: dict[str, Any], nested: bool = True) -> dict[str, Any]:
    """A row for CSV: nested objects become ``column.key`` columns (``nested``: the export has
    them), lists are joined by ``|``."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if nested and key in _NESTED:
            for sub in _NESTED[key]:
                flat[f"{key}.{sub}"] = None if value is None else _jsonable(value.get(sub))
        elif isinstance(value, list):
            flat[key] = "|".join(str(v) for v in value)
        else:
            flat[key] = _jsonable(value)
    return flat


#: Nested columns of the exports and their keys (CSV has one column per key).
_NESTED: dict[str, tuple[str, ...]] = {
    "place": ("name", "lat", "lon", "precision", "geonameid", "country"),
    "location": ("name", "lat", "lon", "admin1", "admin2", "country", "country_iso", "precision"),
    "killed": ("low", "best", "high"),
    "injured": ("low", "best", "high"),
    "displaced": ("low", "best", "high"),
}


def iter_export(
    store: Store, kind: str, *, chunk: int = 1000, schema: str | None = None
) -> Iterator[dict[str, Any]]:
    """Rows of an export kind as dictionaries; ``schema`` (events only): in the columns of
    ACLED, UCDP GED or PLOVER, holding the events that dataset would."""
    rows = export_rows(store, kind, chunk=chunk)
    if schema is None:
        return rows
    from eventwire.export.schemas import SCHEMAS

    mapper, applies = SCHEMAS[schema]
    return (mapper(row) for row in rows if applies(row))


def _check(kind: str, fmt: str, schema: str | None) -> None:
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(
            f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}"
        )
    export_query(kind)  # an unknown kind fails before anything is written
    if schema is not None:
        if schema not in EVENT_SCHEMAS:
            raise ConfigError(
                f"unknown schema {schema!r}; choose one of: {', '.join(EVENT_SCHEMAS)}"
            )
        if kind != "events":
            raise ConfigError(f"--schema {schema} applies to events, not to {kind}")
    if fmt == "geojson" and (schema or kind) not in _COORDINATES and schema != "plover":
        raise ConfigError(f"GeoJSON needs coordinates: export events or places, not {kind}")


def export(
    store: Store,
    kind: str,
    fmt: str,
    out: BinaryIO | Path,
    *,
    raw: bool = False,
    schema: str | None = None,
) -> int:
    """Write export ``kind`` in ``fmt`` to a path or a binary stream; return the row count.

    CSV cells are neutralised (:func:`neutralise_cell`) unless ``raw``. ``schema`` (events
    only): ``acled``, ``ucdp`` or ``plover`` columns."""
    _check(kind, fmt, schema)
    name = str(out) if isinstance(out, Path) else str(getattr(out, "name", "the output stream"))
    try:
        if fmt == "parquet" and schema is None:
            return _parquet(store, kind, out)
        if isinstance(out, Path):
            with out.open("wb") as fh:
                return _write(store, kind, fmt, fh, raw=raw, schema=schema)
        return _write(store, kind, fmt, out, raw=raw, schema=schema)
    except OSError as e:
        raise OutputError(f"{name}: cannot write: {e.strerror or e}") from e


def _write(
    store: Store, kind: str, fmt: str, out: BinaryIO, *, raw: bool, schema: str | None
) -> int:
    if fmt == "parquet":
        return _schema_parquet(store, kind, out, schema)
    if fmt == "geojson":
        return _geojson(store, kind, out, schema)
    return _text_export(store, kind, fmt, out, raw=raw, schema=schema)


def _geojson(store: Store, kind: str, out: BinaryIO, schema: str | None) -> int:
    """A GeoJSON FeatureCollection, one Feature per row (a row without coordinates has a null
    geometry), written as the rows stream."""
    if schema == "plover":
        lat_lon: tuple[str, str] | None = None
    else:
        lat_lon = _COORDINATES[schema or kind]
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    count = 0
    try:
        text.write('{"type": "FeatureCollection", "features": [\n')
        for row in iter_export(store, kind, schema=schema):
            props = {k: _jsonable(v) for k, v in row.items()}
            if lat_lon is None:
                where = row.get("location") or {}
                lat, lon = where.get("lat"), where.get("lon")
            else:
                lat, lon = row.get(lat_lon[0]), row.get(lat_lon[1])
            geometry = (
                {"type": "Point", "coordinates": [lon, lat]}
                if lat is not None and lon is not None
                else None
            )
            feature = {"type": "Feature", "geometry": geometry, "properties": props}
            text.write(("," if count else "") + json.dumps(feature, ensure_ascii=False) + "\n")
            count += 1
        text.write("]}\n")
        text.flush()
    finally:
        text.detach()
    out.flush()
    return count


def _schema_parquet(store: Store, kind: str, out: BinaryIO, schema: str | None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [
        {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in row.items()}
        for row in iter_export(store, kind, schema=schema)
    ]
    if rows:
        table = pa.Table.from_pylist(rows)
    else:
        from eventwire.export.schemas import SCHEMAS

        columns = list(SCHEMAS[schema or ""][0](_EMPTY_EVENT))
        table = pa.table({c: pa.array([], pa.null()) for c in columns})
    pq.write_table(table, out)
    return len(rows)


#: An event row with every column empty: the column names of a schema with no rows.
_EMPTY_EVENT: dict[str, Any] = defaultdict(lambda: None)


def _text_export(
    store: Store, kind: str, fmt: str, out: BinaryIO, *, raw: bool, schema: str | None = None
) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    count = 0
    try:
        if fmt == "jsonl":
            for row in iter_export(store, kind, schema=schema):
                text.write(
                    json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False)
                )
                text.write("\n")
                count += 1
        else:
            writer: Any = None
            for row in iter_export(store, kind, schema=schema):
                flat = _flatten(row, nested=schema in (None, "plover"))
                if not raw:
                    flat = {k: neutralise_cell(v) for k, v in flat.items()}
                if writer is None:
                    writer = csv.DictWriter(text, fieldnames=list(flat))
                    writer.writeheader()
                writer.writerow(flat)
                count += 1
        text.flush()
    finally:
        text.detach()
    out.flush()  # a full disk or a closed pipe shows here, not when the process exits
    return count


def _parquet(store: Store, kind: str, out: BinaryIO | Path) -> int:
    if isinstance(out, Path):
        return export_parquet(store, kind, out)
    fd, name = tempfile.mkstemp(suffix=".parquet")
    os.close(fd)
    try:
        count = export_parquet(store, kind, Path(name))
        with open(name, "rb") as fh:
            while block := fh.read(1 << 20):
                out.write(block)
        out.flush()
        return count
    finally:
        os.unlink(name)
