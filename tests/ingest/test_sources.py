"""Expanding sources: folders, globs, symbolic links, stdin, laziness."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from eventwire.errors import Reason
from eventwire.ingest import read_path, read_sources
from eventwire.records import RawDocument, Rejection
from eventwire.settings import Settings
from tests.ingest.helpers import BODY_1, BODY_2, BODY_3, WarcRecord, article_page, build_warc, split
from tests.ingest.test_feeds import RSS


def make_corpus(root: Path) -> dict[str, str]:
    """A folder mixing good and bad files; returns each bad file's expected reason."""
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "a-story.txt").write_text(f"Floods hit Varnos\n\n{BODY_1}", encoding="utf-8")
    (root / "b-page.html").write_text(article_page(), encoding="utf-8")
    (root / "nested" / "c-feed.rss").write_text(RSS, encoding="utf-8")
    lines = [json.dumps({"text": BODY_2, "title": "Mayor speaks"}), json.dumps({"text": BODY_3})]
    (root / "nested" / "d-records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_warc(
        root / "nested" / "deeper" / "e-crawl.warc.gz",
        [WarcRecord("https://herald.example/a", article_page().encode())],
        gzip=True,
    )
    (root / "f-cafe.txt").write_bytes(
        "Café reopens\n\nThe café on the square reopened — three weeks after the floods.".encode(
            "cp1252"
        )
    )
    (root / ".hidden.txt").write_text(BODY_1)  # excluded by default
    (root / "nested" / ".cache").mkdir()
    (root / "nested" / ".cache" / "x.txt").write_text(BODY_1)  # excluded folder
    (root / "backup.txt~").write_text(BODY_1)  # excluded by default
    bad = {
        "empty.txt": Reason.EMPTY,
        "logo.png": Reason.UNSUPPORTED,
        "blob.bin": Reason.BINARY,
        "broken.rss": Reason.MALFORMED_XML,
        "fake.warc": Reason.MALFORMED_WARC,
        "nested/short.txt": Reason.NO_TEXT,
    }
    (root / "empty.txt").write_bytes(b"")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    (root / "blob.bin").write_bytes(b"\x00\x01\x02\x03" * 100)
    (root / "broken.rss").write_bytes(b"<rss><channel><title>Broken</ti")
    (root / "fake.warc").write_text("not an archive at all\n")
    (root / "nested" / "short.txt").write_text("Too short.")
    return {k: str(v) for k, v in bad.items()}


def test_folder_mixing_good_and_bad_files(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    bad = make_corpus(root)
    items = list(read_sources([str(root)], settings=settings))
    docs, rejections = split(items)
    by_file = {str(Path(r.source).relative_to(root)): r.code for r in rejections}
    # the feed's third item has no text: one rejection inside a good file
    feed = "nested/c-feed.rss"
    assert by_file.pop(feed) == Reason.NO_TEXT
    assert by_file == bad
    assert len(rejections) == len(bad) + 1
    sources = [str(Path(d.source).relative_to(root)) for d in docs]
    assert sources == [
        "a-story.txt",
        "b-page.html",
        "f-cafe.txt",
        feed,
        feed,
        "nested/d-records.jsonl",
        "nested/d-records.jsonl",
        "nested/deeper/e-crawl.warc.gz",
    ]
    cafe = docs[2]
    assert cafe.title == "Café reopens" and "— three weeks" in cafe.text
    assert {d.source_format for d in docs} == {"text", "html", "feed", "jsonl", "warc"}
    # deterministic: the same order twice
    again = list(read_sources([str(root)], settings=settings))
    assert again == items


def test_include_and_exclude_globs(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    make_corpus(root)
    only_text = settings.replace(ingest={"include": ["*.txt"]})
    sources = {Path(i.source).name for i in read_path(root, settings=only_text)}
    assert sources == {"a-story.txt", "f-cafe.txt", "empty.txt", "short.txt"}
    no_nested = settings.replace(
        ingest={"include": ["*.txt", "*.jsonl"], "exclude": ["nested", "empty*", ".*"]}
    )
    sources = {Path(i.source).name for i in read_path(root, settings=no_nested)}
    assert sources == {"a-story.txt", "f-cafe.txt"}
    with_hidden = settings.replace(ingest={"include": ["*.txt"], "exclude": ["nested/*"]})
    sources = {Path(i.source).name for i in read_path(root, settings=with_hidden)}
    assert ".hidden.txt" in sources and "short.txt" not in sources


def test_symlink_loop_is_read_once(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "story.txt").write_text(f"Floods hit Varnos\n\n{BODY_1}")
    try:
        os.symlink(root, root / "sub" / "loop")
        os.symlink(root / "sub", root / "alias")
    except OSError:
        pytest.skip("symbolic links are not available")
    docs, rejections = split(list(read_path(root, settings=settings)))
    assert rejections == []
    assert len(docs) == 1


def test_not_found_among_others(tmp_path: Path, settings: Settings) -> None:
    good = tmp_path / "story.txt"
    good.write_text(f"Floods hit Varnos\n\n{BODY_1}")
    items = list(read_sources([str(tmp_path / "missing"), str(good)], settings=settings))
    assert isinstance(items[0], Rejection) and items[0].code == Reason.NOT_FOUND
    assert isinstance(items[1], RawDocument)


def test_reading_is_lazy(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (root / name).write_text(f"Story {name}\n\n{BODY_1}")
    stream = read_sources([str(root)], settings=settings)
    first = next(stream)
    assert isinstance(first, RawDocument) and first.title == "Story a.txt"
    (root / "c.txt").write_text(f"Changed\n\n{BODY_2}")  # read only when reached
    rest = list(stream)
    assert [d.title for d in rest if isinstance(d, RawDocument)] == ["Story b.txt", "Changed"]


@pytest.mark.parametrize(
    ("content", "fmt", "count"),
    [
        (f"Floods hit Varnos\n\n{BODY_1}".encode(), "text", 1),
        (article_page().encode(), "html", 1),
        (RSS.encode(), "feed", 2),
        ((json.dumps({"text": BODY_1}) + "\n" + json.dumps({"text": BODY_2})).encode(), "jsonl", 2),
        (gzip.compress((json.dumps({"text": BODY_3}) + "\n").encode()), "jsonl", 1),
    ],
)
def test_stdin_is_sniffed(settings: Settings, content: bytes, fmt: str, count: int) -> None:
    docs, _ = split(list(read_sources(["-"], settings=settings, stdin=io.BytesIO(content))))
    assert len(docs) == count
    assert all(d.source == "-" and d.source_format == fmt for d in docs)


def test_stdin_warc_from_a_pipe(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path, [WarcRecord("https://herald.example/a", article_page().encode())], gzip=True)

    class Pipe(io.RawIOBase):
        """A non-seekable stream handing out small chunks, like a pipe."""

        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            chunk = self._data.read(min(len(buffer), 512))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    stdin = io.BufferedReader(Pipe(path.read_bytes()))
    docs, rejections = split(list(read_sources(["-"], settings=settings, stdin=stdin)))
    assert rejections == []
    assert [(d.source, d.source_format, d.url) for d in docs] == [
        ("-", "warc", "https://herald.example/a")
    ]


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", Reason.EMPTY), (b"%PDF-1.7 binary", Reason.BINARY), (b"tiny", Reason.NO_TEXT)],
)
def test_bad_stdin(settings: Settings, content: bytes, code: Reason) -> None:
    (item,) = list(read_sources(["-"], settings=settings, stdin=io.BytesIO(content)))
    assert isinstance(item, Rejection) and item.code == code and item.source == "-"
