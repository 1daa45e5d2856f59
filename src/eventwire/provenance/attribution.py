"""Attribution credits in a sentence, and agency credits in a dateline.

A credit is who a sentence names as its source: a speaker next to a reporting verb
("..., Grande said", "said Lise Grande", "according to the UN"), the party told ("told AP"), or an
agency tag ("(MPA)"). Pronouns ("he said") and bare nouns ("the source said") are not credits:
they are what is left when a credit was stripped.
"""

from __future__ import annotations

import re

from eventwire.text import tokens

__all__ = ["KNOWN_AGENCIES", "dateline_agency", "has_credit", "sentence_credits"]

KNOWN_AGENCIES: frozenset[str] = frozenset(
    {
        "AP",
        "AFP",
        "Reuters",
        "DPA",
        "dpa",
        "ANSA",
        "EFE",
        "Xinhua",
        "TASS",
        "Anadolu",
        "Kyodo",
        "UPI",
        "PTI",
        "IANS",
        "Bernama",
        "Yonhap",
        "WAM",
        "SPA",
        "IRNA",
        "MENA",
    }
)

_VERBS = (
    r"(?:said|says|told|added|stated|noted|warned|explained|announced|confirmed|reported|"
    r"tweeted|wrote|insisted|claimed)"
)
_NAME_WORD = r"(?:[A-Z][\w'’.\-]*|al|bin|ibn|de|del|van|von|der|la|le)"
_NAME = rf"[A-Z][\w'’.\-]*(?:\s+{_NAME_WORD})*"
_NOT_CREDIT_TEXT = """
    He She They It We I You This That These Those There The A An His Her Their Its Our Officials
    Sources Source Witnesses Residents Spokesman Spokeswoman Meanwhile But And Also Then
    """
_NOT_CREDIT = frozenset(_NOT_CREDIT_TEXT.split())
_PATTERNS = (
    re.compile(rf"(?P<name>{_NAME})\s+{_VERBS}\b"),
    re.compile(rf"\b{_VERBS}\s+(?:the\s+)?(?:news\s+agency\s+|newspaper\s+)?(?P<name>{_NAME})"),
    re.compile(rf"\baccording\s+to\s+(?:the\s+|a\s+)?(?P<name>{_NAME})"),
    re.compile(rf"^(?P<name>{_NAME}\s+{_NAME_WORD}),\s+(?:a|an|the)\s"),
)
_AGENCY_TAG = re.compile(r"\((?P<name>[A-Z][A-Za-z]{1,11})\)")
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z .,'’\-]{1,60}?\(\s*(?P<agency>[A-Z][A-Za-z]{1,11})\s*\)\s*[-–—:]"
)


def _clean(name: str) -> str | None:
    words = name.split()
    while words and words[0] in _NOT_CREDIT:
        words.pop(0)
    if not words:
        return None
    return " ".join(tokens(" ".join(words))) or None


def sentence_credits(sentence: str) -> tuple[str, ...]:
    """Normalised credits named in ``sentence`` (empty when it names none)."""
    found: list[str] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            credit = _clean(match.group("name"))
            if credit and credit not in found:
                found.append(credit)
    for match in _AGENCY_TAG.finditer(sentence):
        name = match.group("name")
        if name in KNOWN_AGENCIES or name.isupper():
            credit = " ".join(tokens(name))
            if credit and credit not in found:
                found.append(credit)
    return tuple(found)


def has_credit(credit: str, toks: set[str]) -> bool:
    """Whether a sentence with tokens ``toks`` keeps ``credit`` (its last word is enough)."""
    words = credit.split()
    return bool(words) and words[-1] in toks


def dateline_agency(text: str) -> str | None:
    """The agency of a dateline such as ``MOSUL, Iraq (Reuters) -``, normalised, if any."""
    match = _DATELINE.match(text[:200])
    if match is None:
        return None
    return " ".join(tokens(match.group("agency"))) or None
