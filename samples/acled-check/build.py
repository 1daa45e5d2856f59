"""Turn a folder's ``snippets.tsv`` into ``snippets.jsonl`` (the ``events`` gold format of
``../shared/data/FORMATS.md``, taxonomy ``acled`` with CASE 2021 fine-grained codes).

    python samples/acled-check/build.py [FOLDER ...]

Default: this folder. The training snippets (``samples/acled-train``) and the held-out ones
(``samples/acled-heldout``) are built the same way.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def build(folder: Path) -> int:
    rows = [
        line.split("\t")
        for line in (folder / "snippets.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    with (folder / "snippets.jsonl").open("w", encoding="utf-8") as out:
        for doc_id, code, text in rows:
            record = {
                "id": doc_id,
                "text": text,
                "taxonomy": "acled",
                "labels": [code],
                "extra": {},
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(rows)


def main() -> None:
    for folder in [Path(a) for a in sys.argv[1:]] or [HERE]:
        print(f"{folder}: {build(folder)} snippets")


if __name__ == "__main__":
    main()
