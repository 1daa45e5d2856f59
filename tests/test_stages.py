from __future__ import annotations

import pytest

import eventwire.pipeline  # noqa: F401  (registers the built-in stages)
from eventwire.errors import ConfigError
from eventwire.stages import check_pipeline, get_stage, list_stages


def test_builtin_stages_are_registered_with_versions() -> None:
    keys = {s.key for s in list_stages()}
    assert {"ingest@1", "normalise@1", "nlp@1"} <= keys


def test_bare_name_resolves_to_newest_version() -> None:
    assert get_stage("nlp").key == "nlp@1"


def test_pipeline_in_order_passes_and_out_of_order_fails() -> None:
    assert [s.key for s in check_pipeline(["ingest", "normalise", "nlp"])] == [
        "ingest@1",
        "normalise@1",
        "nlp@1",
    ]
    with pytest.raises(ConfigError, match="requires"):
        check_pipeline(["ingest", "nlp"])


def test_unknown_stage_lists_known_ones() -> None:
    with pytest.raises(ConfigError, match="normalise@1"):
        get_stage("nope")
