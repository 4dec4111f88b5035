"""Toponym resolution scored on GeoWebNews (``tidings eval places``).

    >>> from tidings.eval.places import evaluate
    >>> report, table = evaluate(limit=20)
    >>> report["gold_spans"]["tidings"]["acc_161km"]

Data: ``geowebnews/data/GWN.xml`` under the ``data_dir`` setting: 200 news articles whose
toponyms carry character offsets and, for 2,601 of them, gold coordinates (2,401 also a
GeoNames id). Only toponyms with coordinates are scored; the 5 whose offsets do not
slice to their recorded text are dropped.

Two settings, each with Tidings next to a naive baseline in the same run:

- ``gold_spans``: resolution given the gold toponym spans. The spans of one name in one
  article form one toponym (as an entity group would), and the article's other gold
  toponyms are its context. An adjectival toponym ("French", "Syrian") is mapped to its
  country for both systems by the project's demonym table: neither system looks
  demonyms up as place names, so the mapping is shared preprocessing, not resolution.
- ``end_to_end``: the whole pipeline (``Extractor``, clean=False so offsets hold) on the
  article texts; a gold toponym counts as found when a GPE, LOC or FAC mention overlaps
  it, and takes that entity's place. Unfound toponyms count as wrong in every metric.

Systems: ``tidings`` (``tidings.places.resolve`` / the pipeline) and ``baseline``: the
most populous place whose name or alias is exactly the toponym's text (subdivisions
weigh their cities' population, countries their own).

Metrics, each over the toponyms it can be judged on:

- ``exact``: the predicted GeoNames id equals the gold id (gold toponyms with an id);
- ``country``: the predicted ISO country equals the gold place's (gold toponyms whose
  place lies in one country: the country of the gold id's record in the gazetteer, else
  of the nearest gazetteer city within 50 km of the gold point);
- ``acc_161km``: the predicted point within 161 km (100 miles) of the gold point;
- ``mean_km`` / ``median_km``: error distance over the toponyms a system resolved.

``end_to_end_found`` repeats the end-to-end scores over the toponyms NER found only:
resolution quality apart from recognition (adjectival toponyms such as "French" are
NORP entities, which Tidings does not resolve to places).
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings import countries as country_table
from tidings.errors import DataNotFoundError, Messages
from tidings.eval.datasets import data_dir
from tidings.places import (
    Candidate,
    Gazetteer,
    Toponym,
    distance_km,
    get_gazetteer,
    naive_place,
    name_key,
    resolve,
)

FOLDER = "geowebnews"
GWN_FILE = Path("data") / "GWN.xml"
ACC_KM = 161.0
NEAREST_CITY_KM = 50.0
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    kind: str  # GeoWebNews type: Literal, Metonymic, Non_Literal_Modifier, ...
    lat: float
    lon: float
    geonames_id: int | None
    country: str | None = None  # filled from the gazetteer


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True, slots=True)
class Guess:
    """One system's answer for one gold toponym (None: no place)."""

    gazetteer_id: str | None
    country: str | None
    lat: float | None
    lon: float | None


NO_GUESS = Guess(None, None, None, None)


@dataclass(slots=True)
class Scores:
    toponyms: int = 0
    resolved: int = 0
    with_id: int = 0
    exact: int = 0
    with_country: int = 0
    country: int = 0
    within: int = 0
    errors_km: list[float] = field(default_factory=list)

    def add(self, gold: GoldToponym, guess: Guess) -> None:
        self.toponyms += 1
        if gold.geonames_id is not None:
            self.with_id += 1
            self.exact += guess.gazetteer_id == f"geonames:{gold.geonames_id}"
        if gold.country is not None:
            self.with_country += 1
            self.country += guess.country == gold.country
        if guess.lat is not None and guess.lon is not None:
            self.resolved += 1
            km = distance_km(gold.lat, gold.lon, guess.lat, guess.lon)
            self.errors_km.append(km)
            self.within += km <= ACC_KM

    def to_dict(self) -> dict[str, Any]:
        def share(n: int, d: int) -> float:
            return round(n / d, 4) if d else 0.0

        errors = self.errors_km
        return {
            "toponyms": self.toponyms,
            "resolved": self.resolved,
            "exact": share(self.exact, self.with_id),
            "exact_of": self.with_id,
            "country": share(self.country, self.with_country),
            "country_of": self.with_country,
            "acc_161km": share(self.within, self.toponyms),
            "mean_km": round(statistics.fmean(errors), 1) if errors else None,
            "median_km": round(statistics.median(errors), 1) if errors else None,
        }


