"""WARC web archives (``.warc``, ``.warc.gz``), read record by record with warcio.

Only ``response`` records with HTTP status 200 and an HTML content type are read; requests,
metadata, redirects, error pages, images and scripts are skipped silently. Each page gives one
document (locator ``record at byte N``, the record's offset in the file as stored) with the
record's ``WARC-Target-URI`` as url and the page's own metadata. ``published`` is the date the
page states, never the crawl time: ``WARC-Date`` says when the page was archived, not when the
article appeared, and is left out.

A record larger than ``ingest.max_record_bytes`` is rejected as ``too-large`` without being read.
An archive that breaks off (a cut gzip member, a record shorter than its ``Content-Length``)
yields every record before the break, then one ``truncated`` rejection naming the byte offset of
the broken record. A record that goes on past its ``Content-Length`` (the rest of its body
where the blank lines after it should be) is rejected as ``malformed-warc`` with its offset
instead of being stored cut short, and the reading goes on. A file that does not start with a
WARC record is rejected as ``malformed-warc``.
"""

from __future__ import annotations

import logging
import zlib
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from eventwire.errors import Reason
from eventwire.ingest.base import Item, ItemStream, reject
from eventwire.ingest.decode import GZIP_MAGIC, charset_from_content_type
from eventwire.ingest.html import read_html
from eventwire.settings import Settings

__all__ = ["read_warc"]

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# What warcio raises on a cut or damaged archive (a header cut short shows as a missing field).
_BROKEN = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    zlib.error,
    ValueError,
    AttributeError,
    IndexError,
)


def _starts_like_warc(head: bytes) -> bool:
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    if callable(peek):
        head = peek(4096)
        return bytes(head[:4096]) if isinstance(head, bytes | bytearray | memoryview) else b""
    position = stream.tell()
    head = stream.read(4096)
    stream.seek(position)
    return head


def _page(record: Any) -> tuple[str | None, str | None]:
    """The HTML content type and charset of a 200 response, or (None, None) to skip it."""
    if record.rec_type != "response" or record.http_headers is None:
        return None, None
    if record.http_headers.get_statuscode() != "200":
        return None, None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type.split(";", 1)[0].strip().lower() not in _HTML_TYPES:
        return None, None
    return content_type, charset_from_content_type(content_type)


def _gzip_member_cut(iterator: ArchiveIterator) -> bool:
    reader = getattr(iterator, "reader", None)
    decompressor = getattr(reader, "decompressor", None)
    return decompressor is not None and not getattr(decompressor, "eof", True)


def _plain_record_cut(iterator: ArchiveIterator, record: Any) -> bool:
    """True when an uncompressed record is shorter than its ``Content-Length`` or lacks one."""
    if getattr(iterator.reader, "decompressor", None) is not None:
        return False
    declared = record.rec_headers.get_header("Content-Length") or ""
    # Content-Length is mandatory: a record without one had its headers cut short.
    return not declared.isdigit() or int(declared) > iterator.get_record_length()


def _consumed(iterator: ArchiveIterator) -> int:
    try:
        return int(iterator.fh.tell())
    except (OSError, ValueError):
        return 0


class _Iterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without its warning on stderr: a record not followed by the blank
    lines its ``Content-Length`` promises is counted (``err_count``) and reported as a
    rejection by :func:`read_warc`."""

    INC_RECORD = ""


def _overlong(source: str, offset: int) -> Item:
    return reject(
        source,
        Reason.MALFORMED_WARC,
        f"the record at byte {offset} is longer than its Content-Length says: its page is cut "
        "short and not stored; the records after it were read",
        f"record at byte {offset}",
    )


def read_warc(stream: IO[bytes], *, source: str, settings: Settings) -> ItemStream:
    """Yield one RawDocument or Rejection per HTML page archived in a WARC stream.

    A record whose ``Content-Length`` is smaller than its block (warcio then finds the rest of the
    body where the blank lines after the record should be) is rejected as ``malformed-warc``
    with its offset instead of being stored cut short.
    """
    if not _starts_like_warc(_peek(stream)):
        yield reject(source, Reason.MALFORMED_WARC, "the file is not a WARC archive")
        return
    cap = settings.ingest.max_record_bytes
    iterator = _Iterator(stream)
    offset = 0
    try:
        for record in iterator:
            offset = max(0, iterator.offset)
            locator = f"record at byte {offset}"
            content_type, charset = _page(record)
            item: Item | None = None
            if content_type is not None:
                if record.length is not None and record.length > cap + 65_536:
                    item = reject(
                        source,
                        Reason.TOO_LARGE,
                        f"the record is {record.length} bytes, over the limit of {cap} "
                        "(setting ingest.max_record_bytes)",
                        locator,
                    )
                else:
                    payload = record.content_stream().read(cap + 1)
                    if len(payload) > cap:
                        item = reject(
                            source,
                            Reason.TOO_LARGE,
                            f"the page is over the limit of {cap} bytes "
                            "(setting ingest.max_record_bytes)",
                            locator,
                        )
                    else:
                        url = record.rec_headers.get_header("WARC-Target-URI")
                        item = read_html(
                            payload,
                            source=source,
                            settings=settings,
                            locator=locator,
                            source_format="warc",
                            declared_charset=charset,
                            url=url,
                        )
            errors = iterator.err_count
            iterator.read_to_end()
            if record.raw_stream.limit > 0 or _plain_record_cut(iterator, record):
                yield _truncated(source, offset)
                return
            if iterator.err_count > errors:  # the record went on past its Content-Length
                yield _overlong(source, offset)
            elif item is not None:
                yield item
            if _gzip_member_cut(iterator):
                yield _truncated(source, offset)
                return
        # warcio ends quietly when a record's headers are cut short: bytes left after the last
        # complete record mean the archive breaks off there.
        if _consumed(iterator) > iterator.offset:
            yield _truncated(source, max(0, iterator.offset))
    except _BROKEN as e:
        log.debug("%s: warcio stopped at byte %d: %r", source, iterator.offset, e)
        if iterator.offset == 0 and offset == 0 and not isinstance(e, EOFError | zlib.error):
            yield reject(source, Reason.MALFORMED_WARC, "the file is not a valid WARC archive")
        else:
            yield _truncated(source, max(0, iterator.offset))


def _truncated(source: str, offset: int) -> Item:
    return reject(
        source,
        Reason.TRUNCATED,
        f"the archive is cut off: the record at byte {offset} is incomplete; "
        "the records before it were read",
        f"record at byte {offset}",
    )
