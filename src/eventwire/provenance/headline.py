"""Headline support: does any sentence of the body carry the headline's claim?

The headline's claim is read as its **actors** (names: words the body writes capitalised in
mid-sentence, or canonical aliases such as ISIS) and its **predicate** (its other content words:
"talks", "alliance", "seize", "airport"). Words are compared by a light suffix stemmer
(:func:`eventwire.text.stem`), a shared prefix of four letters or more (Iraq/Iraqi,
flood/floodwaters), initials for acronyms ("Rapid Support Forces" is RSF) and a small table of
predicate synonyms (``PREDICATE_GROUPS``). A body sentence supports the headline when it names
every actor and at least ``predicate_share`` of the predicate words (at least one). Headlines
summarise, so a third of the predicate words is enough; what is flagged is a headline whose
actors never meet any of its predicate in one sentence.

Two kinds of line never count as support:

* the headline itself repeated at the head of the body;
* a headline-like fragment: a short line (at most ``fragment_max_tokens`` tokens) that does not end
  as a sentence ends (``.``, ``!``, ``?``, possibly followed by a closing quote). A crosshead such
  as "The end is near: X and Y, to join forces" restates, it does not report.

When the headline has no content words left, or there is no headline, nothing is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from eventwire.provenance.index import similarity
from eventwire.records import Flag, Span
from eventwire.text import ALIASES, STOPWORDS, proper_words, stem, tokens

__all__ = [
    "HEADLINE_NOISE",
    "PREDICATE_GROUPS",
    "HeadlineSettings",
    "HeadlineSupport",
    "headline_flags",
    "headline_support",
]

# Headline words that carry no claim.
_HEADLINE_NOISE_TEXT = """
    possible possibly new latest breaking update updated live video photos watch exclusive report
    reports reportedly amid over after as via first more
    """
HEADLINE_NOISE: frozenset[str] = frozenset(_HEADLINE_NOISE_TEXT.split())

# Predicate stems that paraphrase each other in news headlines.
PREDICATE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"kill", "dead", "death", "die", "slain", "slay"}),
    frozenset({"attack", "strike", "assault", "raid"}),
    frozenset({"arrest", "detain", "held", "custody"}),
    frozenset({"talk", "negotiat", "negotiation", "discuss"}),
    frozenset({"allianc", "ally", "alli", "merger", "merg"}),
    frozenset({"flee", "displac", "escap"}),
    frozenset({"retak", "recaptur", "liberat", "regain"}),
    frozenset({"protest", "demonstrat", "rally"}),
    frozenset({"injur", "wound", "hurt"}),
)

_ALIAS_CANON = frozenset(ALIASES)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s*$")


def _group(stemmed: str) -> frozenset[str]:
    for group in PREDICATE_GROUPS:
        if stemmed in group:
            return group
    return frozenset({stemmed})


def _matches(term: str, stems: set[str]) -> bool:
    """``term`` or a word sharing its first four letters or more (Iraq/Iraqi, flood/floodwater)."""
    if term in stems:
        return True
    if len(term) < 4:
        return False
    return any(len(s) >= 4 and (s.startswith(term) or term.startswith(s)) for s in stems)


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’\-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w'’\-]*)+")


def _acronyms(sentence: str) -> set[str]:
    """Initials of capitalised runs: "Rapid Support Forces" gives ``rsf``."""
    out = set()
    for match in _CAPITALISED_RUN.finditer(sentence):
        words = [w for w in match.group(0).split() if w[:1].isupper()]
        out.add("".join(w[0] for w in words).casefold())
    return out


@dataclass(frozen=True, kw_only=True, slots=True)
class HeadlineSettings:
    predicate_share: float = 0.34
    fragment_max_tokens: int = 14
    repeat_similarity: float = 0.9


@dataclass(frozen=True, kw_only=True, slots=True)
class HeadlineSupport:
    """The headline's claim and the body sentence that carries it best."""

    article_id: str
    headline: str | None
    actors: tuple[str, ...]
    predicate: tuple[str, ...]
    supported: bool | None
    best_sentence: int | None = None
    best_score: float = 0.0
    skipped: tuple[int, ...] = ()


