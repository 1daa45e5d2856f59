"""Reported speech: what a cue reports outside quotation marks, and ``according to`` phrases.

**Cue verbs.** The cue's complement clause (``said (that) ...``, ``told AP ...``) in the cue's
own paragraph and without a leading ``that``, with the clauses and phrases the parser hung on the
cue after it (``said A, though B``) and a quote that follows the sentence at once
(``said A. "B"``); an answer (``46 percent said yes``); the infinitive for intent and belief
cues (``urged X to ...``); ``called X Y``; the ``for``/``on`` phrase (``called for ...``); the
object and what follows it (``accused X of Y``, ``denied the report``, ``offered his view``);
for a parenthetical cue (``..., he said, ...``) the clause it interrupts; for ``seem``/``appear``
their own clause (``X seems ready to Y``); for a passive stance or speech cue, its subject with
the agent as source (``the plan was derided by X``) or, for any passive cue without an agent,
the whole clause (``X is expected to win``, ``X is accused of Y``). ``continue`` and ``find``
take only quotes and clauses (not ``continued to campaign``).

**According to and source phrases.** The rest of the sentence around ``according to X``; the
main clause after a phrase heading its sentence (``In a poll released Monday, ...``, ``In her
view, ...``, ``To many voters, ...``) when no cue verb is in the sentence; the quote or clause
of ``as X put it``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from eventwire.quotes.context import Candidate, DocContext
from eventwire.quotes.direct import direct_bounds, quote_after
from eventwire.quotes.lexicon import (
    ANY_PREPS,
    CHARGE_CUES,
    CLAUSE_ONLY_CUES,
    CUE_LEXICON,
    FOR_PHRASE_CUES,
    OBJECT_CUES,
    OWNER_NOUNS,
    PASSIVE_PREPS,
    PREP_CUES,
    PREP_PEOPLE,
    PREP_SOURCES,
    QUESTION_CUES,
    RAISING_CUES,
    RELATIVE_PRONOUNS,
    STANCE_PREPS,
    XCOMP_SPEECH_CUES,
    CueClass,
)
from eventwire.quotes.syntax import (
    cue_end,
    lemma_of,
    right_end,
    strip_mark,
    subject_of,
    subtree_bounds,
)

__all__ = ["according", "passive", "prep_source", "put_it", "reported_bounds"]

_Bounds = tuple[int, int]

#: Dependents of a cue after its complement clause that belong to the content.
_TRAIL_DEPS = frozenset({"advcl", "conj", "prep", "npadvmod", "ccomp", "parataxis"})
_TRAIL_CLAUSE_DEPS = frozenset({"advcl", "conj"})
#: Cue classes whose passive subject is the content when an agent names the source.
_AGENT_CLASSES = frozenset({CueClass.STANCE, CueClass.SPEECH})
#: Cue classes whose direct object is the content when nothing else is (``offered his view``).
_OBJECT_CLASSES = frozenset({CueClass.STANCE, CueClass.SPEECH, CueClass.INTENT, CueClass.THOUGHT})
#: Dependents of a raising cue that make up its clause.
_RAISING_PARTS = frozenset(
    {"nsubj", "nsubjpass", "expl", "aux", "neg", "xcomp", "oprd", "ccomp", "acomp", "attr", "prep"}
)


def reported_bounds(ctx: DocContext, verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """The content a cue verb reports, cut to its paragraph; a speech cue's content runs on
    over a quote that follows it at once. None when the cue reports nothing."""
    bounds = _reported(ctx, verb, lemma, cls)
    if bounds is None:
        return None
    clipped = ctx.tx.clip(bounds[0], bounds[1], cue=verb.idx)
    if clipped is None:
        return None
    if cls == CueClass.SPEECH:
        return clipped[0], quote_after(ctx, clipped[1], verb.idx)
    return clipped


def _reported(ctx: DocContext, verb: Token, lemma: str, cls: str) -> _Bounds | None:
    answer = _answer(verb)
    if answer is not None:
        return answer
    clause = _complement_clause(ctx, verb)
    if clause is not None:
        return clause
    if lemma in CLAUSE_ONLY_CUES:
        return None  # "continued to campaign" is no attribution
    for rule in _CONTENT_RULES:
        bounds = rule(verb, lemma, cls)
        if bounds is not None:
            return bounds
    return None


def _answer(verb: Token) -> _Bounds | None:
    """``46 percent said yes``."""
    for child in verb.rights:
        if child.dep_ == "intj" and child.lower_ in {"yes", "no"}:
            return child.idx, child.idx + len(child.text)
    return None


def _complement_clause(ctx: DocContext, verb: Token) -> _Bounds | None:
    """``said (that) A``, widened over what follows it; not a clause from another paragraph."""
    p_start, p_end = ctx.tx.para_bounds(verb.idx)
    for child in verb.children:
        if child.dep_ == "ccomp":
            start, end = subtree_bounds(child)
            if end <= p_start or start >= p_end:
                continue  # a clause the parser joined from another paragraph
            end = _trailing_end(verb, child, end)
            left = child.left_edge
            if left.dep_ == "mark" and left.lower_ in {"that", "whether", "if"}:
                nxt = ctx.doc[left.i + 1] if left.i + 1 < len(ctx.doc) else None
                if nxt is not None:
                    start = nxt.idx
            return start, end
    clause = _clause_in_medium(verb)
    if clause is not None:
        start, end = subtree_bounds(clause)
        if start < p_end and end > p_start:
            return ctx.doc[clause.left_edge.i + 1].idx, end
    return None


def _clause_in_medium(verb: Token) -> Token | None:
    """``said in a statement (published on Friday) that A``: the parser hangs the ``that``
    clause on the medium noun or its participle; it is the cue's content all the same."""
    for prep in verb.rights:
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "on", "during"}:
            continue
        nouns = [c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in PREP_SOURCES]
        for noun in nouns:
            for tok in noun.subtree:
                left = tok.left_edge
                if (
                    tok.dep_ in {"acl", "relcl", "ccomp"}
                    and left.dep_ == "mark"
                    and left.lower_ == "that"
                    and left.i > noun.i
                    and left.i + 1 < len(verb.doc)
                ):
                    return tok
    return None


