"""Canonical URLs and outlets."""

from __future__ import annotations

import pytest

from eventwire.normalise.urls import canonical_url, outlet_from_url, registrable_domain

BASE = "https://www.northernledger.example/world/2017/06/militia-talks"


@pytest.mark.parametrize(
    "variant",
    [
        BASE,
        BASE + "/",
        BASE + "#comments",
        BASE + "?utm_source=twitter&utm_medium=social&utm_campaign=x",
        BASE + "?fbclid=IwAR0abc&gclid=xyz&mc_cid=1&mc_eid=2&ref=home&cmpid=rss",
        "HTTPS://WWW.NorthernLedger.EXAMPLE:443/world/2017/06/militia-talks",
        BASE + "/amp",
        BASE + "/amp/",
        BASE + ".amp",
        BASE + "?outputType=amp",
        BASE + "?amp=1",
        "https://www.northernledger.example/amp/world/2017/06/militia-talks",
        "https://www-northernledger-example.cdn.ampproject.org/c/s/"
        "www.northernledger.example/world/2017/06/militia-talks/amp?utm_source=x",
        "https://www.northernledger.example/world/2017/06/./militia-talks",
        "https://editor:secret@www.northernledger.example/world/2017/06/militia-talks",
    ],
)
def test_variants_share_one_canonical_url(variant: str) -> None:
    assert canonical_url(variant) == BASE


def test_query_kept_sorted_and_tracking_dropped() -> None:
    url = "https://example.org/search?q=mosul+clashes&utm_term=a&page=2&fbclid=z#top"
    assert canonical_url(url) == "https://example.org/search?page=2&q=mosul%20clashes"
    assert canonical_url("https://example.org/s?b=2&a=1") == canonical_url(
        "https://example.org/s?a=1&b=2"
    )


def test_path_case_and_www_are_kept() -> None:
    assert canonical_url("https://example.org/News/Story") == "https://example.org/News/Story"
    assert canonical_url("https://www.example.org/") != canonical_url("https://example.org/")


def test_ports_and_root() -> None:
    assert canonical_url("http://example.org:80") == "http://example.org/"
    assert canonical_url("http://example.org:8080/a/") == "http://example.org:8080/a"
    assert canonical_url("http://[::1]:8000/x") == "http://[::1]:8000/x"
    assert canonical_url("http://127.0.0.1/x?utm_source=a") == "http://127.0.0.1/x"


def test_percent_encoding_and_international_hosts() -> None:
    assert canonical_url("https://example.org/%7eeditor/%2fa") == "https://example.org/~editor/%2Fa"
    assert canonical_url("https://bücher.example/ä") == "https://xn--bcher-kva.example/%C3%A4"
    assert canonical_url("https://bücher.example/ä") == canonical_url(
        "https://xn--bcher-kva.example/%c3%a4"
    )


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "ftp://example.org/file",
        "mailto:desk@example.org",
        "javascript:void(0)",
        "http://[::1",
        "https://example.org:99999/",
        "https:///path-only",
        "//example.org/x",
    ],
)
def test_non_http_or_unparseable(url: str) -> None:
    assert canonical_url(url) is None


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.bbc.co.uk/news/x", "bbc.co.uk"),
        ("https://www.abc.net.au/news/x", "abc.net.au"),
        ("https://news.gov.iq/a", "news.gov.iq"),
        ("https://edition.northernledger.com.tr/x", "northernledger.com.tr"),
        ("https://WWW.LeMonde.FR/x", "lemonde.fr"),
        ("https://courier.blogspot.com/2017/x", "courier.blogspot.com"),
        ("http://localhost:8000/x", "localhost"),
        ("http://127.0.0.1/x", "127.0.0.1"),
        ("http://[::1]/x", "::1"),
        ("https://a.b.example.invalid/", "example.invalid"),
    ],
)
def test_registrable_domain(url: str, domain: str) -> None:
    assert outlet_from_url(url) == (domain, domain)


def test_outlet_name_wins_over_domain() -> None:
    assert outlet_from_url("https://www.bbc.co.uk/news/x", "The  Daily Courier") == (
        "bbc.co.uk",
        "The Daily Courier",
    )
    assert outlet_from_url(None, "The Daily Courier") == (None, "The Daily Courier")
    assert outlet_from_url(None) == (None, None)
    assert outlet_from_url("garbage") == (None, None)


def test_registrable_domain_of_host() -> None:
    assert registrable_domain("www.bbc.co.uk.") == "bbc.co.uk"
    assert registrable_domain("") is None


def test_control_characters_in_a_path_are_escaped_so_canonical_forms_are_stable() -> None:
    # found by tests/fuzz: "\x1f" was kept on the first pass and stripped on the second
    first = canonical_url("http://0/\x1f?")
    assert first == "http://0/%1F"
    assert canonical_url(first) == first