def _title_case(title: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’\-]*", title) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def headline_support(
    article_id: str,
    published: datetime | None,
    text: str,
    sentence_spans: Sequence[tuple[int, int]],
    title: str | None,
    *,
    settings: HeadlineSettings | None = None,
) -> HeadlineSupport:
    """Whether any body sentence carries the claim of ``title``.

    ``supported`` is None when there is no headline or it has no content words.
    """
    del published  # accepted for a uniform signature
    cfg = settings or HeadlineSettings()
    if not title or not title.strip():
        return HeadlineSupport(
            article_id=article_id, headline=title, actors=(), predicate=(), supported=None
        )
    title_tokens = tokens(title)
    body: list[tuple[int, str, list[str]]] = []
    skipped: list[int] = []
    for index, (start, end) in enumerate(sentence_spans):
        sentence = text[start:end].strip()
        toks = tokens(sentence)
        if not toks:
            continue
        if similarity(toks, title_tokens) >= cfg.repeat_similarity or (
            len(toks) <= cfg.fragment_max_tokens and not _SENTENCE_END.search(sentence)
        ):
            skipped.append(index)
        else:
            body.append((index, sentence, toks))
    proper: set[str] = set()
    for _, sentence, _ in body:
        proper |= proper_words(sentence)
    if not _title_case(title):
        proper |= proper_words(title)
    actors: list[str] = []
    predicate: list[str] = []
    for tok in title_tokens:
        if tok in STOPWORDS or tok in HEADLINE_NOISE:
            continue
        if tok in _ALIAS_CANON or tok in proper:
            bucket = actors
            value = tok if tok in _ALIAS_CANON else stem(tok)
        else:
            bucket = predicate
            value = stem(tok)
        if value not in bucket:
            bucket.append(value)
    if not actors and not predicate:
        return HeadlineSupport(
            article_id=article_id, headline=title, actors=(), predicate=(), supported=None
        )
    best_index: int | None = None
    best_score = 0.0
    supported = False
    for index, sentence, toks in body:
        stems = {stem(t) for t in toks} | {t for t in toks if t in _ALIAS_CANON}
        actor_hits = sum(1 for a in actors if _matches(a, stems | _acronyms(sentence)))
        predicate_hits = sum(1 for p in predicate if _group(p) & stems or _matches(p, stems))
        actor_cov = actor_hits / len(actors) if actors else 1.0
        predicate_cov = predicate_hits / len(predicate) if predicate else 1.0
        score = (actor_hits + predicate_hits) / (len(actors) + len(predicate))
        if score > best_score:
            best_index, best_score = index, score
        if (
            actor_cov >= 1.0
            and predicate_cov >= cfg.predicate_share
            and (predicate_hits or not predicate)
        ):
            supported = True
    return HeadlineSupport(
        article_id=article_id,
        headline=title,
        actors=tuple(actors),
        predicate=tuple(predicate),
        supported=supported,
        best_sentence=best_index,
        best_score=round(best_score, 4),
        skipped=tuple(skipped),
    )


def headline_flags(
    support: HeadlineSupport, sentence_spans: Sequence[tuple[int, int]] = ()
) -> tuple[Flag, ...]:
    """A ``headline-unsupported`` flag when no body sentence carries the headline's claim."""
    if support.supported is not False:
        return ()
    span = None
    if support.best_sentence is not None and support.best_sentence < len(sentence_spans):
        start, end = sentence_spans[support.best_sentence]
        span = Span(start=start, end=end)
    return (
        Flag(
            target_kind="article",
            target_id=support.article_id,
            code="headline-unsupported",
            detail=(
                f"no sentence names {', '.join(support.actors) or '-'} with "
                f"{', '.join(support.predicate) or '-'}"
            ),
            span=span,
            extra={"best_score": f"{support.best_score:.4f}"},
        ),
    )
