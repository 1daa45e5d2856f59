"""Property-based fuzzing of every reader and parser of untrusted input (hypothesis).

The contract each one is held to: any input gives articles or named rejections (or, for the
parsers, a value or None), never another exception, and a bad record never costs its good
neighbours. The number of examples per property is ``FUZZ_EXAMPLES`` (default 60, the bounded
CI run); ``FUZZ_EXAMPLES=5000 python -m pytest tests/fuzz`` is the longer run documented in
``docs/reliability.md``.
"""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.ingest import read_stream
from eventwire.ingest.decode import binary_kind, decode_bytes, sniff_format
from eventwire.normalise import normalise_document
from eventwire.normalise.dateline import parse_dateline
from eventwire.normalise.urls import canonical_url, is_web_url
from eventwire.numbers import find_numbers, parse_number_words
from eventwire.records import RawDocument, Rejection
from eventwire.settings import Settings, load_settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=os.environ.get("FUZZ_RANDOM") is None,  # CI runs the same cases every time
)

GOOD = (
    "Police arrested ten people in Nairobi on Tuesday after protests over fuel prices turned "
    "violent, a spokesman said on Wednesday."
)

# Inputs built from pieces of real formats, shuffled and damaged, find more than random bytes.
PIECES = st.sampled_from(
    [
        b"<html>",
        b"</html>",
        b"<body><p>",
        b"</p>",
        b"<meta charset='utf-8'>",
        b"<?xml version='1.0'?>",
        b"<rss version='2.0'><channel><item><title>",
        b"</title></item></channel></rss>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
        b'{"url": "https://x.example/a", "text": "',
        b'"}\n',
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n",
        b"\r\n\r\n",
        b"\x1f\x8b\x08\x00",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\x00",
        b"\xe9",
        b"\xc3\xa9",
        b"&amp;&#x0;&#xD800;",
        b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
        b"javascript:alert(1)",
        GOOD.encode(),
        "“quoted” — ünïcödé".encode(),
    ]
)
DOCUMENT_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.one_of(PIECES, st.binary(max_size=40)), max_size=40).map(b"".join),
)


@pytest.fixture(scope="module")
def fuzz_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(environ={}, cwd=tmp_path_factory.mktemp("fuzz"))


def _read(data: bytes, fmt: str | None, s: Settings) -> list[RawDocument | Rejection]:
    items = list(read_stream(io.BytesIO(data), source="fuzz-input", settings=s, fmt=fmt))
    for item in items:
        assert isinstance(item, RawDocument | Rejection), item
        if isinstance(item, Rejection):
            assert item.source == "fuzz-input" and item.message
    return items


@pytest.mark.parametrize("fmt", [None, "text", "html", "jsonl", "feed", "warc"])
def test_every_reader_gives_documents_or_named_rejections(
    fuzz_settings: Settings, fmt: str | None
) -> None:
    @FUZZ
    @given(data=DOCUMENT_BYTES)
    def check(data: bytes) -> None:
        for item in _read(data, fmt, fuzz_settings):
            if isinstance(item, RawDocument):
                try:  # the pipeline turns an InputError into a rejection; nothing else escapes
                    normalise_document(item, settings=fuzz_settings)
                except InputError as e:
                    assert e.reason and e.message

    check()


def test_a_broken_jsonl_line_never_costs_its_neighbours(fuzz_settings: Settings) -> None:
    @FUZZ
    @given(bad=st.binary(max_size=300).filter(lambda b: b"\n" not in b and b"\r" not in b))
    def check(bad: bytes) -> None:
        good = [
            json.dumps({"url": f"https://news.example/{i}", "text": f"{GOOD} Story {i}."})
            for i in range(2)
        ]
        data = (good[0] + "\n").encode() + bad + b"\n" + (good[1] + "\n").encode()
        docs = [i for i in _read(data, "jsonl", fuzz_settings) if isinstance(i, RawDocument)]
        urls = {d.url for d in docs}
        assert {"https://news.example/0", "https://news.example/1"} <= urls

    check()


def test_decoding_and_sniffing_never_raise_anything_else() -> None:
    @FUZZ
    @given(data=DOCUMENT_BYTES, declared=st.sampled_from([None, "utf-8", "latin-1", "nope"]))
    def check(data: bytes, declared: str | None) -> None:
        binary_kind(data)
        assert sniff_format(data) in {None, "warc", "jsonl", "feed", "html", "xml", "text"}
        try:
            text = decode_bytes(data, declared=declared)
        except InputError:
            return
        assert isinstance(text, str)
        if data.isascii() and b"\x00" not in data:
            assert text == data.decode("ascii")  # plain ASCII is read as it is

    check()


def test_url_canonicalisation_is_total_and_idempotent() -> None:
    @FUZZ
    @given(
        url=st.one_of(
            st.text(max_size=200),
            st.builds(
                lambda scheme, host, path, query: f"{scheme}://{host}/{path}?{query}",
                st.sampled_from(["http", "https", "HTTPS", "javascript", "data", "ftp"]),
                st.text(max_size=30),
                st.text(max_size=50),
                st.text(max_size=50),
            ),
        )
    )
    def check(url: str) -> None:
        canonical = canonical_url(url)
        if canonical is not None:
            assert is_web_url(canonical)
            assert canonical_url(canonical) == canonical

    check()


def test_datelines_and_numbers_never_raise() -> None:
    @FUZZ
    @given(text=st.one_of(st.text(max_size=300), st.sampled_from([GOOD, "MOSUL, Iraq (AP) — "])))
    def check(text: str) -> None:
        dateline = parse_dateline(text)
        if dateline is not None:
            assert 0 <= dateline.span.start <= dateline.span.end <= len(text)
        for number in find_numbers(text):
            assert 0 <= number.start <= number.end <= len(text)
        parse_number_words(text)

    check()


def test_time_expressions_never_raise_and_point_into_the_text() -> None:
    from eventwire.dates import extract_times

    @settings(
        max_examples=max(10, EXAMPLES // 4),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=os.environ.get("FUZZ_RANDOM") is None,
    )
    @given(
        text=st.one_of(
            st.text(max_size=160),
            st.lists(
                st.sampled_from(
                    [
                        "on Monday",
                        "last week",
                        "since 2014",
                        "3 March",
                        "overnight",
                        "the 1990s",
                        "at 10 a.m.",
                        "two days ago",
                        "next year",
                        ",",
                        " ",
                        "and",
                        "99999",
                    ]
                ),
                max_size=12,
            ).map(" ".join),
        )
    )
    def check(text: str) -> None:
        for t in extract_times(text, published=datetime(2026, 3, 9, tzinfo=UTC)):
            assert 0 <= t.span.start < t.span.end <= len(text)
            assert t.text == text[t.span.start : t.span.end]

    check()
