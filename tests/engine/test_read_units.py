"""Reading in units: JSON Lines parts read on their own give what the whole file gives, and the
sources are cut into units in the order the read stage reads them."""

from __future__ import annotations

import codecs
import gzip
import json
from itertools import pairwise
from pathlib import Path

from hypothesis import HealthCheck, assume, given
from hypothesis import settings as run_settings
from hypothesis import strategies as st

from eventwire.engine.reading import HereSource, ReadUnit, read_units
from eventwire.ingest import read_path
from eventwire.ingest.sources import jsonl_parts, read_jsonl_part
from eventwire.settings import Settings, load_settings

BASE = load_settings(environ={})
BODY = "Police in Varnos said on Monday that three people were hurt when a bridge gave way."

#: Lines of every kind a JSON Lines file can hold: records, blank lines, broken JSON, a record
#: with no text, one over the record cap (200 bytes below), text that is not UTF-8.
LINES = st.sampled_from(
    [
        json.dumps({"text": BODY, "url": "https://a.example/1"}).encode(),
        json.dumps({"text": BODY + " Again.", "title": "Bridge"}).encode(),
        b"",
        b"   ",
        b"{not json",
        json.dumps({"title": "no text"}).encode(),
        json.dumps({"text": BODY * 3}).encode(),
        json.dumps({"text": "caf\xe9 " + BODY}).encode("latin-1"),
    ]
)


def _settings() -> Settings:
    return BASE.replace(ingest={"max_record_bytes": 200})


def _parts_read(path: Path, part_bytes: int, settings: Settings) -> list[object]:
    out: list[object] = []
    for start, end, first_line in jsonl_parts(path, part_bytes):
        out += read_jsonl_part(path, start=start, end=end, first_line=first_line, settings=settings)
    return out


@run_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(LINES, min_size=1, max_size=30),
    bom=st.booleans(),
    last_newline=st.booleans(),
    part_bytes=st.integers(1, 400),
)
def test_parts_read_alone_give_what_the_whole_file_gives(
    tmp_path: Path, lines: list[bytes], bom: bool, last_newline: bool, part_bytes: int
) -> None:
    data = (codecs.BOM_UTF8 if bom else b"") + b"\n".join(lines) + (b"\n" if last_newline else b"")
    assume(data)  # an empty file is rejected whole, never cut
    path = tmp_path / "parts.jsonl"
    path.write_bytes(data)
    settings = _settings()
    parts = jsonl_parts(path, part_bytes)
    # the parts tile the file, each ends at a line end (or the file's end)
    assert parts[0][0] == 0 and parts[-1][1] == len(data)
    for (_, end, _), (start, _, first_line) in pairwise(parts):
        assert end == start and data[end - 1 : end] == b"\n"
        assert first_line == data[:start].count(b"\n")
    assert _parts_read(path, part_bytes, settings) == list(read_path(path, settings=settings))


def test_a_long_file_is_cut_and_read_with_its_own_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    records = [json.dumps({"text": f"{BODY} Report {i}."}) for i in range(50)]
    records[31] = "{broken"
    path.write_text("\n".join(records) + "\n", "utf-8")
    settings = BASE
    parts = jsonl_parts(path, 1000)
    assert len(parts) == 5
    got = _parts_read(path, 1000, settings)
    whole = list(read_path(path, settings=settings))
    assert got == whole and len(got) == 50
    assert [r.locator for r in got][31] == "line 32"


def test_sources_become_units_in_the_order_they_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "b").mkdir(parents=True)
    for name in ("a.txt", "b/c.html", "b/d.txt", "e.warc.gz"):
        (folder / name).write_text(BODY * 2, "utf-8")
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(json.dumps({"text": BODY}) for _ in range(40)) + "\n", "utf-8")
    packed = tmp_path / "packed.jsonl.gz"
    packed.write_bytes(gzip.compress(big.read_bytes()))
    settings = BASE.replace(engine={"read_part_bytes": 400})
    sources = [str(folder), "-", str(big), "https://news.example/a", str(packed)]
    units = list(read_units(sources, settings))
    files = [u for u in units if isinstance(u, ReadUnit) and u.part is None]
    # files in the folder's sorted order, grouped while under 400 bytes (each is 168 bytes)
    assert [list(u.sources) for u in files[:2]] == [
        [str(folder / "a.txt"), str(folder / "b" / "c.html"), str(folder / "b" / "d.txt")],
        [str(folder / "e.warc.gz")],
    ]
    assert units[2] == HereSource("-")
    big_parts = [u for u in units if isinstance(u, ReadUnit) and u.part is not None]
    assert len(big_parts) > 3 and {u.sources for u in big_parts} == {(str(big),)}
    assert units[3 + len(big_parts)] == HereSource("https://news.example/a")
    # a compressed file is never cut
    assert units[-1] == ReadUnit((str(packed),))
    # without splitting (another read stage), the large file is one unit
    assert ReadUnit((str(big),)) in list(read_units(sources, settings, split=False))