def _trailing_end(verb: Token, clause: Token, end: int) -> int:
    """Widen a complement clause over what the parser hung on the cue after it
    (``said A, though B``, ``say A unless B``), up to another cue verb."""
    # before the cue, only a clause continues the content ("A, he said, because B")
    deps = _TRAIL_DEPS if clause.i > verb.i else _TRAIL_CLAUSE_DEPS
    for child in verb.rights:
        if child.i <= clause.i or child.dep_ not in deps:
            continue
        if lemma_of(child) in CUE_LEXICON:
            break  # "said A and promised B": another attribution
        end = max(end, subtree_bounds(child)[1])
    return end


def _infinitive(verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """``urged X to ...``: the object and infinitive of intent and belief cues."""
    if cls in {CueClass.INTENT, CueClass.THOUGHT} or lemma in XCOMP_SPEECH_CUES:
        xs = [c for c in verb.children if c.dep_ == "xcomp"]
        if xs:
            objs = [c for c in verb.children if c.dep_ == "dobj" and c.i < xs[0].i]
            first = objs[0] if objs else xs[0]
            start, _ = subtree_bounds(first)
            _, end = subtree_bounds(xs[-1])
            return start, end
    return None


def _raising_clause(verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """``X seems ready to Y``: the clause of the raising verb, subject included."""
    if lemma not in RAISING_CUES:
        return None
    parts = [verb] + [c for c in verb.children if c.dep_ in _RAISING_PARTS]
    start = min(subtree_bounds(c)[0] for c in parts)
    end = max(subtree_bounds(c)[1] for c in parts)
    return start, end


def _for_phrase(verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """``called for a ceasefire``, ``pushed on X``."""
    if lemma not in FOR_PHRASE_CUES:
        return None
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in {"for", "on"}:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                start, _ = subtree_bounds(objs[0])
                _, end = subtree_bounds(child)
                return start, end
        if child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "for" for c in child.children
        ):  # "calling for the US to step up ...", parsed as a "for" clause
            c_start, c_end = subtree_bounds(child)
            return strip_mark(child, c_start), c_end
    return None


def _charge(verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """``accused X of Y``: the object and the charge."""
    if lemma not in CHARGE_CUES:
        return None
    objs = [c for c in verb.rights if c.dep_ == "dobj"]
    preps = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in {"of", "with", "for"}]
    if objs and preps:
        return subtree_bounds(objs[0])[0], subtree_bounds(preps[-1])[1]
    return None


def _called(verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """``called X Y`` / ``what she called Y``: the object and what it is called."""
    if lemma != "call":
        return None
    rights = [c for c in verb.rights if not c.is_punct and c.dep_ != "prep"]
    objs = [c for c in rights if c.dep_ == "dobj"]
    if objs and len(rights) > 1:
        return subtree_bounds(objs[0])[0], subtree_bounds(rights[-1])[1]
    oprd = [c for c in rights if c.dep_ in {"oprd", "xcomp", "ccomp"}]
    if oprd:
        return subtree_bounds(oprd[0])[0], subtree_bounds(oprd[-1])[1]
    return None


def _question(verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """``asked whether X``: the ``if``/``whether`` clause."""
    if lemma not in QUESTION_CUES:
        return None
    for child in verb.rights:
        if child.dep_ in {"advcl", "ccomp"} and any(
            c.dep_ == "mark" and c.lower_ in {"if", "whether"} for c in child.children
        ):
            start, end = subtree_bounds(child)
            return strip_mark(child, start), end
    return None


def _object(verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """``denied the report``, ``offered his view``: the object and the complements after it."""
    if lemma in OBJECT_CUES or cls in _OBJECT_CLASSES:
        for child in verb.rights:
            if child.dep_ in {"dobj", "xcomp"}:
                return subtree_bounds(child)[0], right_end(verb, child)
    return None


def _prep_object(verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """``referred to X``, ``talked about X``; any cue with ``about``/``with``/...
    (``agrees with X``)."""
    content_preps = STANCE_PREPS if cls == CueClass.STANCE or lemma in PREP_CUES else ANY_PREPS
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in content_preps:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                return subtree_bounds(objs[0])[0], right_end(verb, child)
    return None


def _interrupted_clause(verb: Token, lemma: str, cls: str) -> _Bounds | None:
    """A parenthetical cue (``..., he said, ...``) reports the clause it interrupts."""
    if verb.dep_ in {"parataxis", "ccomp", "advcl"} and subject_of(verb) is not None:
        head = verb.head
        if head.pos_ in {"VERB", "AUX"} and head.i != verb.i:
            return subtree_bounds(head)
    return None


#: How a cue without a complement clause finds its content, tried in order.
_CONTENT_RULES: tuple[Callable[[Token, str, str], _Bounds | None], ...] = (
    _infinitive,
    _raising_clause,
    _for_phrase,
    _charge,
    _called,
    _question,
    _object,
    _prep_object,
    _interrupted_clause,
)


def passive(ctx: DocContext, verb: Token, cls: str) -> Candidate | None:
    """Passive cues. ``His comments were derided by X`` (stance and speech cues): the passive
    subject is the content and the agent the source. ``X is expected to win``, ``X is
    accused of Y`` (any cue, no agent): the whole clause is the content, with no source."""
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    xcomps = [c for c in verb.rights if c.dep_ == "xcomp"]
    if not xcomps:
        xcomps = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in PASSIVE_PREPS]
    if subjects and xcomps and not any(c.dep_ == "agent" for c in verb.children):
        # "X is expected to win", "X is accused of Y": the whole clause, no source
        if subjects[0].lower_ in RELATIVE_PRONOUNS:
            return None
        clipped = ctx.tx.clip(
            subtree_bounds(subjects[0])[0], subtree_bounds(xcomps[-1])[1], cue=verb.idx
        )
        if clipped is None:
            return None
        start, end = clipped
        return Candidate(
            cue_start=verb.idx, cue_end=cue_end(verb), start=start, end=end, subject=None
        )
    if cls not in _AGENT_CLASSES:
        return None
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not subjects or not agents:
        return None
    clipped = ctx.tx.clip(*subtree_bounds(subjects[0]), cue=verb.idx)
    if clipped is None or subjects[0].lower_ in RELATIVE_PRONOUNS:
        return None
    start, end = clipped
    return Candidate(
        cue_start=verb.idx, cue_end=cue_end(verb), start=start, end=end, subject=agents[0]
    )


def according(ctx: DocContext, tok: Token) -> Candidate | None:
    """``according to X``: the longer part of its sentence, before or after the phrase."""
    to = ctx.doc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [
        c for c in tok.children if c.dep_ == "pobj"
    ]
    sent = tok.sent
    p_start, p_end = ctx.tx.para_bounds(tok.idx)
    s_start, s_end = max(sent.start_char, p_start), min(sent.end_char, p_end)
    phrase_start = tok.idx
    phrase_end = max((t.idx + len(t.text) for t in tok.subtree), default=to.idx + len(to.text))
    phrase_end = max(phrase_end, to.right_edge.idx + len(to.right_edge.text))
    before = ctx.tx.trim(s_start, phrase_start)
    after = ctx.tx.trim(phrase_end, s_end)
    start, end = after if after[1] - after[0] >= before[1] - before[0] else before
    if end - start < 3:
        return None
    return Candidate(
        cue_start=tok.idx,
        cue_end=to.idx + len(to.text),
        start=start,
        end=end,
        subject=objs[0] if objs else None,
    )


def prep_source(ctx: DocContext, prep: Token) -> Candidate | None:
    """``In a poll released Monday, X``, ``In her view, X``, ``To many voters, X``: a
    phrase heading its sentence that names where the main clause comes from."""
    if prep.dep_ != "prep" or prep.head.pos_ not in {"VERB", "AUX"}:
        return None
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs:
        return None
    obj = objs[0]
    lower = prep.lower_
    sent = prep.sent
    first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
    initial = first is not None and first.i == prep.i
    after = ctx.doc[obj.right_edge.i + 1] if obj.right_edge.i + 1 < len(ctx.doc) else None
    if not initial or after is None or after.text != ",":
        return None  # "In a poll released Monday, ...": set off at the head of its sentence
    if lower == "in":
        if lemma_of(obj) not in PREP_SOURCES:
            return None
    elif lower == "to":
        if not (
            obj.ent_type_ in {"PERSON", "NORP", "ORG"}
            or obj.lower_ in PREP_PEOPLE
            or lemma_of(obj) in PREP_PEOPLE
        ):
            return None
    else:
        return None
    head = prep.head
    inside = range(prep.left_edge.i, prep.right_edge.i + 1)
    if any(t.pos_ == "VERB" and lemma_of(t) in CUE_LEXICON and t.i not in inside for t in sent):
        return None  # "In an interview, she said ...": the verb is the cue
    ph_end = subtree_bounds(prep)[1]
    p_end = ctx.tx.para_bounds(prep.idx)[1]
    start, end = ctx.tx.trim(ph_end, min(subtree_bounds(head)[1], p_end))
    if len(ctx.tx.text[start:end].split()) < 3:
        return None
    subject = obj
    if lemma_of(obj) in OWNER_NOUNS:
        owner = [c for c in obj.children if c.dep_ == "poss"]
        of = [
            g
            for c in obj.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        subject = (owner or of or [obj])[0]
    return Candidate(
        cue_start=prep.idx,
        cue_end=prep.idx + len(prep.text),
        start=start,
        end=end,
        subject=subject,
    )


def put_it(ctx: DocContext, verb: Token) -> Candidate | None:
    """``As one analyst put it, ...``: a nearby quote, else the clause the phrase modifies."""
    kids = list(verb.children)
    if not any(c.dep_ == "dobj" and c.lower_ == "it" for c in kids) or not any(
        c.dep_ in {"mark", "advmod"} and c.lower_ == "as" for c in kids
    ):
        return None
    tx = ctx.tx
    bounds = direct_bounds(ctx, verb)
    if bounds is None:
        h_start, h_end = subtree_bounds(verb.head)
        v_start, v_end = subtree_bounds(verb)
        p_start, p_end = tx.para_bounds(verb.idx)
        h_start, h_end = max(h_start, p_start), min(h_end, p_end)
        if v_start - h_start > h_end - v_end:
            bounds = tx.trim(h_start, v_start)
        else:
            bounds = tx.trim(v_end, h_end)
    if len(tx.text[bounds[0] : bounds[1]].split()) < 2:
        return None
    end = max((c.idx + len(c.text) for c in kids if c.dep_ == "dobj"), default=cue_end(verb))
    return Candidate(
        cue_start=verb.idx,
        cue_end=end,
        start=bounds[0],
        end=bounds[1],
        subject=subject_of(verb),
        direct=tx.segment_at(bounds[0]) is not None,
    )
