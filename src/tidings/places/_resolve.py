"""Pick the place each toponym of an article names, with the article as context.

    >>> from tidings.places import Toponym, resolve
    >>> text = "Talks in Tbilisi. Georgia and Armenia signed."
    >>> [p.country for p in resolve(text, [Toponym("Tbilisi", ("Tbilisi",), ((9, 16),)),
    ...                                    Toponym("Georgia", ("Georgia",), ((18, 25),))])]
    ['GEO', 'GEO']

Candidates come from the gazetteer: exact name or alias first; then, only when those
find nothing, another romanisation of the name ("Qarabağ" / "Karabakh"), then a name one
letter away ("Tskhinval" / "Tskhinvali"). Each candidate gets a score from named parts,
and the parts that decided are recorded in ``Place.why``:

- kind: countries and continents first, then regions, first-level subdivisions, second-
  level ones; cities by population, national capitals up;
- how the name matched: the place's own name, an alias, a spelling variant, a near miss;
- countries the rest of the article mentions (known countries, demonyms passed in as
  context, and the places the other toponyms resolve to), more for the dominant one;
- "X, Y", "X in Y", "Y's X" and "X region of Y" in the text: a candidate inside Y wins;
- a country named in the toponym's own sentence ("In northern Lebanon, clashes in
  Tripoli"): a candidate in that country gains;
- a type word: "Samarkand region" wants a subdivision, "Kherson city" a city;
- coherence: a subdivision or region containing another place of the article, or a city
  inside a subdivision the article names;
- a subdivision loses to a same-named city inside it (the region named after its seat).

A name that is a country's ("Georgia") never resolves to a city or a building: only the
country, or a first-level subdivision or region of that name when the article gives
evidence for it (it contains another place of the article, or "Georgia state").

Resolution runs twice: the first pass gives every toponym a provisional place, whose
country and containment then count as context for the second.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tidings import countries as country_table
from tidings.model import Place
from tidings.places._gazetteer import Candidate, Gazetteer, distance_km, get_gazetteer

__all__ = ["Toponym", "capital_descriptions", "naive_place", "resolve", "score_candidates"]


@dataclass(frozen=True, slots=True)
class Toponym:
    """One place-like entity of an article: its name, other spellings and mentions."""

    name: str
    spellings: tuple[str, ...] = ()
    mentions: tuple[tuple[int, int], ...] = ()
    label: str = "GPE"
    country: str | None = None  # ISO alpha-3 when the entity is a known country


@dataclass(slots=True)
class _Option:
    candidate: Candidate
    match: str  # name | alias | spelling | near miss | country table
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


# Weights of the score parts. Set by reasoning about news usage, then checked (not
# fitted) on the GeoWebNews development set; see docs/accuracy.md.
KIND_WEIGHT = {"country": 5.0, "region": 4.0, "continent": 5.0, "adm1": 2.0, "adm2": 0.5,
               "city": 0.0}  # fmt: skip
CAPITAL_BONUS = 3.0
MATCH_WEIGHT = {"name": 1.0, "alias": 0.0, "country table": 1.0, "country name": 1.0,
                "country alias": 1.0,
                "spelling": -1.5,
                "near miss": -3.0}  # fmt: skip
CONTAINER_MET, CONTAINER_MISSED = 6.0, -4.0
TYPE_WORD = 3.0
CONTAINS_OTHER, INSIDE_OTHER = 2.0, 1.5
COUNTRY_MENTIONED, DOMINANT_COUNTRY = 2.0, 2.0
COUNTRY_IN_SENTENCE = 2.0
SEAT_CITY_INSIDE = -4.0
# A subdivision's population is the sum over its cities, which double-counts boroughs
# and suburbs listed as cities: its prominence is discounted by this many decades.
ADM_DISCOUNT = 1.5
SEAT_SHARE = 10  # ... when that city holds at least a tenth of the subdivision's people
CITY_NEAR_KM = 30.0
FAC_TOWN_MIN = 100_000

_SUBDIVISION_WORDS = frozenset(
    "region province oblast oblys viloyat viloyati district state county governorate "
    "prefecture territory republic krai okrug canton department raion rayon parish "
    "emirate voivodeship".split()
)  # fmt: skip
_CITY_WORDS = frozenset({"city", "town", "village", "capital", "municipality"})
_NAME = r"[A-Z][\w'’.\-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’.\-]*){0,3}"
_COMPASS = (r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
            r"north-?eastern|north-?western|south-?eastern|south-?western|far)\s+)?")  # fmt: skip
_AFTER_PATTERNS = (
    re.compile(r",\s+(?:the\s+)?(" + _NAME + ")"),
    re.compile(r"\s+in\s+(?:the\s+)?" + _COMPASS + "(" + _NAME + ")"),
    re.compile(r"\s+(?:region|province|oblast|district|state|county|governorate)\s+(?:of|in)"
               r"\s+(?:the\s+)?" + _COMPASS + "(" + _NAME + ")"),
)  # fmt: skip
# "Washington, New York and Boston": a list of places, not "X, <where X is>".
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?[A-Z]")
_BEFORE_POSSESSIVE = re.compile(r"(" + _NAME + r")['’]s\s+(?:[a-z][a-z\-]*\s+){0,2}$")
_TYPE_AFTER = re.compile(r"\s+([A-Za-z]+)")
_TYPE_BEFORE = re.compile(r"\b(state|province|region|city|town|village)\s+of\s+(?:the\s+)?$",
                          re.IGNORECASE)  # fmt: skip
_CAPITAL_DESCRIPTION = re.compile(
    r"\b[Tt]he\s+([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)\s+capital\b(?!\s+(?:city\s+)?of\b)"
    r"|\b[Tt]he\s+capital\s+of\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})"
)


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def _kind(c: Candidate) -> str:
    if c.kind == "country":
        return "country"
    if c.kind == "region":
        return "continent" if c.feature in ("L.CONT", "H.OCN") else "region"
    if c.kind == "subdivision":
        return "adm1" if c.admin_level == 1 else "adm2"
    return "city"


def _clean(spelling: str) -> str:
    text = spelling.strip()
    if text[:4].lower() == "the ":
        text = text[4:]
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    return text.strip(" ,.;:")


def _strip_type_word(text: str) -> tuple[str, str | None]:
    """"Samarkand Region" -> ("Samarkand", "subdivision"); "Kherson city" -> (.., "city")."""
    words = text.split()
    if len(words) < 2:
        return text, None
    last = words[-1].lower()
    if last in _SUBDIVISION_WORDS:
        return " ".join(words[:-1]), "subdivision"
    if last in _CITY_WORDS:
        return " ".join(words[:-1]), "city"
    return text, None


def _options(gaz: Gazetteer, toponym: Toponym) -> tuple[list[_Option], str | None]:
    """The toponym's candidates and how each matched; plus a type its own words ask for."""
    spellings = [s for s in dict.fromkeys(_clean(x) for x in (toponym.name, *toponym.spellings))
                 if s]  # fmt: skip
    options: dict[int, _Option] = {}
    wanted: str | None = None
    if toponym.country:
        country = gaz.country(toponym.country)
        if country is not None:
            options[country.ref] = _Option(country, "country table")
    for spelling in spellings:
        for ref in gaz.lookup_refs(spelling):
            match = "name" if gaz.is_primary_name(ref, spelling) else "alias"
            if ref not in options:
                options[ref] = _Option(gaz.candidate(ref), match)
            elif options[ref].match == "country table":
                options[ref].match = "country name" if match == "name" else "country alias"
    if not options:
        for spelling in spellings:
            stem, wanted_here = _strip_type_word(spelling)
            if wanted_here is None:
                continue
            for ref in gaz.lookup_refs(stem):
                if ref not in options:
                    options[ref] = _Option(gaz.candidate(ref), "name")
                    wanted = wanted_here
    if not options and toponym.label != "FAC":
        for spelling in spellings:
            for c in gaz.lookup_spelling(spelling):
                options.setdefault(c.ref, _Option(c, "spelling"))
        if not options:
            for spelling in spellings:
                for c in gaz.lookup_fuzzy(spelling):
                    options.setdefault(c.ref, _Option(c, "near miss"))
    result = list(options.values())
    if toponym.label == "FAC":
        # A facility named like a place ("Heathrow", "the White House") is not a small
        # town of that name somewhere else.
        result = [o for o in result if o.candidate.kind != "city"
                  or o.candidate.population >= FAC_TOWN_MIN]  # fmt: skip
    if toponym.country and not any(o.match == "country name" for o in result):
        # The project's country table lumps a part with its country ("England" -> GBR);
        # where the gazetteer has the part under that very name, the part is meant.
        part = [o for o in result if o.match == "name" and o.candidate.country == toponym.country
                and _kind(o.candidate) in ("adm1", "region")]  # fmt: skip
        if part:
            result = [o for o in result if o.candidate.kind != "country"]
    if any(o.candidate.kind == "country" for o in result):
        # A country's name: never a city, a building or a second-level subdivision.
        result = [o for o in result if _kind(o.candidate) in ("country", "adm1", "region",
                                                                "continent")]  # fmt: skip
    return result, wanted


