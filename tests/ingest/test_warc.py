"""WARC archives, built at test time with warcio."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from eventwire.errors import Reason
from eventwire.ingest import read_path
from eventwire.records import RawDocument, Rejection
from eventwire.settings import Settings
from tests.ingest.helpers import (
    BODY_1,
    BODY_2,
    BODY_3,
    WarcRecord,
    article_page,
    build_warc,
    split,
)


def page(title: str, *, published: str | None = "2024-03-05T14:30:00+02:00") -> bytes:
    return article_page(title=title, published=published, canonical=None).encode()


RECORDS = [
    WarcRecord("https://herald.example/a", b"", rec_type="request"),
    WarcRecord("https://herald.example/a", page("Floods hit Varnos")),
    WarcRecord("https://herald.example/logo.png", b"\x89PNG\r\n", content_type="image/png"),
    WarcRecord("https://herald.example/gone", page("Gone"), status="404 Not Found"),
    WarcRecord("https://herald.example/b", page("Levees hold", published=None)),
    WarcRecord("https://herald.example/c", page("Shelters open")),
]


@pytest.mark.parametrize("gz", [True, False])
def test_warc_pages(tmp_path: Path, settings: Settings, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = build_warc(path, RECORDS, gzip=gz)
    items = list(read_path(path, settings=settings))
    assert all(isinstance(i, RawDocument) for i in items), items
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [d.url for d in docs] == [
        "https://herald.example/a",
        "https://herald.example/b",
        "https://herald.example/c",
    ]
    assert [d.locator for d in docs] == [
        f"record at byte {offsets[1]}",
        f"record at byte {offsets[4]}",
        f"record at byte {offsets[5]}",
    ]
    assert [d.title for d in docs] == ["Floods hit Varnos", "Levees hold", "Shelters open"]
    first = docs[0]
    assert first.source == str(path) and first.source_format == "warc"
    assert first.text.split("\n") == [BODY_1, BODY_2, BODY_3]
    assert first.outlet == "Northgate Herald"
    assert first.published is not None and first.published.utcoffset() == timedelta(hours=2)
    # the crawl date is not a publication date
    assert docs[1].published is None


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_earlier_records(tmp_path: Path, settings: Settings, gz: bool) -> None:
    whole = tmp_path / "whole.warc"
    offsets = build_warc(whole, RECORDS, gzip=gz)
    data = whole.read_bytes()
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut_at = offsets[5] + (len(data) - offsets[5]) // 2  # in the middle of the last page
    path.write_bytes(data[:cut_at])
    items = list(read_path(path, settings=settings))
    assert [i.url for i in items if isinstance(i, RawDocument)] == [
        "https://herald.example/a",
        "https://herald.example/b",
    ]
    last = items[-1]
    assert isinstance(last, Rejection) and last.code == Reason.TRUNCATED
    assert last.source == str(path)
    assert last.locator == f"record at byte {offsets[5]}"
    assert str(offsets[5]) in last.message
    assert sum(isinstance(i, Rejection) for i in items) == 1


def test_truncated_in_record_headers(tmp_path: Path, settings: Settings) -> None:
    whole = tmp_path / "whole.warc"
    offsets = build_warc(whole, RECORDS, gzip=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(whole.read_bytes()[: offsets[5] + 40])
    items = list(read_path(path, settings=settings))
    assert sum(isinstance(i, RawDocument) for i in items) == 2
    assert isinstance(items[-1], Rejection) and items[-1].code == Reason.TRUNCATED


@pytest.mark.parametrize("content", [b"This is a plain text file, not an archive.\n" * 3, b"WARC"])
def test_not_a_warc(tmp_path: Path, settings: Settings, content: bytes) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(content)
    (item,) = list(read_path(path, settings=settings))
    assert isinstance(item, Rejection) and item.code == Reason.MALFORMED_WARC


def test_record_over_the_cap(tmp_path: Path, settings: Settings) -> None:
    big = article_page(title="Long read", body=(BODY_1,) * 200).encode()
    records = [
        WarcRecord("https://herald.example/long", big),
        WarcRecord("https://herald.example/a", page("Floods hit Varnos")),
    ]
    path = tmp_path / "crawl.warc.gz"
    build_warc(path, records, gzip=True)
    small = settings.replace(ingest={"max_record_bytes": 5000})
    items = list(read_path(path, settings=small))
    assert isinstance(items[0], Rejection) and items[0].code == Reason.TOO_LARGE
    assert isinstance(items[1], RawDocument) and items[1].url == "https://herald.example/a"


def _shrink_content_length(data: bytes, record: int, by: int, *, gz: bool) -> bytes:
    """The archive with the WARC Content-Length of its ``record``-th record (0: warcinfo)
    made ``by`` bytes smaller than the block it announces."""
    import gzip as gzip_module
    import re
    import zlib

    if not gz:
        starts = [m.start() for m in re.finditer(rb"WARC/1\.\d\r\n", data)]
        found = re.compile(rb"Content-Length: (\d+)").search(data, starts[record])
        assert found is not None
        return (
            data[: found.start(1)] + str(int(found.group(1)) - by).encode() + data[found.end(1) :]
        )
    members, pos = [], 0
    while pos < len(data):
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        members.append(dec.decompress(data[pos:]))
        pos = len(data) - len(dec.unused_data)
    members[record] = _shrink_content_length(members[record], 0, by, gz=False)
    return b"".join(gzip_module.compress(m) for m in members)


@pytest.mark.parametrize("gz", [True, False])
def test_a_record_longer_than_its_content_length_is_rejected_not_cut(
    tmp_path: Path, settings: Settings, gz: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        WarcRecord("https://herald.example/a", page("Floods hit Varnos")),
        WarcRecord("https://herald.example/b", page("Levees hold")),
        WarcRecord("https://herald.example/c", page("Shelters open")),
    ]
    path = tmp_path / ("bad.warc.gz" if gz else "bad.warc")
    offsets = build_warc(path, records, gzip=gz)
    path.write_bytes(_shrink_content_length(path.read_bytes(), 2, 40, gz=gz))
    docs, rejections = split(list(read_path(path, settings=settings)))
    assert [d.title for d in docs] == ["Floods hit Varnos", "Shelters open"]
    assert [(r.code, r.locator) for r in rejections] == [
        (Reason.MALFORMED_WARC, f"record at byte {offsets[1]}")
    ]
    assert "Content-Length" in rejections[0].message
    assert "WARNING" not in capsys.readouterr().err  # warcio's own warning is not printed
