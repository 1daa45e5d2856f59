"""Stories across languages: an article the NLP stage does not parse joins the story of parsed
articles it shares most of its language-neutral terms with.

The story clusterer compares the English words, names and figures of parsed articles; an article
in French or Spanish has none of those words. What crosses languages is kept instead
(:func:`language_terms`), read from the text alone, the same way for every language:

* **places**: runs of capitalised words looked up in the gazetteer through its names and
  alternate names ("Mossoul", "La Habana" and "Mosul", "Havana" give the same GeoNames ids),
  ``p:<geonameid>`` for the (at most :data:`PLACE_SENSES`) most populous senses;
* **numbers** of two digits or more, with their group separators of any language read ("12 000",
  "12.000", "12,000" are ``n:12000``);
* **names**: other words written capitalised in mid-sentence (people, organisations, camps:
  "Hammam", "Solberg", "ELN"), accents folded, ``w:<word>``.

Each term weighs its inverse document frequency over the articles whose terms are stored, so a
city that every story of a week mentions counts little and a camp's name or a toll counts much.
An other-language article is compared with every story that holds one of its terms and whose
time range, widened by the clusterer's ``window_days``, holds its publication time; its score for
a story is the weight of the terms it shares with the story's articles over the weight of its
terms that some other article holds too (a term no other article writes, such as a German noun,
which German capitalises like a name, is no evidence either way). It joins the best story when
the score reaches :data:`LINK_THRESHOLD` and at least :data:`MIN_SHARED` terms are shared, one
of them a place or a name; otherwise it stays without a story. The link is stored in
``story_links`` with its score and shared terms, apart from the clusterer's own members, so
the parsed articles' stories, their counts and their independent sources are those of the
clusterer: a linked article adds to what a reader sees, not to the count of independent sources
(a translated wire story cannot be told from an original report without comparing the texts).

The step runs after the stories run; terms are read once per article text (``article_terms``,
keyed by a hash of the text), and when anything changed every other-language article is linked
again, in one query, so the links are those a first run over the store would give.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from eventwire.places.gazetteer import Gazetteer, Kind, load_gazetteer
from eventwire.store import Store
from eventwire.store.links import StoryLinkTables

__all__ = [
    "LINK_THRESHOLD",
    "MIN_SHARED",
    "LinkSummary",
    "language_terms",
    "link_other_languages",
]

log = logging.getLogger(__name__)

#: The share of an article's term weight a story must hold for the article to join it.
LINK_THRESHOLD = 0.3
#: The fewest terms an article must share with a story to join it.
MIN_SHARED = 3
#: Senses of a place name kept, the most populous first.
PLACE_SENSES = 2
#: The parsed language whose stories other articles join.
PARSED = "en"

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+|\d{2,})(?![\d\w])")
_GROUP = re.compile(r"[ \u00a0\u202f.,]")
_SENTENCE_END = frozenset('.!?:;"«»“”\n')
#: Words written capitalised in mid-sentence that are not names in the languages of the news.
_NOT_NAMES_TEXT = """
    the a an and of in on at for to by with from this that these those he she it they we
    le la les un une des du de et en au aux dans par pour sur ce cette ces il elle ils elles
    el los las una uno del y con por para sobre este esta estos estas
    der die das ein eine und mit von zu im am den dem
    il lo gli della dei delle con per nel nella
    o os um uma do da dos das com para
    """
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
_CONNECTORS_TEXT = "al el de del da do di la le du des ad ar as at ash"
_CONNECTORS = frozenset(_CONNECTORS_TEXT.split())
_PLACE_KINDS = frozenset({Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2, Kind.CITY})


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words (joined by connectors such as "al" or "de"), each with a flag
    of whether it starts a sentence."""
    runs: list[list[str]] = []
    current: list[str] = []
    last_end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        gap = text[last_end : match.start()]
        last_end = match.end()
        joined = current and gap in (" ", "-", " al-", " el-")
        if word[0].isupper():
            if joined:
                current.append(word)
            else:
                if current:
                    runs.append(current)
                before = text[: match.start()].rstrip()
                starts = not before or before[-1] in _SENTENCE_END
                current = ["^" if starts else "", word]
            continue
        if joined and _fold(word) in _CONNECTORS:
            current.append(word)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _place_terms(words: list[str], gazetteer: Gazetteer) -> tuple[set[str], set[int]]:
    """Place terms of a run of capitalised words (longest names first) and the positions of
    the words they cover."""
    terms: set[str] = set()
    covered: set[int] = set()
    n = len(words)
    for size in (3, 2, 1):
        for start in range(n - size + 1):
            span = range(start, start + size)
            if covered & set(span):
                continue
            name = " ".join(words[start : start + size])
            if len(name) < 4 or _fold(words[start]) in _CONNECTORS:
                continue
            senses = [
                gazetteer.entry(c.index)
                for c in gazetteer.lookup(name)
                if gazetteer.kind(c.index) in _PLACE_KINDS
            ]
            if not senses:
                continue
            senses.sort(key=lambda e: (-e.population, e.index))
            for entry in senses[:PLACE_SENSES]:
                terms.add(f"p:{entry.geonameid}" if entry.geonameid else f"p:{_fold(entry.name)}")
            covered |= set(span)
    return terms, covered


