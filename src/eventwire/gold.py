"""Reading gold files: the JSON Lines formats of ``shared/data/FORMATS.md``.

Every ``eval`` command reads its gold file through :func:`read_gold` with the file's
:class:`GoldFormat` (:data:`TIMEX`, :data:`QUOTES`, :data:`GEO`, :data:`CLUSTERS`, :data:`EVENTS`,
or :data:`TEXTS` for the source texts of ``eval copies``). Each record is checked once, as it is
read: it must be a JSON object on one UTF-8 line, with every required field of its format, each
of the right type, down to the items of its lists (``timexes[2].start must be an integer``).
A file with no record, or whose records mix values that must be one per file (the ``taxonomy``
of an events file), cannot be scored either. A gold file of another task fails on the first
field it lacks (a quotes file has no ``toponyms``), and the message says which format the record
looks like.

Every problem raises :class:`~eventwire.errors.GoldError`, whose message names the file, the
line and what is wrong (``gold.jsonl:3: ...``), so it reads the same in every command; the CLI
prints it on one line and exits with code 7.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from eventwire.errors import GoldError, Reason, SourceNotFound

__all__ = [
    "CLUSTERS",
    "COREF",
    "EVENTS",
    "EVENT_TAXONOMIES",
    "GEO",
    "QUOTES",
    "TEXTS",
    "TEXT_ONLY",
    "TIMEX",
    "Field",
    "GoldFormat",
    "Kind",
    "read_gold",
]


class Kind(Enum):
    """The JSON value a field holds; the value is how messages name it."""

    STRING = "a string"
    INTEGER = "an integer"
    NUMBER = "a number"
    ID = "a string or an integer"
    DATE = "a date (YYYY-MM-DD)"
    DATETIME = "an ISO 8601 date or time"
    LIST = "a list"
    OBJECT = "an object"


@dataclass(frozen=True, kw_only=True, slots=True)
class Field:
    """One field of a gold record (or of an object inside it).

    ``fields`` are the fields of an ``OBJECT``; ``items`` describes each item of a ``LIST``.
    ``one_per_file`` names the field's values (``"taxonomies"``) when every record of a file must
    hold the same value.
    """

    name: str
    kind: Kind
    required: bool = True
    nullable: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    items: Field | None = None
    one_per_file: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class GoldFormat:
    """The record format of one task's gold files."""

    name: str
    fields: tuple[Field, ...]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


def _list_of(name: str, *fields: Field) -> Field:
    """A required list of objects with ``fields``."""
    return Field(name=name, kind=Kind.LIST, items=Field(name="", kind=Kind.OBJECT, fields=fields))


def _integer(name: str) -> Field:
    return Field(name=name, kind=Kind.INTEGER)


def _span(name: str, *, required: bool = True) -> Field:
    """A ``{"start": int, "end": int}`` object; an optional one may also be null."""
    return Field(
        name=name,
        kind=Kind.OBJECT,
        required=required,
        nullable=not required,
        fields=(_integer("start"), _integer("end")),
    )


def _optional(name: str, kind: Kind) -> Field:
    """A field that may be absent or null."""
    return Field(name=name, kind=kind, required=False, nullable=True)


_ID = Field(name="id", kind=Kind.ID)
_TEXT = Field(name="text", kind=Kind.STRING)

#: The taxonomies ``eval events`` scores (``predict_labels``).
EVENT_TAXONOMIES = ("plover", "acled", "police", "protest", "muc4")

#: Any JSON Lines file whose records have a ``text``.
TEXT_ONLY = GoldFormat(name="", fields=(_TEXT,))

#: Source texts (``eval copies``): any file whose records have an ``id`` and a ``text``.
TEXTS = GoldFormat(name="text", fields=(_ID, _TEXT))

TIMEX = GoldFormat(
    name="timex",
    fields=(
        _ID,
        _TEXT,
        Field(name="dct", kind=Kind.DATE),
        _list_of(
            "timexes",
            _integer("start"),
            _integer("end"),
            Field(name="type", kind=Kind.STRING),
            _optional("value", Kind.STRING),
        ),
    ),
)

