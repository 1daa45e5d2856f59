"""Every precision code a place can carry is explained in docs/codebook.md."""

from __future__ import annotations

import re
from pathlib import Path

from eventwire.records import Precision

CODEBOOK = Path(__file__).resolve().parents[2] / "docs" / "codebook.md"


def test_every_precision_code_is_in_the_codebook() -> None:
    doc = CODEBOOK.read_text("utf-8")
    section = re.search(r"^## places\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    assert section, "docs/codebook.md has no section '## places'"
    row = next(line for line in section.group(1).splitlines() if line.startswith("| `precision`"))
    missing = [p.value for p in Precision if f"`{p.value}`" not in row]
    assert not missing, f"precision codes missing from docs/codebook.md: {missing}"
