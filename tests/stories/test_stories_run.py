"""The stories stage over a store: its own bookkeeping, its saved state (plain data), and the
conversion of stores whose state was pickled (migration 0008)."""

from __future__ import annotations

import ast
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import eventwire
from eventwire.provenance.run import run_provenance
from eventwire.store import Store, available_migrations
from eventwire.store.incremental import digest
from eventwire.store.stories import StoryTables
from eventwire.stories import list_stories, run_stories
from eventwire.stories.cluster import ClusterSettings

from ..provenance.test_store_run import _write, snapshot, update

NAMES = ("wire", "reprint", "other", "patch")


class _Touch:
    """Unpickling this creates ``path``: what a hostile pickle would do, harmlessly."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return (Path.touch, (self.path,))


def test_stories_import_nothing_of_provenance() -> None:
    root = Path(eventwire.__file__).parent
    imported = set()
    for path in (root / "stories").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not {m for m in imported if m.startswith("eventwire.provenance")}


def test_store_with_a_pickled_state_is_migrated_without_unpickling_it(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        _write(store, *NAMES)
        update(store)
        want_stories = list_stories(store)
        want = snapshot(store)
        processed = StoryTables(store).candidates()
    # the payload is live: loading it creates its file
    probe = tmp_path / "probe"
    pickle.loads(pickle.dumps(_Touch(probe)))
    assert probe.exists()
    # the store as a version before migration 0008 left it: the state pickled in story_state
    marker = tmp_path / "unpickled"
    old_state = next(m for m in available_migrations() if m.version == 6)
    with Store(path) as store:
        con = store.con
        con.execute("DROP TABLE stories_processed")
        con.execute("DROP TABLE story_clusterer_state")
        con.execute("DELETE FROM schema_migrations WHERE version = 8")
        con.execute(old_state.sql)
        con.execute(
            "INSERT INTO story_state VALUES ('clusterer', 1, ?, ?, ?, ?, now()::TIMESTAMP)",
            [
                repr(ClusterSettings()),
                len(processed),
                digest(processed),
                pickle.dumps((1, _Touch(marker))),
            ],
        )
    with Store(path) as store:  # migrates
        assert not marker.exists()
        found = store.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        tables = {r[0] for r in found}
        assert "story_state" not in tables and "story_clusterer_state" in tables
        assert run_provenance(store).processed == 0
        summary = run_stories(store)
        assert summary.processed == len(NAMES) and summary.replayed == 0
        assert list_stories(store) == want_stories
        assert snapshot(store) == want
        assert run_stories(store).processed == 0
    assert not marker.exists()


def _mangle(state: dict[str, Any], how: str) -> object:
    if how == "version":
        state["version"] = 1
    elif how == "member-vector":
        state["stories"][0]["members"][0]["vector"] = {"flood": "heavy"}
    elif how == "settings":
        state["settings"]["threshold"] = "0.3"
    elif how == "missing-ends":
        del state["ends"]
    elif how == "time":
        state["stories"][0]["first"] = "2026-05-05T08:00:00"  # no UTC offset
    elif how == "not-an-object":
        return [state]
    return state


@pytest.mark.parametrize(
    "how", ["version", "member-vector", "settings", "missing-ends", "time", "not-an-object"]
)
def test_state_that_does_not_check_out_is_replayed(tmp_path: Path, how: str) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        _write(store, "wire", "reprint")
        update(store)
        row = store.con.execute("SELECT state FROM story_clusterer_state").fetchone()
        assert row is not None
        state = _mangle(json.loads(row[0]), how)
        store.con.execute("UPDATE story_clusterer_state SET state = ?", [json.dumps(state)])
        _write(store, "other", "patch")
        run_provenance(store)
        summary = run_stories(store)
        assert summary.replayed == 2 and summary.processed == 2
        got = snapshot(store)
    with Store(tmp_path / "scratch.duckdb") as scratch:
        _write(scratch, *NAMES)
        update(scratch)
        assert got == snapshot(scratch)


def test_provenance_recomputed_alike_leaves_the_stories_alone(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        _write(store, *NAMES)
        update(store)
        before = snapshot(store)
        assert run_provenance(store, rebuild=True).processed == len(NAMES)
        again = run_stories(store)
        assert again.processed == 0 and again.recomputed == 0
        assert snapshot(store) == before
        rebuilt = run_stories(store, rebuild=True)
        assert rebuilt.processed == len(NAMES) and rebuilt.recomputed == len(NAMES)
        assert snapshot(store) == before


def test_changed_relations_reassign_the_article_and_those_after(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        _write(store, *NAMES)
        update(store)
        wire = {s["first_article_id"]: s for s in list_stories(store)}["wire"]
        assert wire["independent_sources"] == 1  # the reprint counts with the wire
        # provenance recomputed "reprint" as an original of its own
        store.con.execute("DELETE FROM article_relations WHERE article_id = 'reprint'")
        store.con.execute(
            "UPDATE provenance_articles SET kind = NULL, copied_share = 0 "
            "WHERE article_id = 'reprint'"
        )
        summary = run_stories(store)
        assert summary.recomputed == 3 and summary.processed == 3  # reprint, other, patch
        wire = {s["first_article_id"]: s for s in list_stories(store)}["wire"]
        assert wire["independent_sources"] == 2
