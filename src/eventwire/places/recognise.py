"""Finding place names in a spaCy ``Doc`` and turning them into resolved ``Place`` records.

Place names come from spaCy's GPE/LOC/FAC entities plus gazetteer matches for capitalised
names that the model missed. Demonyms (``Iraqi``) describe actors, not places, and are dropped.
A directional or relational phrase before a name (``western Mosul``, ``east of the Tigris``,
``outskirts of Raqqa``, ``50 km south of Mosul``) is kept as the place's ``modifier``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventwire.places.gazetteer import Gazetteer, Kind, load_gazetteer
from eventwire.places.resolve import Mention, Resolution, resolve_document
from eventwire.places.sites import is_site
from eventwire.records import Place, Precision, Span

__all__ = ["PLACE_LABELS", "extract_places", "find_modifier"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

_DIRS = (
    r"(?:north|south|east|west)(?:-?(?:north|south|east|west))?"
    r"|north-?east|north-?west|south-?east|south-?west"
)
_DIR_ADJ = (
    r"(?:northern|southern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western|northeastern|northwestern|southeastern|southwestern|"
    r"downtown|greater|rural|suburban)"
)
_DISTANCE = r"\d+(?:[.,]\d+)?\s*(?:-\s*)?(?:km|kilomet(?:re|er)s?|miles?|mi)"
_RELATION = re.compile(
    rf"(?P<mod>(?:{_DISTANCE}\s+)?(?:{_DIRS})\s+of"
    rf"|(?:the\s+)?(?:outskirts|edge|edges|suburbs|heart|centre|center|{_DIRS}|"
    rf"{_DIR_ADJ}\s+(?:outskirts|suburbs|part|parts|districts|neighbourhoods))\s+of"
    rf"|outside|near|around)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ADJ_BEFORE = re.compile(rf"(?P<mod>{_DIR_ADJ})\s+$", re.IGNORECASE)
_ADJ_INSIDE = re.compile(rf"^(?P<mod>{_DIR_ADJ}|{_DIRS})\s+", re.IGNORECASE)
_CAMP_TAIL = re.compile(r"\s+(?:refugee\s+|displacement\s+|IDP\s+)?camp\b", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")

# kinds a gazetteer-only match may have (no spaCy entity): names unlikely to be common words
_SAFE_KINDS = frozenset(
    {Kind.COUNTRY, Kind.ADMIN1, Kind.CONTINENT, Kind.REGION, Kind.WATER, Kind.LANDFORM}
)
_MIN_GAZ_POPULATION = 50_000
_MIN_RELABEL_POPULATION = 200_000
_MAX_NGRAM = 4


@dataclass(frozen=True, kw_only=True, slots=True)
class _Found:
    start: int
    end: int
    modifier: str | None


def find_modifier(text: str, start: int) -> str | None:
    """The directional/relational phrase right before ``text[start:]``, lower-cased."""
    window = text[max(0, start - 60) : start]
    for pattern in (_RELATION, _ADJ_BEFORE):
        m = pattern.search(window)
        if m:
            mod = " ".join(m.group("mod").lower().split())
            return mod[4:] if mod.startswith("the ") else mod
    return None


def _trim(gaz: Gazetteer, text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """Drops a leading ``the``, a trailing possessive and a leading direction word from an
    entity span; the direction word only when the name without it is known and with it is
    not (``western Mosul`` -> Mosul, but ``South Korea`` stays)."""
    modifier = None
    span = text[start:end]
    m = _LEADING_THE.match(span)
    if m:
        start += m.end()
        span = text[start:end]
    m = _TRAILING_POSSESSIVE.search(span)
    if m and m.start() > 0:
        end = start + m.start()
        span = text[start:end]
    m = _ADJ_INSIDE.match(span)
    if m and len(span) > m.end() and not gaz.lookup(span) and gaz.lookup(span[m.end() :]):
        modifier = m.group("mod").lower()
        start += m.end()
    return start, end, modifier


def _gazetteer_matches(doc: Any, gaz: Gazetteer, taken: list[bool]) -> list[tuple[int, int]]:
    """Spans of capitalised token runs that name a well-known place, outside any entity."""
    out: list[tuple[int, int]] = []
    tokens = list(doc)
    text = doc.text  # built once: Doc.text joins every token
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if taken[i] or not tok.text[:1].isupper() or tok.is_stop or not tok.is_alpha:
            i += 1
            continue
        matched = 0
        for n in range(min(_MAX_NGRAM, len(tokens) - i), 0, -1):
            run = tokens[i : i + n]
            if any(taken[t.i] for t in run) or not run[-1].text[:1].isupper():
                continue
            name = text[run[0].idx : run[-1].idx + len(run[-1].text)]
            if gaz.is_demonym(name):
                continue
            if any(t.pos_ not in ("PROPN", "") for t in run) and not (
                # the tagger reads a town opening a sentence as a common noun ("Florence
                # police have added..."); not a word the text also writes in lower case
                # ("Police officers", "Gay couple": towns in Poland and Russia)
                n == 1
                and tok.is_sent_start
                and _town_context(doc, i, i + 1, gaz, name, "")
                and _largest_town(gaz, name) >= _SENTENCE_START_TOWN
                and not re.search(rf"\b{re.escape(name.lower())}\b", text)
            ):
                continue
            if not _known_place(
                gaz,
                name,
                sentence_start=tok.is_sent_start,
                cued=functools.partial(_cued, doc, i, i + n, gaz, name),
            ):
                continue
            if n == 1 and i > 0 and tokens[i - 1].lower_ in _DETERMINERS:
                continue  # "the Centre", "the Mission": a common noun capitalised
            out.append((run[0].idx, run[-1].idx + len(run[-1].text)))
            matched = n
            break
        i += matched or 1
    return out


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "our"})
_SPEECH = frozenset(
    {"said", "says", "say", "told", "added", "recalled", "noted", "argued", "insisted", "wrote"}
)


def _speaker(doc: Any, end: int) -> bool:
    """Whether the words after a name make it a speaker (``Holland said``), unless the name is
    the object of a preposition (``an official in Baghdad said``)."""
    if end >= len(doc):
        return False
    nxt = doc[end]
    if nxt.is_punct and nxt.text in ",’'" and end + 1 < len(doc):
        return False
    if end > 0 and doc[end - 1].dep_ == "pobj":
        return False
    return nxt.lower_ in _SPEECH


_RELABEL = frozenset({"ORG", "PERSON", "WORK_OF_ART", "NORP", "PRODUCT"})
_LOCATIVE = frozenset({"in", "near", "outside", "across", "throughout", "around"})


def _after_cue(
    doc: Any, start: int, gaz: Gazetteer, name: str, cues: frozenset[str], kinds: tuple[Kind, ...]
) -> bool:
    """A known name of one of ``kinds`` right after a word of ``cues``."""
    if start == 0 or doc[start - 1].lower_ not in cues or gaz.is_demonym(name):
        return False
    return any(c.primary and gaz.kind(c.index) in kinds for c in gaz.lookup(name))


def _after_locative(doc: Any, start: int, gaz: Gazetteer, name: str) -> bool:
    """``in Riverdale``: a known town name right after a locative preposition."""
    kinds = (Kind.CITY, Kind.ADMIN1, Kind.ADMIN2, Kind.COUNTRY)
    return _after_cue(doc, start, gaz, name, _LOCATIVE, kinds)


_FEATURE_KINDS = frozenset({Kind.WATER, Kind.REGION, Kind.LANDFORM, Kind.CONTINENT, Kind.CAMP})


def _natural_feature(gaz: Gazetteer, name: str) -> bool:
    """A name the model labelled otherwise that the gazetteer knows as a river, region, camp."""
    for c in gaz.lookup(name):
        if not c.primary:
            continue
        kind = gaz.kind(c.index)
        if kind in _FEATURE_KINDS or kind == Kind.COUNTRY:
            return True
        if kind == Kind.CITY and gaz.population(c.index) >= _MIN_RELABEL_POPULATION:
            return True
    return False


_DATELINE = re.compile(
    r"^[ \t]*(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:,[ \t]*[A-Z][\w.]+(?: [A-Z][\w.]+)?)?[ \t]*(?:\(|—|–|- |:)",
    re.MULTILINE,
)


_INLINE_DATELINE = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,3})"
    r"(?:,[ \t]*[A-Z][\w.]+(?: [A-Z][\w.]+)?)?[ \t]*"
    r"(?:\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|Thomson Reuters Foundation)\)|—|"
    r", (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d)"
)


def _dateline_places(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Places of upper-case datelines (``MOSUL, Iraq (Reuters) -``), at the start of a line
    or, followed by an agency or a date, anywhere."""
    out = []
    matches = [*_DATELINE.finditer(text), *_INLINE_DATELINE.finditer(text)]
    for m in matches:
        if (m.start("name"), m.end("name")) in out:
            continue
        name = m.group("name")
        if any(c.primary and gaz.kind(c.index) != Kind.ADMIN2 for c in gaz.lookup(name)):
            out.append((m.start("name"), m.end("name")))
    return out


