"""Speaker resolution inside one article: names, descriptions, pronouns, bare surnames.

A speaker is resolved only when the article makes it clear:

* a full name (two or more words after titles are removed) is its own canonical name, with the
  role from an apposition (``Lise Grande, the UN humanitarian coordinator``) or from the words in
  front of the name (``military spokesman Yahya Rasool``); titles such as ``Brig Gen`` or ``Mr.``
  are dropped from the canonical name;
* a bare surname resolves to the full name it was introduced with anywhere in the article
  (``Jane Doe ... Doe said`` -> ``Jane Doe``), or stands as introduced when the article gives it
  a role in an apposition; otherwise it is left unresolved (``speaker-not-introduced``);
* an organisation or other named entity is its own canonical name;
* a described source (``an Iraqi officer``, ``analysts``, ``the UN envoy``) is resolved to its
  description; a bare definite description (``the source``, ``the official``) must match the head
  noun of an earlier speaker, else it is left unresolved;
* ``he``/``she`` resolve to the most recent person named within :data:`PRONOUN_WINDOW` sentences
  before it, provided that person has a full name or role; ``who`` resolves like the noun it
  attaches to; other pronouns (``they``, ``it``, ``we``) are left unresolved.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.quotes.lexicon import (
    FEMALE_WORDS,
    HONORIFICS,
    INSTITUTIONS,
    MALE_WORDS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    TITLES,
)

__all__ = ["PRONOUN_WINDOW", "SpeakerIndex", "SpeakerResolution", "is_title", "strip_titles"]

#: How many sentences back a ``he``/``she`` may look for its antecedent.
PRONOUN_WINDOW = 4

_NAME_LABELS = frozenset({"PERSON"})
_ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})
_NP_RIGHT_DEPS = frozenset({"compound", "flat", "prep", "pobj", "nummod", "poss", "case", "cc"})
_NP_RIGHT_STOP = frozenset({"appos", "relcl", "acl", "punct", "advmod", "parataxis", "conj"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_POSSESSIVE = re.compile(r"['’]s$")


def is_title(word: str) -> bool:
    """Whether ``word`` is a title or honorific (``Mr.``, ``Gen``, ``President``)."""
    return word.lower().rstrip(".") in TITLES


def strip_titles(words: list[str]) -> list[str]:
    """``words`` without leading titles, keeping at least the last word."""
    i = 0
    while i < len(words) - 1 and is_title(words[i]):
        i += 1
    return words[i:]


@dataclass(frozen=True, kw_only=True, slots=True)
class SpeakerResolution:
    """Who a source mention refers to."""

    start: int
    end: int
    text: str
    speaker: str | None
    role: str | None
    resolved: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class _Person:
    start: int
    sent: int
    canonical: str | None
    role: str | None
    gender: str | None


_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "appos", "conj", "cc"})


def _clean_role(tokens: list[Token]) -> str | None:
    words = [t for t in tokens if not t.is_space]
    while words and (words[0].is_punct or words[0].dep_ == "det" or words[0].lower_ in _DEFINITE):
        words = words[1:]
    while words and words[-1].is_punct:
        words = words[:-1]
    if not words:
        return None
    doc = words[0].doc
    return doc[words[0].i : words[-1].i + 1].text


def _appos_role(head: Token) -> str | None:
    """The role in an apposition (``Lise Grande, the UN humanitarian coordinator``): a common
    noun phrase, without relative clauses, ages or party tags; an age before it is passed over
    (``Fatima, 34, a mother of three``)."""
    for child in head.rights:
        if child.dep_ != "appos":
            continue
        if child.like_num:
            continue  # an age: "Fatima, 34, a mother of three"
        if child.pos_ != "NOUN" or "year-old" in child.text:
            return None
        cut = {t.i for c in child.rights if c.dep_ in _CLAUSE_DEPS or c.is_punct for t in c.subtree}
        return _clean_role([t for t in child.subtree if t.i not in cut])
    return None


def _gender(words: list[str]) -> str | None:
    lowered = {w.lower().rstrip(".") for w in words}
    if lowered & FEMALE_WORDS:
        return "f"
    if lowered & MALE_WORDS:
        return "m"
    return None


#: Participles that give a described source its name (``a man identified as``, ``a group
#: calling itself``, ``known as``, ``named``).
_NAMING_VERBS = frozenset({"identify", "call", "name", "know", "describe"})


def _named_by(verb: Token) -> Token | None:
    """The name a naming participle gives: its ``as`` object, or its object complement
    (``calling itself the Northern Shield Front``, ``named Ali``)."""
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ == "as":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ in {"oprd", "attr"} or (child.dep_ == "dobj" and child.pos_ == "PROPN"):
            return child
    return None


#: Words that make a run of capitalised words an organisation or a place, not a person.
_NOT_A_PERSON = frozenset(
    {
        "university", "college", "school", "hospital", "party", "union", "bank", "company",
        "group", "association", "front", "movement", "forces", "street", "road", "river",
        "county", "city", "province", "district", "state", "republic", "kingdom", "airport",
        "market", "house", "news", "times", "post", "press", "radio", "television", "tv",
    }
)  # fmt: skip


def _unlabelled_names(doc: Doc) -> list[Span]:
    """People's names the entity recogniser left unlabelled (``Ana Ruiz``, ``Yusuf Bakri``):
    two to four capitalised proper nouns in a row, outside any entity, that are the subject of
    a verb or in apposition to one, without a word of an organisation or a place; as
    ``PERSON`` spans, so that pronouns and surnames can point back to them."""
    out: list[Span] = []
    i = 0
    while i < len(doc):
        j = i
        while (
            j < len(doc)
            and doc[j].pos_ == "PROPN"
            and doc[j].text[:1].isupper()
            and not doc[j].ent_type_
            and doc[j].is_alpha
        ):
            j += 1
        if j - i >= 2:
            span = doc[i:j]
            words = [t.lower_ for t in span]
            head = span.root
            if (
                j - i <= 4
                and head.dep_ in {"nsubj", "nsubjpass", "appos"}
                and not any(w in _NOT_A_PERSON or w in INSTITUTIONS for w in words)
                and not all(is_title(t.text) for t in span)
            ):
                out.append(Span(doc, i, j, label="PERSON"))
            i = j
        else:
            i += 1
    return out


class SpeakerIndex:
    """The people an article names, for resolving surnames, pronouns and descriptions."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._sent_starts: list[int] = [s.start_char for s in doc.sents]
        unlabelled = _unlabelled_names(doc)
        self._ent_of: dict[int, Span] = {}
        for ent in [*doc.ents, *unlabelled]:
            for i in range(ent.start, ent.end):
                self._ent_of[i] = ent
        self.full_names: dict[str, str] = {}  # surname (lower) -> full name
        self.roles: dict[str, str] = {}  # canonical name -> role
        self.introduced: set[str] = set()  # bare names given a role in an apposition
        self._people: list[_Person] = []
        names = sorted([*(e for e in doc.ents if e.label_ in _NAME_LABELS), *unlabelled])
        for ent in names:
            self._register(ent)
        for ent in names:
            if ent.label_ in _NAME_LABELS:
                canonical = self._canonical_person(ent)
                role = self.roles.get(canonical) if canonical else None
                self._people.append(
                    _Person(
                        start=ent.start_char,
                        sent=self.sentence_index(ent.start_char),
                        canonical=canonical,
                        role=role,
                        gender=_gender(self._titles(ent) + (role or "").split()),
                    )
                )
        genders: dict[str, str] = {}
        for person in self._people:
            if person.canonical and person.gender:
                genders.setdefault(person.canonical, person.gender)
        self._people = [
            _Person(
                start=p.start,
                sent=p.sent,
                canonical=p.canonical,
                role=p.role,
                gender=p.gender or (genders.get(p.canonical) if p.canonical else None),
            )
            for p in self._people
        ]
        self._people_starts = [p.start for p in self._people]
        self.speakers: list[tuple[str, str]] = []  # (head lemma, canonical) of resolved speakers

    # ------------------------------------------------------------------ registry

    def _name_words(self, ent: Span) -> list[str]:
        # Words as written, so hyphenated names stay whole ("al-Maamouri", "Saint-Just").
        text = _POSSESSIVE.sub("", ent.text)
        words = [w.strip('.,;:"“”') for w in text.split()]
        words = [w for w in words if w and any(c.isalpha() for c in w)]
        return strip_titles(words) if words else []

    def _titles(self, ent: Span) -> list[str]:
        """Title words inside or right before a name (``President``, ``Brig Gen``, ``Mr.``)."""
        words = [t.text for t in self.doc[self._titles_start(ent) : ent.start]]
        for t in ent:
            if not is_title(t.text):
                break
            words.append(t.text)
        return words

    def _titles_start(self, ent: Span) -> int:
        """Where the (at most three) title words right before a name start."""
        i = ent.start
        while i > 0 and i > ent.start - 3 and is_title(self.doc[i - 1].text):
            i -= 1
        return i

    def _title_role(self, ent: Span) -> str | None:
        words = [w for w in self._titles(ent) if w.lower().rstrip(".") not in HONORIFICS]
        if not words:
            return None
        wider = self._title_phrase(ent)
        return wider if wider is not None else " ".join(words)

    def _title_phrase(self, ent: Span) -> str | None:
        """The titles right before a name with the capitalised words that qualify them
        (``Foreign Minister``, ``UN Secretary-General``), as written; ``None`` when there are
        no such words."""
        doc = self.doc
        end = ent.start
        first = self._titles_start(ent)
        if first == end or doc[first].lower_.rstrip(".") in HONORIFICS:
            return None
        start = first
        while start - 1 >= 0 and first - start < 3:
            tok = doc[start - 1]
            hyphen = tok.text in ("-", "‑") and not tok.whitespace_
            capital = tok.text[:1].isupper() and tok.dep_ in {"compound", "amod", "nmod"}
            if not (hyphen or capital) or tok.ent_type_ == "PERSON":
                break
            start -= 1
        if doc[start].text in ("-", "‑"):
            start += 1
        return doc[start:end].text if start < first else None

    def _role_of(self, ent: Span) -> str | None:
        return _appos_role(ent.root) or self._prenominal_role(ent) or self._title_role(ent)

    def _register(self, ent: Span) -> None:
        words = self._name_words(ent)
        if not words:
            return
        role = self._role_of(ent)
        if len(words) >= 2:
            full = " ".join(words)
            self.full_names.setdefault(words[-1].lower(), full)
            if role:
                self.roles.setdefault(full, role)
        elif role:
            self.introduced.add(words[0].lower())
            self.roles.setdefault(words[0], role)

    def _prenominal_role(self, ent: Span) -> str | None:
        root = ent.root
        before = [
            t
            for t in root.lefts
            if t.i < ent.start and t.dep_ in {"compound", "amod", "nmod"} and not is_title(t.text)
        ]
        if not before:
            return None
        left = min(t.left_edge.i for t in before)
        toks = [t for t in self.doc[left : ent.start] if not is_title(t.text)]
        if not toks or toks[-1].pos_ != "NOUN":
            return None
        return _clean_role(toks)

    def _canonical_person(self, ent: Span) -> str | None:
        words = self._name_words(ent)
        if not words:
            return None
        if len(words) >= 2:
            return " ".join(words)
        if self._title_role(ent):
            return words[0]  # introduced by a title that is a role: "President Okafor"
        return self._surname(words[0])

    def _surname(self, word: str) -> str | None:
        full = self.full_names.get(word.lower())
        if full:
            return full
        if word.lower() in self.introduced:
            return word
        return None

    # ------------------------------------------------------------------ lookups

    def sentence_index(self, char: int) -> int:
        return max(bisect.bisect_right(self._sent_starts, char) - 1, 0)

    def entity(self, token: Token) -> Span | None:
        return self._ent_of.get(token.i)

    def np_bounds(self, head: Token) -> tuple[int, int]:
        """Token range ``[start, end)`` of the noun phrase headed by ``head``, without appositions
        or relative clauses."""
        start = head.left_edge.i
        end = head.i + 1
        for child in head.rights:
            if child.dep_ in _NP_RIGHT_STOP:
                break
            if child.dep_ in _NP_RIGHT_DEPS:
                end = child.right_edge.i + 1
        while start < head.i and (self.doc[start].is_punct or self.doc[start].is_space):
            start += 1
        ent = self._ent_of.get(head.i)
        if ent is not None:
            start = min(start, ent.start)
            end = max(end, ent.end)
        return start, end

    def _pronoun(self, token: Token) -> tuple[str | None, str | None]:
        """The most recent person named within the window whose known gender agrees."""
        sent = self.sentence_index(token.idx)
        wanted = "f" if token.lower_ in {"she", "her"} else "m"
        k = bisect.bisect_left(self._people_starts, token.idx) - 1
        while k >= 0:
            person = self._people[k]
            if sent - person.sent > PRONOUN_WINDOW:
                break
            if person.gender is None or person.gender == wanted:
                if person.canonical is None:
                    break
                return person.canonical, person.role
            k -= 1
        return None, None

    def _description(self, head: Token, start: int, end: int) -> tuple[str | None, bool]:
        """A described source: its text, or an earlier speaker for a bare definite one."""
        toks = self.doc[start:end]
        dets = [t.lower_ for t in head.lefts if t.dep_ in {"det", "predet"}]
        modifiers = [t for t in toks if t.i != head.i and t.dep_ not in {"det", "predet"}]
        definite = bool(dets) and dets[0] in _DEFINITE
        if definite and not any(t.pos_ == "PROPN" or t.ent_type_ for t in modifiers):
            lemma = head.lemma_.lower()
            for prev_lemma, canonical in reversed(self.speakers):
                if prev_lemma == lemma:
                    return canonical, True
            if head.lower_ in INSTITUTIONS:
                return toks.text, True  # "the army", "the mayor": one institution where used
            if len(modifiers) <= 1:
                return None, False
        return toks.text, True

    def _appos_person(self, head: Token) -> Span | None:
        """The person named in an apposition to a described source, with a full name."""
        ent = self._appos_entity(head)
        if ent is not None and ent.label_ in _NAME_LABELS and len(self._name_words(ent)) > 1:
            return ent
        return None

    def _appos_org(self, head: Token) -> Span | None:
        """The organisation named in an apposition to a described source (``the United Nations
        refugee agency, UNHCR``)."""
        ent = self._appos_entity(head)
        if head.pos_ == "NOUN" and ent is not None and ent.label_ == "ORG":
            return ent
        return None

    def _appos_entity(self, head: Token) -> Span | None:
        """The entity in apposition to ``head``; a name set off by commas counts too, where
        the parser calls it an adverbial noun (``the agency, UNHCR, said``), and so does a name
        that a participle gives the description (``a man identified as Captain Taras Velyhor``,
        ``a group calling itself the Northern Shield Front``, ``known as``, ``named``)."""
        for child in head.rights:
            if child.dep_ == "appos" or (
                child.dep_ == "npadvmod"
                and child.pos_ == "PROPN"
                and self.doc[child.i - 1].text == ","
            ):
                return self._ent_of.get(child.i)
            if child.dep_ == "acl" and child.lemma_.lower() in _NAMING_VERBS:
                named = _named_by(child)
                if named is not None:
                    return self._ent_of.get(named.i)
        return None

    def resolve(self, subject: Token) -> SpeakerResolution:
        """Resolve the subject of a cue to a speaker."""
        doc = self.doc
        lower = subject.lower_
        if lower in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
            inner = self.resolve(subject.head.head)
            return SpeakerResolution(
                start=subject.idx,
                end=subject.idx + len(subject.text),
                text=subject.text,
                speaker=inner.speaker,
                role=inner.role,
                resolved=inner.resolved,
            )
        if subject.pos_ == "PRON" or lower in PERSON_PRONOUNS:
            speaker, role = self._pronoun(subject) if lower in PERSON_PRONOUNS else (None, None)
            return SpeakerResolution(
                start=subject.idx,
                end=subject.idx + len(subject.text),
                text=subject.text,
                speaker=speaker,
                role=role,
                resolved=speaker is not None,
            )
        start, end = self.np_bounds(subject)
        span = doc[start:end]
        ent = self._ent_of.get(subject.i)
        role = _appos_role(subject)
        known_surname = (
            ent is not None
            and len(self._name_words(ent)) == 1
            and self._name_words(ent)[0].lower() in self.full_names
        )
        if (ent is not None and (ent.label_ in _NAME_LABELS or known_surname)) or (
            ent is None and subject.pos_ == "PROPN" and subject.text[:1].isupper()
        ):
            name_span = ent if ent is not None else span
            canonical = self._canonical_person(name_span)
            if canonical is not None:
                role = role or self.roles.get(canonical) or self._role_of(name_span)
            resolution = SpeakerResolution(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                speaker=canonical,
                role=role if canonical else None,
                resolved=canonical is not None,
            )
        elif ent is not None and ent.label_ in _ORG_LABELS:
            name = ent.text
            if name.lower().startswith("the "):
                name = name[4:]
            if role is None and start < ent.start and doc[ent.start - 1].pos_ == "NOUN":
                role = _clean_role(list(doc[start : ent.start]))  # "the rights group Amnesty"
            resolution = SpeakerResolution(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                speaker=name,
                role=role,
                resolved=True,
            )
        elif (named := self._appos_person(subject)) is not None:
            # "The company's chief executive, Ruth Mensah, said": the name, the description its role
            canonical = self._canonical_person(named)
            resolution = SpeakerResolution(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                speaker=canonical,
                role=_clean_role(list(span)) if canonical else None,
                resolved=canonical is not None,
            )
        elif (org := self._appos_org(subject)) is not None:
            resolution = SpeakerResolution(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                speaker=_clean_role(list(org)),
                role=_clean_role(list(span)),
                resolved=True,
            )
        else:
            described, ok = self._description(subject, start, end)
            resolution = SpeakerResolution(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                speaker=described,
                role=role,
                resolved=ok,
            )
        if resolution.resolved and resolution.speaker is not None:
            self.speakers.append((subject.lemma_.lower(), resolution.speaker))
        return resolution

    def resolve_name_span(self, span: Span) -> SpeakerResolution:
        """Resolve the object of ``according to``, given as a span."""
        return self.resolve(span.root)
