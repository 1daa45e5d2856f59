"""Regenerate the dashboard's base map, ``src/eventwire/serve/static/countries.geojson``.

The source is ``countries-110m.json`` (TopoJSON) of the npm package ``world-atlas`` (ISC licence;
the geometry is Natural Earth 1:110m Admin 0 countries, public domain). The script decodes the
TopoJSON arcs, rounds coordinates to two decimals (about 1 km, finer than the 1:110m source) and
keeps only each country's name and numeric ISO 3166-1 code.

Usage::

    python scripts/build_countries.py                     # fetches the package with `npm pack`
    python scripts/build_countries.py path/to/countries-110m.json

See ``src/eventwire/serve/static/README.md`` for provenance and licences.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "eventwire" / "serve" / "static" / "countries.geojson"
PACKAGE = "world-atlas@2.0.2"
DIGITS = 2


def fetch_topology() -> dict[str, Any]:
    """``countries-110m.json`` from the npm package, fetched with ``npm pack``."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL
        )
        (tarball,) = Path(tmp).glob("world-atlas-*.tgz")
        with tarfile.open(tarball) as tar:
            member = tar.extractfile("package/countries-110m.json")
            if member is None:
                raise SystemExit("countries-110m.json is missing from the package")
            data: dict[str, Any] = json.load(member)
            return data


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute positions of every arc (delta-decoded and transformed when quantized)."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        points: list[tuple[float, float]] = []
        x = y = 0.0
        for position in arc:
            if transform:
                x += position[0]
                y += position[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """One closed ring from arc indexes (a negative index ``~i`` is arc ``i`` reversed)."""
    out: list[list[float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        for i, (x, y) in enumerate(points):
            if i == 0 and out:
                continue  # arcs share their end points
            point = [round(x, DIGITS), round(y, DIGITS)]
            if not out or out[-1] != point:
                out.append(point)
    return out


def convert(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [[ring(r, arcs) for r in polygon] for polygon in polygons]
        rings = [[r for r in polygon if len(r) >= 4] for polygon in rings]
        rings = [polygon for polygon in rings if polygon]
        if not rings:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": (geometry.get("properties") or {}).get("name"),
                    "iso_n3": geometry.get("id"),
                },
                "geometry": {"type": "MultiPolygon", "coordinates": rings},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, help="countries-110m.json (TopoJSON)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    topology = (
        json.loads(args.source.read_text(encoding="utf-8")) if args.source else fetch_topology()
    )
    collection = convert(topology)
    args.out.write_text(
        json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    sys.stderr.write(f"{len(collection['features'])} countries -> {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
