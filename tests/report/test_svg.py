"""The report's charts: the map frame fits the points, outlines are clipped to it, the
timeline's bins count every event once, and text is escaped."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from eventwire.report.svg import MapPoint, map_svg, timeline_bins, timeline_svg


def _points() -> list[MapPoint]:
    return [
        MapPoint(
            lat=36.34, lon=43.13, label="Mosul <script>", kind="ASSAULT", weight=3, anchor="ev-a"
        ),
        MapPoint(lat=33.31, lon=44.37, label="Baghdad", kind="PROTEST", weight=1, anchor="ev-b"),
    ]


def test_map_points_lie_inside_the_frame(tmp_path: Path) -> None:
    svg = map_svg(_points(), countries=None)
    width, height = (float(x) for x in re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
    circles = re.findall(
        r'<circle cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" fill="#[0-9a-f]+" '
        r"fill-opacity",
        svg,
    )
    assert len(circles) == 2
    for x, y in circles:
        assert 0 < float(x) < width and 0 < float(y) < height - 24
    assert 'href="#ev-a"' in svg and "&lt;script&gt;" in svg and "<script" not in svg
    assert "href" not in map_svg(_points(), links=False, countries=None)


def test_country_outlines_are_clipped_to_the_frame(tmp_path: Path) -> None:
    world = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[30, 20], [60, 20], [60, 50], [30, 50], [30, 20]]],
                },
            },
            {
                "type": "Feature",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[-80, -20], [-70, -20], [-70, -10], [-80, -20]]],
                },
            },
        ],
    }
    path = tmp_path / "countries.geojson"
    path.write_text(json.dumps(world), "utf-8")
    svg = map_svg(_points(), countries=path)
    outlines = re.findall(r'<path d="([^"]+)"', svg)
    assert len(outlines) == 1  # the polygon far away is left out
    width, height = (float(x) for x in re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
    for x, y in re.findall(r"([-\d.]+) ([-\d.]+)", outlines[0]):
        assert 0 <= float(x) <= width and 0 <= float(y) <= height - 24


def test_timeline_bins_count_every_event() -> None:
    days = [(date(2026, 3, 9), 4.0), (date(2026, 3, 9), 0.0), (date(2026, 3, 12), 5.0)]
    bins = timeline_bins(days)
    assert [b.events for b in bins] == [2, 0, 0, 1]
    assert bins[0].killed == 4 and bins[-1].killed == 5
    long = timeline_bins([(date(2025, 1, 1), 0.0), (date(2026, 3, 1), 1.0)])
    assert sum(b.events for b in long) == 2 and len(long) <= 60
    assert timeline_svg(bins).count("<rect") == 2
    assert "No dated event" in timeline_svg([])