def _known_place(
    gaz: Gazetteer, name: str, *, sentence_start: bool, cued: Callable[[], bool] | None = None
) -> bool:
    """Whether a capitalised name outside any entity names a place: a country, region or
    feature, or a town of at least :data:`_MIN_GAZ_POPULATION` people, or any town when the
    words around it say it is a place (``cued``, asked only for a town: :func:`_cued`)."""
    for c in gaz.lookup(name):
        if not c.primary:
            continue
        kind = gaz.kind(c.index)
        if kind in _SAFE_KINDS or gaz.data.supplementary[c.index]:
            return True
        if kind in (Kind.CITY, Kind.ADMIN2) and cued is not None and cued():
            return True
        if (
            not sentence_start
            and kind == Kind.CITY
            and gaz.population(c.index) >= _MIN_GAZ_POPULATION
        ):
            return True
    return False


#: Verbs whose object is often a town ("troops entered Bakhmut", "rockets hit Sderot").
_PLACE_VERBS = frozenset(
    {
        "entered", "captured", "seized", "shelled", "bombed", "stormed", "besieged", "reached",
        "recaptured", "retook", "hit", "struck", "evacuated", "overran", "encircled",
    }
)  # fmt: skip


def _after_place_verb(doc: Any, start: int, gaz: Gazetteer, name: str) -> bool:
    """``troops entered Bakhmut``: a known town name right after a verb of
    :data:`_PLACE_VERBS`."""
    return _after_cue(doc, start, gaz, name, _PLACE_VERBS, (Kind.CITY, Kind.ADMIN2))


