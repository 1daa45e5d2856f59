"""JSON Lines files."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from eventwire.errors import Reason
from eventwire.ingest import read_jsonl, read_path
from eventwire.ingest.jsonl import FIELDS
from eventwire.records import RawDocument, Rejection
from eventwire.settings import Settings
from tests.ingest.helpers import BODY_1, BODY_2, BODY_3, article_page, split


def line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_fields_and_aliases(tmp_path: Path, settings: Settings) -> None:
    lines = [
        line(
            text=BODY_1,
            url="https://herald.example/a",
            title="Floods hit Varnos",
            published="2024-03-05T14:30:00+02:00",
            outlet="Northgate Herald",
            byline="Mira Kessel",
            language="en-GB",
        ),
        line(
            content=BODY_2,
            link="https://post.example/b",
            headline="Mayor speaks",
            date="Tue, 05 Mar 2024 12:30:00 GMT",
            source={"id": "post", "name": "Varnos Post"},
            authors=["Ann Lind", {"name": "Per Dahl"}],
            lang="sv",
        ),
        line(body=BODY_3, publish_date=1709649000, site_name="Coast Radio", author="Desk"),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejections = split(list(read_path(path, settings=settings)))
    assert rejections == []
    assert [d.text for d in docs] == [BODY_1, BODY_2, BODY_3]
    assert [d.locator for d in docs] == ["line 1", "line 2", "line 3"]
    assert all(d.source == str(path) and d.source_format == "jsonl" for d in docs)
    first, second, third = docs
    assert first.url == "https://herald.example/a"
    assert first.title == "Floods hit Varnos"
    assert first.published == datetime(2024, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    assert (first.outlet, first.byline, first.language) == ("Northgate Herald", "Mira Kessel", "en")
    assert second.url == "https://post.example/b"
    assert second.title == "Mayor speaks"
    assert second.published == datetime(2024, 3, 5, 12, 30, tzinfo=UTC)
    assert (second.outlet, second.byline, second.language) == (
        "Varnos Post",
        "Ann Lind, Per Dahl",
        "sv",
    )
    assert third.published == datetime(2024, 3, 5, 14, 30, tzinfo=UTC)
    assert (third.outlet, third.byline) == ("Coast Radio", "Desk")


def test_every_documented_alias_is_read(settings: Settings) -> None:
    for name in FIELDS["text"]:
        data = (line(**{name: BODY_1}) + "\n").encode()
        docs, _ = split(list(read_jsonl(io.BytesIO(data), source="x", settings=settings)))
        assert [d.text for d in docs] == [BODY_1], name


def test_a_record_without_title_takes_its_headline_line_as_a_text_file_does(
    settings: Settings,
) -> None:
    headline = "Floods hit Varnos after river bursts banks"
    records = [
        line(text=f"{headline}\n\n{BODY_1}"),  # no title: the headline line becomes it
        line(title="Given title", text=f"{headline}\n\n{BODY_1}"),  # a title is kept as given
        line(text=f"{BODY_1}\n\n{BODY_2}"),  # a first line ending with a full stop is text
    ]
    data = ("\n".join(records) + "\n").encode()
    docs, _ = split(list(read_jsonl(io.BytesIO(data), source="x", settings=settings)))
    assert [(d.title, d.text.split("\n")[0]) for d in docs] == [
        (headline, BODY_1),
        ("Given title", headline),
        (None, BODY_1),
    ]


def test_html_field_is_extracted(settings: Settings) -> None:
    data = (line(html=article_page(), outlet="Given Outlet") + "\n").encode()
    docs, rejections = split(list(read_jsonl(io.BytesIO(data), source="x", settings=settings)))
    assert rejections == []
    (doc,) = docs
    assert doc.text.split("\n") == [BODY_1, BODY_2, BODY_3]
    assert doc.title == "Floods hit Varnos after river bursts banks"
    assert doc.outlet == "Given Outlet"  # the record's own field wins over the page
    assert doc.url == "https://herald.example/news/floods-varnos"
    assert doc.published is not None


def test_bad_lines_are_rejected_one_by_one(tmp_path: Path, settings: Settings) -> None:
    small = settings.replace(ingest={"max_record_bytes": 2000})
    lines = [
        line(text=BODY_1),  # 1 good
        "{not json",  # 2 malformed
        "",  # 3 blank: skipped
        json.dumps([BODY_1]),  # 4 array, not an object
        line(title="No text here", url="https://x.example"),  # 5 missing text
        line(text=BODY_2, url=42),  # 6 bad field type
        line(text="x" * 5000),  # 7 too large
        line(text="Short."),  # 8 too short
        line(text=BODY_3, published=["2024"]),  # 9 bad date type
        "   ",  # 10 blank
        line(text=BODY_3, published="sometime last spring"),  # 11 good, date dropped
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(path, settings=small))
    outcome = [(i.locator, i.code if isinstance(i, Rejection) else "ok") for i in items]
    assert outcome == [
        ("line 1", "ok"),
        ("line 2", Reason.MALFORMED_JSON),
        ("line 4", Reason.MALFORMED_JSON),
        ("line 5", Reason.MISSING_FIELD),
        ("line 6", Reason.BAD_FIELD),
        ("line 7", Reason.TOO_LARGE),
        ("line 8", Reason.NO_TEXT),
        ("line 9", Reason.BAD_FIELD),
        ("line 11", "ok"),
    ]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert all(r.source == str(path) for r in rejections)
    assert "'url'" in rejections[3].message and "a number" in rejections[3].message
    assert "an array" in rejections[1].message or "a list" in rejections[1].message
    last = items[-1]
    assert isinstance(last, RawDocument) and last.published is None


def test_latin1_line_and_bom(settings: Settings) -> None:
    text = "Le café de la gare a rouvert, malgré la grève des cheminots, a déclaré la maire."
    data = b"\xef\xbb\xbf" + line(text=BODY_1).encode() + b"\n" + line(text=text).encode("latin-1")
    docs, rejections = split(list(read_jsonl(io.BytesIO(data), source="x", settings=settings)))
    assert rejections == []
    assert [d.text for d in docs] == [BODY_1, text]


def test_gzipped_jsonl(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(f"{line(text=BODY_1)}\n{line(text=BODY_2)}\n".encode()))
    docs, rejections = split(list(read_path(path, settings=settings)))
    assert rejections == []
    assert [d.text for d in docs] == [BODY_1, BODY_2]


def test_truncated_gzipped_jsonl_keeps_earlier_lines(tmp_path: Path, settings: Settings) -> None:
    body = "".join(line(text=f"{BODY_1} Update number {i}.") + "\n" for i in range(200))
    packed = gzip.compress(body.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items = list(read_path(path, settings=settings))
    docs, rejections = split(items)
    assert 0 < len(docs) < 200
    assert [d.text for d in docs] == [f"{BODY_1} Update number {i}." for i in range(len(docs))]
    assert len(rejections) == 1 and rejections[0].code == Reason.TRUNCATED
    assert items[-1] is rejections[0]


@pytest.mark.parametrize("encoding", ["utf-16"])
def test_utf16_jsonl_is_rejected(settings: Settings, encoding: str) -> None:
    data = (line(text=BODY_1) + "\n").encode(encoding)
    items = list(read_jsonl(io.BytesIO(data), source="x", settings=settings))
    assert [i.code for i in items if isinstance(i, Rejection)] == [Reason.ENCODING]