QUOTES = GoldFormat(
    name="quotes",
    fields=(
        _ID,
        _TEXT,
        _list_of(
            "attributions",
            _span("content"),
            _span("source", required=False),
            _span("cue", required=False),
            _optional("kind", Kind.STRING),
        ),
    ),
)

GEO = GoldFormat(
    name="geo",
    fields=(
        _ID,
        _TEXT,
        _list_of(
            "toponyms",
            _integer("start"),
            _integer("end"),
            Field(name="name", kind=Kind.STRING),
            Field(name="lat", kind=Kind.NUMBER),
            Field(name="lon", kind=Kind.NUMBER),
            _optional("geonameid", Kind.INTEGER),
            _optional("type", Kind.STRING),
        ),
    ),
)

CLUSTERS = GoldFormat(
    name="clusters",
    fields=(
        _ID,
        _TEXT,
        Field(name="cluster", kind=Kind.ID),
        _optional("title", Kind.STRING),
        _optional("published", Kind.DATETIME),
        _optional("topic", Kind.ID),
    ),
)

COREF = GoldFormat(
    name="coref",
    fields=(
        _ID,
        _TEXT,
        _optional("published", Kind.DATETIME),
        _optional("topic", Kind.ID),
        _optional("cluster", Kind.ID),
        _list_of(
            "mentions",
            _integer("start"),
            _integer("end"),
            Field(name="kind", kind=Kind.STRING, choices=("event", "entity")),
            Field(name="chain", kind=Kind.ID),
            _optional("type", Kind.STRING),
        ),
    ),
)

EVENTS = GoldFormat(
    name="events",
    fields=(
        _ID,
        _TEXT,
        Field(
            name="taxonomy",
            kind=Kind.STRING,
            choices=EVENT_TAXONOMIES,
            one_per_file="taxonomies",
        ),
        Field(name="labels", kind=Kind.LIST, items=Field(name="", kind=Kind.STRING)),
        Field(
            name="extra",
            kind=Kind.OBJECT,
            required=False,
            nullable=True,
            fields=(
                Field(
                    name="same_text_other_labels",
                    kind=Kind.LIST,
                    required=False,
                    nullable=True,
                    items=Field(name="", kind=Kind.STRING),
                ),
            ),
        ),
    ),
)

# The task formats, in the order a record of unknown origin is compared with them.
_TASKS = (TIMEX, QUOTES, GEO, CLUSTERS, EVENTS)


