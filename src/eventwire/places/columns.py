"""The gazetteer's column store and its cache file.

:class:`Columns` holds the gazetteer as parallel columns, one row per place, and the name
indexes over them. :func:`write_columns` saves them as a numpy ``.npz`` archive of plain
numeric arrays, written with ``allow_pickle=False`` (no Python objects): a list of strings is
one UTF-8 buffer of NUL-separated strings; a name index is its keys, the number of rows under
each key and the rows themselves (the keys of ``primary`` and ``preferred``, which are keys of
``index`` too, as positions among its keys); a small JSON header gives the layout version
(:data:`LAYOUT_VERSION`) and the source key that the columns were built from.

:func:`read_columns` reads a file back with ``allow_pickle=False``, so loading never runs code;
a file that is damaged, truncated or foreign, of another layout, built from other sources or
whose columns do not fit together raises :class:`UnreadableCacheError`. A file read back gives
the same Python objects as a fresh build (lists of strings, :class:`array.array` columns,
dicts of tuples).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import zipfile
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "LAYOUT_VERSION",
    "Columns",
    "UnreadableCacheError",
    "read_columns",
    "write_columns",
]

#: Version of the cache file's layout; bump it when the arrays or their meaning change.
LAYOUT_VERSION = 1

_SEPARATOR = "\x00"
# what reading a damaged or foreign file can raise: not a zip archive or a bad checksum, a
# missing array, an array that would need pickle, a header that is not JSON, bad UTF-8
_UNREADABLE = (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile)


class Columns:
    """The gazetteer as parallel columns (one row per place) and its name indexes."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.kinds = array("b")
        self.lats = array("d")
        self.lons = array("d")
        self.geonameids = array("q")
        self.populations = array("q")
        self.countries: list[str] = []
        self.admin1 = array("i")
        self.admin2 = array("i")
        self.supplementary = array("b")
        self.aliases: list[list[str]] = []
        # aliases from the supplementary table count as an entry's own names
        self.curated: dict[int, list[str]] = {}
        # normalised key -> entry indexes; a key of an entry's own name is in ``primary``
        self.index: dict[str, tuple[int, ...]] = {}
        self.primary: dict[str, tuple[int, ...]] = {}
        # normalised key -> entries whose curated alias it is (what the name means in news)
        self.preferred: dict[str, tuple[int, ...]] = {}
        self.demonyms: dict[str, int] = {}
        self.key = ""

    def add(
        self,
        *,
        name: str,
        kind: int,
        lat: float,
        lon: float,
        geonameid: int | None = None,
        population: int = 0,
        country: str = "",
        admin1: int = -1,
        admin2: int = -1,
        aliases: Iterable[str] = (),
        supplementary: bool = False,
    ) -> int:
        i = len(self.names)
        self.names.append(name)
        self.kinds.append(int(kind))
        self.lats.append(lat)
        self.lons.append(lon)
        self.geonameids.append(geonameid or 0)
        self.populations.append(max(0, population))
        self.countries.append(country)
        self.admin1.append(admin1)
        self.admin2.append(admin2)
        self.supplementary.append(1 if supplementary else 0)
        self.aliases.append([a for a in dict.fromkeys(aliases) if a and a != name])
        return i

    def numeric(self) -> dict[str, array[Any]]:
        """The numeric columns by name (their typecodes, b int8, i int32, q int64 and
        d float64, name the same C types for numpy)."""
        return {
            "kinds": self.kinds,
            "lats": self.lats,
            "lons": self.lons,
            "geonameids": self.geonameids,
            "populations": self.populations,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "supplementary": self.supplementary,
        }


# --------------------------------------------------------------------------- writing


def write_columns(columns: Columns, path: Path) -> None:
    """Saves ``columns`` to ``path`` through a temporary file, so that no reader sees part of
    one; ``ValueError`` where a string holds the NUL separator."""
    header = {"layout": LAYOUT_VERSION, "key": columns.key, "rows": len(columns.names)}
    arrays: dict[str, npt.NDArray[Any]] = {
        "header": _encode(json.dumps(header)),
        "names": _pack_strings(columns.names),
        "countries": _pack_strings(columns.countries),
    }
    for name, column in columns.numeric().items():
        arrays[name] = np.frombuffer(column, dtype=column.typecode)
    items = sorted(columns.index.items(), key=_row_count)
    arrays.update(_pack_index("index", items))
    arrays["index.keys"] = _pack_strings([k for k, _ in items])
    position = {k: n for n, (k, _) in enumerate(items)}
    for name, sub in (("primary", columns.primary), ("preferred", columns.preferred)):
        if not sub.keys() <= position.keys():
            raise ValueError(f"gazetteer {name} index has keys that the index lacks")
        sub_items = sorted(sub.items(), key=_row_count)
        arrays.update(_pack_index(name, sub_items))
        # keys of the index too: stored as their positions among its keys
        arrays[f"{name}.keys"] = np.array([position[k] for k, _ in sub_items], dtype=np.int32)
    arrays["demonyms.keys"] = _pack_strings(list(columns.demonyms))
    arrays["demonyms.rows"] = np.array(list(columns.demonyms.values()), dtype=np.int32)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        with tmp.open("wb") as f:
            np.savez(f, allow_pickle=False, **arrays)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _row_count(item: tuple[str, tuple[int, ...]]) -> int:
    return len(item[1])


