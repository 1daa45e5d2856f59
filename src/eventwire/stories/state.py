"""The story clusterer's state as plain data, and its checked reading.

:class:`StoryState` and :class:`Member` are the records the clusterer keeps per open story
(:class:`eventwire.stories.cluster.StoryClusterer`); each turns into JSON-ready data and back.
A saved state comes from a store file, which may come from anyone: it is read as data only
(``json``, never ``pickle``), and every value is checked for its type before the clusterer
takes it (:meth:`eventwire.stories.cluster.StoryClusterer.from_dict`). Anything unexpected
raises :class:`StateError`, and the caller rebuilds the state instead (a replay).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime
from typing import Any

from eventwire.stories.vectors import Vector

__all__ = [
    "Member",
    "StateError",
    "StoryState",
    "counts",
    "integer",
    "items",
    "labels",
    "moment",
    "number",
    "obj",
    "optional_text",
    "settings",
    "text",
    "texts",
    "weights",
]


class StateError(ValueError):
    """A saved state that cannot be used."""


def obj(value: object, what: str) -> dict[str, Any]:
    """``value`` as a JSON object."""
    if not isinstance(value, dict):
        raise StateError(f"{what}: expected an object")
    return value


def items(value: object, what: str) -> list[Any]:
    """``value`` as a JSON array."""
    if not isinstance(value, list):
        raise StateError(f"{what}: expected an array")
    return value


def text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise StateError(f"{what}: expected a string")
    return value


def optional_text(value: object, what: str) -> str | None:
    return None if value is None else text(value, what)


def integer(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise StateError(f"{what}: expected an integer")
    return value


def number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StateError(f"{what}: expected a number")
    return float(value)


def texts(value: object, what: str) -> list[str]:
    return [text(v, what) for v in items(value, what)]


def weights(value: object, what: str) -> dict[str, float]:
    """A JSON object of numbers, in its order."""
    return {k: number(v, what) for k, v in obj(value, what).items()}


def counts(value: object, what: str) -> dict[str, int]:
    """A JSON object of integers, in its order."""
    return {k: integer(v, what) for k, v in obj(value, what).items()}


def labels(value: object, what: str) -> dict[str, str]:
    """A JSON object of strings, in its order."""
    return {k: text(v, what) for k, v in obj(value, what).items()}


def moment(value: object, what: str) -> datetime | None:
    """An ISO 8601 time with its UTC offset, or None."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(text(value, what))
    except ValueError as e:
        raise StateError(f"{what}: {e}") from e
    if when.tzinfo is None:
        raise StateError(f"{what}: a time without its UTC offset")
    return when


def settings(cls: type[Any], value: object, what: str) -> Any:
    """A frozen settings dataclass ``cls`` (every field with a default) from a JSON object
    holding exactly its fields; nested settings are read the same way."""
    data = obj(value, what)
    default = cls()
    names = [f.name for f in fields(cls)]
    if sorted(data) != sorted(names):
        raise StateError(f"{what}: expected the fields {', '.join(names)}")
    values: dict[str, Any] = {}
    for name in names:
        known = getattr(default, name)
        where = f"{what}.{name}"
        if is_dataclass(known):
            values[name] = settings(type(known), data[name], where)
        elif isinstance(known, bool):
            if not isinstance(data[name], bool):
                raise StateError(f"{where}: expected true or false")
            values[name] = data[name]
        elif isinstance(known, float):
            values[name] = number(data[name], where)
        elif isinstance(known, int):
            values[name] = integer(data[name], where)
        elif isinstance(known, str):
            values[name] = text(data[name], where)
        else:
            raise StateError(f"{where}: a field of an unknown type")
    return cls(**values)


def _time_text(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(kw_only=True)
class StoryState:
    """One open story of the clusterer: its articles, time range, term weights and members."""

    id: str
    article_ids: list[str]
    first: datetime | None
    last: datetime | None
    title: str | None
    centroid: dict[str, float] = field(default_factory=dict)
    event: dict[str, float] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    members: list[Member] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_ids": list(self.article_ids),
            "first": _time_text(self.first),
            "last": _time_text(self.last),
            "title": self.title,
            "centroid": dict(self.centroid),
            "event": dict(self.event),
            "keys": sorted(self.keys),
            "members": [m.to_dict() for m in self.members],
        }

    @classmethod
    def from_dict(cls, value: object) -> StoryState:
        data = obj(value, "story")
        return cls(
            id=text(data.get("id"), "story.id"),
            article_ids=texts(data.get("article_ids"), "story.article_ids"),
            first=moment(data.get("first"), "story.first"),
            last=moment(data.get("last"), "story.last"),
            title=optional_text(data.get("title"), "story.title"),
            centroid=weights(data.get("centroid"), "story.centroid"),
            event=weights(data.get("event"), "story.event"),
            keys=set(texts(data.get("keys"), "story.keys")),
            members=[Member.from_dict(m) for m in items(data.get("members"), "members")],
        )


@dataclass(kw_only=True)
class Member:
    """One member article of a story, as the clusterer scores against it."""

    counts: dict[str, int]
    kinds: dict[str, str]
    title_terms: set[str]
    vector: Vector
    weighed_at: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "kinds": dict(self.kinds),
            "title_terms": sorted(self.title_terms),
            "vector": dict(self.vector),
            "weighed_at": self.weighed_at,
        }

    @classmethod
    def from_dict(cls, value: object) -> Member:
        data = obj(value, "member")
        return cls(
            counts=counts(data.get("counts"), "member.counts"),
            kinds=labels(data.get("kinds"), "member.kinds"),
            title_terms=set(texts(data.get("title_terms"), "member.title_terms")),
            vector=weights(data.get("vector"), "member.vector"),
            weighed_at=integer(data.get("weighed_at"), "member.weighed_at"),
        )