_PLACE_CUES = _LOCATIVE | _PLACE_VERBS

#: Words before a town name in local news (``downtown Dayton``, ``neighboring Opelika``).
_TOWN_BEFORE = frozenset({"downtown", "neighboring", "neighbouring", "nearby", "suburban"})
#: Words after a town name that make it the town of people or of its local bodies (``a
#: Columbia man``, ``Florence police``, ``Rochester transit officials``); a name the entity
#: recogniser labelled an organisation takes the people and public bodies only, not
#: ``officials`` (``Delta officials``: the airline).
_TOWN_PEOPLE = frozenset(
    {
        "man", "woman", "men", "women", "resident", "residents", "native", "natives", "teen",
        "teenager", "couple", "family", "police", "mayor", "firefighters", "township",
        "city", "council", "councilman", "councilwoman", "schools",
    }
)  # fmt: skip
_TOWN_AFTER = _TOWN_PEOPLE | {"officials", "officers", "transit", "area", "businesses"}


def _before_local_noun(
    doc: Any, end: int, gaz: Gazetteer, name: str, nouns: frozenset[str] = _TOWN_AFTER
) -> bool:
    """``a Columbia man``, ``Oxford police``: a known town name right before a word of
    ``nouns`` (not in a longer name: ``Columbia City Council`` is left to the recogniser)."""
    if end >= len(doc) or doc[end].lower_ not in nouns or doc[end].text[:1].isupper():
        return False
    if gaz.is_demonym(name):
        return False
    return any(c.primary and gaz.kind(c.index) == Kind.CITY for c in gaz.lookup(name))


