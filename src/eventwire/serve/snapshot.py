"""The store a server reads: a snapshot copy of the store file, refreshed when the store changes.

DuckDB lets one process write a file, and a process that has it open for reading keeps any other
from opening it for writing. A server that held the store open would therefore stop every
``eventwire ingest`` into it. Instead the server reads a private copy:

* at start, and whenever the store file's size or modification time changes (checked at most
  every ``refresh_s`` seconds, when a request arrives), the server opens the store read-only for
  the moment it takes to copy the file (and its write-ahead log, if one is left), then reads the
  copy;
* while an ingest holds the store, the store cannot be opened and the server keeps answering from
  its last copy; the next check after the ingest finishes picks up what it stored;
* an ingest that starts during a copy waits for it (:class:`~eventwire.store.Store` retries a
  locked file for a few seconds).

Readers of one copy see one consistent state, so pages of a list are stable between requests
until a refresh.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import duckdb

from eventwire.errors import StoreError
from eventwire.store import Store
from eventwire.store.dataset import MANIFEST, is_dataset, open_dataset

__all__ = ["Snapshot"]


class Snapshot:
    """A read-only copy of the store at ``path`` (see the module docstring)."""

    def __init__(self, path: str | Path, *, refresh_s: float = 5.0) -> None:
        self.source = Path(path)
        self.dataset = is_dataset(self.source)
        if not self.dataset and not self.source.is_file():
            raise StoreError(f"{self.source}: no store here yet; run `eventwire ingest` first")
        self.refresh_s = refresh_s
        self._dir = Path(tempfile.mkdtemp(prefix="eventwire-serve-"))
        self._lock = threading.Lock()
        self._generation = 0
        self._signature: tuple[int, int] | None = None
        self._checked = 0.0
        self.path: Path | None = None
        self.refreshed_at: float | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._retired: list[tuple[duckdb.DuckDBPyConnection, Path]] = []
        if not self.refresh(force=True):
            raise StoreError(f"{self.source}: cannot read the store: it stays locked by a writer")

    def _stat(self) -> tuple[int, int]:
        st = (self.source / MANIFEST if self.dataset else self.source).stat()
        return st.st_size, st.st_mtime_ns

    def _open_dataset(self, signature: tuple[int, int], *, first: bool) -> bool:
        """A Parquet dataset is read in place (it is replaced whole when written again): the
        views are made again when its manifest changes. The first opening says why it fails."""
        try:
            fresh = open_dataset(self.source)
        except StoreError:
            if first:
                raise
            return False  # being replaced: keep serving the last one
        for con_old, _ in self._retired:
            con_old.close()
        self._retired = [(self._con, self.source)] if self._con else []
        self._generation += 1
        self._con = fresh
        self.path = self.source
        self._signature = signature
        self.refreshed_at = time.time()
        return True

    def refresh(self, *, force: bool = False) -> bool:
        """Copy the store again if it changed (or ``force``); False when it is locked."""
        with self._lock:
            self._checked = time.monotonic()
            try:
                signature = self._stat()
            except OSError:
                return False
            if not force and signature == self._signature:
                return True
            if self.dataset:
                return self._open_dataset(signature, first=self._con is None)
            target = self._dir / f"store-{self._generation + 1}.duckdb"
            try:
                con = duckdb.connect(str(self.source), read_only=True)
            except duckdb.Error:
                return False  # a writer holds it: keep serving the last copy
            try:
                shutil.copyfile(self.source, target)
                wal = self.source.with_name(self.source.name + ".wal")
                if wal.exists():
                    shutil.copyfile(wal, target.with_name(target.name + ".wal"))
            finally:
                con.close()
            fresh = duckdb.connect(str(target), read_only=True)
            # the copy before the last is closed and deleted: requests that began on the last
            # one may still be reading it
            for con_old, path_old in self._retired:
                con_old.close()
                path_old.unlink(missing_ok=True)
                path_old.with_name(path_old.name + ".wal").unlink(missing_ok=True)
            self._retired = [(self._con, self.path)] if self._con and self.path else []
            self._generation += 1
            self._con = fresh
            self.path = target
            self._signature = signature
            self.refreshed_at = time.time()
            return True

    def maybe_refresh(self) -> None:
        if time.monotonic() - self._checked >= self.refresh_s:
            self.refresh()

    def open(self) -> Store:
        """A read-only store on the current copy, over a cursor of its shared connection (close
        it after the request)."""
        self.maybe_refresh()
        with self._lock:
            assert self._con is not None and self.path is not None
            return Store.on_connection(self._con.cursor(), self.path)

    def close(self) -> None:
        with self._lock:
            for con, _ in [*self._retired, (self._con, None)]:
                if con is not None:
                    con.close()
            self._con = None
            self._retired = []
        shutil.rmtree(self._dir, ignore_errors=True)
