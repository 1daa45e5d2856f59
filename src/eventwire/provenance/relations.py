"""Document relations typed and scored from sentence provenance, and the flags they raise.

For an article and its per-sentence donors (:class:`~eventwire.provenance.index.ArticleProvenance`)
each donor article gets a share: the fraction of the article's matchable sentences it carries.
Donors are then taken greedily by the sentences they explain that no earlier-taken donor explains
(a set cover), which separates one dominant donor from several partial ones:

* ``verbatim-copy``: the top donor carries at least ``verbatim_share`` of the sentences with a
  mean similarity of at least ``verbatim_similarity``, in the donor's order (at least
  ``verbatim_order`` of them in one increasing run): syndication, a reprint;
* ``rewrite``: otherwise, the top donor carries at least ``rewrite_share`` of the sentences
  and at least ``dominant_fraction`` of the copied ones (same story, edited);
* ``patchwork``: no donor dominates like that, at least ``patchwork_min_donors`` donors
  each explain ``patchwork_min_sentences`` sentences of their own, and together the donors carry
  at least ``patchwork_share``;
* ``shared-text``: any other donor (a shared quote or paragraph).

Flags (:class:`~eventwire.records.Flag`, target the article): ``copied`` when at least
``copied_share`` of the sentences are copied; ``patchwork``; ``attribution-stripped`` for each
copied sentence whose donor named a speaker or agency ("..., Grande said", "(MPA)") that the copy
no longer names, and once when a dominant donor carried a dateline agency credit ("(Reuters) -")
that the copy names nowhere.

The records (:class:`~eventwire.records.ArticleRelations`, :class:`~eventwire.records.Relation`,
:class:`~eventwire.records.RelationKind`) live in :mod:`eventwire.records`, where the stories
stage reads them too; they are importable from here as well.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum

from eventwire.provenance.attribution import has_credit
from eventwire.provenance.index import ArticleProvenance, Donor
from eventwire.records import ArticleRelations, Flag, Relation, RelationKind
from eventwire.text import tokens

__all__ = [
    "ArticleRelations",
    "FlagCode",
    "Relation",
    "RelationKind",
    "RelationSettings",
    "relate",
]


class FlagCode(StrEnum):
    COPIED = "copied"
    PATCHWORK = "patchwork"
    ATTRIBUTION_STRIPPED = "attribution-stripped"


@dataclass(frozen=True, kw_only=True, slots=True)
class RelationSettings:
    """Thresholds of :func:`relate` (shares are fractions of the matchable sentences)."""

    verbatim_share: float = 0.8
    verbatim_similarity: float = 0.95
    verbatim_order: float = 0.95
    rewrite_share: float = 0.4
    dominant_fraction: float = 0.6
    patchwork_share: float = 0.3
    patchwork_min_donors: int = 2
    patchwork_min_sentences: int = 1
    copied_share: float = 0.5


def _in_order(positions: dict[int, int]) -> float:
    """Share of copied sentences that keep the donor's order (longest increasing run)."""
    sequence = [positions[i] for i in sorted(positions)]
    if not sequence:
        return 0.0
    tails: list[int] = []
    for value in sequence:
        at = bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
        else:
            tails[at] = value
    return len(tails) / len(sequence)


def _cover(
    by_donor: dict[str, dict[int, float]], earliest_first: list[str]
) -> list[tuple[str, int]]:
    """Greedy set cover: donors with the count of sentences each newly explains.

    Ties go to the donor that carries more sentences in all, then to the earlier one.
    """
    remaining = {d: set(by_donor[d]) for d in earliest_first}
    taken: list[tuple[str, int]] = []
    covered: set[int] = set()
    while remaining:
        best = max(remaining, key=lambda d: (len(remaining[d] - covered), len(by_donor[d])))
        gain = len(remaining[best] - covered)
        if gain == 0:
            break
        taken.append((best, gain))
        covered |= remaining.pop(best)
    return taken


def _stripped_flags(prov: ArticleProvenance) -> list[Flag]:
    flags = []
    for sentence in prov.sentences:
        if sentence.status != "copied":
            continue
        toks = set(tokens(sentence.text))
        credited: Donor | None = next((d for d in sentence.donors if d.credits), None)
        if credited is None:
            continue
        if any(has_credit(c, toks) for d in sentence.donors for c in d.credits):
            continue
        flags.append(
            Flag(
                target_kind="article",
                target_id=prov.article_id,
                code=FlagCode.ATTRIBUTION_STRIPPED.value,
                detail=(
                    f"sentence {sentence.index} drops the credit "
                    f"{', '.join(credited.credits)!r} of {credited.article_id}"
                ),
                span=sentence.span,
                extra={
                    "donor": credited.article_id,
                    "donor_sentence": str(credited.sentence_index),
                    "credit": "|".join(credited.credits),
                },
            )
        )
    return flags


