"""The written expectations of the sample corpus's events (samples/events-expected.json) agree
with the corpus manifest: they name real articles, each source group is one origin with its
copies or one outlet's own articles, and the earliest report is the earliest article."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from tests.conftest import SAMPLES

MANIFEST = json.loads((SAMPLES / "manifest.json").read_text("utf-8"))
EXPECTED = json.loads((SAMPLES / "events-expected.json").read_text("utf-8"))
ARTICLES: dict[str, dict[str, Any]] = {a["id"]: a for a in MANIFEST["articles"]}
EVENTS = EXPECTED["events"]


def _published(article_id: str) -> datetime:
    return datetime.fromisoformat(ARTICLES[article_id]["published"])


def _reports_story(article: dict[str, Any], story: str) -> bool:
    """The article is of the story, or a patchwork page with a donor in it."""
    if article["story"] == story:
        return True
    originals = {ARTICLES[a]["url"] for a in MANIFEST["stories"][story]["originals"]}
    return article["role"] == "patchwork" and bool(originals & set(article["donors"]))


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_event_articles_are_of_its_story(event: dict[str, Any]) -> None:
    assert event["story"] in MANIFEST["stories"]
    for article_id in event["articles"] + event.get("may_include", []):
        article = ARTICLES[article_id]
        assert _reports_story(article, event["story"]), article_id
        assert article["role"] != "duplicate-url", f"{article_id} is stored as another article"


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_sources_are_origins_with_their_copies(event: dict[str, Any]) -> None:
    grouped = [a for source in event["independent_sources"] for a in source["articles"]]
    assert len(grouped) == len(set(grouped)), "an article in two sources"
    for source in event["independent_sources"]:
        origin = ARTICLES[source["origin"]]
        assert origin["role"] in {"original", "foreign-language"}
        assert origin["outlet"] == source["outlet"]
        assert source["parsed"] == (origin["language"] == "en")
        for article_id in source["articles"]:
            article = ARTICLES[article_id]
            assert article_id in event["articles"]
            assert article["role"] != "patchwork", "a patchwork page is never a source"
            copy = article["copy_of"] == origin["url"]
            own = article["outlet"] == origin["outlet"] and article["copy_of"] is None
            assert copy or own, article_id
    outlets = [s["outlet"] for s in event["independent_sources"]]
    assert len(outlets) == len(set(outlets))
    # every article of the event that is not a patchwork page belongs to one source
    for article_id in event["articles"]:
        if ARTICLES[article_id]["role"] != "patchwork":
            assert article_id in grouped, article_id


@pytest.mark.parametrize(
    "event", [e for e in EVENTS if "earliest_report" in e], ids=lambda e: e["id"]
)
def test_earliest_report_is_the_earliest_article(event: dict[str, Any]) -> None:
    earliest = min(event["articles"], key=_published)
    report = event["earliest_report"]
    assert report["article"] == earliest
    assert ARTICLES[earliest]["outlet"] == report["outlet"]
    assert datetime.fromisoformat(report["published"]) == _published(earliest)


def test_the_near_miss_stories_are_separate_events() -> None:
    by_id = {e["id"]: e for e in EVENTS}
    old_city, car_bomb = by_id["E1"], by_id["E8"]
    assert old_city["place"]["name"] == car_bomb["place"]["name"] == "Mosul"
    assert old_city["date"]["end"] < car_bomb["date"]["start"]
    shared = set(old_city["articles"]) & set(car_bomb["articles"])
    assert all(ARTICLES[a]["role"] == "patchwork" for a in shared)