def _container_phrases(text: str, mentions: Sequence[tuple[int, int]]) -> list[str]:
    phrases: list[str] = []
    for start, end in mentions:
        after = text[end : end + 80]
        for n, pattern in enumerate(_AFTER_PATTERNS):
            m = pattern.match(after)
            if m and not (n == 0 and _LIST_GOES_ON.match(after, m.end())):
                phrases.append(m.group(1))
        m = _BEFORE_POSSESSIVE.search(text[max(0, start - 80) : start])
        if m:
            phrases.append(m.group(1))
    return phrases


def _container_candidates(gaz: Gazetteer, phrase: str) -> list[Candidate]:
    """Places a container phrase names: its longest prefix that the gazetteer knows."""
    words = phrase.rstrip(".,").split() if not phrase.endswith(".") else phrase.split()
    for n in range(len(words), 0, -1):
        found = gaz.lookup(" ".join(words[:n]))
        if found:
            # "Washington, New York and Boston": the known part is one item of a list.
            return [] if n < len(words) and words[n] in ("and", "or") else found
    return []


def _type_wanted(text: str, mentions: Sequence[tuple[int, int]]) -> str | None:
    for start, end in mentions:
        m = _TYPE_AFTER.match(text[end : end + 20])
        word = m.group(1).lower() if m else ""
        if word in _SUBDIVISION_WORDS:
            return "subdivision"
        if word in ("city", "town", "village"):
            return "city"
        m = _TYPE_BEFORE.search(text[max(0, start - 20) : start])
        if m:
            return "city" if m.group(1).lower() in ("city", "town", "village") else "subdivision"
    return None


