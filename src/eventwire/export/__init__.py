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
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from eventwire.errors import ConfigError, OutputError
from eventwire.store import Store
from eventwire.store.export import EXPORT_KINDS, export_parquet, export_query, export_rows

__all__ = ["EXPORT_FORMATS", "EXPORT_KINDS", "export", "iter_export", "neutralise_cell"]

EXPORT_FORMATS = ("jsonl", "csv", "parquet")


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


def _flatten(row: dict[str, Any]) -> dict[str, Any]:
    """A row for CSV: nested objects become ``column.key`` columns, lists are joined by ``|``."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if key in _NESTED:
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
    "killed": ("low", "best", "high"),
    "injured": ("low", "best", "high"),
    "displaced": ("low", "best", "high"),
}


def iter_export(store: Store, kind: str, *, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Rows of an export kind as dictionaries."""
    return export_rows(store, kind, chunk=chunk)


def export(store: Store, kind: str, fmt: str, out: BinaryIO | Path, *, raw: bool = False) -> int:
    """Write export ``kind`` in ``fmt`` to a path or a binary stream; return the row count.

    CSV cells are neutralised (:func:`neutralise_cell`) unless ``raw``."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(
            f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}"
        )
    export_query(kind)  # an unknown kind fails before anything is written
    name = str(out) if isinstance(out, Path) else str(getattr(out, "name", "the output stream"))
    try:
        if fmt == "parquet":
            return _parquet(store, kind, out)
        if isinstance(out, Path):
            with out.open("wb") as fh:
                return _text_export(store, kind, fmt, fh, raw=raw)
        return _text_export(store, kind, fmt, out, raw=raw)
    except OSError as e:
        raise OutputError(f"{name}: cannot write: {e.strerror or e}") from e


def _text_export(store: Store, kind: str, fmt: str, out: BinaryIO, *, raw: bool) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    count = 0
    try:
        if fmt == "jsonl":
            for row in iter_export(store, kind):
                text.write(
                    json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False)
                )
                text.write("\n")
                count += 1
        else:
            writer: Any = None
            for row in iter_export(store, kind):
                flat = _flatten(row)
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