def _iso(parse: Callable[[str], object], value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _is(kind: Kind, value: Any) -> bool:
    integer = isinstance(value, int) and not isinstance(value, bool)
    if kind is Kind.STRING:
        return isinstance(value, str)
    if kind is Kind.INTEGER:
        return integer
    if kind is Kind.NUMBER:
        return integer or isinstance(value, float)
    if kind is Kind.ID:
        return integer or isinstance(value, str)
    if kind is Kind.DATE:
        return isinstance(value, str) and _iso(date.fromisoformat, value)
    if kind is Kind.DATETIME:
        return isinstance(value, str) and _iso(datetime.fromisoformat, value)
    if kind is Kind.LIST:
        return isinstance(value, list)
    return isinstance(value, dict)


def _show(value: Any) -> str:
    """A value as it would be written in the file, shortened."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _field_problem(value: Any, field: Field, where: str) -> str | None:
    """What is wrong with ``value`` as ``field`` (``where`` names it in the message), or None."""
    if value is None:
        return None if field.nullable else f"{where} must be {field.kind.value}, not null"
    if not _is(field.kind, value):
        return f"{where} must be {field.kind.value}, not {_show(value)}"
    if field.choices and value not in field.choices:
        return f"{where} must be one of {', '.join(field.choices)}, not {_show(value)}"
    if field.kind is Kind.OBJECT:
        return _object_problem(value, field.fields, where)
    if field.items is not None:
        for i, item in enumerate(value):
            problem = _field_problem(item, field.items, f"{where}[{i}]")
            if problem:
                return problem
    return None


def _object_problem(obj: dict[str, Any], fields: tuple[Field, ...], where: str) -> str | None:
    missing = [f.name for f in fields if f.required and f.name not in obj]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        return f"{where} needs the field{plural} {', '.join(missing)}"
    for field in fields:
        if field.name in obj:
            name = f"{where}.{field.name}" if where else field.name
            problem = _field_problem(obj[field.name], field, name)
            if problem:
                return problem
    return None


def _looks_like(record: dict[str, Any], fmt: GoldFormat) -> str:
    """`` (it looks like a quotes record)`` when ``record`` has what another task needs."""
    for other in _TASKS:
        if other is not fmt and all(name in record for name in other.required):
            return f" (it looks like a {other.name} record)"
    return ""


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, str):
        return "a JSON string"
    if value is None:
        return "null"
    return "a JSON number or boolean"


class _Checker:
    """Checks the records of one file, in order, against ``fmt``."""

    def __init__(self, path: Path, fmt: GoldFormat) -> None:
        self.path = path
        self.fmt = fmt
        article = "an" if fmt.name.startswith(("a", "e", "i", "o", "u")) else "a"
        self.needs = f"{article} {fmt.name} record" if fmt.name else "a record"
        self.first: dict[str, tuple[Any, int]] = {}

    def error(self, reason: Reason, lineno: int, problem: str) -> GoldError:
        return GoldError(reason, f"{self.path}:{lineno}: {problem}", locator=f"line {lineno}")

    def record(self, raw: bytes, lineno: int) -> dict[str, Any] | None:
        """The record on one line, or None for a blank line."""
        if b"\x00" in raw:
            raise self.error(Reason.BINARY, lineno, "binary data (NUL bytes), not JSON Lines")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise self.error(
                Reason.ENCODING,
                lineno,
                f"not UTF-8 text at byte {e.start + 1} of the line (a binary file?)",
            ) from e
        if not line.strip():
            return None
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise self.error(Reason.MALFORMED_JSON, lineno, f"not a JSON object ({e.msg})") from e
        fields = ", ".join(self.fmt.required)
        if not isinstance(record, dict):
            raise self.error(
                Reason.MALFORMED_JSON,
                lineno,
                f"{self.needs} needs the fields {fields}; this line holds {_json_kind(record)}",
            )
        missing = [name for name in self.fmt.required if name not in record]
        if missing:
            raise self.error(
                Reason.MISSING_FIELD,
                lineno,
                f"{self.needs} needs the fields {fields}; missing: {', '.join(missing)}"
                + _looks_like(record, self.fmt),
            )
        problem = _object_problem(record, self.fmt.fields, "")
        if problem:
            raise self.error(Reason.BAD_FIELD, lineno, problem)
        self.check_one_per_file(record, lineno)
        return record

    def check_one_per_file(self, record: dict[str, Any], lineno: int) -> None:
        for field in self.fmt.fields:
            if not field.one_per_file or field.name not in record:
                continue
            value = record[field.name]
            first, first_line = self.first.setdefault(field.name, (value, lineno))
            if value != first:
                raise self.error(
                    Reason.BAD_FIELD,
                    lineno,
                    f"records mix {field.one_per_file}: {field.name} {_show(value)} here, "
                    f"{_show(first)} on line {first_line}",
                )


def read_gold(
    path: Path,
    fmt: GoldFormat = TEXT_ONLY,
    *,
    limit: int | None = None,
    keep: Callable[[int], bool] | None = None,
) -> Iterator[dict[str, Any]]:
    """The records of a gold JSON Lines file in format ``fmt``, in order, each checked as read.

    ``keep(i)``, given the 0-based record number, selects records (e.g. even ones for a
    development half; the others are checked all the same); ``limit`` stops after that many kept
    records, before reading further lines. Blank lines are skipped. Raises
    :class:`~eventwire.errors.SourceNotFound` for a file that cannot be opened and
    :class:`~eventwire.errors.GoldError` for one that cannot be scored (see the module docstring).
    """
    try:
        handle = path.open("rb")
    except OSError as e:
        raise SourceNotFound(f"gold file {path} cannot be read: {e.strerror or e}") from e
    checker = _Checker(path, fmt)
    with handle:
        number = kept = 0
        for lineno, raw in enumerate(handle, 1):
            if limit is not None and kept >= limit:
                return
            record = checker.record(raw, lineno)
            if record is None:
                continue
            number += 1
            if keep is not None and not keep(number - 1):
                continue
            kept += 1
            yield record
    if number == 0:
        raise GoldError(Reason.EMPTY, f"{path}: no records: the file is empty")
