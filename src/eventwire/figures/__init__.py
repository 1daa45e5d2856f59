"""Figures: killed, injured, displaced, arrested, kidnapped, missing and other quantities."""

from __future__ import annotations

from eventwire.figures.dating import date_figures
from eventwire.figures.extract import (
    KIND_ADJECTIVES,
    KIND_NOUNS,
    KIND_VERBS,
    KINDS,
    extract_figures,
)
from eventwire.numbers import NumberMention, find_numbers, parse_number_words

__all__ = [
    "KINDS",
    "KIND_ADJECTIVES",
    "KIND_NOUNS",
    "KIND_VERBS",
    "NumberMention",
    "date_figures",
    "extract_figures",
    "find_numbers",
    "parse_number_words",
]
