"""Online story clustering: grouping, stable ids, time windows, near misses."""

from __future__ import annotations

from datetime import UTC, datetime

from eventwire.stories.cluster import (
    ClusterSettings,
    StoryClusterer,
    StoryInput,
    cluster_articles,
    story_id_for,
    story_order,
)
from eventwire.stories.vectors import TermWeighter, cosine, extract_terms


def day(month: int, d: int, hour: int = 9) -> datetime:
    return datetime(2017, month, d, hour, tzinfo=UTC)


APRIL = [
    StoryInput(
        article_id="apr-1",
        published=day(4, 3),
        title="Iraqi forces push into western Mosul districts",
        text=(
            "Iraqi counter-terrorism forces pushed into the Tammuz and Yarmouk districts of "
            "western Mosul on Monday, backed by coalition air strikes, officers said. "
            "Colonel Rashid Nouri said his troops had advanced about two kilometres towards the "
            "Yarmouk hospital before ISIS snipers slowed them. Thousands of families fled towards "
            "the Hammam al-Alil camp."
        ),
    ),
    StoryInput(
        article_id="apr-2",
        published=day(4, 3, 15),
        title="Fighting in Yarmouk as troops advance in west Mosul",
        text=(
            "Troops advanced in the Yarmouk district of west Mosul on Monday, with ISIS fighters "
            "firing mortars and sending car bombs at the advancing convoys. Colonel Rashid Nouri "
            "told reporters the army now controlled the road to the Yarmouk hospital. Families "
            "streamed out towards Hammam al-Alil."
        ),
    ),
    StoryInput(
        article_id="apr-3",
        published=day(4, 4),
        title="Mosul push reaches Yarmouk hospital",
        text=(
            "Iraqi forces reached the Yarmouk hospital in western Mosul on Tuesday, a day after "
            "launching the push into the Tammuz and Yarmouk districts. Colonel Rashid Nouri said "
            "ISIS snipers remained on rooftops nearby. Aid groups at Hammam al-Alil reported "
            "hundreds of new arrivals."
        ),
    ),
]

JUNE = [
    StoryInput(
        article_id="jun-1",
        published=day(6, 18),
        title="Iraqi forces storm Mosul's Old City",
        text=(
            "Iraqi forces began storming the Old City of Mosul on Sunday, the last ISIS "
            "stronghold in the city, officers said. General Abdul Wahab Saadi said troops were "
            "moving on foot through alleys too narrow for armoured vehicles. Civilians trapped "
            "near the al-Nuri mosque were being used as human shields."
        ),
    ),
    StoryInput(
        article_id="jun-2",
        published=day(6, 19),
        title="Old City assault enters second day",
        text=(
            "The assault on the Old City of Mosul entered its second day on Monday as troops "
            "fought ISIS house to house near the al-Nuri mosque. General Abdul Wahab Saadi said "
            "progress was slow because of booby traps and civilians sheltering in basements."
        ),
    ),
]

OTHER = StoryInput(
    article_id="flood-1",
    published=day(4, 3, 12),
    title="Floods cut roads in northern Pakistan",
    text=(
        "Flash floods swept away bridges and cut the Karakoram Highway in northern Pakistan on "
        "Monday after days of heavy rain, local officials said. Rescue teams used helicopters "
        "to reach villages in the Hunza valley, where at least twelve people were missing."
    ),
)

ALL = [*APRIL, *JUNE, OTHER]


def groups(assignments: list) -> dict[str, set[str]]:  # type: ignore[type-arg]
    out: dict[str, set[str]] = {}
    for a in assignments:
        out.setdefault(a.story_id, set()).add(a.article_id)
    return out


def test_articles_about_one_event_share_a_story() -> None:
    assignments, clusterer = cluster_articles(ALL)
    found = sorted(map(sorted, groups(assignments).values()))
    assert found == [["apr-1", "apr-2", "apr-3"], ["flood-1"], ["jun-1", "jun-2"]]
    assert len(clusterer) == 3


NEAR_MISS = StoryInput(
    article_id="jun-3",
    published=day(6, 20),
    title="Iraqi forces push into western Mosul's Old City",
    text=(
        "Iraqi counter-terrorism forces pushed into the Old City of western Mosul on Tuesday, "
        "backed by coalition air strikes, officers said. Colonel Rashid Nouri said his troops "
        "had advanced slowly because ISIS snipers were firing from rooftops. Thousands of "
        "families fled towards the Hammam al-Alil camp."
    ),
)


def test_near_miss_with_other_names_is_kept_apart_without_dates() -> None:
    items = [
        StoryInput(article_id=s.article_id, published=None, text=s.text, title=s.title)
        for s in [*APRIL, *JUNE[:2]]
    ]
    assignments, _ = cluster_articles(items)
    found = sorted(map(sorted, groups(assignments).values()))
    assert found == [["apr-1", "apr-2", "apr-3"], ["jun-1", "jun-2"]]


def test_near_miss_with_same_names_is_kept_apart_by_the_window() -> None:
    # Same city, same commander, same camp: on wording alone it joins the April push ...
    undated = [
        StoryInput(article_id=s.article_id, published=None, text=s.text, title=s.title)
        for s in [*APRIL, NEAR_MISS]
    ]
    merged, _ = cluster_articles(undated)
    assert len(groups(merged)) == 1
    # ... but it was published in June, months after the April story went quiet.
    assignments, _ = cluster_articles([*ALL, NEAR_MISS])
    story = {a.article_id: a.story_id for a in assignments}
    assert story["jun-3"] != story["apr-1"]
    assert story["jun-3"] == story["jun-1"]