def _town_context(doc: Any, start: int, end: int, gaz: Gazetteer, name: str, label: str) -> bool:
    """A known town name that local-news wording around it makes a place: ``downtown``,
    ``neighboring`` before it or a local noun after it (:func:`_before_local_noun`)."""
    kinds = (Kind.CITY,)
    if _after_cue(doc, start, gaz, name, _TOWN_BEFORE, kinds):
        return True
    return _before_local_noun(doc, end, gaz, name, _TOWN_PEOPLE if label == "ORG" else _TOWN_AFTER)


#: A town opening a sentence that the tagger read as a common noun is taken when some town of
#: its name has at least this many people (and a local-news cue follows it).
_SENTENCE_START_TOWN = 10_000


def _largest_town(gaz: Gazetteer, name: str) -> int:
    return max(
        (gaz.population(c.index) for c in gaz.lookup(name) if gaz.kind(c.index) == Kind.CITY),
        default=0,
    )


def _cued(doc: Any, start: int, end: int, gaz: Gazetteer, name: str) -> bool:
    """Whether the words around tokens ``start:end`` make them a place: a locative
    preposition or a verb of :data:`_PLACE_VERBS` right before, a containing unit right after
    (``Moore, Oklahoma``: :func:`_contained`), or local-news wording (:func:`_town_context`)."""
    if start > 0 and doc[start - 1].lower_ in _PLACE_CUES:
        return True
    return _contained(doc, end, gaz, name) or _town_context(doc, start, end, gaz, name, "")