def relate(
    prov: ArticleProvenance, *, settings: RelationSettings | None = None
) -> ArticleRelations:
    """Type and score the relations of an article to its donors; raise its flags."""
    cfg = settings or RelationSettings()
    matchable = prov.matchable
    by_donor: dict[str, dict[int, float]] = {}
    position: dict[str, dict[int, int]] = {}
    agency_of: dict[str, str | None] = {}
    for sentence in prov.sentences:
        for donor in sentence.donors:
            best = by_donor.setdefault(donor.article_id, {})
            if donor.similarity > best.get(sentence.index, -1.0):
                best[sentence.index] = donor.similarity
                position.setdefault(donor.article_id, {})[sentence.index] = donor.sentence_index
            agency_of[donor.article_id] = donor.agency
    cover = _cover(by_donor, [d for d in prov.donor_articles if d in by_donor])
    copied_share = prov.copied_share

    def score(donor_id: str) -> float:
        return len(by_donor[donor_id]) / matchable if matchable else 0.0

    def mean_similarity(donor_id: str) -> float:
        values = by_donor[donor_id].values()
        return sum(values) / len(values)

    kind: RelationKind | None = None
    kinds: dict[str, RelationKind] = {}
    if cover:
        top, _ = cover[0]
        contributors = [d for d, gain in cover if gain >= cfg.patchwork_min_sentences]
        if (
            score(top) >= cfg.verbatim_share
            and mean_similarity(top) >= cfg.verbatim_similarity
            and _in_order(position[top]) >= cfg.verbatim_order
        ):
            kind = kinds[top] = RelationKind.VERBATIM_COPY
        elif (
            score(top) >= cfg.rewrite_share
            and len(by_donor[top]) >= cfg.dominant_fraction * prov.n_copied
        ):
            kind = kinds[top] = RelationKind.REWRITE
        elif len(contributors) >= cfg.patchwork_min_donors and copied_share >= cfg.patchwork_share:
            kind = RelationKind.PATCHWORK
            for donor_id in contributors:
                kinds[donor_id] = RelationKind.PATCHWORK
    relations = [
        Relation(
            article_id=prov.article_id,
            donor_id=donor_id,
            kind=kinds.get(donor_id, RelationKind.SHARED_TEXT),
            score=round(score(donor_id), 4),
            similarity=round(mean_similarity(donor_id), 4),
            sentences=tuple(sorted(by_donor[donor_id])),
        )
        for donor_id in [d for d, _ in cover] + sorted(set(by_donor) - {d for d, _ in cover})
    ]
    flags: list[Flag] = []
    if copied_share >= cfg.copied_share or kind in (
        RelationKind.VERBATIM_COPY,
        RelationKind.REWRITE,
    ):
        flags.append(
            Flag(
                target_kind="article",
                target_id=prov.article_id,
                code=FlagCode.COPIED.value,
                detail=f"{prov.n_copied} of {matchable} sentences found in earlier articles",
                extra={"share": f"{copied_share:.4f}", "kind": str(kind or "")},
            )
        )
    if kind is RelationKind.PATCHWORK:
        donors = [r.donor_id for r in relations if r.kind is RelationKind.PATCHWORK]
        flags.append(
            Flag(
                target_kind="article",
                target_id=prov.article_id,
                code=FlagCode.PATCHWORK.value,
                detail=f"text stitched from {len(donors)} earlier articles",
                extra={"donors": "|".join(donors)},
            )
        )
    flags.extend(_stripped_flags(prov))
    if kind in (RelationKind.VERBATIM_COPY, RelationKind.REWRITE):
        top = relations[0].donor_id
        agency = agency_of.get(top)
        if agency and not has_credit(agency, set(tokens(prov.text))):
            flags.append(
                Flag(
                    target_kind="article",
                    target_id=prov.article_id,
                    code=FlagCode.ATTRIBUTION_STRIPPED.value,
                    detail=f"copy of {top} drops its dateline credit {agency!r}",
                    extra={"donor": top, "credit": agency},
                )
            )
    return ArticleRelations(
        article_id=prov.article_id,
        kind=kind,
        relations=tuple(relations),
        flags=tuple(flags),
        copied_share=round(copied_share, 4),
        matchable=matchable,
    )
