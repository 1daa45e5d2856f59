"""Reading the gold JSON Lines files from ../shared/data as an input corpus."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from eventwire.errors import Reason
from eventwire.ingest import read_sources
from eventwire.records import RawDocument, Rejection
from eventwire.settings import Settings
from tests.conftest import shared_file


@pytest.mark.gold
@pytest.mark.parametrize("parts", [("clusters", "ecbplus.jsonl"), ("events", "glocon-docs.jsonl")])
def test_gold_jsonl_reads_every_record(settings: Settings, parts: tuple[str, str]) -> None:
    path = shared_file("data", *parts)
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    items = list(read_sources([str(path)], settings=settings))
    assert len(items) == len(records)
    minimum = settings.ingest.min_text_chars
    for record, item in zip(records, items, strict=True):
        text = record["text"].strip()
        if len(text) < minimum:
            assert isinstance(item, Rejection) and item.code == Reason.NO_TEXT
            continue
        assert isinstance(item, RawDocument), item
        assert item.text == text
        title = record.get("title")
        assert item.title == (" ".join(title.split()) or None if title else None)
        if isinstance(record.get("published"), str):
            assert item.published == datetime.fromisoformat(record["published"])
