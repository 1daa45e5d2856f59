"""Place-name normalisation shared by the gazetteer index and its lookups."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ARABIC_ARTICLES", "is_latin", "name_keys", "normalise"]

# Arabic definite article as it appears in Latin transliterations, incl. sun-letter assimilation.
ARABIC_ARTICLES = ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ul")

_PUNCT = re.compile(r"[\s\-‐‑‒–—―_/.,;:()\[\]\"“”«»]+")
_QUOTES = str.maketrans("", "", "'’‘`´ʼʻʿʾ")
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe"})


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Casefold, strip diacritics, apostrophes and punctuation; a leading ``St.`` becomes
    ``saint``, ``Mt.`` ``mount`` and ``Ft.`` ``fort``."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_QUOTES)
    text = _PUNCT.sub(" ", text).strip()
    if " " in text and all(len(t) == 1 for t in text.split(" ")):
        text = text.replace(" ", "")  # U.S. -> us, D.C. -> dc
    if text.startswith("the "):
        text = text[4:]
    if text.startswith("st "):
        text = "saint " + text[3:]
    elif text.startswith("ste "):
        text = "sainte " + text[4:]
    elif text.startswith("mt "):
        text = "mount " + text[3:]
    elif text.startswith("ft "):
        text = "fort " + text[3:]
    return text


def _strip_article(key: str) -> str | None:
    head, _, rest = key.partition(" ")
    if rest and head in ARABIC_ARTICLES and len(rest) >= 3:
        return rest
    return None


def name_keys(name: str) -> tuple[str, ...]:
    """Index keys for one gazetteer name: the normalised form and transliteration variants.

    ``Ar Raqqah`` gives ``ar raqqah``, ``raqqah`` and ``raqqa``; ``Al-Mawsil`` gives
    ``al mawsil`` and ``mawsil``.
    """
    key = normalise(name)
    if not key:
        return ()
    keys = [key]
    stripped = _strip_article(key)
    if stripped:
        keys.append(stripped)
    for k in list(keys):
        if k.endswith("ah") and len(k) > 4:
            keys.append(k[:-1])
    return tuple(dict.fromkeys(keys))


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin script once diacritics are removed."""
    key = normalise(name)
    return bool(key) and all(ch.isascii() for ch in key)
