"""Reading gold files: the JSON Lines formats of ``shared/data/FORMATS.md``.

Every ``eval`` command reads its gold file through :func:`read_gold`, so a missing file or a
broken line gives the same clear error everywhere: the file, the line and what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import InputError, Reason, SourceNotFound

__all__ = ["read_gold"]


def read_gold(
    path: Path,
    *,
    fields: Sequence[str] = ("text",),
    limit: int | None = None,
    keep: Callable[[int], bool] | None = None,
) -> Iterator[dict[str, Any]]:
    """The records of a gold JSON Lines file, in order.

    Each record must be a JSON object with every key of ``fields``; ``keep(i)``, given the
    0-based record number, selects records (e.g. even ones for a development half); ``limit``
    stops after that many kept records. Blank lines are skipped.
    """
    try:
        handle = path.open(encoding="utf-8")
    except OSError as e:
        raise SourceNotFound(f"gold file {path} cannot be read: {e.strerror or e}") from e
    with handle:
        index = kept = 0
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            number, index = index, index + 1
            if keep is not None and not keep(number):
                continue
            if limit is not None and kept >= limit:
                return
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(
                    Reason.MALFORMED_JSON,
                    f"{path}:{lineno}: not a JSON object ({e.msg})",
                    locator=f"line {lineno}",
                ) from e
            if not isinstance(record, dict) or any(f not in record for f in fields):
                raise InputError(
                    Reason.MISSING_FIELD,
                    f"{path}:{lineno}: a record needs the fields {', '.join(fields)}",
                    locator=f"line {lineno}",
                )
            kept += 1
            yield record
