"""Turn ``articles.txt`` (inline markup, see its header) into ``quotes.jsonl`` (the ``quotes``
gold format of ``../shared/data/FORMATS.md``).

    python samples/quotes-check/build.py [FOLDER ...]

Default: this folder; ``samples/quotes-check-2`` is built the same way.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
TAG = re.compile(r"<(/?)([sqc]):([\d,]+)>")
ROLE = {"s": "source", "q": "content", "c": "cue"}


def parse(block: str) -> tuple[str, dict[int, dict[str, dict[str, int]]]]:
    text, spans, open_at = [], {}, {}
    pos = 0
    for match in TAG.finditer(block):
        text.append(block[pos : match.start()])
        pos = match.end()
        offset = sum(map(len, text))
        closing, role, numbers = match.groups()
        for number in map(int, numbers.split(",")):
            if closing:
                start = open_at.pop((role, number))
                spans.setdefault(number, {})[ROLE[role]] = {"start": start, "end": offset}
            else:
                open_at[(role, number)] = offset
    text.append(block[pos:])
    if open_at:
        raise ValueError(f"unclosed tags {sorted(open_at)}")
    return "".join(text), spans


def build(folder: Path) -> str:
    source = (folder / "articles.txt").read_text(encoding="utf-8")
    body = "\n".join(line for line in source.splitlines() if not line.startswith("#"))
    records = []
    for chunk in body.split("=== ")[1:]:
        header, _, block = chunk.partition("\n")
        doc_id, kinds = header.split()
        kind = dict(item.split("=") for item in kinds.split(","))
        text, spans = parse(block.strip("\n") + "\n")
        attributions = []
        for number in sorted(spans):
            span = spans[number]
            attributions.append(
                {
                    "source": span.get("source"),
                    "cue": span.get("cue"),
                    "content": span["content"],
                    "kind": kind[str(number)],
                }
            )
        records.append({"id": doc_id, "text": text, "attributions": attributions})
    with (folder / "quotes.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return f"{len(records)} articles, {sum(len(r['attributions']) for r in records)} attributions"


def main() -> None:
    for folder in [Path(a) for a in sys.argv[1:]] or [HERE]:
        print(f"{folder}: {build(folder)}")


if __name__ == "__main__":
    main()
