"""Error messages print as one line; every exit code is documented."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from eventwire.errors import ExitCode, OutputError, StoreError, one_line
from eventwire.store import Store
from eventwire.store.export import export_parquet, export_rows

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_one_line_drops_the_sql_excerpt_of_duckdb_errors() -> None:
    with duckdb.connect() as con, pytest.raises(duckdb.Error) as info:
        con.execute("SELECT count(*)\nFROM stories WHERE x = 1")
    message = f"store.duckdb: no tables ({info.value}); run `eventwire provenance --update`"
    assert "\n" in message and "LINE" in message
    flat = one_line(message)
    assert "\n" not in flat and "LINE" not in flat and "^" not in flat
    assert flat.startswith("store.duckdb: no tables (Catalog Error: Table with name stories")
    assert flat.endswith("); run `eventwire provenance --update`")
    assert one_line("a\n  b\n") == "a b"


def test_every_exit_code_is_documented() -> None:
    doc = (DOCS / "cli.md").read_text("utf-8")
    missing = [code.name for code in ExitCode if f"\n| {int(code)} | " not in doc]
    assert not missing, f"exit codes missing from docs/cli.md: {missing}"


def test_export_queries_name_the_store_and_kind(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.con.execute("DROP TABLE figures")
        with pytest.raises(StoreError, match=r"s\.duckdb: cannot export figures: .*figures"):
            list(export_rows(store, "figures"))
        with pytest.raises(StoreError, match=r"cannot export figures"):
            export_parquet(store, "figures", tmp_path / "f.parquet")
        assert list(export_rows(store, "times")) == []
        with pytest.raises(OutputError, match=r"nowhere/t\.parquet: cannot write"):
            export_parquet(store, "times", tmp_path / "nowhere" / "t.parquet")