def language_terms(text: str, gazetteer: Gazetteer | None = None) -> set[str]:
    """The language-neutral terms of ``text`` (see the module docstring)."""
    gazetteer = gazetteer or load_gazetteer()
    terms: set[str] = set()
    for match in _NUMBER.finditer(text):
        value = int(_GROUP.sub("", match.group(1)))
        if value >= 10:
            terms.add(f"n:{value}")
    for run in _capitalised_runs(text):
        starts, words = run[0] == "^", run[1:]
        places, covered = _place_terms(words, gazetteer)
        terms |= places
        for i, word in enumerate(words):
            folded = _fold(word)
            if i in covered or (i == 0 and starts) or len(folded) < 3:
                continue
            if folded in _NOT_NAMES or folded in _CONNECTORS:
                continue
            terms.add(f"w:{folded}")
    return terms


def _text_hash(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()[:16]


@dataclass(kw_only=True)
class LinkSummary:
    """What one link step did."""

    terms_read: int = 0
    other_language: int = 0
    linked: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "terms_read": self.terms_read,
            "other_language_articles": self.other_language,
            "linked": self.linked,
        }


def _read_terms(tables: StoryLinkTables, gazetteer: Gazetteer | None) -> int:
    """Store the terms of the story members and other-language articles whose text is new or
    changed; return how many articles were read."""
    rows = tables.texts_to_read(PARSED)
    if not rows:
        return 0
    terms: list[tuple[str, str]] = []
    for article_id, text in rows:
        terms += [(article_id, t) for t in sorted(language_terms(text, gazetteer))]
    tables.replace_terms([a for a, _ in rows], terms, [(a, _text_hash(text)) for a, text in rows])
    return len(rows)


def _in_window(
    when: datetime | None, first: datetime | None, last: datetime | None, days: float
) -> bool:
    if when is None or first is None or last is None:
        return True
    window = timedelta(days=days)
    return first - window <= when <= last + window


def link_other_languages(
    store: Store,
    *,
    window_days: float = 7.0,
    changed: bool = False,
    gazetteer: Gazetteer | None = None,
) -> LinkSummary:
    """Read the terms of new texts and, when they or the stories ``changed``, link every
    other-language article again (one transaction)."""
    summary = LinkSummary()
    tables = StoryLinkTables(store)
    with store.transaction("cannot link articles of other languages to stories"):
        summary.terms_read = _read_terms(tables, gazetteer)
        published = tables.other_language(PARSED)
        summary.other_language = len(published)
        first_time = published and tables.count_links() == 0
        if not (changed or summary.terms_read or first_time):
            summary.linked = tables.count_links()
            return summary
        n_articles = tables.count_read()
        df = tables.frequencies(list(published))

        def weight(term: str) -> float:
            return math.log((n_articles + 1) / (df.get(term, 0) + 1)) + 1.0

        # the evidence an article offers is in the terms some other article also holds: a word
        # no other article writes (a German noun, a local street) can neither link it nor
        # keep it apart, so it does not dilute the score
        own: dict[str, float] = {}
        for article_id, term in tables.terms(list(published)):
            if df.get(term, 0) >= 2:
                own[article_id] = own.get(article_id, 0.0) + weight(term)
        spans = tables.story_spans()
        best: dict[str, tuple[float, str, list[str]]] = {}
        for aid, sid, terms in tables.shared(PARSED):
            first, last = spans.get(sid, (None, None))
            if not _in_window(published.get(aid), first, last, window_days):
                continue
            if len(terms) < MIN_SHARED or not any(t[0] in "pw" for t in terms):
                continue
            score = round(sum(weight(t) for t in terms) / own[aid], 6) if own.get(aid) else 0.0
            if score < LINK_THRESHOLD:
                continue
            held = best.get(aid)
            if held is None or score > held[0] or (score == held[0] and sid < held[1]):
                best[aid] = (score, sid, terms)
        tables.replace_links(
            [(aid, sid, score, terms) for aid, (score, sid, terms) in sorted(best.items())]
        )
        summary.linked = len(best)
    log.info(
        "stories: %d other-language articles, %d linked to a story",
        summary.other_language,
        summary.linked,
    )
    return summary
