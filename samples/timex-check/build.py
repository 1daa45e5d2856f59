"""Turn ``texts.txt`` (inline markup, see its header) into ``timex.jsonl`` (the ``timex`` gold
format of ``../shared/data/FORMATS.md``).

    python samples/timex-check/build.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
MARK = re.compile(r"\[([^\[\]|]+)\|(DATE|TIME|DURATION|SET)\|([^\]|]+)\]")


def parse(block: str) -> tuple[str, list[dict[str, object]]]:
    text: list[str] = []
    timexes: list[dict[str, object]] = []
    pos = 0
    for match in MARK.finditer(block):
        text.append(block[pos : match.start()])
        start = sum(map(len, text))
        words, kind, value = match.groups()
        text.append(words)
        timexes.append({"start": start, "end": start + len(words), "type": kind, "value": value})
        pos = match.end()
    text.append(block[pos:])
    return "".join(text), timexes


def main() -> None:
    source = (HERE / "texts.txt").read_text(encoding="utf-8")
    body = "\n".join(line for line in source.splitlines() if not line.startswith("#"))
    records = []
    for chunk in body.split("=== ")[1:]:
        header, _, block = chunk.partition("\n")
        doc_id, dct = header.split()
        text, timexes = parse(block.strip() + "\n")
        if "[" in text or "|" in text:
            raise ValueError(f"{doc_id}: malformed markup")
        records.append({"id": doc_id, "text": text, "dct": dct, "timexes": timexes})
    with (HERE / "timex.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} texts, {sum(len(r['timexes']) for r in records)} time expressions")


if __name__ == "__main__":
    main()