def _inside(gaz: Gazetteer, outer: Candidate, inner: Candidate) -> bool:
    if outer.ref == inner.ref:
        return outer.kind == "city"  # "Washington, D.C.": the phrase names the place itself
    if outer.kind == "city":
        return distance_km(outer.lat, outer.lon, inner.lat, inner.lon) <= CITY_NEAR_KM
    return gaz.contains(outer, inner)


def score_candidates(
    gaz: Gazetteer,
    options: list[_Option],
    *,
    countries: Mapping[str, float],
    containers: Sequence[list[Candidate]],
    wanted: str | None,
    others: Sequence[Candidate],
    beside: frozenset[str] = frozenset(),
) -> None:
    """Fill in each option's score and reasons. ``others``: the article's other places;
    ``beside``: countries named in the toponym's own sentences."""
    total = sum(countries.values())
    dominant = max(countries.values(), default=0.0)
    # Every option answers to the same name: a city among them is a namesake.
    cities = [o.candidate for o in options if o.candidate.kind == "city"]
    for o in options:
        c, kind = o.candidate, _kind(o.candidate)
        parts: list[tuple[float, str]] = [(KIND_WEIGHT[kind], kind)]
        if kind == "city":
            parts.append((math.log10(c.population + 1), f"population {c.population:,}"))
            if c.feature == "P.PPLC":
                # Halved for an alias: it may be a former name ("Salisbury" for Harare).
                bonus = CAPITAL_BONUS if o.match == "name" else CAPITAL_BONUS / 2
                parts.append((bonus, "national capital"))
        elif kind in ("adm1", "adm2"):
            parts.append((max(0.0, math.log10(c.population + 1) - ADM_DISCOUNT),
                          f"its cities' population {c.population:,}"))  # fmt: skip
        elif kind == "country":
            parts.append((math.log10(c.population + 1), f"population {c.population:,}"))
        else:
            parts.append((5.0, "named region"))
        parts.append((MATCH_WEIGHT[o.match], f"{o.match} match"))
        if c.country and countries.get(c.country, 0) > 0:
            share = countries[c.country] / total
            parts.append((COUNTRY_MENTIONED + DOMINANT_COUNTRY * share,
                          f"country mentioned in article ({c.country})"))  # fmt: skip
            if countries[c.country] == dominant:
                parts[-1] = (parts[-1][0] + 0.5, parts[-1][1] + ", the most mentioned")
        if c.country in beside and kind != "country":
            parts.append((COUNTRY_IN_SENTENCE, f"its country ({c.country}) named in the "
                                               "same sentence"))
        for found in containers:
            if not found:
                continue
            if any(_inside(gaz, outer, c) for outer in found):
                parts.append((CONTAINER_MET, f"inside '{found[0].name}' named beside it"))
                break
        else:
            if any(containers):
                parts.append((CONTAINER_MISSED, "not inside the place named beside it"))
        if wanted == "subdivision":
            if kind in ("adm1", "adm2", "region"):
                parts.append((TYPE_WORD, "type word says region"))
            elif kind == "city":
                parts.append((-TYPE_WORD, "type word says region"))
        elif wanted == "city":
            parts.append((TYPE_WORD if kind == "city" else -TYPE_WORD, "type word says city"))
        if kind == "city":
            inner = next((x for x in others if x.kind == "city" and x.population < c.population
                          and distance_km(c.lat, c.lon, x.lat, x.lon) <= CITY_NEAR_KM), None)
            if inner is not None:
                parts.append((CONTAINS_OTHER, f"{inner.name}, also in the article, is in it"))
        if kind in ("adm1", "adm2", "region", "country"):
            inner = next((x for x in others if gaz.contains(c, x)), None)
            if inner is not None and kind != "country":
                parts.append((CONTAINS_OTHER, f"contains {inner.name}, also in the article"))
            if kind in ("adm1", "adm2"):
                seat = next(
                    (x for x in cities if c.ref in x.parents
                     and x.population * SEAT_SHARE >= c.population),
                    None,
                )  # fmt: skip
                if seat is not None and wanted != "subdivision":
                    parts.append((SEAT_CITY_INSIDE, f"named after its city {seat.name}"))
        if kind == "city" or kind == "adm2":
            outer = next(
                (x for x in others
                 if _kind(x) in ("adm1", "adm2", "region") and gaz.contains(x, c)),
                None,
            )  # fmt: skip
            if outer is not None:
                parts.append((INSIDE_OTHER, f"inside {outer.name}, also in the article"))
        o.score = sum(p for p, _ in parts)
        o.reasons = [r for p, r in parts if p or r.endswith(" match")]


