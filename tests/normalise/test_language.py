"""Language identification."""

from __future__ import annotations

import pickle

import pytest

from eventwire.normalise import language
from eventwire.normalise.language import detect_language, normalise_language_code

SAMPLES = {
    "en": "Two soldiers were killed in clashes near the river town on Monday, an officer said.",
    "fr": "Deux soldats ont été tués lundi lors d'affrontements près de la ville, selon la police.",
    "es": "Dos soldados murieron el lunes en enfrentamientos cerca de la ciudad, según un oficial.",
    "ar": "قتل جنديان في اشتباكات قرب المدينة يوم الاثنين، حسبما قال ضابط إقليمي.",
    "de": "Zwei Soldaten wurden am Montag bei Gefechten nahe der Stadt getötet, hieß es.",
    "ru": "Два солдата погибли в понедельник в столкновениях недалеко от города, сообщил офицер.",
    "zh": "两名士兵周一在该市附近的冲突中丧生，一名地区官员说。",
}


@pytest.mark.parametrize(("code", "text"), sorted(SAMPLES.items()))
def test_detects_language(code: str, text: str) -> None:
    found, confidence = detect_language(text)
    assert found == code
    assert confidence is not None and language.MIN_CONFIDENCE <= confidence <= 1.0


@pytest.mark.parametrize("text", ["12345", "", "   ", "ok", "Hola amigos", "2017-06-14 12:30"])
def test_unclear_texts_give_none(text: str) -> None:
    assert detect_language(text) == (None, None)


def test_only_the_head_is_sampled() -> None:
    text = SAMPLES["en"] + " " + " ".join([SAMPLES["fr"]] * 40)
    assert detect_language(text, sample_chars=len(SAMPLES["en"]) + 5)[0] == "en"
    assert detect_language(text)[0] == "fr"


def test_detector_is_built_once() -> None:
    detect_language(SAMPLES["en"])
    first = language._get_detector()
    detect_language(SAMPLES["de"])
    assert language._get_detector() is first


def test_module_functions_pickle() -> None:
    assert pickle.loads(pickle.dumps(detect_language)) is detect_language


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en", "en"),
        ("EN-us", "en"),
        ("fr_FR", "fr"),
        ("fra", "fr"),
        ("ger", "de"),
        ("iw", "he"),
        ("zh-Hant", "zh"),
        ("xx", None),
        ("", None),
        (None, None),
        ("english", None),
    ],
)
def test_language_codes(tag: str | None, code: str | None) -> None:
    assert normalise_language_code(tag) == code