def _pack_index(name: str, items: list[tuple[str, tuple[int, ...]]]) -> dict[str, npt.NDArray[Any]]:
    """The rows under each key (``items`` ordered by their number, so that the keys with as
    many rows load as one block) and that number."""
    return {
        f"{name}.sizes": np.array([len(v) for _, v in items], dtype=np.int32),
        f"{name}.rows": np.array([i for _, v in items for i in v], dtype=np.int32),
    }


def _encode(text: str) -> npt.NDArray[np.uint8]:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _pack_strings(items: list[str]) -> npt.NDArray[np.uint8]:
    text = _SEPARATOR.join(items)
    if text.count(_SEPARATOR) != max(len(items) - 1, 0):
        raise ValueError("a gazetteer string holds a NUL character")
    return _encode(text)


# --------------------------------------------------------------------------- reading


class UnreadableCacheError(Exception):
    """A cache file that cannot be used: damaged, foreign, of another layout or built from
    other sources."""


def read_columns(path: Path, key: str) -> Columns:
    """The columns saved in ``path``; :class:`UnreadableCacheError` unless it is an intact
    cache file of this layout built from the sources of ``key``."""
    try:
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):
            raise UnreadableCacheError("not an .npz archive")
        with loaded as archive, _collection_paused():
            return _read(archive, key)
    except _UNREADABLE as e:
        raise UnreadableCacheError(f"{type(e).__name__}: {e}") from e


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Garbage collection paused: reading makes about a million tuples and no reference
    cycles, and the collections that they would set off only cost time (a quarter of it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(archive: Mapping[str, npt.NDArray[Any]], key: str) -> Columns:
    header = json.loads(_decode(archive["header"]))
    if not isinstance(header, dict) or header.get("layout") != LAYOUT_VERSION:
        raise UnreadableCacheError("another layout")
    rows = header.get("rows")
    if header.get("key") != key or not isinstance(rows, int):
        raise UnreadableCacheError("built from other sources")
    c = Columns()
    c.key = key
    c.names = _unpack_strings(archive["names"], rows)
    c.countries = _unpack_strings(archive["countries"], rows)
    for name, column in c.numeric().items():
        values = archive[name]
        if values.shape != (rows,) or values.dtype != np.dtype(column.typecode):
            raise UnreadableCacheError(f"column {name}: {values.dtype}{values.shape}")
        if name in ("admin1", "admin2"):
            _check_rows(values, rows, missing=True)  # -1: in no unit
        column.frombytes(values.tobytes())
    c.index = _unpack_index(archive, "index", rows)
    keys = list(c.index)
    c.primary = _unpack_index(archive, "primary", rows, keys)
    c.preferred = _unpack_index(archive, "preferred", rows, keys)
    demonyms = _check_rows(archive["demonyms.rows"], rows)
    keys = _unpack_strings(archive["demonyms.keys"], len(demonyms))
    c.demonyms = dict(zip(keys, demonyms.tolist(), strict=True))
    return c


def _decode(values: npt.NDArray[Any]) -> str:
    if values.dtype != np.uint8 or values.ndim != 1:
        raise UnreadableCacheError(f"text stored as {values.dtype}{values.shape}")
    return values.tobytes().decode("utf-8")


def _unpack_strings(values: npt.NDArray[Any], count: int) -> list[str]:
    items = _decode(values).split(_SEPARATOR) if count else []
    if len(items) != count:
        raise UnreadableCacheError(f"{len(items)} strings where {count} were expected")
    return items


def _check_rows(values: npt.NDArray[Any], rows: int, *, missing: bool = False) -> npt.NDArray[Any]:
    """``values`` if it is a flat array of row numbers below ``rows`` (or -1 with
    ``missing``)."""
    if values.ndim != 1 or values.dtype.kind != "i":
        raise UnreadableCacheError(f"row numbers stored as {values.dtype}{values.shape}")
    if len(values) and (values.min() < (-1 if missing else 0) or values.max() >= rows):
        raise UnreadableCacheError("row numbers out of range")
    return values


def _unpack_index(
    archive: Mapping[str, npt.NDArray[Any]],
    name: str,
    rows: int,
    index_keys: list[str] | None = None,
) -> dict[str, tuple[int, ...]]:
    """The index ``name``; its keys are stored as strings, or as positions in ``index_keys``."""
    sizes = archive[f"{name}.sizes"]
    values = _check_rows(archive[f"{name}.rows"], rows)
    if sizes.ndim != 1 or sizes.dtype.kind != "i":
        raise UnreadableCacheError(f"index {name}: sizes stored as {sizes.dtype}{sizes.shape}")
    if index_keys is None:
        keys = _unpack_strings(archive[f"{name}.keys"], len(sizes))
    else:
        positions = _check_rows(archive[f"{name}.keys"], len(index_keys))
        keys = [index_keys[n] for n in positions.tolist()]
    if len(sizes) and (sizes[0] < 1 or (np.diff(sizes) < 0).any()):
        raise UnreadableCacheError(f"index {name}: sizes not in order")
    if int(sizes.sum()) != len(values):
        raise UnreadableCacheError(f"index {name}: {len(values)} rows, sizes sum to {sizes.sum()}")
    flat = values.tolist()
    out: dict[str, tuple[int, ...]] = {}
    start = end = 0
    distinct, counts = np.unique(sizes, return_counts=True)
    for size, count in zip(distinct.tolist(), counts.tolist(), strict=True):
        run = iter(flat[end : end + size * count])
        # zip(*[run] * size): the rows of the run in tuples of ``size``
        out.update(zip(keys[start : start + count], zip(*[run] * size, strict=True), strict=True))
        start += count
        end += size * count
    return out
