"""Expanding sources (files, folders, ``-`` for stdin, URLs) into documents.

A file's format comes from its extension (``.txt``, ``.html``, ``.jsonl[.gz]``, ``.xml``/``.rss``/
``.atom``, ``.warc[.gz]``), then from its first bytes when the extension says nothing; stdin is
always sniffed. Folders are walked recursively in sorted order; each file's path relative to the
folder is matched against ``ingest.include`` and ``ingest.exclude`` (shell globs where ``*`` also
matches ``/``); excluded folders are not entered, and a folder reached twice through symbolic
links is read once. URLs are fetched and read by their ``Content-Type`` (HTML, feeds, plain text,
JSON Lines), sniffing the body when the type says nothing.

Everything streams: single documents are read up to their size cap, JSON Lines and WARC files
record by record, folders one file at a time.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import logging
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, BinaryIO

import httpx

from eventwire.errors import Reason
from eventwire.ingest.base import ItemStream, reject
from eventwire.ingest.decode import (
    GZIP_MAGIC,
    SNIFF_BYTES,
    binary_kind,
    format_from_name,
    sniff_format,
)
from eventwire.ingest.feeds import read_feed
from eventwire.ingest.html import read_html
from eventwire.ingest.jsonl import read_jsonl
from eventwire.ingest.text import read_text
from eventwire.ingest.warc import read_warc
from eventwire.ingest.web import Fetched, fetch_url, is_url, make_client
from eventwire.records import Rejection
from eventwire.settings import Settings

__all__ = [
    "jsonl_parts",
    "read_jsonl_part",
    "read_path",
    "read_sources",
    "read_stream",
    "read_url",
    "walk_folder",
]

log = logging.getLogger(__name__)

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_TYPES = ("application/xml", "text/xml")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_JSONL_TYPES = (
    "application/jsonl",
    "application/x-ndjson",
    "application/json-lines",
    "application/x-jsonlines",
    "application/ndjson",
)


# Size caps checked against a file's size before it is opened, by announced format.
_CAPS = {"text": "max_file_bytes", "html": "max_file_bytes", "feed": "max_feed_bytes"}


class _Prefixed(io.RawIOBase):
    """A raw stream that replays already-read leading bytes before the rest of a stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_capped(
    stream: IO[bytes], size: int | None, cap: int, setting: str, source: str, what: str
) -> bytes | Rejection:
    if size is not None and size > cap:
        return reject(
            source,
            Reason.TOO_LARGE,
            f"the {what} is {size} bytes, over the limit of {cap} (setting {setting})",
        )
    data = stream.read(cap + 1)
    if len(data) > cap:
        return reject(
            source,
            Reason.TOO_LARGE,
            f"the {what} is over the limit of {cap} bytes (setting {setting})",
        )
    return data


def read_stream(
    stream: IO[bytes],
    *,
    source: str,
    settings: Settings,
    fmt: str | None = None,
    size: int | None = None,
    fetch: bool = False,
    client: httpx.Client | None = None,
    page_format: str | None = None,
    declared_charset: str | None = None,
    url: str | None = None,
) -> ItemStream:
    """Read an open binary stream whose format is ``fmt`` (None: sniffed from its first bytes).

    A stream that cannot seek (a pipe) has its first bytes replayed after sniffing; ``size``
    (when known) lets size caps be checked before reading. ``page_format`` overrides
    ``source_format`` for single-document formats (``url`` for fetched pages).
    """
    start = stream.tell() if stream.seekable() else None
    head = stream.read(SNIFF_BYTES)
    if start is not None:
        stream.seek(start)
    else:
        stream = io.BufferedReader(_Prefixed(head, stream), buffer_size=SNIFF_BYTES)
    if not head:
        yield reject(source, Reason.EMPTY, "the input is empty")
        return
    kind = binary_kind(head)
    if kind is not None:
        yield reject(source, Reason.BINARY, f"the input is {kind}, not text")
        return
    gzipped = head.startswith(GZIP_MAGIC)
    if fmt is None or fmt == "xml" or (gzipped and fmt not in ("jsonl", "warc")):
        sniffed = sniff_format(head)
        if fmt == "xml" and sniffed not in ("feed", "html"):
            yield reject(source, Reason.UNSUPPORTED, "the XML is not an RSS or Atom feed")
            return
        fmt = sniffed
    if fmt is None:
        what = "gzip-compressed data other than JSON Lines or WARC" if gzipped else "binary data"
        yield reject(source, Reason.UNSUPPORTED, f"the input is {what}")
        return
    if fmt == "xml":
        yield reject(source, Reason.UNSUPPORTED, "the XML is not an RSS or Atom feed")
        return
    if fmt == "warc":
        yield from read_warc(stream, source=source, settings=settings)
    elif fmt == "jsonl":
        if gzipped:
            with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                yield from read_jsonl(unzipped, source=source, settings=settings)
        else:
            yield from read_jsonl(stream, source=source, settings=settings)
    elif fmt == "feed":
        ing = settings.ingest
        data = _read_capped(
            stream, size, ing.max_feed_bytes, "ingest.max_feed_bytes", source, "feed"
        )
        if isinstance(data, Rejection):
            yield data
        else:
            yield from read_feed(data, source=source, settings=settings, fetch=fetch, client=client)
    else:
        ing = settings.ingest
        data = _read_capped(
            stream, size, ing.max_file_bytes, "ingest.max_file_bytes", source, "file"
        )
        if isinstance(data, Rejection):
            yield data
            return
        reader = read_html if fmt == "html" else read_text
        if fmt == "text" and not data.strip():
            yield reject(source, Reason.EMPTY, "the input holds only whitespace")
            return
        yield reader(
            data,
            source=source,
            settings=settings,
            source_format=page_format or fmt,
            declared_charset=declared_charset,
            url=url,
        )