def _country_sized_guard(options: list[_Option], evidence: Mapping[int, bool]) -> list[_Option]:
    """For a country's name, keep a subdivision or region only with evidence for it."""
    if not any(o.candidate.kind == "country" for o in options):
        return options
    return [o for o in options if o.candidate.kind == "country" or evidence.get(o.candidate.ref)]


def _why(best: _Option, runner_up: _Option | None) -> str:
    text = "; ".join(best.reasons) + f"; score {best.score:.1f}"
    if runner_up is not None:
        rival = runner_up.candidate
        text += f" over {rival.name} ({rival.country or 'no country'}, {runner_up.score:.1f})"
    return text


def _place(best: _Option, runner_up: _Option | None) -> Place:
    c = best.candidate
    return Place(
        lat=round(c.lat, 5),
        lon=round(c.lon, 5),
        country=c.country,
        feature=c.feature,
        gazetteer_id=c.gazetteer_id,
        name=c.name,
        why=_why(best, runner_up),
    )


def resolve(
    text: str,
    toponyms: Sequence[Toponym],
    context: Mapping[str, float] | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Place | None]:
    """The place each toponym names (None where the gazetteer has nothing for it).

    ``context``: extra country weights (ISO alpha-3 -> weight), e.g. from demonyms.
    """
    gaz = gazetteer or get_gazetteer()
    gathered = [_options(gaz, t) for t in toponyms]
    containers = [
        [found for found in (_container_candidates(gaz, p)
                             for p in _container_phrases(text, t.mentions)) if found]
        for t in toponyms
    ]  # fmt: skip
    wanted = [w or _type_wanted(text, t.mentions) for t, (_, w) in zip(toponyms, gathered,
                                                                     strict=True)]  # fmt: skip
    base = Counter({iso3: float(w) for iso3, w in (context or {}).items()})
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    sentence_starts = [s for s, _ in sentences]

    def sentence_at(start: int) -> int | None:
        n = bisect_right(sentence_starts, start) - 1
        return n if n >= 0 and start < sentences[n][1] else None

    sentences_of = [{n for start, _ in t.mentions if (n := sentence_at(start)) is not None}
                    for t in toponyms]
    best: list[_Option | None] = [None] * len(toponyms)
    ranked: list[list[_Option]] = [[] for _ in toponyms]
    for _round in range(2):
        contributions = [_contribution(best[i], toponyms[i]) for i in range(len(toponyms))]
        all_countries = base.copy()
        for iso3, weight in filter(None, contributions):
            all_countries[iso3] += weight
        for i in range(len(toponyms)):
            options = gathered[i][0]
            if not options:
                continue
            countries = all_countries.copy()
            if contributions[i] is not None:
                iso3, weight = contributions[i]
                countries[iso3] -= weight
                if countries[iso3] <= 0:
                    del countries[iso3]
            others = [b.candidate for j, b in enumerate(best) if j != i and b is not None]
            beside = frozenset(
                b.candidate.country for j, b in enumerate(best)
                if j != i and b is not None and b.candidate.kind == "country"
                and b.candidate.country and sentences_of[j] & sentences_of[i])
            score_candidates(gaz, options, countries=countries, containers=containers[i],
                             wanted=wanted[i], others=others, beside=beside)  # fmt: skip
            evidence = {
                o.candidate.ref: any(
                    r.startswith(("contains ", "inside '", "type word says region"))
                    for r in o.reasons
                )
                for o in options
            }
            kept = _country_sized_guard(options, evidence)
            ranked[i] = sorted(kept, key=lambda o: -o.score)
            best[i] = ranked[i][0] if ranked[i] else None
    return [
        _place(r[0], r[1] if len(r) > 1 else None) if r else None for r in ranked
    ]


