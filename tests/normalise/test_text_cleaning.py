"""Text cleaning: whitespace, characters, mojibake and boilerplate lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.normalise.text import (
    BOILERPLATE_PATTERNS,
    MAX_BOILERPLATE_CHARS,
    clean_line,
    clean_text,
    is_boilerplate,
)

BOILERPLATE = [
    "Share this",
    "Share this article",
    "Share on Facebook",
    "Share on Twitter",
    "Share on Facebook, Twitter and WhatsApp",
    "Facebook Twitter WhatsApp Email",
    "• Share",
    "Read more",
    "Read more:",
    "READ MORE: Militia leaders meet in Qaryat al-Nour",
    "See also: Ceasefire talks stall",
    "Related:",
    "Related: Aid convoy reaches northern district",
    "Related articles",
    "More on this story",
    "You may also like",
    "Most read",
    "Click here to read the full report",
    "Click here",
    "Sign up for our newsletter",
    "Sign up to our daily briefing email",
    "Subscribe to The Daily Courier",
    "Subscribe now",
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Continue reading the main story",
    "Follow us on Twitter",
    "Follow The Northern Ledger on Facebook and Instagram",
    "All rights reserved.",
    "© 2017 Northern Ledger Media",
    "Copyright 2017 The Northern Ledger. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
    "Northern Ledger 2017 | All rights reserved",
    "We use cookies to ensure you get the best experience on our website.",
    "This website uses cookies. Read our cookie policy.",
    "Accept all cookies",
    "Cookie policy",
    "By continuing to use this site you agree to our use of cookies.",
    "Image caption Soldiers walk past a damaged building in Qaryat al-Nour",
    "Image copyright Getty Images",
    "Getty Images",
    "AFP/Getty Images",
    "(AP Photo/Farid Tamimi)",
    "Photo: Reuters",
    "Karim Haddad/Reuters",
    "Media playback is unsupported on your device",
]

REAL_SENTENCES = [
    "Share prices in the capital fell sharply on Monday.",
    "Read more carefully, the statement suggests a ceasefire is close.",
    "Related talks in Geneva stalled, officials said.",
    "Subscribers to the local radio service reported power cuts.",
    "Advertisement revenue at the state broadcaster fell by a third.",
    "Follow-up talks are planned for Friday.",
    "Copyright disputes delayed the film's release, the ministry said.",
    "The court said all rights reserved under the treaty would be honoured.",
    "Media sources said 12 people were killed.",
    "By using the service, migrants can send money home cheaply.",
    "Reuters reported the clashes first.",
    "The militants were driven from the city, an officer told Reuters.",
    "Getty Images photographers were among those detained, the group said.",
    "Image quality from the drones was poor, the officer said.",
    "He said that we use cookies of dried fruit as rations.",
    "Sign-up centres opened in three districts on Monday, officials said.",
    "Home to 1.5 million people, the city has been besieged for months.",
    "Click Hamdan, a local trader, said prices had doubled.",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("sentence", REAL_SENTENCES)
def test_real_sentences_are_not_boilerplate(sentence: str) -> None:
    assert not is_boilerplate(sentence)


def test_boilerplate_removed_and_sentences_kept_in_text() -> None:
    body = "\n\n".join(
        [
            "Fighting resumed in the old quarter of Qaryat al-Nour on Tuesday.",
            "Share this article",
            *REAL_SENTENCES,
            "Advertisement",
            "READ MORE: Aid convoy reaches northern district",
            "© 2017 Northern Ledger Media",
        ]
    )
    cleaned = clean_text(body)
    for sentence in REAL_SENTENCES:
        assert sentence in cleaned
    assert "Share this article" not in cleaned
    assert "Advertisement\n" not in cleaned and not cleaned.endswith("Advertisement")
    assert "READ MORE" not in cleaned
    assert "©" not in cleaned
    assert cleaned.count("\n\n") == len(REAL_SENTENCES)


def test_long_lines_are_never_boilerplate() -> None:
    line = "Read more: " + "x" * MAX_BOILERPLATE_CHARS
    assert not is_boilerplate(line)


def test_patterns_are_compiled_once() -> None:
    assert BOILERPLATE_PATTERNS
    assert all(hasattr(p, "fullmatch") for p in BOILERPLATE_PATTERNS)


def test_paragraphs_and_line_breaks() -> None:
    raw = "  First para line.\r\nSecond line.  \r\n\r\n\r\n\n  Next   para.\t\tEnd.\n\n\n"
    assert clean_text(raw) == "First para line.\nSecond line.\n\nNext para. End."


def test_hard_wrapped_lines_are_joined() -> None:
    raw = "Government forces pressed\ninto the old quarter on\nMonday.\nA second sentence."
    assert clean_text(raw) == (
        "Government forces pressed into the old quarter on\nMonday.\nA second sentence."
    )


def test_spaces_and_invisible_characters() -> None:
    raw = "Two\u00a0soldiers\u2009were\u200b killed\u00ad.\u200e\u2028Officials\u3000said\x07."
    assert clean_text(raw) == "Two soldiers were killed.\nOfficials said."


def test_zero_width_joiners_are_kept() -> None:
    persian = "می\u200cگویند که نیروها پیشروی کردند."
    assert clean_text(persian) == persian


def test_unicode_nfc() -> None:
    decomposed = "Cafe\u0301 owners in Qaryat al-Nour reopened."
    assert clean_text(decomposed) == "Café owners in Qaryat al-Nour reopened."


def test_mojibake_repaired() -> None:
    raw = "Ã‰tÃ© officials said: â€œWe are readyâ€\x9d and it wasnâ€™t over."
    assert clean_text(raw) == "Été officials said: “We are ready” and it wasn’t over."


def test_correct_accents_are_left_alone() -> None:
    text = "Les forces ont été déployées à São Tomé, selon l’armée « ce matin »."
    assert clean_text(text) == text


def test_empty_and_boilerplate_only() -> None:
    assert clean_text("") == ""
    assert clean_text(" \n\t\u200b\n ") == ""
    assert clean_text("Advertisement\n\nShare this\n\nRead more") == ""


def test_clean_line() -> None:
    assert clean_line("  Iraqi\u00a0forces\n advance\t ") == "Iraqi forces advance"
    assert clean_line("Read more") == "Read more"


GOLD_FILES = ["geo/geowebnews.jsonl", "geo/lgl.jsonl", "quotes/polnear-dev.jsonl"]


@pytest.mark.gold
@pytest.mark.parametrize("name", GOLD_FILES)
def test_gold_texts_keep_their_words(name: str) -> None:
    """Cleaning real news texts removes almost nothing but whitespace and boilerplate."""
    path = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    before = after = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            cleaned = clean_text(text)
            assert "\n\n\n" not in cleaned and cleaned == cleaned.strip()
            before += len(text.split())
            after += len(cleaned.split())
    assert before > 0
    assert after >= 0.995 * before
