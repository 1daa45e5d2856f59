"""The seed article's Mosul sentences resolve to Mosul, Nineveh, Iraq with modifiers kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.places.gazetteer import Gazetteer
from eventwire.places.recognise import extract_places
from eventwire.records import Precision

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "seed-article.txt"


@pytest.mark.gold
def test_seed_article_mosul(nlp: Any, gazetteer: Gazetteer) -> None:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    text = SEED.read_text(encoding="utf-8")
    places = extract_places(nlp(text), article_id="seed", gazetteer=gazetteer)
    mosul = [p for p in places if p.text == "Mosul"]
    assert len(mosul) >= 3
    for p in mosul:
        assert p.geonameid == 99072 and p.country == "IQ" and p.admin1 == "Nineveh"
        assert p.precision is Precision.POINT
    assert "western" in {p.modifier for p in mosul}
    old_city = [p for p in places if p.text == "Old City"]
    assert old_city and all(p.country == "IQ" for p in old_city)
    assert not [p for p in places if p.text.startswith("Iraqi")]
