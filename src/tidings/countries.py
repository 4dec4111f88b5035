"""Countries, demonyms, capitals and major cities, read from ``tidings/data/countries.tsv``.

Usage::

    from tidings.countries import city_country, country_by_demonym, country_by_name
    country_by_name("Türkiye").iso3  # 'TUR';  country_by_demonym("Kazakhs").iso3  # 'KAZ'
    city_country("Kiev")  # ('Kyiv', 'UKR')

Lookups ignore case, diacritics, dots, hyphens, '&' vs 'and' and a leading "the", with two
exceptions: acronyms ("US", "U.K.", "DPRK", "NYC") match only as written, and an all-lowercase
query that is also an ordinary English word ("turkey", "china", "polish", "nice") matches nothing.
Where a key belongs to several rows, capitals beat other cities and the earlier row wins.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from tidings.data import read_table

__all__ = [
    "Country",
    "city_country",
    "country_by_demonym",
    "country_by_iso3",
    "country_by_name",
    "load_countries",
]

_COLUMNS = ("iso3", "name", "aliases", "demonyms", "capital", "capital_aliases", "cities")

# Lowercase forms that are ordinary English words; an all-lowercase query equal to one of
# these is not treated as a place or nationality ("turkey" the bird, "polish" the verb).
_COMMON_WORDS = frozenset(
    {
        "china", "chad", "cork", "danish", "dutch", "english", "french", "guinea", "hue",
        "jordan", "kiwi", "lima", "male", "mary", "nice", "pole", "polish", "split", "swede",
        "swiss", "turkey", "tyre",
    }
)  # fmt: skip

_TRANSLATE = str.maketrans(
    {
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "ı": "i", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "þ": "th", "Þ": "Th",
        "\u2018": "'", "\u2019": "'", "\u02bb": "'", "\u02bc": "'", "`": "'",
        "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ",
        "-": " ",
        ".": "", "&": " and ",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Country:
    """One row of ``countries.tsv``; ``cities`` holds canonical city names only."""

    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    capital_aliases: tuple[str, ...]
    cities: tuple[str, ...]
    # (variant spelling, canonical city) pairs from the ``A=B`` notation of the cities column.
    city_aliases: tuple[tuple[str, str], ...] = ()


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split("|") if part.strip())


def _parse_row(fields: list[str]) -> Country:
    cities: list[str] = []
    city_aliases: list[tuple[str, str]] = []
    for entry in _split(fields[6]):
        canonical, *variants = (s.strip() for s in entry.split("=") if s.strip())
        cities.append(canonical)
        city_aliases.extend((variant, canonical) for variant in variants)
    return Country(
        iso3=fields[0].strip(),
        name=fields[1].strip(),
        aliases=_split(fields[2]),
        demonyms=_split(fields[3]),
        capital=fields[4].strip(),
        capital_aliases=_split(fields[5]),
        cities=tuple(cities),
        city_aliases=tuple(city_aliases),
    )


@cache
def load_countries() -> tuple[Country, ...]:
    """All rows of the packaged ``countries.tsv``, in file order."""
    rows = read_table("countries.tsv", header=_COLUMNS, width=len(_COLUMNS))
    return tuple(_parse_row(fields) for _, fields in rows)


def _fold(text: str) -> str:
    """Case-, diacritic- and punctuation-insensitive key."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def _is_acronym(text: str) -> bool:
    """'US', 'U.K.', 'DPRK', 'BiH': short, spaceless, at least two capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    return " " not in text and len(letters) <= 5 and sum(ch.isupper() for ch in letters) >= 2


def _plurals(demonym: str) -> tuple[str, ...]:
    if demonym.endswith(("s", "sh", "ese", "x", "z", "tch", "nch")):
        return (demonym,)
    return (demonym, demonym + "s")


class _Index:
    """Exact index for acronyms, folded index for everything else; first entry wins."""

    def __init__(self) -> None:
        self.exact: dict[str, object] = {}
        self.folded: dict[str, object] = {}

    def add(self, keys: Iterable[str], value: object) -> None:
        for key in keys:
            if _is_acronym(key):
                self.exact.setdefault(key.strip(), value)
            else:
                self.folded.setdefault(_fold(key), value)

    def get(self, text: str) -> object | None:
        text = " ".join(text.split())
        if text[:4].lower() == "the ":
            text = text[4:]
        if not text or (text.islower() and text in _COMMON_WORDS):
            return None
        if text in self.exact:
            return self.exact[text]
        return self.folded.get(_fold(text))


@cache
def _name_index() -> _Index:
    index = _Index()
    for country in load_countries():
        index.add((country.name, *country.aliases), country)
    return index


@cache
def _demonym_index() -> _Index:
    index = _Index()
    for country in load_countries():
        index.add((form for d in country.demonyms for form in _plurals(d)), country)
    return index


@cache
def _city_index() -> _Index:
    index = _Index()
    countries = load_countries()
    for country in countries:  # capitals first, so they beat same-named cities elsewhere
        if country.capital:
            value = (country.capital, country.iso3)
            index.add((country.capital, *country.capital_aliases), value)
    for country in countries:
        for city in country.cities:
            index.add((city,), (city, country.iso3))
        for variant, canonical in country.city_aliases:
            index.add((variant,), (canonical, country.iso3))
    return index


@cache
def _iso3_index() -> dict[str, Country]:
    return {country.iso3: country for country in load_countries()}


@lru_cache(maxsize=8192)
def country_by_name(text: str) -> Country | None:
    """Country whose name or alias is ``text`` ("Türkiye", "Ivory Coast", "U.S.")."""
    found = _name_index().get(text)
    return found if isinstance(found, Country) else None


@lru_cache(maxsize=8192)
def country_by_demonym(text: str) -> Country | None:
    """Country for a demonym or its plural ("Kazakh", "Kazakhs", "Americans", "Chinese")."""
    found = _demonym_index().get(text)
    return found if isinstance(found, Country) else None


@lru_cache(maxsize=8192)
def city_country(text: str) -> tuple[str, str] | None:
    """``(canonical city name, iso3)`` for a capital, capital alias or listed city."""
    found = _city_index().get(text)
    return found if isinstance(found, tuple) else None


def place_country(text: str) -> str | None:
    """ISO3 of the country ``text`` names, or of the country a listed city of that name
    is in ("Kazakhstan", "Astana" → "KAZ"); None for anything else."""
    country = country_by_name(text)
    if country is not None:
        return country.iso3
    city = city_country(text)
    return city[1] if city is not None else None


@lru_cache(maxsize=512)
def country_by_iso3(code: str) -> Country | None:
    """Country for an ISO 3166-1 alpha-3 code (case-insensitive)."""
    return _iso3_index().get(code.strip().upper())
