"""Casualty, displacement and other figures read from the dependency parse.

Approach (rules over the spaCy parse; no trained model):

1. :func:`~eventwire.numbers.find_numbers` finds every number expression in the text
   with its low/best/high reading (bounds, ranges, vague words: see that module's table).
   Ordinals, years that spaCy tags as DATE ("by 2004") and spans of time ("two weeks") are
   dropped.
2. The **counted noun** is the noun the number modifies ("Two Iraqi *soldiers*"), the object of
   "of" after it ("dozens of *villagers*"), or the number itself ("30 were abducted").
3. The **kind** comes from, in order: a unit after the number (percent, square kilometres, km,
   tonnes, dollars...: kind ``other``); the counted noun itself ("deaths", "refugees",
   "hostages") or an adjective on it ("14 *dead*", "remain *missing*"); the verb that governs it,
   with voice checked: a transitive verb must take the count as its object or passive subject
   ("*were killed*", "*killing* 12"), an intransitive one as its subject ("330,000 people have
   *fled*"); the count as the active subject of "killed" is the attacker, not the victims.
   "The death toll rose to 45" reads the toll's modifier. Verb and noun lexicons are in
   :data:`KIND_VERBS`, :data:`KIND_NOUNS` and :data:`KIND_ADJECTIVES`.
4. **Projection**: the governing verb has a modal ("may flee", "could"), or sits under a verb of
   expectation or fear ("expected to flee", "feared dead").
5. **about**: the counted noun with its left modifiers ("Iraqi soldiers", "civilians"); for a
   percentage, what it is of ("the country's territory"); for an area, the unit.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from eventwire.numbers import NumberMention, find_numbers
from eventwire.records import Figure, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = [
    "KINDS",
    "KIND_ADJECTIVES",
    "KIND_NOUNS",
    "KIND_VERBS",
    "extract_figures",
]

logger = logging.getLogger(__name__)

KINDS = ("killed", "injured", "displaced", "arrested", "kidnapped", "missing", "other")

# verb lemma -> (kind, transitive)
KIND_VERBS: dict[str, tuple[str, bool]] = {
    "kill": ("killed", True),
    "slay": ("killed", True),
    "execute": ("killed", True),
    "behead": ("killed", True),
    "massacre": ("killed", True),
    "murder": ("killed", True),
    "assassinate": ("killed", True),
    "slaughter": ("killed", True),
    "claim": ("killed", True),  # only with "lives" (checked below)
    "die": ("killed", False),
    "perish": ("killed", False),
    "drown": ("killed", False),
    "injure": ("injured", True),
    "wound": ("injured", True),
    "hurt": ("injured", True),
    "maim": ("injured", True),
    "shoot": ("injured", True),
    "displace": ("displaced", True),
    "evacuate": ("displaced", True),
    "uproot": ("displaced", True),
    "flee": ("displaced", False),
    "escape": ("displaced", False),
    "arrest": ("arrested", True),
    "detain": ("arrested", True),
    "apprehend": ("arrested", True),
    "jail": ("arrested", True),
    "imprison": ("arrested", True),
    "capture": ("arrested", True),
    "round": ("arrested", True),
    "kidnap": ("kidnapped", True),
    "abduct": ("kidnapped", True),
    "disappear": ("missing", False),
    "vanish": ("missing", False),
}
KIND_NOUNS: dict[str, str] = {
    "death": "killed",
    "fatality": "killed",
    "dead": "killed",
    "body": "killed",
    "corpse": "killed",
    "injury": "injured",
    "injured": "injured",
    "wounded": "injured",
    "refugee": "displaced",
    "evacuee": "displaced",
    "idp": "displaced",
    "idps": "displaced",
    "displaced": "displaced",
    "detainee": "arrested",
    "arrest": "arrested",
    "hostage": "kidnapped",
    "abductee": "kidnapped",
    "captive": "kidnapped",
}
KIND_ADJECTIVES: dict[str, str] = {
    "dead": "killed",
    "killed": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "displaced": "displaced",
    "homeless": "displaced",
    "missing": "missing",
    "unaccounted": "missing",
    "detained": "arrested",
    "arrested": "arrested",
    "kidnapped": "kidnapped",
    "abducted": "kidnapped",
    "hostage": "kidnapped",
}
_TOLL_VERBS = {"rise", "climb", "reach", "stand", "jump", "increase", "hit", "be", "exceed", "top"}
_TOLL_NOUNS = {"toll", "number", "count", "tally", "figure"}
_TOLL_MODIFIERS = {
    "death": "killed",
    "casualty": "killed",
    "injury": "injured",
    "displacement": "displaced",
}
_CAUSE_VERBS = {"force", "cause", "prompt", "drive", "compel", "make"}
_MODALS = {"may", "might", "could", "would", "will", "shall", "can", "'ll", "must"}
_EXPECT_VERBS = {
    "expect",
    "fear",
    "threaten",
    "warn",
    "predict",
    "project",
    "risk",
    "plan",
    "forecast",
    "anticipate",
    "estimate",
    "likely",
}
_UNIT_WORDS = {
    "percent": "percent",
    "per": "percent",
    "%": "percent",
    "square": "area",
    "sq": "area",
    "km2": "area",
    "hectare": "area",
    "acre": "area",
    "kilometre": "distance",
    "kilometer": "distance",
    "km": "distance",
    "mile": "distance",
    "metre": "distance",
    "meter": "distance",
    "tonne": "mass",
    "ton": "mass",
    "kilogram": "mass",
    "kg": "mass",
    "dollar": "money",
    "euro": "money",
    "pound": "money",
    "barrel": "volume",
    "litre": "volume",
    "liter": "volume",
}
_TIME_UNITS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century"}
_TIME_UNITS |= {"a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc"}
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
# counted nouns that name the outcome, not who it befell
_NOT_ABOUT = {"dead", "death", "fatality", "injured", "wounded", "injury", "displaced", "life"}
_NOT_ABOUT |= {"body", "corpse", "casualty", "missing"}
_SUBJECTS = {"nsubj", "csubj"}
_OBJECTS = {"dobj", "obj", "nsubjpass", "dative", "oprd", "attr"}


def extract_figures(
    doc_or_text: Doc | str,
    *,
    article_id: str,
    nlp: Language | None = None,
) -> list[Figure]:
    """Figures (killed, injured, displaced, arrested, kidnapped, missing, other) in a text.

    ``doc_or_text`` is a parsed spaCy ``Doc`` or a string, parsed with ``nlp`` (default: the
    pipeline of the ``nlp.model`` setting, :func:`eventwire.nlp.load_nlp`). Spans are character
    offsets into the text.
    """
    if isinstance(doc_or_text, str):
        from eventwire.nlp import load_nlp

        doc = (nlp or load_nlp())(doc_or_text)
    else:
        doc = doc_or_text
    text = doc.text
    figures: list[Figure] = []
    for number in find_numbers(text):
        figure = _figure(doc, number, article_id, text)
        if figure is not None:
            figures.append(figure)
    return figures


def _figure(doc: Doc, number: NumberMention, article_id: str, doc_text: str) -> Figure | None:
    span = doc.char_span(number.number_start, number.number_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if _is_time(doc, span.start, span.end):
        return None
    root = span.root
    kind: str | None = None
    about: str | None = None
    projection = False
    unit = _unit_after(doc, span.end, span.start)
    if unit is not None:
        kind = "other"
        about = _unit_about(doc, span.end, unit)
    else:
        noun = _counted_noun(root, span.start, span.end)
        found = _kind_of(noun)
        if found is None:
            return None
        kind, predicate = found
        projection = predicate is not None and _projected(predicate)
        if (
            (noun.i < span.start or noun.i >= span.end)
            and noun.lemma_.lower() not in _NOT_ABOUT
            and noun.lower_ not in _NOT_ABOUT
            and not noun.like_num
        ):
            about = _about(noun, span.end)
    end = number.end
    if unit in {"percent", "area", "distance", "mass", "volume"} and span.end < len(doc):
        unit_end = span.end + (2 if doc[span.end].lower_ in {"per", "square", "sq"} else 1)
        end = max(end, doc[min(unit_end, len(doc)) - 1].idx + len(doc[min(unit_end, len(doc)) - 1]))
    text = doc_text[number.start : end]
    return Figure(
        article_id=article_id,
        span=Span(start=number.start, end=end),
        text=text,
        kind=kind,
        low=number.low,
        best=number.best,
        high=number.high,
        about=about,
        projection=projection,
    )


def _is_time(doc: Doc, start: int, end: int) -> bool:
    """Ordinals, years ("by 2004") and spans of time ("two weeks") are not figures."""
    tokens = doc[start:end]
    if any(t.ent_type_ == "ORDINAL" for t in tokens):
        return True
    if end < len(doc) and doc[end].lemma_.lower() in _TIME_UNITS:
        return True
    if any(t.ent_type_ in {"DATE", "TIME"} for t in tokens):
        return len(tokens) == 1 and bool(_YEAR.fullmatch(tokens[0].text))
    return False


def _unit_after(doc: Doc, end: int, start: int) -> str | None:
    if end < len(doc):
        nxt = doc[end]
        word = nxt.lower_
        lemma = nxt.lemma_.lower()
        if word in {"percent", "%", "pct"} or (
            word == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent"
        ):
            return "percent"
        unit = _UNIT_WORDS.get(lemma) or _UNIT_WORDS.get(word.rstrip("s"))
        if unit is not None:
            return unit
    if start > 0 and doc[start - 1].text in {"$", "£", "€", "US$", "¥"}:
        return "money"
    return None


def _unit_about(doc: Doc, end: int, unit: str) -> str | None:
    nxt = doc[end] if end < len(doc) else None
    if nxt is None:
        return unit
    if unit == "percent":
        head = nxt if nxt.lower_ != "per" else doc[end + 1]
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    sub = list(objects[0].subtree)
                    return doc[sub[0].i : sub[-1].i + 1].text
        return "percent"
    if unit == "money":
        return "money"
    # "square kilometres", "km": the unit words up to the unit noun
    stop = end
    while stop < len(doc) and stop - end < 3 and doc[stop].pos_ in {"ADJ", "NOUN", "PROPN"}:
        stop += 1
        if doc[stop - 1].pos_ == "NOUN":
            break
    return doc[end:stop].text or unit


def _counted_noun(root: Token, start: int, end: int) -> Token:
    token = root
    while token.dep_ in {"quantmod", "compound", "nummod"} and token.head.i != token.i:
        head = token.head
        if head.pos_ in {"NOUN", "PROPN", "PRON", "ADJ"} and not (start <= head.i < end):
            return head
        if not (start <= head.i < end):
            break
        token = head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return root


def _lexicon_kind(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    word = token.lower_
    if token.pos_ in {"NOUN", "PROPN", "ADJ", "NUM", "VERB"}:
        kind = KIND_NOUNS.get(lemma) or KIND_NOUNS.get(word)
        if kind is not None and token.pos_ != "VERB":
            return kind
    for child in token.children:
        if child.dep_ in {"amod", "acl", "oprd", "acomp", "appos", "relcl"}:
            kind = KIND_ADJECTIVES.get(child.lower_)
            if kind is not None:
                return kind
            if child.pos_ == "VERB" and child.dep_ in {"acl", "relcl"}:
                # "people killed in the attack"; "civilians who were wounded" (not "who killed")
                verb = KIND_VERBS.get(child.lemma_.lower())
                if verb is None or child.lemma_.lower() == "claim":
                    continue
                passive = child.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in child.children)
                if passive or not verb[1]:
                    return verb[0]
    return None


def _kind_of(noun: Token) -> tuple[str, Token | None] | None:
    """The kind of a count and the verb that gave it (``None`` when the noun gave it)."""
    found = _kind_from_parse(noun)
    if found is None:
        found = _kind_from_surface(noun)
    return found


def _kind_from_surface(noun: Token) -> tuple[str, Token | None] | None:
    """Fallback for a misparsed clause: "<count> (have|were|had been) <verb>" read left to right."""
    doc = noun.doc
    i = noun.i + 1
    while i < len(doc) and i - noun.i <= 3 and doc[i].pos_ in {"AUX", "ADV", "PART"}:
        i += 1
    if i >= len(doc) or i == noun.i + 1 or doc[i].pos_ != "VERB":
        return None
    verb = doc[i]
    entry = KIND_VERBS.get(verb.lemma_.lower())
    if entry is None or verb.lemma_.lower() == "claim":
        return None
    kind, transitive = entry
    passive = any(t.lemma_ == "be" for t in doc[noun.i + 1 : i])
    if transitive and not passive:
        return None
    return kind, verb


def _kind_from_parse(noun: Token) -> tuple[str, Token | None] | None:
    own = _lexicon_kind(noun)
    token = noun
    for _ in range(4):
        if token.dep_ in {"conj", "appos"} and token.head.i != token.i:
            token = token.head
            continue
        if (
            token.dep_ == "pobj"
            and token.head.lower_ in {"of", "including", "among"}
            and token.head.head.i != token.head.i
        ):
            token = token.head.head
            continue
        break
    relation = token.dep_
    verb = token.head
    if relation == "pobj" and token.head.dep_ == "prep" and token.head.lower_ in {"to", "at"}:
        toll = _toll_kind(token.head.head)
        if toll is not None:
            return toll, token.head.head
    if relation == "attr" and verb.lemma_ == "be":
        toll = _toll_kind(verb)
        if toll is not None:
            return toll, verb
    if own is not None:
        return own, verb if verb.pos_ in {"VERB", "AUX"} else None
    if verb.pos_ not in {"VERB", "AUX"} or verb.i == token.i:
        return None
    # "12 are missing", "left 5 dead"
    for child in verb.children:
        if (
            child.dep_ in {"acomp", "oprd", "xcomp", "ccomp"}
            and child.lower_ in KIND_ADJECTIVES
            and relation in _SUBJECTS | _OBJECTS
        ):
            return KIND_ADJECTIVES[child.lower_], verb
    lemma = verb.lemma_.lower()
    entry = KIND_VERBS.get(lemma)
    if lemma in _EXPECT_VERBS and relation in _SUBJECTS | _OBJECTS:
        # "2,000 residents are expected to flee / to be displaced"
        for child in verb.children:
            if child.dep_ == "xcomp":
                inner = KIND_VERBS.get(child.lemma_.lower())
                inner_passive = any(c.dep_ == "auxpass" for c in child.children)
                if inner is not None and (not inner[1] or inner_passive):
                    return inner[0], child
    if lemma in _CAUSE_VERBS and relation in _OBJECTS:
        for child in verb.children:
            if child.dep_ in {"xcomp", "ccomp"}:
                inner = KIND_VERBS.get(child.lemma_.lower())
                if inner is not None and not inner[1]:
                    return inner[0], child
    if entry is None:
        return None
    kind, transitive = entry
    if lemma == "claim" and token.lemma_.lower() != "life":
        return None
    passive = any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN"
    if transitive:
        if relation in _OBJECTS or (relation in _SUBJECTS and passive):
            return kind, verb
        return None
    if relation in _SUBJECTS:
        return kind, verb
    return None


def _toll_kind(verb: Token) -> str | None:
    if verb.lemma_.lower() not in _TOLL_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.lemma_.lower() in _TOLL_NOUNS:
            for mod in child.children:
                kind = _TOLL_MODIFIERS.get(mod.lemma_.lower())
                if mod.dep_ in {"compound", "amod", "nmod"} and kind is not None:
                    return kind
            if child.lemma_.lower() == "toll":
                return "killed"
    return None


def _projected(verb: Token) -> bool:
    token = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in token.children):
            return True
        if token.lemma_.lower() in _EXPECT_VERBS:
            return True
        if token.dep_ in {"xcomp", "ccomp", "advcl"} and token.head.i != token.i:
            head = token.head
            if head.lemma_.lower() in _EXPECT_VERBS:
                return True
            if token.dep_ != "xcomp":
                return False
            token = head
            continue
        break
    return False


def _about(noun: Token, number_end: int) -> str | None:
    doc = noun.doc
    start = noun.i
    for child in sorted(noun.lefts, key=lambda t: t.i, reverse=True):
        if child.dep_ in {"amod", "compound", "nmod", "poss", "npadvmod"} and child.i == start - 1:
            if child.lower_ in KIND_ADJECTIVES:
                break
            start = child.left_edge.i  # "security force members", not "force members"
            continue
        break
    start = max(start, number_end) if number_end <= noun.i else start
    while start < noun.i and doc[start].pos_ in {"DET", "ADP", "PUNCT"}:
        start += 1
    about = doc[start : noun.i + 1].text
    return about or None
