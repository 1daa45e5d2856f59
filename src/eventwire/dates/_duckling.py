"""A thin, cached wrapper over Duckling (``pyduckling-native-phihos``).

Duckling parses English time and duration expressions against a reference time. It starts a
Haskell runtime when imported, so the import happens on first use. The time-zone database is
read from the system ``zoneinfo`` folder or, failing that, from the ``tzdata`` package.
"""

from __future__ import annotations

import functools
import logging
import zoneinfo
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["duckling_parse"]

logger = logging.getLogger(__name__)


def _zoneinfo_dir() -> str:
    for folder in zoneinfo.TZPATH:
        if (Path(folder) / "UTC").exists():
            return folder
    try:
        import tzdata  # type: ignore[import-untyped,import-not-found,unused-ignore]

        return str(Path(tzdata.__file__).parent / "zoneinfo")
    except ImportError:  # pragma: no cover - depends on the system
        return "/usr/share/zoneinfo"


@functools.lru_cache(maxsize=1)
def _runtime() -> tuple[Any, Any, Any]:
    import duckling  # type: ignore[import-untyped,unused-ignore]

    tz_db = duckling.load_time_zones(_zoneinfo_dir())
    locale = duckling.default_locale_lang(duckling.parse_lang("EN"))
    dims = duckling.parse_dimensions(["time", "duration"])
    logger.debug("duckling runtime ready")
    return tz_db, locale, dims


def duckling_parse(text: str, reference: datetime) -> list[dict[str, Any]]:
    """Duckling's time and duration entities in ``text``, resolved against ``reference``.

    ``reference`` is read as UTC when naive. Each entity is Duckling's JSON object
    (``body``, ``start``, ``end``, ``dim``, ``value``).
    """
    import duckling

    tz_db, locale, dims = _runtime()
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=UTC)
    ref = duckling.parse_ref_time(tz_db, "UTC", int(reference.timestamp()))
    context = duckling.Context(ref, locale)
    result: list[dict[str, Any]] = duckling.parse(text, context, dims, False)
    return result
