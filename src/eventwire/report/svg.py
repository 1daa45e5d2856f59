"""The report's two charts as small, self-contained SVG documents: a map of the event points and
a timeline of events per day (or week, or month). No plotting library and no network: the map is
an equirectangular frame fitted to the points, with a graticule and, when the file
``serve/static/countries.geojson`` is installed, country outlines clipped to the frame.

Every piece of text that reaches the SVG (place names, event types, tooltips) is escaped here.
``links=False`` leaves out the ``<a>`` wrappers (the PDF renderer draws the charts without them).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

__all__ = [
    "COUNTRIES_GEOJSON",
    "MapPoint",
    "TimelineBin",
    "map_svg",
    "timeline_bins",
    "timeline_svg",
]

#: Natural Earth country outlines, when installed with the dashboard's static files.
COUNTRIES_GEOJSON = (
    Path(__file__).resolve().parent.parent / "serve" / "static" / "countries.geojson"
)

_WIDTH = 640
_PALETTE = (
    "#c0392b",
    "#2471a3",
    "#d68910",
    "#239b56",
    "#7d3c98",
    "#148f77",
    "#a04000",
    "#5d6d7e",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class MapPoint:
    """One event on the map: where, what, how many sources, and the anchor it links to."""

    lat: float
    lon: float
    label: str
    kind: str
    weight: int
    anchor: str


@dataclass(frozen=True, kw_only=True, slots=True)
class TimelineBin:
    """Events starting in ``[start, end]`` and the deaths reported for them (best estimates)."""

    start: date
    end: date
    events: int
    killed: float


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _colour(kind: str, kinds: Sequence[str]) -> str:
    return _PALETTE[kinds.index(kind) % len(_PALETTE)] if kind in kinds else _PALETTE[-1]


def _nice_step(span: float) -> float:
    """A graticule step giving a handful of lines over ``span`` degrees."""
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 45, 90):
        if span / step <= 6:
            return float(step)
    return 90.0


def _frame(points: Sequence[MapPoint]) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` around the points with a margin, at least 1° across."""
    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    pad_lat = max((north - south) * 0.15, 0.5)
    pad_lon = max((east - west) * 0.15, 0.5)
    return (
        max(west - pad_lon, -180.0),
        max(south - pad_lat, -90.0),
        min(east + pad_lon, 180.0),
        min(north + pad_lat, 90.0),
    )


def _inside(p: tuple[float, float], axis: int, limit: float, lower: bool) -> bool:
    return p[axis] >= limit if lower else p[axis] <= limit


def _clip_edge(
    ring: list[tuple[float, float]], axis: int, limit: float, lower: bool
) -> list[tuple[float, float]]:
    """One step of Sutherland-Hodgman: ``ring`` cut to one side of ``x = limit`` (axis 0) or
    ``y = limit`` (axis 1)."""
    out: list[tuple[float, float]] = []
    cross = _cross_x if axis == 0 else _cross_y
    prev = ring[-1]
    for cur in ring:
        if _inside(cur, axis, limit, lower):
            if not _inside(prev, axis, limit, lower):
                out.append(cross(prev, cur, limit))
            out.append(cur)
        elif _inside(prev, axis, limit, lower):
            out.append(cross(prev, cur, limit))
        prev = cur
    return out


def _clip(ring: list[tuple[float, float]], w: float, h: float) -> list[tuple[float, float]]:
    """A polygon ring (screen coordinates) clipped to the frame ``[0,w]x[0,h]``."""
    out = ring
    for axis, limit, lower in ((0, 0.0, True), (0, w, False), (1, 0.0, True), (1, h, False)):
        if not out:
            break
        out = _clip_edge(out, axis, limit, lower)
    return out


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _rings(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon


def _country_paths(
    path: Path, frame: tuple[float, float, float, float], project: Any, w: float, h: float
) -> list[str]:
    """SVG path data of the country outlines inside ``frame``; none when the file is unusable."""
    try:
        features = json.loads(path.read_text("utf-8")).get("features") or []
    except (OSError, ValueError, AttributeError):
        return []
    west, south, east, north = frame
    out: list[str] = []
    for feature in features:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict):
            continue
        for ring in _rings(geometry):
            try:
                lons = [float(c[0]) for c in ring]
                lats = [float(c[1]) for c in ring]
            except (TypeError, ValueError, IndexError):
                continue
            if not lons or max(lons) < west or min(lons) > east:
                continue
            if max(lats) < south or min(lats) > north:
                continue
            clipped = _clip([project(lat, lon) for lat, lon in zip(lats, lons, strict=True)], w, h)
            if len(clipped) >= 3:
                out.append("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in clipped) + " Z")
    return out


def map_svg(
    points: Sequence[MapPoint],
    *,
    links: bool = True,
    countries: Path | None = COUNTRIES_GEOJSON,
    title: str = "Map of events",
) -> str:
    """An SVG map of ``points`` (or a note when no event has coordinates)."""
    if not points:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="40" '
            f'viewBox="0 0 {_WIDTH} 40" role="img"><title>{_attr(title)}</title>'
            '<text x="10" y="25" font-family="sans-serif" font-size="13" fill="#555">'
            "No event in this selection has coordinates.</text></svg>"
        )
    west, south, east, north = _frame(points)
    mid = math.radians((south + north) / 2)
    kx = max(math.cos(mid), 0.2)
    span_x = (east - west) * kx
    span_y = north - south
    w = float(_WIDTH)
    h = min(max(w * span_y / span_x, 220.0), 520.0)
    sx, sy = w / (east - west), h / span_y

    def project(lat: float, lon: float) -> tuple[float, float]:
        return ((lon - west) * sx, (north - lat) * sy)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h + 24:.0f}" '
        f'viewBox="0 0 {w:.0f} {h + 24:.0f}" role="img" font-family="sans-serif">',
        f"<title>{_attr(title)}</title>",
        f'<rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" fill="#eef3f7" stroke="#888"/>',
    ]
    if countries is not None and countries.is_file():
        for d in _country_paths(countries, (west, south, east, north), project, w, h):
            parts.append(f'<path d="{d}" fill="#fbfaf5" stroke="#9a9a9a" stroke-width="0.7"/>')
    step = _nice_step(max(east - west, north - south))
    grid = []
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _ = project(south, lon)
        grid.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{h:.0f}"/>')
        grid.append(
            f'<text x="{x + 2:.1f}" y="{h + 14:.0f}" stroke="none" fill="#666" '
            f'font-size="9">{lon:g}°</text>'
        )
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        _, y = project(lat, west)
        grid.append(f'<line x1="0" y1="{y:.1f}" x2="{w:.0f}" y2="{y:.1f}"/>')
        grid.append(
            f'<text x="2" y="{y - 2:.1f}" stroke="none" fill="#666" font-size="9">{lat:g}°</text>'
        )
        lat += step
    parts.append('<g stroke="#c8d0d8" stroke-width="0.5" fill="none">' + "".join(grid) + "</g>")
    kinds = sorted({p.kind for p in points})
    # Larger circles first, so that a small one on the same spot stays visible.
    for p in sorted(points, key=lambda p: -p.weight):
        x, y = project(p.lat, p.lon)
        r = 3.5 + 2.5 * math.sqrt(max(p.weight, 1))
        circle = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{_colour(p.kind, kinds)}" '
            'fill-opacity="0.7" stroke="#222" stroke-width="0.6">'
            f"<title>{_attr(p.label)}</title></circle>"
        )
        parts.append(f'<a href="#{_attr(p.anchor)}">{circle}</a>' if links else circle)
    legend_x = 8.0
    for kind in kinds:
        colour = _colour(kind, kinds)
        parts.append(
            f'<circle cx="{legend_x + 5:.0f}" cy="{h + 18:.0f}" r="4" fill="{colour}"/>'
            f'<text x="{legend_x + 12:.0f}" y="{h + 21:.0f}" font-size="9">{_attr(kind)}</text>'
        )
        legend_x += 14 + 6 * len(kind)
    parts.append("</svg>")
    return "".join(parts)


