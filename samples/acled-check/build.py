"""Turn ``snippets.tsv`` into ``snippets.jsonl`` (the ``events`` gold format of
``../shared/data/FORMATS.md``, taxonomy ``acled`` with CASE 2021 fine-grained codes).

    python samples/acled-check/build.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    rows = [
        line.split("\t")
        for line in (HERE / "snippets.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    with (HERE / "snippets.jsonl").open("w", encoding="utf-8") as out:
        for doc_id, code, text in rows:
            record = {
                "id": doc_id,
                "text": text,
                "taxonomy": "acled",
                "labels": [code],
                "extra": {},
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(rows)} snippets")


if __name__ == "__main__":
    main()
