"""Events in the columns of other datasets: ACLED, UCDP GED and PLOVER.

Each function maps one row of the ``events`` export to a row of the other dataset's layout, with
its column names, so a file loads next to a real export without renaming. Columns that eventwire
cannot fill honestly (ACLED's actor types and interaction codes, UCDP's deaths by side) stay
empty. How each column is derived: ``docs/codebook.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

__all__ = ["SCHEMAS", "acled_row", "plover_record", "schema_applies", "ucdp_row"]

#: ACLED disorder type of each ACLED event type.
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_ACLED_GEO_PRECISION = {"point": 1, "district": 2, "admin1": 3, "country": 3, "region": 3}
_UCDP_DATE_PREC = {"day": 1, "week": 3, "month": 4, "year": 5}
_UCDP_WHERE_PREC = {"point": 1, "district": 3, "admin1": 4, "region": 5, "country": 6}


@functools.cache
def _country(alpha2: str | None) -> tuple[str | None, int | None]:
    """Country name and ISO 3166-1 numeric code of an alpha-2 code."""
    if not alpha2:
        return None, None
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2.upper())
    if country is None:
        return None, None
    return str(country.name), int(country.numeric)


def _day(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value else None


def _figure(e: dict[str, Any], kind: str, which: str) -> float | None:
    figure = e.get(kind)
    return figure.get(which) if figure else None


def _int(value: float | None) -> int | None:
    return None if value is None else round(value)


def acled_row(e: dict[str, Any]) -> dict[str, Any]:
    """An ACLED-style row (the columns of ACLED's export tool, in its order)."""
    name, numeric = _country(e["country_iso"])
    start = e["date_start"]
    first = e["first_published"]
    return {
        "event_id_cnty": e["event_id"],
        "event_date": _day(start),
        "year": start.year if isinstance(start, date) else None,
        "time_precision": _ACLED_TIME_PRECISION.get(e["date_precision"] or ""),
        "disorder_type": _DISORDER.get(e["acled_event_type"] or ""),
        "event_type": e["acled_event_type"],
        "sub_event_type": e["acled_sub_event_type"],
        "actor1": e["actor"],
        "assoc_actor_1": None,
        "inter1": None,
        "actor2": e["target"],
        "assoc_actor_2": None,
        "inter2": None,
        "interaction": None,
        "civilian_targeting": "Civilian targeting"
        if e["acled_event_type"] == "Violence against civilians"
        else None,
        "iso": numeric,
        "country": name,
        "admin1": e["admin1"],
        "admin2": e["admin2"],
        "location": e["place_name"],
        "latitude": e["lat"],
        "longitude": e["lon"],
        "geo_precision": _ACLED_GEO_PRECISION.get(e["place_precision"] or ""),
        "source": "; ".join(e["source_outlets"] or []) or None,
        "source_scale": None,
        "notes": e["first_sentence"],
        "fatalities": _int(_figure(e, "killed", "low")) or 0,
        "timestamp": int(first.replace(tzinfo=UTC).timestamp()) if first else None,
    }


def ucdp_row(e: dict[str, Any]) -> dict[str, Any]:
    """A UCDP GED-style row (the GED columns eventwire can derive)."""
    name, _ = _country(e["country_iso"])
    return {
        "id": e["event_id"],
        "date_start": _day(e["date_start"]),
        "date_end": _day(e["date_end"]),
        "date_prec": _UCDP_DATE_PREC.get(e["date_precision"] or ""),
        "type_of_violence": 3 if e["acled_event_type"] == "Violence against civilians" else None,
        "side_a": e["actor"],
        "side_b": e["target"],
        "where_prec": _UCDP_WHERE_PREC.get(e["place_precision"] or ""),
        "where_coordinates": e["place_name"],
        "latitude": e["lat"],
        "longitude": e["lon"],
        "adm_1": e["admin1"],
        "adm_2": e["admin2"],
        "country": name,
        "number_of_sources": e["independent_sources"],
        "source_article": "; ".join(e["source_outlets"] or []) or None,
        "deaths_a": None,
        "deaths_b": None,
        "deaths_civilians": None,
        "deaths_unknown": _int(_figure(e, "killed", "best")),
        "best": _int(_figure(e, "killed", "best")),
        "low": _int(_figure(e, "killed", "low")),
        "high": _int(_figure(e, "killed", "high")),
    }


def plover_record(e: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER-style event record (the PLOVER specification's event fields)."""
    name, _ = _country(e["country_iso"])
    return {
        "id": e["event_id"],
        "date": _day(e["date_start"]),
        "event_type": e["plover_type"],
        "mode": e["plover_mode"],
        "context": [],
        "source": e["first_outlet"],
        "actor": e["actor"],
        "recipient": e["target"],
        "location": {
            "name": e["place_name"],
            "lat": e["lat"],
            "lon": e["lon"],
            "admin1": e["admin1"],
            "admin2": e["admin2"],
            "country": name,
            "country_iso": e["country_iso"],
            "precision": e["place_precision"],
        },
        "fatalities": _int(_figure(e, "killed", "best")),
        "injuries": _int(_figure(e, "injured", "best")),
        "status": e["status"],
        "number_of_sources": e["independent_sources"],
        "text": e["first_sentence"],
    }


def _acled_applies(e: dict[str, Any]) -> bool:
    return bool(e["acled_event_type"]) and e["status"] in {"happened", "claimed"}


def _ucdp_applies(e: dict[str, Any]) -> bool:
    return e["plover_type"] == "ASSAULT" and e["status"] in {"happened", "claimed"}


#: Schema name -> (row mapper, which events it holds).
SCHEMAS: dict[str, tuple[Callable[[dict[str, Any]], dict[str, Any]], Callable[..., bool]]] = {
    "acled": (acled_row, _acled_applies),
    "ucdp": (ucdp_row, _ucdp_applies),
    "plover": (plover_record, lambda e: True),
}


def schema_applies(schema: str, e: dict[str, Any]) -> bool:
    """Whether an event belongs in that dataset: ACLED holds events of its types that took
    place, UCDP GED events of organised violence (PLOVER ``ASSAULT``) that took place, PLOVER
    every event."""
    return SCHEMAS[schema][1](e)
