"""Decoding, sniffing and date parsing."""

from __future__ import annotations

import codecs
import gzip
from datetime import UTC, datetime, timedelta, timezone

import pytest

from eventwire.errors import InputError, Reason
from eventwire.ingest.dates import parse_datetime
from eventwire.ingest.decode import (
    binary_kind,
    charset_from_content_type,
    declared_html_charset,
    decode_bytes,
    format_from_name,
    sniff_format,
)

SAMPLE = "Le café de la gare a rouvert — malgré la grève, a déclaré la maire."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_decode_unicode_encodings(encoding: str) -> None:
    assert decode_bytes(SAMPLE.encode(encoding)) == SAMPLE


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_decode_western_single_byte(encoding: str) -> None:
    text = "The café owner said the strike would end on Friday." + (
        " — a spokesman confirmed." if encoding == "cp1252" else " A spokesman confirmed."
    )
    assert decode_bytes(text.encode(encoding)) == text


def test_decode_uses_declared_charset() -> None:
    text = "Министр заявил, что школа будет закрыта в понедельник из-за ремонта крыши."
    assert decode_bytes(text.encode("cp1251"), declared="windows-1251") == text


def test_declared_latin1_read_as_cp1252() -> None:
    text = "Prices rose 5% — the highest in a decade — the café owners’ union said."
    assert decode_bytes(text.encode("cp1252"), declared="iso-8859-1") == text


def test_decode_broken_bom_is_an_encoding_error() -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(codecs.BOM_UTF8 + b"abc \xff\xfe\xfa")
    assert err.value.reason == Reason.ENCODING


def test_decode_control_garbage_is_an_encoding_error() -> None:
    garbage = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x03]) * 64
    with pytest.raises(InputError) as err:
        decode_bytes(garbage)
    assert err.value.reason == Reason.ENCODING


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"PK\x03\x04rest", "a ZIP archive (or an Office document)"),
        (b"\x7fELF\x02\x01", "an ELF executable"),
        (b"plain text\x00with a NUL", None),  # a stray NUL: damaged text, read as text
        (b"data\x00\x00\x01\x00\x00\x02\x00\x00" * 50, "binary data (NUL bytes)"),
        (b"Just some news text.", None),
        ("UTF-16 text".encode("utf-16"), None),
    ],
)
def test_binary_kind(head: bytes, expected: str | None) -> None:
    assert binary_kind(head) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), "warc"),
        (gzip.compress(b'{"text": "x"}\n'), "jsonl"),
        (gzip.compress(b"plain words"), None),
        (b'  {"text": "Officials said..."}\n', "jsonl"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<rdf:RDF xmlns:rdf='x'>", "feed"),
        (b"<!DOCTYPE html><html><head>", "html"),
        (b"<div><p>Fragment of a page</p></div>", "html"),
        (b'<?xml version="1.0"?><catalogue><book/></catalogue>', "xml"),
        (b"Floods hit Varnos\n\nHeavy rain caused...", "text"),
        (b"%PDF-1.4", None),
        ('{"text": "x"}'.encode("utf-16"), "jsonl"),
    ],
)
def test_sniff_format(head: bytes, expected: str | None) -> None:
    assert sniff_format(head) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", ("text", None)),
        ("a.HTML", ("html", None)),
        ("dump.jsonl.gz", ("jsonl", None)),
        ("crawl.warc.gz", ("warc", None)),
        ("news.rss", ("feed", None)),
        ("news.xml", ("xml", None)),
        ("README", (None, None)),
        ("scan.pdf", (None, "PDF documents are not read")),
        ("photo.png", (None, "images are not read")),
    ],
)
def test_format_from_name(name: str, expected: tuple[str | None, str | None]) -> None:
    assert format_from_name(name) == expected


def test_charsets_from_headers_and_meta() -> None:
    assert charset_from_content_type("text/html; charset=ISO-8859-1") == "ISO-8859-1"
    assert charset_from_content_type('text/html; charset="utf-8"') == "utf-8"
    assert charset_from_content_type("text/html") is None
    assert declared_html_charset(b'<html><head><meta charset="windows-1252">') == "windows-1252"
    head = b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    assert declared_html_charset(head) == "koi8-r"


PLUS2 = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T14:30:00+02:00", datetime(2024, 3, 5, 14, 30, tzinfo=PLUS2)),
        ("2024-03-05T14:30:00+0200", datetime(2024, 3, 5, 14, 30, tzinfo=PLUS2)),
        ("2024-03-05T12:30:00Z", datetime(2024, 3, 5, 12, 30, tzinfo=UTC)),
        ("2024-03-05", datetime(2024, 3, 5)),
        ("Tue, 05 Mar 2024 14:30:00 +0200", datetime(2024, 3, 5, 14, 30, tzinfo=PLUS2)),
        ("Tue, 05 Mar 2024 12:30:00 GMT", datetime(2024, 3, 5, 12, 30, tzinfo=UTC)),
        ("5 March 2024", datetime(2024, 3, 5)),
        ("March 5, 2024", datetime(2024, 3, 5)),
        ("Mar 5, 2024 2:30 pm", datetime(2024, 3, 5, 14, 30)),
        (1709649000, datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        (1709649000000, datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("1709649000", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("yesterday", None),
        ("no date here", None),
        ("", None),
        ("0001-01-01", None),
        (None, None),
    ],
)
def test_parse_datetime(value: str | int | None, expected: datetime | None) -> None:
    result = parse_datetime(value)
    assert result == expected
    if expected is not None:
        assert (result.tzinfo is None) == (expected.tzinfo is None)  # type: ignore[union-attr]


SENTENCE = "Police arrested ten people in Nairobi on Tuesday, a spokesman said.\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(encoding: str) -> None:
    data = (SENTENCE * 5).encode(encoding)
    assert binary_kind(data) is None
    assert sniff_format(data) == "text"
    assert decode_bytes(data) == SENTENCE * 5
    # NUL bytes that are not UTF-16 stay binary
    assert binary_kind(bytes(range(8)) * 200) == "binary data (NUL bytes)"


def test_a_few_stray_bytes_do_not_turn_valid_utf8_into_mojibake() -> None:
    good = "Café owners said “protesters” smashed windows — résumé. " * 3
    data = good.encode("utf-8") + b"The caf\xe9 stayed closed."
    text = decode_bytes(data)
    assert text == good + "The café stayed closed."  # the stray byte read as cp1252
    # declared UTF-8: the same, however few multi-byte characters the page has
    assert decode_bytes(b"plain ascii and one caf\xe9", declared="utf-8") == (
        "plain ascii and one café"
    )
    # a whole cp1252 file is still read as cp1252, not per byte
    cp = "Colombia’s border towns — señor Peñaloza’s café".encode("cp1252")
    assert decode_bytes(cp) == "Colombia’s border towns — señor Peñaloza’s café"
