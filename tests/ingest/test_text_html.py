"""Plain-text and HTML files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from eventwire.errors import Reason
from eventwire.ingest import extract_html, html_to_text, read_path, read_sources, split_title
from eventwire.records import RawDocument, Rejection
from eventwire.settings import Settings
from tests.ingest.helpers import BODY_1, BODY_2, BODY_3, article_page

ARTICLE = f"Floods hit Varnos\n\n{BODY_1}\n\n{BODY_2}\n"


def only(items: list[RawDocument | Rejection]) -> RawDocument | Rejection:
    assert len(items) == 1, items
    return items[0]


def test_split_title_rule() -> None:
    assert split_title(ARTICLE) == ("Floods hit Varnos", f"{BODY_1}\n\n{BODY_2}")
    # no blank line after the first line: no title
    assert split_title(f"Floods hit Varnos\n{BODY_1}")[0] is None
    # a first line ending with a full stop is a sentence, not a headline
    assert split_title(f"{BODY_1}\n\n{BODY_2}") == (None, f"{BODY_1}\n\n{BODY_2}")
    # too long to be a headline
    assert split_title(("word " * 60) + f"\n\n{BODY_1}")[0] is None
    # Windows line ends
    assert split_title(ARTICLE.replace("\n", "\r\n"))[0] == "Floods hit Varnos"


def test_text_file(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "floods.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = only(list(read_path(path, settings=settings)))
    assert isinstance(doc, RawDocument)
    assert doc.source == str(path)
    assert doc.source_format == "text"
    assert doc.title == "Floods hit Varnos"
    assert doc.text == f"{BODY_1}\n\n{BODY_2}"
    assert doc.url is None and doc.published is None


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_text_file_in_other_encodings(tmp_path: Path, settings: Settings, encoding: str) -> None:
    dash = " — " if encoding != "latin-1" else " - "
    text = (
        "Café owners protest\n\n"
        f"The café owners of Varnos closed their doors{dash}a protest over rents, their union said."
    )
    path = tmp_path / "cafe.txt"
    path.write_bytes(text.encode(encoding))
    doc = only(list(read_path(path, settings=settings)))
    assert isinstance(doc, RawDocument)
    assert doc.title == "Café owners protest"
    assert doc.text.startswith("The café owners of Varnos closed their doors" + dash)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", Reason.EMPTY),
        ("blank.txt", b"  \n\n \t\n", Reason.EMPTY),
        ("short.txt", b"Too short.", Reason.NO_TEXT),
        (
            "nul.txt",
            b"Some text\x00\x00\x00 with NUL bytes in the middle of it all.",
            Reason.BINARY,
        ),
        ("image.dat", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, Reason.BINARY),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, Reason.UNSUPPORTED),
        ("report.pdf", b"%PDF-1.7\n...", Reason.UNSUPPORTED),
        ("garbage.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01]) * 50, Reason.ENCODING),
    ],
)
def test_bad_single_files(
    tmp_path: Path, settings: Settings, name: str, content: bytes, code: Reason
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    rejection = only(list(read_path(path, settings=settings)))
    assert isinstance(rejection, Rejection)
    assert rejection.code == code
    assert rejection.source == str(path)
    assert rejection.message


def test_too_large_is_checked_before_reading(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = settings.replace(ingest={"max_file_bytes": 100})
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")
    opened: list[str] = []
    real_open = open

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy_open)
    rejection = only(list(read_path(path, settings=small)))
    assert isinstance(rejection, Rejection)
    assert rejection.code == Reason.TOO_LARGE
    assert "ingest.max_file_bytes" in rejection.message
    assert str(path) not in opened


def test_extract_html_metadata() -> None:
    found = extract_html(article_page())
    assert found.title == "Floods hit Varnos after river bursts banks"
    assert found.byline == "Mira Kessel"
    assert found.sitename == "Northgate Herald"
    assert found.url == "https://herald.example/news/floods-varnos"
    assert found.language == "en"
    assert found.published == datetime(2024, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    assert found.text.split("\n") == [BODY_1, BODY_2, BODY_3]
    assert "Copyright" not in found.text and "Sport" not in found.text


def test_extract_html_without_metadata() -> None:
    found = extract_html(
        article_page(published=None, author=None, site=None, canonical=None, lang=None)
    )
    assert found.published is None
    assert found.byline is None
    assert found.language is None
    assert BODY_2 in found.text


def test_html_to_text_keeps_blocks() -> None:
    fragment = (
        "<p>First <b>bold</b> line.</p><script>var x = 1;</script>"
        "<ul><li>One</li><li>Two</li></ul>Tail<br>end"
    )
    assert html_to_text(fragment) == "First bold line.\nOne\nTwo\nTail\nend"
    assert html_to_text("Fish &amp; chips") == "Fish & chips"


def test_html_file(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "page.html"
    path.write_text(article_page(), encoding="utf-8")
    doc = only(list(read_path(path, settings=settings)))
    assert isinstance(doc, RawDocument)
    assert doc.source_format == "html"
    assert doc.url == "https://herald.example/news/floods-varnos"
    assert doc.outlet == "Northgate Herald"
    assert doc.byline == "Mira Kessel"
    assert doc.published is not None and doc.published.utcoffset() == timedelta(hours=2)
    assert doc.text.startswith(BODY_1)


def test_html_in_cp1252_with_meta_charset(tmp_path: Path, settings: Settings) -> None:
    body = (BODY_1, "The café on the main square — a local landmark — was badly damaged.", BODY_3)
    page = article_page(body=body, charset="windows-1252")
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("cp1252"))
    doc = only(list(read_path(path, settings=settings)))
    assert isinstance(doc, RawDocument)
    assert body[1] in doc.text


def test_html_sniffed_without_extension(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "download"
    path.write_text(article_page(), encoding="utf-8")
    doc = only(list(read_path(path, settings=settings)))
    assert isinstance(doc, RawDocument) and doc.source_format == "html"


def test_html_without_article_text(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "nav.html"
    path.write_text(
        "<html><body><nav><a href='/'>Home</a></nav><script>var a=1;</script></body></html>",
        encoding="utf-8",
    )
    rejection = only(list(read_path(path, settings=settings)))
    assert isinstance(rejection, Rejection)
    assert rejection.code in (Reason.NO_TEXT, Reason.MALFORMED_HTML)


def test_read_sources_not_found(tmp_path: Path, settings: Settings) -> None:
    missing = tmp_path / "nope.txt"
    rejection = only(list(read_sources([str(missing)], settings=settings)))
    assert isinstance(rejection, Rejection)
    assert rejection.code == Reason.NOT_FOUND
    assert rejection.source == str(missing)
