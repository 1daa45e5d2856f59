"""The gazetteer's cache file: plain arrays that read back as the same gazetteer, never pickle;
a damaged or foreign file is rebuilt, and old pickle files are deleted unread."""

from __future__ import annotations

import logging
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from eventwire.places import gazetteer as gazetteer_module
from eventwire.places.columns import Columns, UnreadableCacheError, read_columns, write_columns
from eventwire.places.gazetteer import Gazetteer, Kind, cache_path, load_gazetteer, source_key


def _small_columns() -> Columns:
    c = Columns()
    c.add(name="Testville", kind=Kind.CITY, lat=1.5, lon=-2.25, geonameid=7, population=900)
    c.add(name="Upper Province", kind=Kind.ADMIN1, lat=3.0, lon=4.0, country="XX")
    c.add(name="Tést Town", kind=Kind.CITY, lat=0.1, lon=0.2, country="XX", admin1=1)
    c.aliases = []
    c.index = {"testville": (0,), "upper province": (1,), "test": (2, 0), "test town": (2,)}
    c.primary = {"testville": (0,), "upper province": (1,), "test town": (2,)}
    c.preferred = {"test": (2,)}
    c.demonyms = {"testvillian": 0}
    c.key = source_key()
    return c


def _build_small() -> Gazetteer:
    return Gazetteer(_small_columns())


@pytest.fixture()
def small_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """``load_gazetteer`` builds the small gazetteer and keeps nothing loaded before."""
    monkeypatch.setattr(gazetteer_module, "_LOADED", {})
    monkeypatch.setattr(gazetteer_module, "build_gazetteer", _build_small)


def _same_columns(a: Columns, b: Columns) -> None:
    assert a.names == b.names and a.countries == b.countries
    assert a.numeric() == b.numeric()
    assert [c.typecode for c in a.numeric().values()] == [c.typecode for c in b.numeric().values()]
    assert a.index == b.index and a.primary == b.primary and a.preferred == b.preferred
    assert all(type(v) is tuple for v in b.index.values())
    assert a.demonyms == b.demonyms and a.key == b.key


def test_cache_file_reads_back_as_the_same_gazetteer(gazetteer: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.npz"
    write_columns(gazetteer.data, path)
    loaded = read_columns(path, source_key())
    _same_columns(gazetteer.data, loaded)
    again = Gazetteer(loaded)
    for name in ("Mosul", "Texas", "Springfield", "W.Va."):
        assert again.lookup(name) == gazetteer.lookup(name)
    assert again.demonym("Iraqi") == gazetteer.demonym("Iraqi")


def test_cache_file_holds_plain_arrays_only(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.npz"
    write_columns(_small_columns(), path)
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            assert member.endswith(".npy"), member
            with archive.open(member) as f:
                values = np.lib.format.read_array(f, allow_pickle=False)
            assert not values.dtype.hasobject, member
        assert b"\x80\x04\x95" not in b"".join(archive.read(m)[:256] for m in archive.namelist())


def test_damaged_or_foreign_cache_files_are_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.npz"
    write_columns(_small_columns(), path)
    _same_columns(_small_columns(), read_columns(path, source_key()))
    with pytest.raises(UnreadableCacheError):
        read_columns(path, "another-key")  # built from other sources
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableCacheError):
        read_columns(path, source_key())
    path.write_bytes(b"not an archive")
    with pytest.raises(UnreadableCacheError):
        read_columns(path, source_key())
    np.save(path.with_suffix(".npy"), np.arange(3))
    path.with_suffix(".npy").replace(path)
    with pytest.raises(UnreadableCacheError):
        read_columns(path, source_key())


@pytest.mark.usefixtures("small_build")
def test_corrupt_cache_file_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = cache_path(tmp_path)
    path.write_bytes(b"PK\x03\x04 damaged")
    with caplog.at_level(logging.WARNING, logger=gazetteer_module.__name__):
        gaz = load_gazetteer(tmp_path)
    assert "ignoring unreadable gazetteer cache" in caplog.text
    assert gaz.entry(0).name == "Testville"
    # the rebuilt gazetteer replaced the damaged file
    _same_columns(_small_columns(), read_columns(path, source_key()))


class _Payload:
    """Makes a directory when unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


@pytest.mark.usefixtures("small_build")
def test_pickle_files_are_never_loaded(tmp_path: Path) -> None:
    marker = tmp_path / "unpickled"
    payload = pickle.dumps(_Payload(marker))
    old = tmp_path / f"gazetteer-{source_key()}.pickle"
    old.write_bytes(payload)
    cache_path(tmp_path).write_bytes(payload)
    gaz = load_gazetteer(tmp_path)
    assert not marker.exists()
    assert gaz.entry(0).name == "Testville"
    assert not old.exists()  # a cache of the old format is deleted, unread
    assert [p.name for p in tmp_path.iterdir()] == [cache_path(tmp_path).name]
