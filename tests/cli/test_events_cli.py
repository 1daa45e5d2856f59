"""``eventwire events``, ``eventwire event`` and the event exports, on the sample corpus ingested
with the command line; and their messages for an unknown id, an empty store and an old store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from eventwire.cli.main import cli
from tests.conftest import SAMPLES

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
]
UCDP_COLUMNS = [
    "date_start",
    "date_end",
    "date_prec",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "adm_1",
    "adm_2",
    "country",
    "number_of_sources",
    "source_article",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "low",
    "high",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("events-cli") / "sample.duckdb")
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES / "corpus"), "--db", path])
    assert result.exit_code == 0, result.output
    assert "events:" in result.output and "mentions per event" in result.output
    return path


def test_events_table_json_and_csv(db: str) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["events", "--db", db, "--country", "IQ", "--min-sources", "2"])
    assert table.exit_code == 0, table.output
    assert "Old City of Mosul" in table.output and "ASSAULT" in table.output
    as_json = json.loads(runner.invoke(cli, ["events", "--db", db, "--json"]).output)
    assert as_json and {"event_id", "independent_sources", "figures", "flags"} <= set(as_json[0])
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(cli, ["events", "--db", db, "--csv"]).output))
    )
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in as_json]
    none = runner.invoke(cli, ["events", "--db", db, "--country", "ZZ"])
    assert none.exit_code == 0 and "no events match" in none.output


def test_one_event_with_its_sources_and_evidence(db: str) -> None:
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["events", "--db", db, "--json", "--limit", "1"]).output)
    event_id = listed[0]["event_id"]
    shown = runner.invoke(cli, ["event", event_id, "--db", db])
    assert shown.exit_code == 0, shown.output
    assert f"event {event_id}" in shown.output
    assert "sources:" in shown.output and "evidence:" in shown.output
    assert "[earliest]" in shown.output
    detail = json.loads(runner.invoke(cli, ["event", event_id[:10], "--db", db, "--json"]).output)
    assert detail["event_id"] == event_id
    assert sum(s["independent"] for s in detail["sources"]) == detail["independent_sources"]
    assert all(m["sentence"] for m in detail["evidence"])


def test_unknown_event_empty_store_and_old_store(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(cli, ["event", "ev-no-such-event", "--db", db])
    assert unknown.exit_code == 2
    assert "no event 'ev-no-such-event'" in unknown.output
    assert "Traceback" not in unknown.output
    empty = str(tmp_path / "empty.duckdb")
    assert runner.invoke(cli, ["ingest", str(tmp_path / "nothing"), "--db", empty]).exit_code != 0
    missing = runner.invoke(cli, ["events", "--db", empty])
    assert missing.exit_code == 4 and "no store here yet" in missing.output
    # a store from before the events level, read without migrating it
    old = str(tmp_path / "old.duckdb")
    con = duckdb.connect(old)
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER, name VARCHAR, applied_at TIMESTAMP)"
    )
    con.close()
    before = runner.invoke(cli, ["events", "--db", old])
    assert before.exit_code == 2 and "has no events yet" in before.output


def test_event_exports_in_other_datasets_columns(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    acled = tmp_path / "acled.csv"
    result = runner.invoke(
        cli,
        ["export", "events", "--db", db, "--schema", "acled", "--format", "csv", "-o", str(acled)],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(acled.open(encoding="utf-8")))
    assert rows and list(rows[0]) == ACLED_COLUMNS
    assert all(r["event_type"] for r in rows)
    assert any(r["country"] == "Iraq" and r["iso"] == "368" for r in rows)
    ucdp = tmp_path / "ucdp.parquet"
    result = runner.invoke(
        cli,
        [
            "export",
            "events",
            "--db",
            db,
            "--schema",
            "ucdp",
            "--format",
            "parquet",
            "-o",
            str(ucdp),
        ],
    )
    assert result.exit_code == 0, result.output
    assert set(UCDP_COLUMNS) <= set(pq.read_table(ucdp).column_names)
    plover = runner.invoke(cli, ["export", "events", "--db", db, "--schema", "plover"])
    records = [json.loads(line) for line in plover.output.splitlines()]
    assert records and all(r["event_type"] for r in records)
    geo = json.loads(
        runner.invoke(cli, ["export", "events", "--db", db, "--format", "geojson"]).output
    )
    assert geo["type"] == "FeatureCollection"
    points = [f for f in geo["features"] if f["geometry"]]
    assert points and all(len(f["geometry"]["coordinates"]) == 2 for f in points)
    native = [
        json.loads(x)
        for x in runner.invoke(cli, ["export", "events", "--db", db]).output.splitlines()
    ]
    assert len(native) == len(geo["features"])
    members = runner.invoke(cli, ["export", "event-members", "--db", db, "--format", "csv"]).output
    assert "copied" in members.splitlines()[0]
    wrong = runner.invoke(cli, ["export", "articles", "--db", db, "--schema", "acled"])
    assert wrong.exit_code == 3 and "applies to events" in wrong.output
    no_geo = runner.invoke(cli, ["export", "quotes", "--db", db, "--format", "geojson"])
    assert no_geo.exit_code == 3 and "GeoJSON" in no_geo.output