def path_text(path: Path) -> str:
    """``path`` as text that can be stored and printed: as it is when its name is valid UTF-8;
    otherwise its bytes decoded as UTF-8 with each invalid byte written as ``\\xNN``
    (``caf\\xe9.txt``), instead of the lone surrogates Python decodes it into, which no UTF-8
    store or terminal accepts."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return text


def _read_file(
    path: Path, *, settings: Settings, fetch: bool, client: httpx.Client | None
) -> ItemStream:
    source = path_text(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield reject(source, Reason.NOT_FOUND, "the file does not exist (or is a broken link)")
        return
    except OSError as e:
        yield reject(source, Reason.UNREADABLE, f"the file cannot be read ({e.strerror or e})")
        return
    if not stat.S_ISREG(info.st_mode):
        yield reject(source, Reason.UNSUPPORTED, "not a regular file")
        return
    fmt, why = format_from_name(path.name)
    if why is not None:
        yield reject(source, Reason.UNSUPPORTED, why)
        return
    if info.st_size == 0:
        yield reject(source, Reason.EMPTY, "the file is empty")
        return
    cap = _CAPS.get(fmt or "")
    if cap is not None:
        limit = getattr(settings.ingest, cap)
        if info.st_size > limit:
            what = "feed" if fmt == "feed" else "file"
            yield reject(
                source,
                Reason.TOO_LARGE,
                f"the {what} is {info.st_size} bytes, over the limit of {limit} "
                f"(setting ingest.{cap})",
            )
            return
    try:
        handle = open(path, "rb", buffering=SNIFF_BYTES)  # noqa: SIM115 - closed below
    except OSError as e:
        yield reject(source, Reason.UNREADABLE, f"the file cannot be read ({e.strerror or e})")
        return
    with handle:
        try:
            yield from read_stream(
                handle,
                source=source,
                settings=settings,
                fmt=fmt,
                size=info.st_size,
                fetch=fetch,
                client=client,
            )
        except OSError as e:
            yield reject(source, Reason.UNREADABLE, f"reading the file failed ({e.strerror or e})")


class _Window:
    """Lines of an open binary file from its current position up to ``length`` bytes on."""

    def __init__(self, handle: BinaryIO, length: int) -> None:
        self.handle = handle
        self.left = length

    def readline(self, size: int = -1, /) -> bytes:
        if self.left <= 0:
            return b""
        limit = self.left if size < 0 else min(size, self.left)
        line = self.handle.readline(limit)
        self.left -= len(line)
        return line


def jsonl_parts(path: Path, part_bytes: int) -> list[tuple[int, int, int]]:
    """The parts of the JSON Lines file ``path`` to read on their own: ``(start, end,
    lines before start)``, each about ``part_bytes`` long and ending at the end of a line. One
    pass over the file, counting line ends (no record is decoded)."""
    size = path.stat().st_size
    parts: list[tuple[int, int, int]] = []
    start = lines = 0
    with open(path, "rb") as handle:
        while start < size:
            target = start + part_bytes
            if target >= size:
                parts.append((start, size, lines))
                break
            counted = 0
            pos = start
            while pos < target:
                block = handle.read(min(1 << 20, target - pos))
                if not block:
                    break
                counted += block.count(b"\n")
                pos += len(block)
            while True:  # to the end of the line that holds the target
                rest = handle.readline(1 << 20)
                pos += len(rest)
                if not rest or rest.endswith(b"\n"):
                    counted += bool(rest)
                    break
            parts.append((start, pos, lines))
            start, lines = pos, lines + counted
    return parts


def read_jsonl_part(
    path: Path, *, start: int, end: int, first_line: int, settings: Settings
) -> ItemStream:
    """The records of bytes ``start:end`` of the uncompressed JSON Lines file ``path`` (a part of
    :func:`jsonl_parts`), located by line numbers of the whole file: what reading the whole
    file gives for those lines."""
    source = path_text(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        yield reject(source, Reason.UNREADABLE, f"the file cannot be read ({e.strerror or e})")
        return
    with handle:
        try:
            handle.seek(start)
            yield from read_jsonl(
                _Window(handle, end - start),
                source=source,
                settings=settings,
                first_line=first_line,
            )
        except OSError as e:
            yield reject(source, Reason.UNREADABLE, f"reading the file failed ({e.strerror or e})")


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, pattern) for pattern in patterns)


def walk_folder(root: Path, *, settings: Settings) -> Iterator[Path | Rejection]:
    """Files under ``root`` in sorted order, filtered by the include/exclude globs.

    Unreadable folders come out as Rejections. Symbolic links are followed, but a folder already
    visited (the same device and inode) is not entered again, so link loops end.
    """
    include = settings.ingest.include
    exclude = settings.ingest.exclude
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path, prefix: str) -> Iterator[Path | Rejection]:
        try:
            info = folder.stat()
        except OSError as e:
            yield reject(path_text(folder), Reason.UNREADABLE, f"the folder cannot be read ({e})")
            return
        key = (info.st_dev, info.st_ino)
        if key in seen:
            log.debug("%s: folder already read (symbolic link loop?); skipped", folder)
            return
        seen.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda entry: entry.name)
        except OSError as e:
            yield reject(
                path_text(folder),
                Reason.UNREADABLE,
                f"the folder cannot be listed ({e.strerror or e})",
            )
            return
        for entry in entries:
            rel = f"{prefix}{entry.name}"
            if _matches(rel, exclude):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                yield from visit(Path(entry.path), rel + "/")
            elif _matches(rel, include):
                yield Path(entry.path)

    yield from visit(root, "")


def read_path(
    path: Path,
    *,
    settings: Settings,
    fetch: bool = False,
    client: httpx.Client | None = None,
) -> ItemStream:
    """Read a file or, recursively, a folder."""
    if path.is_dir():
        for found in walk_folder(path, settings=settings):
            if isinstance(found, Rejection):
                yield found
            else:
                yield from _read_file(found, settings=settings, fetch=fetch, client=client)
    elif not path.exists() and not path.is_symlink():
        yield reject(path_text(path), Reason.NOT_FOUND, "no such file or folder")
    else:
        yield from _read_file(path, settings=settings, fetch=fetch, client=client)


def _format_of_response(fetched: Fetched) -> str | None:
    media = fetched.media_type
    if media in _HTML_TYPES:
        return "html"
    if media in _FEED_TYPES:
        return "feed"
    if media in _XML_TYPES:
        return "xml"
    if media in _JSONL_TYPES:
        return "jsonl"
    if media in ("application/warc", "application/x-warc"):
        return "warc"
    if media == "text/plain":
        return "text"
    return None


def read_url(
    url: str,
    *,
    settings: Settings,
    fetch: bool = False,
    client: httpx.Client | None = None,
) -> ItemStream:
    """Fetch ``url`` and read it by its content type; pages get ``source_format`` ``url``."""
    fetched = fetch_url(url, settings=settings, client=client)
    if isinstance(fetched, Rejection):
        yield fetched
        return
    media = fetched.media_type
    fmt = _format_of_response(fetched)
    if (
        fmt is None
        and media
        and not media.startswith("text/")
        and media
        not in (
            "application/octet-stream",
            "binary/octet-stream",
        )
    ):
        yield reject(url, Reason.UNSUPPORTED, f"the URL serves {media}, which is not read")
        return
    yield from read_stream(
        io.BytesIO(fetched.content),
        source=url,
        settings=settings,
        fmt=fmt,
        size=len(fetched.content),
        fetch=fetch,
        client=client,
        page_format="url",
        declared_charset=fetched.charset,
        url=fetched.final_url,
    )


def read_sources(
    sources: Sequence[str],
    *,
    settings: Settings,
    fetch: bool = False,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> ItemStream:
    """Read every source in order: files, folders, ``-`` (stdin) and http(s) URLs.

    A source that does not exist yields a ``not-found`` Rejection. One HTTP client is made for
    the whole run when ``client`` is None and something must be fetched.
    """
    own: httpx.Client | None = None
    if client is None and (fetch or any(is_url(s) for s in sources)):
        own = client = make_client(settings)
    try:
        for source in sources:
            if source == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from read_stream(
                    stream, source="-", settings=settings, fetch=fetch, client=client
                )
            elif is_url(source):
                yield from read_url(source, settings=settings, fetch=fetch, client=client)
            else:
                yield from read_path(Path(source), settings=settings, fetch=fetch, client=client)
    finally:
        if own is not None:
            own.close()
