"""Plain-text articles.

The whole file is the article. Its first line is taken as the title, and left out of the text,
when all of these hold: it is at most 200 characters long, it does not end with a full stop, it is
followed by a blank line, and text follows that blank line. Otherwise the title is None and the
text is the whole file. Line ends are normalised to ``\\n``; paragraphs keep their blank lines.
"""

from __future__ import annotations

from eventwire.errors import InputError
from eventwire.ingest.base import Item, make_document, rejection_from
from eventwire.ingest.decode import decode_bytes
from eventwire.settings import Settings

__all__ = ["read_text", "split_title"]

MAX_TITLE_CHARS = 200


def split_title(text: str) -> tuple[str | None, str]:
    """Split ``text`` into ``(title, body)`` by the rule in the module docstring."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    parts = text.strip("\n").split("\n", 2)
    if len(parts) == 3:
        first, blank, rest = parts[0].strip(), parts[1], parts[2].strip()
        if (
            first
            and len(first) <= MAX_TITLE_CHARS
            and not first.endswith(".")
            and not blank.strip()
            and rest
        ):
            return first, rest
    return None, text.strip()


def read_text(
    data: bytes,
    *,
    source: str,
    settings: Settings,
    locator: str | None = None,
    source_format: str = "text",
    declared_charset: str | None = None,
    url: str | None = None,
) -> Item:
    """Read one plain-text article from its bytes."""
    try:
        text = decode_bytes(data, declared=declared_charset)
    except InputError as e:
        return rejection_from(e, source, locator)
    title, body = split_title(text)
    return make_document(
        body,
        settings=settings,
        source=source,
        source_format=source_format,
        locator=locator,
        title=title,
        url=url,
    )