def _contained(doc: Any, end: int, gaz: Gazetteer, name: str) -> bool:
    """Whether a comma and the name of a state, province or country that holds a town called
    ``name`` follow token ``end`` (``Moore, Oklahoma``; not ``Oklahoma's``)."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    towns = [c.index for c in gaz.lookup(name) if gaz.kind(c.index) in (Kind.CITY, Kind.ADMIN2)]
    if not towns:
        return False
    for n in (3, 2, 1):
        if end + 1 + n > len(doc):
            continue
        unit = doc[end + 1 : end + 1 + n]
        after = end + 1 + n
        if not unit.text[:1].isupper() or (after < len(doc) and doc[after].text in ("'s", "’s")):
            continue
        units = [
            c.index
            for c in gaz.lookup(unit.text)
            if gaz.kind(c.index) in (Kind.ADMIN1, Kind.COUNTRY)
        ]
        if not units:
            continue
        for town in towns:
            for u in units:
                if gaz.kind(u) == Kind.COUNTRY and gaz.country_of(town) == gaz.country_of(u):
                    return True
                if gaz.kind(u) == Kind.ADMIN1 and gaz.admin1_of(town) == u:
                    return True
    return False


def extract_places(
    doc: Any,
    *,
    article_id: str,
    gazetteer: Gazetteer | None = None,
    focus_country: str | None = None,
    dateline: str | None = None,
) -> list[Place]:
    """Place mentions of ``doc`` (character offsets into ``doc.text``), resolved where sure.

    A mention the resolver abstains on is returned without coordinates.
    """
    gaz = gazetteer or load_gazetteer()
    text: str = doc.text
    taken = [False] * len(doc)
    found: list[_Found] = []
    for ent in doc.ents:
        for t in ent:
            taken[t.i] = True
        start, end, inner = _trim(gaz, text, ent.start_char, ent.end_char)
        tail = _CAMP_TAIL.match(text, end)
        if tail and gaz.lookup(text[start : tail.end()]):
            end = tail.end()  # "the Zaatari camp": the camp, not a town called Zaatari
        name = text[start:end]
        if _speaker(doc, ent.end):
            continue  # "Holland said": a person, or a country speaking for its government
        if ent.label_ not in PLACE_LABELS and not (
            ent.label_ in _RELABEL
            and (
                _natural_feature(gaz, name)
                or _after_locative(doc, ent.start, gaz, name)
                or _contained(doc, ent.end, gaz, name)
                or (ent.label_ != "PERSON" and _after_place_verb(doc, ent.start, gaz, name))
                or _town_context(doc, ent.start, ent.end, gaz, name, ent.label_)
            )
        ):
            continue
        if not name.strip() or (gaz.is_demonym(name) and not gaz.lookup(name)):
            continue
        if not name[:1].isupper() and not name[:1].isdigit():
            continue  # "the west bank (of the river)": a common noun, not the West Bank
        found.append(_Found(start=start, end=end, modifier=inner or find_modifier(text, start)))
    for dl in _dateline_places(text, gaz):
        if any(f.start < dl[1] and dl[0] < f.end for f in found):
            continue
        found.append(_Found(start=dl[0], end=dl[1], modifier=None))
        for t in doc.char_span(dl[0], dl[1], alignment_mode="expand") or ():
            taken[t.i] = True
    for start, end in _gazetteer_matches(doc, gaz, taken):
        found.append(_Found(start=start, end=end, modifier=find_modifier(text, start)))
    found.sort(key=lambda f: (f.start, f.end))
    found = _merge_dc(text, found)
    mentions = [Mention(text=text[f.start : f.end], start=f.start, end=f.end) for f in found]
    resolved = resolve_document(
        mentions, text=text, focus_country=focus_country, dateline=dateline, gazetteer=gaz
    )
    return [
        _place(article_id, text, f, r)
        for f, r in zip(found, resolved, strict=True)
        if _kept(gaz, text[f.start : f.end], r)
    ]


def _kept(gaz: Gazetteer, name: str, r: Resolution | None) -> bool:
    """Resolved names are kept; a name placed only by the town around it (``within-town``)
    or not at all is kept when it still looks like a place (see below)."""
    if r is not None and (r.precision is not Precision.WITHIN_TOWN or is_site(name)):
        return True
    return _plausible_unresolved(gaz, name)


_PLACE_WORD = re.compile(
    r"\b(?:street|st\.|road|rd\.|avenue|ave\.|boulevard|blvd\.|lane|highway|square|plaza|"
    r"bridge|camp|park|river|lake|creek|canal|bay|island|islands|mountains?|mount|valley|"
    r"district|county|province|state|village|town|city|neighbou?rhood|quarter|estate|"
    r"airport|port|harbou?r|station|cathedral|church|mosque|temple|hospital|stadium|center|"
    r"centre|market|palace|castle|hall|prison|base)\b",
    re.IGNORECASE,
)


def _plausible_unresolved(gaz: Gazetteer, name: str) -> bool:
    """Whether a name the resolver could not place is still worth reporting as a place.

    Names the gazetteer knows (the resolver abstained between candidates) and names with a
    place word (``Royal Street``) are kept; other unknown single names are mostly people or
    organisations that the model mislabelled.
    """
    return bool(gaz.lookup(name)) or bool(_PLACE_WORD.search(name))


_DC = re.compile(r",\s*D\.\s?C\.?")


def _merge_dc(text: str, found: list[_Found]) -> list[_Found]:
    """``Washington, D.C.`` is one name."""
    out: list[_Found] = []
    for f in found:
        if out and out[-1].start <= f.start < out[-1].end:
            continue  # the D.C. already merged into the previous name
        m = _DC.match(text, f.end)
        if m and text[f.start : f.end] == "Washington":
            out.append(_Found(start=f.start, end=m.end(), modifier=f.modifier))
            continue
        out.append(f)
    return out


def _place(article_id: str, text: str, f: _Found, r: Resolution | None) -> Place:
    span = Span(start=f.start, end=f.end)
    if r is None:
        return Place(article_id=article_id, span=span, text=span.text_of(text), modifier=f.modifier)
    return Place(
        article_id=article_id,
        span=span,
        text=span.text_of(text),
        name=r.name,
        lat=r.lat,
        lon=r.lon,
        geonameid=r.geonameid,
        country=r.country,
        admin1=r.admin1,
        precision=r.precision,
        confidence=r.confidence,
        modifier=f.modifier,
    )
