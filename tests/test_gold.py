from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import ExitCode, GoldError, InputError, Reason, SourceNotFound
from eventwire.gold import CLUSTERS, EVENTS, GEO, QUOTES, TEXTS, TIMEX, GoldFormat, read_gold


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(text, "utf-8")
    return path


def test_records_in_order_with_limit_and_selection(tmp_path: Path) -> None:
    path = write(tmp_path, "".join(f'{{"id": {i}, "text": "t{i}"}}\n' for i in range(6)) + "\n")
    assert [r["id"] for r in read_gold(path)] == [0, 1, 2, 3, 4, 5]
    assert [r["id"] for r in read_gold(path, limit=2)] == [0, 1]
    assert [r["id"] for r in read_gold(path, keep=lambda i: i % 2 == 1, limit=2)] == [1, 3]


def test_errors_name_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound, match=r"none\.jsonl"):
        list(read_gold(tmp_path / "none.jsonl"))
    path = write(tmp_path, '{"text": "ok"}\n{"text": \n')
    with pytest.raises(InputError, match=r"gold\.jsonl:2: not a JSON object") as info:
        list(read_gold(path))
    assert info.value.reason == Reason.MALFORMED_JSON
    path = write(tmp_path, '{"text": "ok"}\n["a list"]\n')
    with pytest.raises(InputError, match=r"gold\.jsonl:2: a record needs the fields text"):
        list(read_gold(path))


# --------------------------------------------------------------------------- formats and checks

VALID: dict[GoldFormat, dict[str, Any]] = {
    TIMEX: {
        "id": "t1",
        "text": "On Monday.",
        "dct": "2026-03-11",
        "timexes": [{"start": 3, "end": 9, "type": "DATE", "value": "2026-03-09"}],
    },
    QUOTES: {
        "id": "q1",
        "text": "He said so.",
        "attributions": [
            {"content": {"start": 8, "end": 10}, "source": {"start": 0, "end": 2}, "cue": None}
        ],
    },
    GEO: {
        "id": "g1",
        "text": "In Mosul.",
        "toponyms": [{"start": 3, "end": 8, "name": "Mosul", "lat": 36, "lon": 43.1}],
    },
    CLUSTERS: {"id": 7, "text": "x", "cluster": "c", "published": "2026-03-11", "topic": None},
    EVENTS: {"id": "e1", "text": "x", "taxonomy": "acled", "labels": [], "extra": None},
    TEXTS: {"id": "s1", "text": "x"},
}


def lines(*records: Any) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


@pytest.mark.parametrize("fmt", list(VALID), ids=lambda f: f.name)
def test_valid_records_of_every_format(tmp_path: Path, fmt: GoldFormat) -> None:
    path = write(tmp_path, lines(VALID[fmt], VALID[fmt]))
    assert list(read_gold(path, fmt)) == [VALID[fmt], VALID[fmt]]


@pytest.mark.parametrize(
    ("fmt", "change", "reason", "message"),
    [
        (TIMEX, {"dct": "2026-02-30"}, Reason.BAD_FIELD, "dct must be a date"),
        (TIMEX, {"timexes": [{"start": 1, "end": True, "type": "DATE"}]}, Reason.BAD_FIELD, "end"),
        (QUOTES, {"attributions": [{"cue": None}]}, Reason.BAD_FIELD, "needs the field content"),
        (GEO, {"toponyms": None}, Reason.BAD_FIELD, "toponyms must be a list, not null"),
        (GEO, {"id": 1.5}, Reason.BAD_FIELD, "id must be a string or an integer, not 1.5"),
        (CLUSTERS, {"title": 3}, Reason.BAD_FIELD, "title must be a string, not 3"),
        (EVENTS, {"taxonomy": "cameo"}, Reason.BAD_FIELD, "must be one of plover, acled"),
        (EVENTS, {"extra": []}, Reason.BAD_FIELD, "extra must be an object, not []"),
        (TEXTS, {"text": None}, Reason.BAD_FIELD, "text must be a string, not null"),
    ],
)
def test_wrong_types_name_the_field_and_line(
    tmp_path: Path, fmt: GoldFormat, change: dict[str, Any], reason: Reason, message: str
) -> None:
    path = write(tmp_path, lines(VALID[fmt], VALID[fmt] | change))
    with pytest.raises(GoldError, match=re.escape(message)) as info:
        list(read_gold(path, fmt))
    assert str(info.value).startswith(f"{path}:2: ")
    assert info.value.reason == reason and info.value.locator == "line 2"


def test_missing_fields_and_a_file_of_another_task(tmp_path: Path) -> None:
    path = write(tmp_path, lines(VALID[QUOTES]))
    with pytest.raises(GoldError) as info:
        list(read_gold(path, GEO))
    assert str(info.value) == (
        f"{path}:1: a geo record needs the fields id, text, toponyms; missing: toponyms "
        "(it looks like a quotes record)"
    )
    assert info.value.reason == Reason.MISSING_FIELD
    path = write(tmp_path, lines({"id": "x"}))
    with pytest.raises(GoldError, match=r"an events record .*; missing: text, taxonomy, labels$"):
        list(read_gold(path, EVENTS))


def test_text_encoding_binary_and_empty_files(tmp_path: Path) -> None:
    cases = [
        (b'{"text": "caf\xe9"}\n', Reason.ENCODING, ":1: not UTF-8 text at byte 14"),
        (b'{"text": "ok"}\n\x00\x01\n', Reason.BINARY, ":2: binary data"),
        (b"", Reason.EMPTY, ": no records: the file is empty"),
        (b"\n  \n", Reason.EMPTY, ": no records"),
        (b"42\n", Reason.MALFORMED_JSON, ":1: a record needs the fields text; this line holds a"),
    ]
    path = tmp_path / "gold.jsonl"
    for content, reason, message in cases:
        path.write_bytes(content)
        with pytest.raises(GoldError, match=re.escape(f"{path}{message}")) as info:
            list(read_gold(path))
        assert info.value.reason == reason


def test_one_value_per_file(tmp_path: Path) -> None:
    plover = VALID[EVENTS] | {"taxonomy": "plover"}
    path = write(tmp_path, lines(plover, plover, VALID[EVENTS]))
    assert len(list(read_gold(path, EVENTS, limit=2))) == 2
    with pytest.raises(GoldError, match=r":3: records mix taxonomies: .*\"plover\" on line 1"):
        list(read_gold(path, EVENTS))


def test_skipped_records_are_checked_and_the_limit_stops_reading(tmp_path: Path) -> None:
    path = write(tmp_path, lines(VALID[TEXTS], {"id": "2"}, VALID[TEXTS]) + "{broken\n")
    with pytest.raises(GoldError, match=r":2: a text record needs"):
        list(read_gold(path, TEXTS, keep=lambda i: i % 2 == 0))
    assert len(list(read_gold(path, TEXTS, limit=1))) == 1


def test_gold_errors_are_input_errors_and_value_errors() -> None:
    error = GoldError(Reason.EMPTY, "gold.jsonl: no records")
    assert isinstance(error, InputError) and isinstance(error, ValueError)
    assert error.exit_code == ExitCode.BAD_INPUT
