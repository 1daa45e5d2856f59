"""Event concepts: which head lemmas can name the same happening.

Two sources, both written by the project: the groups of ``data/concepts.txt`` ("die", "death",
"kill", "murder"...) and the trigger lexicon's PLOVER type and mode (``arrest``, ``nab`` and
``apprehend`` are all ``COERCE/arrest``). A lemma's concepts are the names of its groups and its
``TYPE/mode`` pairs; rows without a mode are too broad (every ASSAULT) and are left out.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from eventwire.events.lexicon import triggers_for

__all__ = ["concepts_of"]


@cache
def _groups() -> dict[str, frozenset[str]]:
    text = resources.files("eventwire.fusion").joinpath("data", "concepts.txt").read_text("utf-8")
    out: dict[str, set[str]] = {}
    lines = [line.split() for line in text.splitlines() if line.strip() and line[0] != "#"]
    for number, words in enumerate(lines, 1):
        for word in words:
            out.setdefault(word, set()).add(f"group-{number}")
    return {word: frozenset(names) for word, names in out.items()}


@cache
def concepts_of(lemma: str) -> frozenset[str]:
    """The concepts ``lemma`` (lower case) can name."""
    modes = {f"{t.plover}/{t.mode}" for t in triggers_for(lemma) if t.mode}
    return _groups().get(lemma, frozenset()) | frozenset(modes)