def _contribution(option: _Option | None, toponym: Toponym) -> tuple[str, float] | None:
    """The country weight one toponym's place adds to the article's context."""
    if option is None or not option.candidate.country:
        return None
    return option.candidate.country, float(min(len(toponym.mentions) or 1, 3))


def naive_place(name: str, gazetteer: Gazetteer | None = None) -> Candidate | None:
    """The baseline: the most populous place whose name or alias is exactly ``name``."""
    gaz = gazetteer or get_gazetteer()
    found = gaz.lookup(_clean(name))
    return max(found, key=lambda c: c.population) if found else None


def capital_descriptions(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, iso3)`` of "the Kazakh capital", "the capital of Uzbekistan"."""
    found: list[tuple[int, int, str]] = []
    for m in _CAPITAL_DESCRIPTION.finditer(text):
        if m.group(1):
            country = country_table.country_by_demonym(m.group(1))
        else:
            country = country_table.country_by_name(m.group(2))
            if country is None:  # "the capital of Kazakhstan Astana": drop the last word
                country = country_table.country_by_name(m.group(2).rsplit(" ", 1)[0])
        if country is not None and country.capital:
            end = m.end()
            if m.group(2) and country_table.country_by_name(m.group(2)) is None:
                end = m.start(2) + len(m.group(2).rsplit(" ", 1)[0])
            found.append((m.start(), end, country.iso3))
    return found
