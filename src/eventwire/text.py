"""The words of a text as eventwire compares them: matching tokens, aliases, stop words, stems.

Provenance (copy matching, headline support) and stories (term vectors) read text the same way,
so the shared pieces live here:

* :func:`normalise_text` unifies quotes and dashes, canonicalises aliases and folds case, so that
  ``"Daesh fighters fled, U.S. officials said."`` and ``"ISIS fighters fled - US officials said"``
  both become ``isis fighters fled us officials said``; :func:`tokens` splits the result into
  matching tokens, number words as digits;
* ``ALIASES`` is the deliberately small, documented alias table: the groups that outlets swap
  when they rewrite wire copy (canonical tokens are lower case because matching is done on
  case-folded text);
* ``STOPWORDS`` are function words and reporting verbs ("said" and "told" are swapped freely);
* :func:`stem` is a light suffix-stripping stemmer;
* :func:`proper_words` gives the tokens of the words a text writes capitalised in mid-sentence
  (names of people, places, organisations).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ALIASES",
    "NUMBER_WORDS",
    "STOPWORDS",
    "normalise_text",
    "proper_words",
    "stem",
    "tokens",
]

# Canonical form -> spellings that outlets use for it. Matched as whole words; patterns marked
# case-sensitive below are only matched in their upper-case spelling ("IS", "US"), so the verb
# "is" and the pronoun "us" are left alone.
ALIASES: dict[str, tuple[str, ...]] = {
    "isis": (
        "Islamic State of Iraq and the Levant",
        "Islamic State of Iraq and Syria",
        "Islamic State of Iraq and al-Sham",
        "the Islamic State",
        "Islamic State",
        "Daesh",
        "Da'esh",
        "Daech",
        "ISIL",
        "ISIS",
        "IS",
    ),
    "alqaeda": ("al-Qaeda", "al Qaeda", "al-Qaida", "al Qaida", "alQaeda", "al-Qa'ida", "Qaeda"),
    "us": (
        "United States of America",
        "the United States",
        "United States",
        "U.S.A.",
        "U.S.A",
        "U.S.",
        "U.S",
        "USA",
        "US",
    ),
    "uk": ("United Kingdom", "Great Britain", "U.K.", "UK"),
    "un": ("United Nations", "U.N.", "UN"),
}

# Spellings only matched in exactly this case (they are ordinary English words otherwise).
_CASE_SENSITIVE = frozenset({"IS", "US", "UK", "UN"})

NUMBER_WORDS: dict[str, str] = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "dozen": "12",
}

# Function words (dropped from content and from terms). Reporting verbs ("said") are kept out of
# content because copies swap them freely ("said", "says", "told").
_STOPWORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    said says say told tell according added
    """
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS_TEXT.split())

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)


def _alias_pattern(case_sensitive: bool) -> re.Pattern[str]:
    spellings = [
        (spelling, canon)
        for canon, group in ALIASES.items()
        for spelling in group
        if (spelling in _CASE_SENSITIVE) == case_sensitive
    ]
    spellings.sort(key=lambda item: -len(item[0]))
    parts = [
        r"[\s\-]*".join(re.escape(word) for word in re.split(r"[\s\-]+", spelling))
        for spelling, _ in spellings
    ]
    flags = 0 if case_sensitive else re.IGNORECASE
    # Word boundaries that also work for spellings ending in a dot ("U.S.").
    return re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")(?![\w])", flags)


_ALIAS_LOOKUP: dict[str, str] = {
    re.sub(r"[\s\-']+", "", spelling).casefold(): canon
    for canon, group in ALIASES.items()
    for spelling in group
}
_ALIAS_CI = _alias_pattern(case_sensitive=False)
_ALIAS_CS = _alias_pattern(case_sensitive=True)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_POSSESSIVE = re.compile(r"'s\b")
_TOKEN = re.compile(r"[^\W_]+(?:\.\d+)*")


def _alias_sub(match: re.Match[str]) -> str:
    key = re.sub(r"[\s\-']+", "", match.group(0)).casefold()
    return f" {_ALIAS_LOOKUP.get(key, key)} "


def normalise_text(text: str) -> str:
    """Return ``text`` with quotes and dashes unified, aliases canonicalised and case folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _ALIAS_CS.sub(_alias_sub, text)
    text = _ALIAS_CI.sub(_alias_sub, text)
    text = _THOUSANDS.sub("", text)
    text = text.casefold()
    text = _POSSESSIVE.sub("", text)
    return text.replace("'", "")


def tokens(text: str) -> list[str]:
    """Matching tokens of ``text``: normalised words, number words as digits, no punctuation."""
    out = []
    for tok in _TOKEN.findall(normalise_text(text)):
        out.append(NUMBER_WORDS.get(tok, tok))
    return out


_IRREGULAR = {
    "fled": "flee",
    "died": "die",
    "took": "take",
    "taken": "take",
    "retaken": "retake",
    "seized": "seize",
    "held": "held",
    "said": "say",
    "says": "say",
    "men": "man",
    "women": "woman",
    "children": "child",
}
_SUFFIXES = ("ings", "ing", "edly", "ied", "ies", "ed", "es", "s", "e")


def stem(word: str) -> str:
    """A light suffix-stripping stem of a normalised word (``talks`` -> ``talk``)."""
    word = _IRREGULAR.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix in ("ied", "ies"):
                return word[: -len(suffix)] + "y"
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
        word = word[:-1]
    return word


# Runs of capitalised words that follow a lower-case word, a digit or a comma in a sentence.
_MID_CAPITAL = re.compile(r"(?<=[a-z0-9,;:] )([A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*)")


def proper_words(text: str) -> set[str]:
    """Matching tokens of the words ``text`` writes capitalised in mid-sentence."""
    words: set[str] = set()
    for match in _MID_CAPITAL.finditer(text):
        words.update(tokens(match.group(1)))
    return words