def timeline_bins(days: Sequence[tuple[date, float]], *, max_bins: int = 60) -> list[TimelineBin]:
    """Events per day (per week or per month when the range is long) from ``(date, killed)``
    pairs, with empty bins kept so that the axis is linear in time."""
    if not days:
        return []
    first, last = min(d for d, _ in days), max(d for d, _ in days)
    span = (last - first).days + 1
    if span <= max_bins:
        starts = [first + timedelta(days=i) for i in range(span)]
        width = timedelta(days=1)
    elif span <= max_bins * 7:
        monday = first - timedelta(days=first.weekday())
        starts = [monday + timedelta(weeks=i) for i in range((last - monday).days // 7 + 1)]
        width = timedelta(weeks=1)
    else:
        starts = []
        cur = first.replace(day=1)
        while cur <= last:
            starts.append(cur)
            cur = (cur.replace(day=28) + timedelta(days=4)).replace(day=1)
        width = timedelta(0)
    bins: list[TimelineBin] = []
    for i, start in enumerate(starts):
        if width:
            end = start + width - timedelta(days=1)
        else:
            end = (starts[i + 1] if i + 1 < len(starts) else last + timedelta(days=1)) - timedelta(
                days=1
            )
        inside = [k for d, k in days if start <= d <= end]
        bins.append(TimelineBin(start=start, end=end, events=len(inside), killed=sum(inside)))
    return bins


def timeline_svg(bins: Sequence[TimelineBin], *, title: str = "Events over time") -> str:
    """Bars of events per bin, with the deaths reported for them written above each bar."""
    if not bins:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="40" '
            f'viewBox="0 0 {_WIDTH} 40" role="img"><title>{_attr(title)}</title>'
            '<text x="10" y="25" font-family="sans-serif" font-size="13" fill="#555">'
            "No dated event in this selection.</text></svg>"
        )
    w, h, left, bottom, top = float(_WIDTH), 200.0, 34.0, 30.0, 18.0
    plot_h = h - bottom - top
    top_count = max(b.events for b in bins) or 1
    bar_w = (w - left - 6) / len(bins)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" '
        f'viewBox="0 0 {w:.0f} {h:.0f}" role="img" font-family="sans-serif" font-size="9">',
        f"<title>{_attr(title)}</title>",
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - 4}" y2="{h - bottom}" stroke="#444"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="#444"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{top_count}</text>',
        f'<text x="{left - 4}" y="{h - bottom}" text-anchor="end">0</text>',
        f'<text x="{left + 4}" y="{top - 6}" fill="#444">events (bars); deaths reported '
        "(numbers above bars)</text>",
    ]
    label_every = max(1, math.ceil(len(bins) / 10))
    for i, b in enumerate(bins):
        x = left + i * bar_w
        bar = plot_h * b.events / top_count
        y = h - bottom - bar
        when = b.start.isoformat() if b.start == b.end else f"{b.start} to {b.end}"
        if b.events:
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bar_w - 2, 1):.1f}" '
                f'height="{bar:.1f}" fill="#2471a3"><title>{when}: {b.events} events, '
                f"{b.killed:g} killed</title></rect>"
            )
        if b.killed:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                f'fill="#c0392b">{b.killed:g}</text>'
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + 1:.1f}" y="{h - bottom + 12}">{b.start.isoformat()}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
