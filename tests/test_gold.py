from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import InputError, Reason, SourceNotFound
from eventwire.gold import read_gold


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
