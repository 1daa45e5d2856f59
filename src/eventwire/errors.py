"""Errors: one hierarchy, stable codes, and messages that name the fix.

Two kinds of failure exist:

* an **input** that cannot be used (an empty file, a broken JSON line, a truncated WARC) is not an
  exception that stops the run: readers yield a :class:`~eventwire.records.Rejection` with one of
  the :class:`Reason` codes below, the run records it and goes on;
* a **run** that cannot go on (a store that cannot be opened, a bad setting, a source that does not
  exist, a gold file that cannot be scored, an output that cannot be written) raises an
  :class:`EventwireError` subclass, which the CLI prints as one line (:func:`one_line`) and maps to
  an exit code.
"""

from __future__ import annotations

import re
from enum import IntEnum, StrEnum

__all__ = [
    "ConfigError",
    "EventwireError",
    "ExitCode",
    "GoldError",
    "InputError",
    "ModelError",
    "OutputError",
    "Reason",
    "SourceNotFound",
    "StoreError",
    "one_line",
]


class Reason(StrEnum):
    """Stable codes for rejected inputs. Documented in ``docs/errors.md``."""

    EMPTY = "empty"  # the file or record has no content
    TOO_LARGE = "too-large"  # over the documented size cap
    BINARY = "binary"  # not text (NUL bytes, a known binary signature)
    ENCODING = "encoding"  # bytes that decode in no plausible encoding
    MALFORMED_JSON = "malformed-json"  # a JSON Lines line that is not a JSON object
    MISSING_FIELD = "missing-field"  # a JSONL record without a usable ``text``
    BAD_FIELD = "bad-field"  # a field of the wrong type (e.g. a number as ``url``)
    MALFORMED_XML = "malformed-xml"  # a feed that does not parse
    MALFORMED_HTML = "malformed-html"  # HTML from which no text could be extracted
    NO_TEXT = "no-text"  # parsed, but holds no article text
    TRUNCATED = "truncated"  # a gzip/WARC archive that ends mid-record
    MALFORMED_WARC = "malformed-warc"  # a WARC that is not a WARC
    UNSUPPORTED = "unsupported"  # a file type eventwire does not read
    FETCH_FAILED = "fetch-failed"  # a URL that could not be fetched
    NOT_FOUND = "not-found"  # a named file or folder that does not exist
    UNREADABLE = "unreadable"  # permissions or I/O errors


class ExitCode(IntEnum):
    """Exit codes of the ``eventwire`` command. Documented in ``docs/cli.md``."""

    OK = 0
    REJECTED = 1  # with --strict: the run finished but some inputs were rejected
    USAGE = 2  # bad command line (click's own code)
    CONFIG = 3  # a setting or configuration file is invalid
    STORE = 4  # the store could not be opened, migrated or written
    MODEL = 5  # the NLP model could not be loaded
    NO_INPUT = 6  # none of the named sources exists
    BAD_INPUT = 7  # a named input file cannot be used (a gold file: malformed, empty, other format)
    CANNOT_WRITE = 8  # an output file cannot be written (no such folder, read-only, disk full)
    WORKER_DIED = 9  # a parsing worker process died (killed, out of memory); batches kept
    INTERRUPTED = 130


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""

    exit_code: ExitCode = ExitCode.USAGE


class ConfigError(EventwireError):
    exit_code = ExitCode.CONFIG


class StoreError(EventwireError):
    exit_code = ExitCode.STORE


class ModelError(EventwireError):
    exit_code = ExitCode.MODEL


class WorkerDied(EventwireError):
    """A worker process of a multi-process parse died; the run stops instead of waiting for it."""

    exit_code = ExitCode.WORKER_DIED


class SourceNotFound(EventwireError):
    exit_code = ExitCode.NO_INPUT


class OutputError(EventwireError):
    """An output file that cannot be written: its folder is missing or read-only, the disk is
    full."""

    exit_code = ExitCode.CANNOT_WRITE


class InputError(EventwireError):
    """An input that cannot be used; carries its reason code and where it was found.

    Ingest readers raise it internally and turn it into a Rejection; it never ends an ingest run.
    """

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, reason: Reason, message: str, *, locator: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.locator = locator


class GoldError(InputError, ValueError):
    """A gold file that cannot be scored: the message names the file and, for a record, its line.

    It ends an ``eval`` run. Like :class:`json.JSONDecodeError` it is also a :class:`ValueError`:
    the file's content is an invalid argument of the ``evaluate_*`` functions.
    """


# DuckDB appends the SQL it failed on to its messages: ``LINE 1: SELECT ...`` and a ``^^^`` marker.
_SQL_EXCERPT = re.compile(r"\n+LINE \d+:[^\n]*\n[ \t]*\^+")


def one_line(message: str) -> str:
    """``message`` on one line: a DuckDB SQL excerpt is dropped, other line breaks become spaces,
    and other control and format characters are escaped (:func:`printable`)."""
    return printable(re.sub(r"\s*\n\s*", " ", _SQL_EXCERPT.sub("", message)).strip())


def printable(text: str) -> str:
    """``text`` safe to print on a terminal line: control characters (line breaks, escape
    sequences) and invisible format characters (right-to-left marks) written as ``\\xNN`` or
    ``\\uNNNN``, so that a file name or a title cannot fake lines or colours in the output."""
    if text.isprintable():
        return text
    out = []
    for c in text:
        if c.isprintable() or c == " ":
            out.append(c)
        else:
            code = ord(c)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)