# --- data -----------------------------------------------------------------------------


def load(path: str | Path | None = None, limit: int | None = None) -> list[GoldArticle]:
    """The GeoWebNews articles (in file order) with their toponyms that have coordinates."""
    file = data_dir(path) / FOLDER / GWN_FILE
    if not file.is_file():
        raise DataNotFoundError(Messages.NO_DATA.format(path=file))
    root = ET.parse(file).getroot()
    articles: list[GoldArticle] = []
    for article in root.iter("article"):
        if limit is not None and len(articles) >= limit:
            break
        text = article.findtext("text") or ""
        toponyms = []
        for t in article.iter("toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon:
                continue
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            name = t.findtext("extractedName") or ""
            if text[start:end] != name:
                continue  # offsets that do not slice to the recorded name
            gid = t.findtext("geonamesID")
            toponyms.append(GoldToponym(start, end, name, t.findtext("type") or "",
                                        float(lat), float(lon), int(gid) if gid else None))
        toponyms.sort(key=lambda g: g.start)
        articles.append(GoldArticle(f"gwn:{article.get('file')}", text, tuple(toponyms)))
    return articles


class _NearestCity:
    """Country of the nearest gazetteer city to a point (a one-degree grid)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.grid: dict[tuple[int, int], list[int]] = {}
        for i, pop in enumerate(gaz._ci_pop):
            if int(pop) >= 1000:
                key = (int(float(gaz._ci_lat[i]) // 1), int(float(gaz._ci_lon[i]) // 1))
                self.grid.setdefault(key, []).append(i * 4)

    def country(self, lat: float, lon: float) -> str | None:
        best: tuple[float, Candidate] | None = None
        cell = (int(lat // 1), int(lon // 1))
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for ref in self.grid.get((cell[0] + dlat, cell[1] + dlon), ()):
                    c = self.gaz.candidate(ref)
                    km = distance_km(lat, lon, c.lat, c.lon)
                    if km <= NEAREST_CITY_KM and (best is None or km < best[0]):
                        best = (km, c)
        return best[1].country if best else None


def with_countries(articles: list[GoldArticle], gaz: Gazetteer) -> list[GoldArticle]:
    """The articles with each gold toponym's country filled in (see module doc)."""
    nearest: _NearestCity | None = None
    out = []
    for article in articles:
        toponyms = []
        for g in article.toponyms:
            country = None
            known = gaz.by_id(f"geonames:{g.geonames_id}") if g.geonames_id else None
            if known is not None:
                country = known.country
            else:
                nearest = nearest or _NearestCity(gaz)
                country = nearest.country(g.lat, g.lon)
            toponyms.append(GoldToponym(g.start, g.end, g.text, g.kind, g.lat, g.lon,
                                        g.geonames_id, country))  # fmt: skip
        out.append(GoldArticle(article.id, article.text, tuple(toponyms)))
    return out


# --- systems --------------------------------------------------------------------------


def _country_word(text: str) -> str | None:
    """The country an adjectival toponym or a country name stands for ("Syrian" -> SYR)."""
    found = country_table.country_by_name(text) or country_table.country_by_demonym(text)
    return found.iso3 if found is not None else None


def _guess_place(place: Any) -> Guess:
    if place is None:
        return NO_GUESS
    return Guess(place.gazetteer_id, place.country, place.lat, place.lon)


def _guess_candidate(c: Candidate | None) -> Guess:
    return NO_GUESS if c is None else Guess(c.gazetteer_id, c.country, c.lat, c.lon)


def tidings_gold_spans(article: GoldArticle, gaz: Gazetteer) -> list[Guess]:
    """Tidings' resolution of the gold spans, one toponym per name per article."""
    groups: dict[str, list[GoldToponym]] = {}
    for g in article.toponyms:
        groups.setdefault(name_key(g.text), []).append(g)
    keys = list(groups)
    toponyms = [
        Toponym(groups[k][0].text, tuple(dict.fromkeys(g.text for g in groups[k])),
                tuple((g.start, g.end) for g in groups[k]), "GPE",
                _country_word(groups[k][0].text))
        for k in keys
    ]  # fmt: skip
    places = dict(zip(keys, resolve(article.text, toponyms, gazetteer=gaz), strict=True))
    return [_guess_place(places[name_key(g.text)]) for g in article.toponyms]


def baseline_guess(text: str, gaz: Gazetteer) -> Guess:
    """Most populous exact name match (a demonym stands for its country)."""
    found = naive_place(text, gaz)
    if found is None:
        iso3 = _country_word(text)
        found = gaz.country(iso3) if iso3 else None
    return _guess_candidate(found)


def end_to_end(articles: Sequence[GoldArticle], gaz: Gazetteer) -> Iterator[
    tuple[list[Guess], list[Guess], list[bool]]
]:
    """Per article: Tidings' and the baseline's guesses from the pipeline's own entities,
    and for each gold toponym whether an extracted place entity overlapped it."""
    from tidings.extraction import Extractor
    from tidings.model import Document, RawArticle

    extractor = Extractor(clean=False, require_english=False)
    raws = [RawArticle(source=a.id, text=a.text) for a in articles]
    for article, (_, doc) in zip(articles, extractor.run(raws), strict=True):
        spans: list[tuple[int, int, Any, str]] = []
        if isinstance(doc, Document):
            for entity in doc.entities:
                if entity.type in PLACE_LABELS:
                    spans += [(m.start, m.end, entity.place, m.text) for m in entity.mentions]
        ours, base, hits = [], [], []
        for g in article.toponyms:
            hit = next((s for s in spans if s[0] < g.end and g.start < s[1]), None)
            hits.append(hit is not None)
            ours.append(_guess_place(hit[2]) if hit else NO_GUESS)
            base.append(baseline_guess(hit[3], gaz) if hit else NO_GUESS)
        yield ours, base, hits


# --- the report -----------------------------------------------------------------------


def evaluate(
    path: str | Path | None = None, limit: int | None = None, end_to_end_too: bool = True
) -> tuple[dict[str, Any], str]:
    """The JSON report and a text table."""
    gaz = get_gazetteer()
    articles = with_countries(load(path, limit), gaz)
    gold_spans = {"tidings": Scores(), "baseline": Scores()}
    for article in articles:
        for g, guess in zip(article.toponyms, tidings_gold_spans(article, gaz), strict=True):
            gold_spans["tidings"].add(g, guess)
            gold_spans["baseline"].add(g, baseline_guess(g.text, gaz))
    report: dict[str, Any] = {
        "task": "places",
        "dataset": "geowebnews",
        "articles": len(articles),
        "gold_spans": {k: v.to_dict() for k, v in gold_spans.items()},
    }
    if end_to_end_too:
        e2e = {"tidings": Scores(), "baseline": Scores()}
        found_only = {"tidings": Scores(), "baseline": Scores()}
        found = 0
        for article, (ours, base, hits) in zip(articles, end_to_end(articles, gaz), strict=True):
            found += sum(hits)
            for g, a, b, hit in zip(article.toponyms, ours, base, hits, strict=True):
                e2e["tidings"].add(g, a)
                e2e["baseline"].add(g, b)
                if hit:
                    found_only["tidings"].add(g, a)
                    found_only["baseline"].add(g, b)
        report["end_to_end"] = {k: v.to_dict() for k, v in e2e.items()}
        report["end_to_end"]["toponyms_found"] = found
        report["end_to_end_found"] = {k: v.to_dict() for k, v in found_only.items()}
    return report, _table(report)


def _table(report: dict[str, Any]) -> str:
    lines = []
    for setting, title in (("gold_spans", "given gold toponym spans"),
                           ("end_to_end", "end to end (the pipeline's own entities)"),
                           ("end_to_end_found", "end to end, the toponyms NER found")):  # fmt: skip
        if setting not in report:
            continue
        rows = report[setting]
        t = rows["tidings"]
        head = f"geowebnews, {report['articles']} articles, {t['toponyms']} toponyms: {title}"
        if setting == "end_to_end":
            head += f"; {rows['toponyms_found']} found by NER"
        lines += [head, f"{'system':10}{'exact':>8}{'country':>9}{'acc@161':>9}"
                        f"{'mean km':>10}{'median km':>11}{'resolved':>10}"]  # fmt: skip
        for name in ("tidings", "baseline"):
            r = rows[name]
            mean = f"{r['mean_km']:.0f}" if r["mean_km"] is not None else "-"
            median = f"{r['median_km']:.0f}" if r["median_km"] is not None else "-"
            lines.append(f"{name:10}{r['exact']:8.3f}{r['country']:9.3f}{r['acc_161km']:9.3f}"
                         f"{mean:>10}{median:>11}{r['resolved']:>10}")  # fmt: skip
        lines.append(f"(exact over {t['exact_of']} with a GeoNames id, country over "
                     f"{t['country_of']} in one country, km over resolved)")  # fmt: skip
        lines.append("")
    return "\n".join(lines)
