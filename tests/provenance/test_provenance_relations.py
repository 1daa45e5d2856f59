"""Document relations: verbatim copy, rewrite, patchwork; copied and attribution flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from eventwire.provenance.attribution import dateline_agency, sentence_credits
from eventwire.provenance.index import ArticleProvenance, SentenceIndex
from eventwire.provenance.normalise import simple_sentence_spans
from eventwire.provenance.relations import FlagCode, RelationKind, relate

T0 = datetime(2017, 6, 2, 6, 0, tzinfo=UTC)

WIRE = (
    "KIRKUK, Iraq (Reuters) - Iraqi troops pushed into two villages south of Hawija on "
    "Thursday after a night of heavy shelling, army officers said. "
    "The advance opens a second front against the militants, who still hold a pocket of "
    "farmland along the Zab river. "
    "Major General Adnan Kareem told Reuters that engineers were clearing roadside bombs "
    "from the main road. "
    "Residents reached by telephone said many families were sheltering in basements. "
    "The provincial governor, Hatem Saadi, said buses would take civilians to camps near "
    "Dibis as soon as the road was safe."
)

DONOR_B = (
    "Floodwater cut the last road between the two districts on Wednesday, stranding "
    "trucks carrying flour and fuel. "
    "Engineers from the ministry of water resources said the dam upstream was releasing "
    "more water than the canals could carry. "
    "Farmers said their wheat harvest had been lost for the second year running."
)

DONOR_C = (
    "A car bomb exploded near a crowded market in the town of Tuz on Tuesday evening, "
    "killing at least eight people, police said. "
    "The blast shattered windows along the main street and set several shops on fire. "
    "No group has claimed responsibility for the attack, Colonel Faris Jabbar said."
)

OWN = (
    "Our correspondent spent the day at a checkpoint on the northern road. "
    "Traffic was light and most shops in the nearby market stayed shut. "
    "Several drivers complained about long delays and rising fuel prices."
)


def spans(text: str) -> list[tuple[int, int]]:
    return simple_sentence_spans(text)


def index_with_donors() -> SentenceIndex:
    index = SentenceIndex()
    index.add_article("wire", T0, WIRE, spans(WIRE))
    index.add_article("donor-b", T0 - timedelta(days=1), DONOR_B, spans(DONOR_B))
    index.add_article("donor-c", T0 - timedelta(days=2), DONOR_C, spans(DONOR_C))
    return index


def query(index: SentenceIndex, article_id: str, text: str) -> ArticleProvenance:
    return index.query_article(article_id, T0 + timedelta(hours=6), text, spans(text))


def sentences_of(text: str) -> list[str]:
    return [text[a:b] for a, b in spans(text)]


def test_credits_and_dateline() -> None:
    assert dateline_agency(WIRE) == "reuters"
    assert dateline_agency(OWN) is None
    assert sentence_credits("No group has claimed it, Colonel Faris Jabbar said.") == (
        "colonel faris jabbar",
    )
    assert sentence_credits("The road is closed, he said.") == ()
    assert sentence_credits("The toll rose to 12 (MPA).") == ("mpa",)
    assert "reuters" in sentence_credits("General Kareem told Reuters that bombs were cleared.")
    assert sentence_credits("Prices rose, according to the World Food Programme.") == (
        "world food programme",
    )


def test_verbatim_copy_with_credit_kept() -> None:
    result = relate(query(index_with_donors(), "reprint", WIRE))
    assert result.kind is RelationKind.VERBATIM_COPY
    top = result.relations[0]
    assert (top.donor_id, top.kind, top.score) == ("wire", RelationKind.VERBATIM_COPY, 1.0)
    assert top.similarity == 1.0
    assert result.flag_codes == (FlagCode.COPIED,)
    assert result.copied_from == ("wire",)


def test_verbatim_copy_without_dateline_credit_is_attribution_stripped() -> None:
    stripped = WIRE.replace("KIRKUK, Iraq (Reuters) - ", "")
    stripped = stripped.replace("told Reuters", "said")
    result = relate(query(index_with_donors(), "reprint", stripped))
    assert result.kind is RelationKind.VERBATIM_COPY
    codes = [f.code for f in result.flags]
    assert codes.count(FlagCode.ATTRIBUTION_STRIPPED) == 2
    details = " ".join(f.detail or "" for f in result.flags)
    assert "dateline credit 'reuters'" in details


def test_rewrite_is_not_verbatim() -> None:
    parts = sentences_of(WIRE)
    text = " ".join(
        [
            parts[0].replace("Iraqi troops", "Iraqi army troops"),
            parts[1].replace("a second front", "a new second front"),
            parts[4],
            *sentences_of(OWN),
        ]
    )
    result = relate(query(index_with_donors(), "rewrite", text))
    assert result.kind is RelationKind.REWRITE
    assert result.relations[0].donor_id == "wire"
    assert 0.4 <= result.relations[0].score < 0.8
    assert FlagCode.COPIED in result.flag_codes
    assert FlagCode.PATCHWORK not in result.flag_codes


def test_patchwork_from_several_donors() -> None:
    text = " ".join(
        [
            sentences_of(WIRE)[1],
            sentences_of(DONOR_B)[0],
            sentences_of(DONOR_C)[1],
            sentences_of(OWN)[0],
            sentences_of(DONOR_B)[2],
        ]
    )
    result = relate(query(index_with_donors(), "page", text))
    assert result.kind is RelationKind.PATCHWORK
    kinds = {r.donor_id: r.kind for r in result.relations}
    assert kinds == {
        "wire": RelationKind.PATCHWORK,
        "donor-b": RelationKind.PATCHWORK,
        "donor-c": RelationKind.PATCHWORK,
    }
    assert result.relations[0].donor_id == "donor-b"  # explains two sentences
    assert set(result.flag_codes) == {FlagCode.COPIED, FlagCode.PATCHWORK}


def test_attribution_stripped_sentence() -> None:
    parts = sentences_of(DONOR_C)
    text = " ".join(
        [
            parts[2].replace("Colonel Faris Jabbar said", "he said"),
            *sentences_of(OWN),
        ]
    )
    result = relate(query(index_with_donors(), "page", text))
    stripped = [f for f in result.flags if f.code == FlagCode.ATTRIBUTION_STRIPPED]
    assert len(stripped) == 1
    flag = stripped[0]
    assert flag.extra["donor"] == "donor-c"
    assert flag.extra["credit"] == "colonel faris jabbar"
    assert flag.span is not None
    assert text[flag.span.start : flag.span.end].endswith("he said.")
    # Keeping the speaker's name is no stripping.
    kept = relate(query(index_with_donors(), "page2", " ".join([parts[2], OWN])))
    assert FlagCode.ATTRIBUTION_STRIPPED not in kept.flag_codes


def test_original_article_has_no_relations() -> None:
    result = relate(query(index_with_donors(), "own", OWN))
    assert result.kind is None
    assert result.relations == ()
    assert result.flags == ()
    assert result.copied_share == 0.0