def test_story_ids_are_stable_and_come_from_the_first_article() -> None:
    first, _ = cluster_articles(ALL)
    again, _ = cluster_articles(list(reversed(ALL)))  # same processing order after sorting
    assert [(a.article_id, a.story_id) for a in first] == [
        (a.article_id, a.story_id) for a in again
    ]
    story = {a.article_id: a.story_id for a in first}
    assert story["apr-3"] == story_id_for("apr-1")
    assert story["jun-2"] == story_id_for("jun-1")


def test_incremental_batches_give_the_same_ids() -> None:
    ordered = sorted(ALL, key=story_order)
    whole, _ = cluster_articles(ordered)
    clusterer = StoryClusterer()
    batched = []
    for batch in (ordered[:2], ordered[2:4], ordered[4:]):
        for item in batch:
            batched.append(
                clusterer.add(item.article_id, item.published, item.text, title=item.title)
            )
    assert [(a.article_id, a.story_id) for a in whole] == [
        (a.article_id, a.story_id) for a in batched
    ]
    # An article seen before keeps its story.
    repeat = clusterer.add("apr-2", day(4, 3), "anything")
    assert repeat.story_id == story_id_for("apr-1")
    assert not repeat.new_story


def test_story_order_is_published_then_id() -> None:
    undated = StoryInput(article_id="a-undated", published=None, text="x")
    ordered = [s.article_id for s in sorted([undated, *reversed(APRIL)], key=story_order)]
    assert ordered == ["apr-1", "apr-2", "apr-3", "a-undated"]


def test_undated_articles_have_no_window() -> None:
    items = [
        StoryInput(article_id=s.article_id, published=None, text=s.text, title=s.title)
        for s in APRIL
    ]
    assignments, _ = cluster_articles(items)
    assert len(groups(assignments)) == 1


def test_window_setting_controls_reach() -> None:
    late = StoryInput(
        article_id="apr-9",
        published=day(4, 20),
        title=APRIL[2].title,
        text=APRIL[2].text,
    )
    wide, _ = cluster_articles([*APRIL, late], settings=ClusterSettings(window_days=30))
    narrow, _ = cluster_articles([*APRIL, late], settings=ClusterSettings(window_days=3))
    assert len(groups(wide)) == 1
    assert len(groups(narrow)) == 2


def test_stories_records() -> None:
    _, clusterer = cluster_articles(ALL)
    stories = clusterer.stories({story_id_for("apr-1"): 2})
    by_id = {s.id: s for s in stories}
    april = by_id[story_id_for("apr-1")]
    assert april.article_ids == ("apr-1", "apr-2", "apr-3")
    assert april.independent_sources == 2
    assert april.first_published == day(4, 3)
    assert by_id[story_id_for("jun-1")].independent_sources == 2


def test_vectors_upweight_names_numbers_and_dates() -> None:
    counts, kinds, title_terms = extract_terms(
        "Troops entered the town of Qayyara on Monday. At least 12 people died in 2016.",
        title="Troops enter Qayyara",
    )
    assert kinds["qayyara"] == "name"
    assert kinds["12"] == "number"
    assert kinds["2016"] == "date"
    assert kinds["monday"] == "date"
    assert "qayyara" in title_terms
    weighter = TermWeighter()
    vector = weighter.weigh(counts, kinds, title_terms)
    assert vector["qayyara"] > vector["troop"]
    assert abs(sum(w * w for w in vector.values()) - 1.0) < 1e-9
    assert cosine(vector, vector) > 0.999
    assert cosine(vector, {}) == 0.0


def test_clusterer_pickles_and_resumes() -> None:
    import pickle

    ordered = sorted(ALL, key=story_order)
    whole, _ = cluster_articles(ordered)
    clusterer = StoryClusterer()
    for item in ordered[:3]:
        clusterer.add(item.article_id, item.published, item.text, title=item.title)
    resumed = pickle.loads(pickle.dumps(clusterer))
    rest = [resumed.add(i.article_id, i.published, i.text, title=i.title) for i in ordered[3:]]
    assert [(a.article_id, a.story_id) for a in whole[3:]] == [
        (a.article_id, a.story_id) for a in rest
    ]


def test_closed_stories_leave_the_index() -> None:
    clusterer = StoryClusterer(ClusterSettings(window_days=7))
    for item in APRIL:
        clusterer.add(item.article_id, item.published, item.text, title=item.title)
    late = APRIL[0]
    assignment = clusterer.add("apr-late", day(6, 1), late.text, title=late.title)
    assert assignment.new_story
    # The April story was closed when the June article came by: its terms left the index.
    april = story_id_for("apr-1")
    assert all(april not in holders for holders in clusterer._postings.values())


def _feed(clusterer: StoryClusterer, items: list[StoryInput]) -> list[str]:
    return [
        clusterer.add(i.article_id, i.published, i.text, title=i.title).story_id
        for i in sorted(items, key=story_order)
    ]


def test_saved_state_continues_like_an_uninterrupted_run() -> None:
    items = sorted([*APRIL, *JUNE], key=story_order)
    whole = _feed(StoryClusterer(), items)
    head = StoryClusterer()
    first = _feed(head, items[:2])
    resumed = StoryClusterer.loads(head.dumps())
    assert first + _feed(resumed, items[2:]) == whole


def test_closed_stories_leave_memory_without_changing_assignments() -> None:
    items = sorted([*APRIL, *JUNE], key=story_order)
    kept = StoryClusterer()
    dropped = StoryClusterer(retain_closed=False)
    assert _feed(kept, items) == _feed(dropped, items)
    # the April stories closed when June came: only June's are still held
    assert dropped.open_stories() < kept.open_stories()
    assert all(dropped.story_of(i.article_id) is None for i in APRIL)
    assert all(dropped.story_of(i.article_id) is not None for i in JUNE)
