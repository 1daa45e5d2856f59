"""normalise_document and the normalise stage end to end."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventwire.errors import InputError, Reason
from eventwire.normalise import clean_byline, normalise, normalise_document
from eventwire.normalise.ids import article_id, content_hash
from eventwire.records import Article, RawDocument, Rejection
from eventwire.settings import Settings, load_settings

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

BODY = (
    "Militia talks stall in northern district\n\n"
    "QARYAT AL-NOUR, Iraq (Northern Wire) — Talks between two militias over control of the "
    "river crossing at Qaryat al-Nour broke down on Tuesday, a local official said.\r\n\r\n"
    "Share this article\n\n"
    "Salim Darwish, the district's deputy governor, said\u00a0the two sides had failed to agree "
    "on who would man the checkpoints.\n\n"
    "Advertisement\n\n"
    "\u201cWe will try again next week,\u201d he said.\n\n"
    "READ MORE: Aid convoy reaches northern district\n\n"
    "© 2017 The Northern Ledger"
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(environ={}, cwd=tmp_path_factory.mktemp("cwd"))


def raw(**fields: object) -> RawDocument:
    values: dict[str, object] = {
        "source": "feeds/ledger.jsonl",
        "locator": "line 3",
        "source_format": "jsonl",
        "text": BODY,
        "url": "https://www.northernledger.example/world/militia-talks/amp?utm_source=rss",
        "title": "  Militia talks\u00a0stall ",
        "byline": "By  Hana Yousef ",
        "published": datetime(2017, 6, 14, 9, 30, tzinfo=UTC),
    }
    values.update(fields)
    return RawDocument(**values)  # type: ignore[arg-type]


def test_end_to_end(settings: Settings) -> None:
    article = normalise_document(raw(), settings=settings)
    assert article.text.startswith("Militia talks stall in northern district\n\nQARYAT AL-NOUR")
    for gone in ("Share this", "Advertisement", "READ MORE", "©", "\u00a0", "\r"):
        assert gone not in article.text
    assert article.text.endswith("\u201cWe will try again next week,\u201d he said.")
    assert article.canonical_url == "https://www.northernledger.example/world/militia-talks"
    assert article.url == raw().url
    assert article.domain == "northernledger.example"
    assert article.outlet == "northernledger.example"
    assert article.title == "Militia talks stall"
    assert article.byline == "Hana Yousef"
    assert article.published == datetime(2017, 6, 14, 9, 30, tzinfo=UTC)
    assert article.language == "en"
    assert article.language_confidence is not None and article.language_confidence > 0.5
    assert article.content_hash == content_hash(article.text)
    assert article.id == article_id(article.canonical_url, article.content_hash)
    assert (article.source, article.locator, article.source_format) == (
        "feeds/ledger.jsonl",
        "line 3",
        "jsonl",
    )
    dateline = article.dateline
    assert dateline is not None
    assert (dateline.place, dateline.country, dateline.agency) == (
        "Qaryat Al-Nour",
        "Iraq",
        "Northern Wire",
    )
    assert dateline.span.text_of(article.text) == "QARYAT AL-NOUR, Iraq (Northern Wire) —"


def test_url_variants_are_one_article(settings: Settings) -> None:
    a = normalise_document(raw(), settings=settings)
    b = normalise_document(
        raw(url="https://WWW.northernledger.example/world/militia-talks/#top"), settings=settings
    )
    assert a.id == b.id


def test_without_url_identified_by_text(settings: Settings) -> None:
    a = normalise_document(raw(url=None), settings=settings)
    b = normalise_document(raw(url="   "), settings=settings)
    assert a.canonical_url is None and a.domain is None and a.outlet is None
    assert a.id == b.id == article_id(None, a.content_hash)
    c = normalise_document(raw(url=None, text=BODY + "\n\nA late update."), settings=settings)
    assert c.id != a.id


def test_outlet_and_language_from_source(settings: Settings) -> None:
    article = normalise_document(
        raw(outlet=" The Northern\u00a0Ledger ", language="EN-gb"), settings=settings
    )
    assert article.outlet == "The Northern Ledger"
    assert article.domain == "northernledger.example"
    assert article.language == "en"
    assert article.language_confidence is not None  # detected, and agreeing with the tag


def test_declared_language_is_the_fallback_when_detection_is_off(settings: Settings) -> None:
    off = settings.replace(language={"detect": False})
    article = normalise_document(raw(language="EN-gb"), settings=off)
    assert (article.language, article.language_confidence) == ("en", None)


def test_invalid_source_language_is_detected(settings: Settings) -> None:
    article = normalise_document(raw(language="english"), settings=settings)
    assert article.language == "en"
    assert article.language_confidence is not None


def test_detection_can_be_switched_off(settings: Settings) -> None:
    quiet = settings.replace(language={"detect": False})
    article = normalise_document(raw(), settings=quiet)
    assert (article.language, article.language_confidence) == (None, None)


def test_empty_fields_become_none(settings: Settings) -> None:
    article = normalise_document(raw(title=" \u200b ", byline="By ", url=None), settings=settings)
    assert (article.title, article.byline) == (None, None)


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Hana Yousef", "Hana Yousef"),
        ("BY HANA YOUSEF", "HANA YOUSEF"),
        ("by: Hana Yousef and Omar Said", "Hana Yousef and Omar Said"),
        ("Written by Hana Yousef |", "Hana Yousef"),
        ("Byron Castel", "Byron Castel"),
        ("", None),
        (None, None),
    ],
)
def test_clean_byline(byline: str | None, expected: str | None) -> None:
    assert clean_byline(byline) == expected


@pytest.mark.parametrize("text", ["", "   \n\n ", "Advertisement\n\nShare this\n\nRead more"])
def test_no_text_is_rejected(settings: Settings, text: str) -> None:
    with pytest.raises(InputError) as caught:
        normalise_document(raw(text=text), settings=settings)
    assert caught.value.reason is Reason.NO_TEXT
    assert caught.value.locator == "line 3"


def test_short_text_threshold(settings: Settings) -> None:
    short = "Two soldiers were killed on Monday."
    assert len(short) < settings.ingest.min_text_chars
    with pytest.raises(InputError, match="min_text_chars"):
        normalise_document(raw(text=short), settings=settings)
    relaxed = settings.replace(ingest={"min_text_chars": 10})
    assert normalise_document(raw(text=short), settings=relaxed).text == short


def test_stream_passes_rejections_and_rejects_empty(settings: Settings) -> None:
    earlier = Rejection(source="broken.jsonl", locator="line 1", code="malformed-json", message="x")
    docs: list[RawDocument | Rejection] = [
        earlier,
        raw(),
        raw(text="Advertisement", locator="line 9"),
    ]
    out = list(normalise(docs, settings=settings))
    assert out[0] is earlier
    assert isinstance(out[1], Article)
    rejected = out[2]
    assert isinstance(rejected, Rejection)
    assert (rejected.source, rejected.locator, rejected.code) == (
        "feeds/ledger.jsonl",
        "line 9",
        "no-text",
    )
    assert "min_text_chars" in rejected.message


def test_stage_is_picklable(settings: Settings) -> None:
    assert pickle.loads(pickle.dumps(normalise_document)) is normalise_document
    assert pickle.loads(pickle.dumps(settings)) == settings
    article = normalise_document(raw(), settings=settings)
    assert pickle.loads(pickle.dumps(article)) == article


@pytest.mark.gold
def test_seed_article(settings: Settings) -> None:
    path = SHARED / "examples" / "seed-article.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    text = path.read_text("utf-8")
    article = normalise_document(
        RawDocument(source=str(path), source_format="text", text=text), settings=settings
    )
    assert article.language == "en"
    # The headline ("'IS' In Talks With Al Qaeda ...") and first paragraph hold no dateline.
    assert article.dateline is None
    assert article.text.split("\n", 1)[0] == text.strip().split("\n", 1)[0].strip()
    assert "\n\n\n" not in article.text
    assert len(article.text) >= 0.9 * len(text.strip())


@pytest.mark.slow
def test_runs_in_worker_processes(settings: Settings) -> None:
    import functools
    import multiprocessing

    docs = [raw(locator=f"line {i}", url=f"https://example.org/story-{i}") for i in range(4)]
    work = functools.partial(normalise_document, settings=settings)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        articles = pool.map(work, docs)
    assert articles == [normalise_document(doc, settings=settings) for doc in docs]
    assert all(a.language == "en" for a in articles)


def test_outlet_section_suffix_is_dropped() -> None:
    from eventwire.normalise import clean_outlet

    assert clean_outlet("Coastal Courier — News") == "Coastal Courier"
    assert clean_outlet("Meridian Press Agency | World newswire") == "Meridian Press Agency"
    assert clean_outlet("Al-Monitor") == "Al-Monitor"
    assert clean_outlet("  ") is None


def test_detected_language_beats_a_template_tag() -> None:
    from eventwire.normalise import normalise_document
    from eventwire.records import RawDocument
    from eventwire.settings import load_settings

    raw = RawDocument(
        source="page.html",
        source_format="html",
        language="en",
        text=(
            "Deux soldats ont été tués lundi lors d'affrontements avec des militants à la "
            "périphérie de la ville, a déclaré un officier de police. Les combats ont duré "
            "plusieurs heures avant l'arrivée de renforts."
        ),
    )
    assert normalise_document(raw, settings=load_settings(environ={})).language == "fr"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        "//no-scheme.example/a",
    ],
)
def test_urls_that_are_not_http_are_not_stored(settings: Settings, url: str) -> None:
    article = normalise_document(raw(url=url), settings=settings)
    assert article.url is None
    assert article.canonical_url is None
    assert article.id == article_id(None, article.content_hash)


def test_http_urls_in_any_case_are_kept(settings: Settings) -> None:
    article = normalise_document(raw(url="HTTPS://News.Example/a"), settings=settings)
    assert article.url == "HTTPS://News.Example/a"
    assert article.canonical_url == "https://news.example/a"
