"""The stage registry and pipeline checks: contracts that refuse a pipeline that cannot run."""

from __future__ import annotations

import pickle

import pytest

from eventwire.errors import ConfigError
from eventwire.settings import Settings, load_settings
from eventwire.stages import (
    Pipeline,
    StageKind,
    check_pipeline,
    get_stage,
    list_stages,
    register_stage,
)


@pytest.fixture
def defaults() -> Settings:
    return load_settings(environ={})


def test_builtin_stages_are_registered_with_versions() -> None:
    keys = {s.key for s in list_stages()}
    assert {
        "ingest@1",
        "normalise@1",
        "nlp@1",
        "times@1",
        "figures@1",
        "quotes@1",
        "places@1",
        "events@1",
        "provenance@1",
    } <= keys


def test_every_builtin_stage_loads_its_function() -> None:
    for spec in list_stages():
        assert callable(spec.load()), spec.key


def test_bare_name_resolves_to_newest_version() -> None:
    assert get_stage("nlp").key == "nlp@1"


def test_the_default_pipeline_passes_its_check(defaults: Settings) -> None:
    pipeline = Pipeline.from_settings(defaults)
    assert pipeline.names[:3] == ("ingest@1", "normalise@1", "nlp@1")
    assert [s.kind for s in pipeline.stages] == sorted(
        (s.kind for s in pipeline.stages), key=list(StageKind).index
    )
    assert {s.name for s in pipeline.of_kind(StageKind.EXTRACT)} == {
        "times",
        "figures",
        "quotes",
        "places",
        "events",
    }


def test_pipeline_in_order_passes_and_out_of_order_fails() -> None:
    assert [s.key for s in check_pipeline(["ingest", "normalise", "nlp"])] == [
        "ingest@1",
        "normalise@1",
        "nlp@1",
    ]
    with pytest.raises(ConfigError, match="requires"):
        check_pipeline(["ingest", "nlp"])


def test_a_dropped_stage_is_named_with_the_stage_that_needs_it() -> None:
    # events needs the times, figures, places and quotes found before it
    with pytest.raises(ConfigError) as e:
        check_pipeline(["ingest", "normalise", "nlp", "events"])
    message = str(e.value)
    assert "events@1" in message and "claims.times" in message and "times@1" in message
    assert "lacks" in message


def test_a_stage_placed_after_the_one_that_needs_it_is_named() -> None:
    with pytest.raises(ConfigError, match=r"events@1 requires claims\.quotes.*quotes@1.*after"):
        check_pipeline(
            ["ingest", "normalise", "nlp", "times", "figures", "places", "events", "quotes"]
        )


def test_extractors_without_a_parse_stage_are_refused() -> None:
    with pytest.raises(ConfigError, match="no parse stage: add nlp@1"):
        check_pipeline(["ingest", "normalise", "times"])


def test_kinds_out_of_order_and_duplicates_are_refused() -> None:
    with pytest.raises(ConfigError, match="cannot run after"):
        check_pipeline(["ingest", "normalise", "nlp", "provenance", "times"])
    with pytest.raises(ConfigError, match="twice"):
        check_pipeline(["ingest", "normalise", "nlp", "nlp"])
    with pytest.raises(ConfigError, match=r"raw\.text, assigned by stage ingest@1"):
        check_pipeline(["normalise", "nlp"])


def test_unknown_stage_lists_known_ones() -> None:
    with pytest.raises(ConfigError, match="normalise@1"):
        get_stage("nope")


def test_settings_with_a_broken_pipeline_are_refused(defaults: Settings) -> None:
    broken = defaults.replace(pipeline={"stages": ["ingest", "normalise", "nlp", "events"]})
    with pytest.raises(ConfigError, match="times@1"):
        Pipeline.from_settings(broken)


def test_without_drops_a_kind_and_checks_again(defaults: Settings) -> None:
    pipeline = Pipeline.from_settings(defaults).without(StageKind.STORE)
    assert not pipeline.of_kind(StageKind.STORE)
    assert pipeline.one(StageKind.PARSE) is not None


def test_a_pipeline_pickles_with_its_stages_by_name(defaults: Settings) -> None:
    pipeline = Pipeline.from_settings(defaults)
    again = pickle.loads(pickle.dumps(pipeline))
    assert again == pipeline
    assert [s.load() for s in again.stages] == [s.load() for s in pipeline.stages]


def shout_stage(doc: object, article: object, found: object) -> object:
    """A custom extract stage (module level, so it pickles by reference)."""
    return found


def test_custom_stage_registers_by_import_path() -> None:
    register_stage(
        "shout",
        version=1,
        kind="extract",
        requires=("doc.sentences",),
        assigns=("claims.shout",),
    )(shout_stage)
    spec = get_stage("shout@1")
    assert spec.target == f"{__name__}:shout_stage"
    assert spec.load() is shout_stage
    assert spec.description.startswith("A custom extract stage")
    names = ["ingest", "normalise", "nlp", "shout"]
    assert Pipeline.of(names).names[-1] == "shout@1"


def test_a_nested_function_cannot_be_a_stage() -> None:
    def inner(doc: object) -> object:
        return doc

    with pytest.raises(ConfigError, match="module-level"):
        register_stage("inner", version=1, kind="extract")(inner)


def test_upto_keeps_the_stages_a_stage_needs(defaults: Settings) -> None:
    pipeline = Pipeline.from_settings(defaults)
    assert pipeline.upto("times").names == ("ingest@1", "normalise@1", "nlp@1", "times@1")
    assert pipeline.upto("quotes").names == ("ingest@1", "normalise@1", "nlp@1", "quotes@1")
    assert pipeline.upto("events").names[3:] == (
        "times@1",
        "figures@1",
        "quotes@1",
        "places@1",
        "events@1",
    )
    with pytest.raises(ConfigError, match="not in the pipeline"):
        pipeline.without(StageKind.STORE).without(StageKind.EXTRACT).upto("events")
