"""Events and places as GeoJSON (RFC 7946) point features, for QGIS and web maps.

    >>> write_event_geojson(documents, out)   # one point per located event
    >>> write_place_geojson(documents, out)   # one point per gazetteer place

An event is a point when its location is a place with coordinates; its properties are
the event's row of ``CSV_COLUMNS``. A place's properties are its name, country (ISO3),
feature code, gazetteer id and the numbers of documents and events that name it there.
Coordinates are [longitude, latitude], as RFC 7946 orders them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

from tidings.export.events import CorpusEventLookup, flat_row, plover_records
from tidings.model import Document


def _write_collection(features: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Stream a FeatureCollection, one feature a line; return the number of features."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for feature in features:
        out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def _point(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}


def event_features(docs: Iterable[Document],
                   corpus_events: CorpusEventLookup | None = None) -> Iterable[dict[str, Any]]:
    for doc in docs:
        for record in plover_records([doc], corpus_events):
            loc = record["event_loc"] or {}
            if loc.get("latitude") is None or loc.get("longitude") is None:
                continue
            yield _point(loc["longitude"], loc["latitude"], flat_row(doc, record))


def write_event_geojson(docs: Iterable[Document], out: TextIO,
                        corpus_events: CorpusEventLookup | None = None) -> int:
    """Write the located events; return their number."""
    return _write_collection(event_features(docs, corpus_events), out)


def place_features(docs: Iterable[Document]) -> list[dict[str, Any]]:
    places: dict[str, dict[str, Any]] = {}
    for doc in docs:
        located = Counter(e.location for e in doc.events if e.location)
        for entity in doc.entities:
            if entity.place is None:
                continue
            place = entity.place
            found = places.setdefault(place.gazetteer_id, {
                "lon": place.lon, "lat": place.lat,
                "properties": {"name": place.name or entity.name, "country": place.country,
                               "feature": place.feature, "gazetteer_id": place.gazetteer_id,
                               "documents": 0, "events": 0},
            })
            found["properties"]["documents"] += 1
            found["properties"]["events"] += located[entity.id]
    ordered = sorted(places.values(), key=lambda p: (-p["properties"]["documents"],
                                                     p["properties"]["gazetteer_id"]))
    return [_point(p["lon"], p["lat"], p["properties"]) for p in ordered]


def write_place_geojson(docs: Iterable[Document], out: TextIO) -> int:
    """Write every gazetteer place the documents name, most named first; return their
    number."""
    return _write_collection(place_features(docs), out)
