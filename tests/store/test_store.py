from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from eventwire.errors import StoreError
from eventwire.records import Article, EntityMention, Rejection, Sentence, Span
from eventwire.store import Annotations, Store, WriteItem, available_migrations


def make_article(
    id_: str = "a1", text: str = "Two soldiers were killed. Aid was cut.", **kw: object
) -> Article:
    base: dict[str, object] = {
        "id": id_,
        "content_hash": f"h-{text}",
        "text": text,
        "source": "test.jsonl",
        "locator": "line 1",
        "source_format": "jsonl",
        "language": "en",
    }
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def annotations(article: Article) -> Annotations:
    return Annotations(
        sentences=(
            Sentence(article_id=article.id, index=0, span=Span(start=0, end=25)),
            Sentence(article_id=article.id, index=1, span=Span(start=26, end=38)),
        ),
        entities=(
            EntityMention(
                article_id=article.id,
                index=0,
                span=Span(start=0, end=3),
                label="CARDINAL",
                text="Two",
            ),
        ),
        model="test-model",
    )


def test_open_applies_every_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        versions = [r[0] for r in s.con.execute("SELECT version FROM schema_migrations").fetchall()]
    assert versions == [m.version for m in available_migrations()]
    with Store(path) as s:  # reopening applies nothing twice
        assert s.con.execute("SELECT count(*) FROM schema_migrations").fetchone() == (
            len(versions),
        )


def test_write_and_read_back(store: Store) -> None:
    a = make_article(published=datetime(2026, 3, 2, 10, 30, tzinfo=UTC), title="T")
    store.write_batch([WriteItem(article=a, annotations=annotations(a))])
    back = store.article("a1")
    assert back is not None
    assert back.text == a.text and back.title == "T"
    assert back.published == datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    assert [s.span.text_of(back.text) for s in store.sentences("a1")] == [
        "Two soldiers were killed.",
        "Aid was cut.",
    ]
    assert [e.text for e in store.entities("a1")] == ["Two"]
    st = store.stats()
    assert (st["articles"], st["articles_with_nlp"], st["sentences"], st["entities"]) == (
        1,
        1,
        2,
        1,
    )


def test_metadata_update_keeps_claims_and_model(store: Store) -> None:
    a = make_article()
    store.write_batch([WriteItem(article=a, annotations=annotations(a))])
    store.write_batch([WriteItem(article=make_article(byline="Jo Lind"))])
    assert store.article("a1").byline == "Jo Lind"  # type: ignore[union-attr]
    assert len(store.sentences("a1")) == 2
    assert store.stats()["articles_with_nlp"] == 1


def test_text_change_without_annotations_drops_old_claims(store: Store) -> None:
    a = make_article()
    store.write_batch([WriteItem(article=a, annotations=annotations(a))])
    b = make_article(text="A different and longer text that replaced the first one.")
    store.write_batch([WriteItem(article=b, text_changed=True)])
    assert store.sentences("a1") == []
    assert store.stats()["articles_with_nlp"] == 0


def test_rejections_are_upserted_not_duplicated(store: Store) -> None:
    r = Rejection(source="bad.jsonl", locator="line 3", code="malformed-json", message="x")
    store.write_batch([], [r])
    store.write_batch([], [r])
    assert store.stats()["rejections"] == 1


def test_failed_batch_rolls_back_whole(store: Store) -> None:
    good = make_article("ok")
    store.write_batch([WriteItem(article=good)])
    store.con.execute("DROP TABLE entities")  # make the claims insert fail mid-batch
    new = make_article("new")
    with pytest.raises(StoreError, match="rolled back"):
        store.write_batch([WriteItem(article=new, annotations=annotations(new))])
    assert store.article("new") is None
    assert store.article("ok") is not None


def test_missing_parent_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope" / "s.duckdb")


def test_not_a_duckdb_file_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=str(bad.name)):
        Store(bad)


def test_read_only_store_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="eventwire ingest"):
        Store(tmp_path / "none.duckdb", read_only=True)


def test_store_is_a_real_duckdb_file(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.write_batch([WriteItem(article=make_article())])
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT id FROM articles").fetchall() == [("a1",)]
    con.close()


def test_two_sightings_in_one_batch_are_collapsed(store: Store) -> None:
    a = make_article()
    store.write_batch(
        [
            WriteItem(article=a, annotations=annotations(a)),
            WriteItem(article=make_article(title="T2")),
        ]
    )
    assert store.stats()["articles"] == 1
    assert store.article("a1").title == "T2"  # type: ignore[union-attr]
    assert len(store.sentences("a1")) == 2


def test_transaction_commits_or_rolls_back_and_names_the_store(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    with Store(path) as s:
        s.con.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
        with s.transaction("cannot write t"):
            s.con.execute("INSERT INTO t VALUES (1)")
        failing = s.transaction("cannot write t")
        with pytest.raises(StoreError, match=rf"^{path}: cannot write t: .*"), failing:
            s.con.execute("INSERT INTO t VALUES (2)")
            s.con.execute("INSERT INTO t VALUES (1)")  # duplicate key
        with pytest.raises(KeyError), s.transaction():  # not a database error: raised as is
            s.con.execute("INSERT INTO t VALUES (3)")
            raise KeyError("stop")
        assert s.con.execute("SELECT k FROM t").fetchall() == [(1,)]


def test_failed_commit_is_reported_not_the_rollback_after_it(tmp_path: Path) -> None:
    """DuckDB ends a transaction whose COMMIT fails: the ROLLBACK that follows fails with "no
    transaction is active", and the error raised must be the commit's."""
    path = tmp_path / "t.duckdb"
    with Store(path) as s:
        s.con.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
        other = s.con.cursor()
        with pytest.raises(StoreError) as raised, s.transaction("cannot write t"):
            s.con.execute("INSERT INTO t VALUES (1)")
            other.execute("INSERT INTO t VALUES (1)")  # committed first: ours conflicts
        message = str(raised.value)
        assert message.startswith(f"{path}: cannot write t: ")
        assert "commit" in message.lower() and "no transaction is active" not in message
        with s.transaction():  # the store is usable afterwards
            s.con.execute("INSERT INTO t VALUES (2)")
        assert s.con.execute("SELECT k FROM t ORDER BY k").fetchall() == [(1,), (2,)]
        other.close()


def test_sql_lives_in_the_store_package() -> None:
    """The provenance and stories stages read and write through the store's typed methods:
    no SQL statement and no connection of their own."""
    import re

    import eventwire

    root = Path(eventwire.__file__).parent
    statement = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET|BEGIN|COMMIT)\b")
    found = [
        f"{path.relative_to(root)}:{number}"
        for package in ("provenance", "stories")
        for path in sorted((root / package).glob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if statement.search(line) or ".con." in line or ".con)" in line or "duckdb" in line
    ]
    assert found == []


def test_the_row_schemas_match_the_migrated_tables() -> None:
    """rows.py and the migrations define the same columns, in the same order (writes insert
    Arrow tables by position)."""
    from eventwire.store.rows import ARTICLE_COLUMNS, CLAIM_SCHEMAS

    with Store(":memory:") as store:

        def columns(table: str) -> list[str]:
            return [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall()]

        assert columns("articles") == list(ARTICLE_COLUMNS)
        for table, schema in CLAIM_SCHEMAS.items():
            assert columns(table) == schema.names, table
