"""Export events: PLOVER-style JSON lines, CSV and Parquet.

    >>> with open("events.jsonl", "w") as out:
    ...     write_plover(corpus_documents, out)      # one PLOVER record per event
    >>> write_csv(documents, sys.stdout)
    >>> with open("events.parquet", "wb") as out:
    ...     write_parquet(documents, out)

A PLOVER record uses the field names of the PLOVER specification (Open Event Data
Alliance): ``id``, ``date``, ``source`` and ``recipient`` (lists of actor objects with
``code``, ``sector``, ``actor_text``, ``identifier_id``, ``identifier_text``), ``event``
(a list of one type), ``mode``, ``context``, ``event_loc`` (GeoNames-style location
object: ``name``, ``latitude``, ``longitude``, ``geonameid``, ``cc3``), ``event_text``,
``quad_code``, ``text``, ``text_info`` (``start``, ``end``), ``cite_info`` (``url``,
``title``, ``publication``, ``language``), ``coder``. Fields PLOVER does not define carry
Tidings' extra information: ``cameo`` (the type's CAMEO root codes, for GDELT users),
``negated``, ``hypothetical``, ``future``, ``asserted_by``, ``confidence``, ``main`` (the
event the article is about),
``date_precision``, ``date_basis``, ``doc_id``, and from the store's corpus view
``corpus_event_id`` (the happening the event reports, across articles) and ``n_sources``
(its number of distinct outlets); both None for an event no corpus event holds. An
actor's ``code`` is its country (ISO 3166 alpha-3) or a PLOVER non-state code (IGO, NGO, ...).

The CSV and Parquet files have one row per event with the columns of ``CSV_COLUMNS``
(``flat_row``); lists are joined with "; ". Parquet keeps the types: booleans,
``confidence`` as a float, ``quad_code`` and ``n_sources`` as integers.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import metadata
from typing import Any, BinaryIO, TextIO

from tidings.model import Document, Entity, Event
from tidings.plover import QUAD_CODES, actor_code, event_types

__all__ = ["CSV_COLUMNS", "csv_rows", "flat_row", "plover_records", "write_csv",
           "write_parquet", "write_plover"]

CSV_COLUMNS = (
    "id", "doc_id", "date", "date_precision", "date_basis", "type", "mode", "context",
    "cameo", "quad_code", "source", "source_codes", "source_sectors", "target",
    "target_codes", "target_sectors", "location", "location_country", "trigger",
    "negated", "hypothetical", "future", "asserted_by", "confidence", "main", "text", "url",
    "title", "outlet", "published", "corpus_event_id", "n_sources",
)  # fmt: skip

#: Event id → (corpus event id, number of sources) for one document id.
CorpusEventLookup = Callable[[str], Mapping[str, tuple[str, int]]]


def _coder() -> str:
    try:
        return f"tidings {metadata.version('tidings')}"
    except metadata.PackageNotFoundError:  # running from a source tree
        return "tidings"


def _actor_objects(doc: Document, event: Event, role: str) -> list[dict[str, Any]]:
    entities = {e.id: e for e in doc.entities}
    objects: list[dict[str, Any]] = []
    described = set()
    for actor in event.actors:
        if actor.role != role:
            continue
        entity = entities.get(actor.entity) if actor.entity else None
        described.add(actor.entity)
        objects.append(_actor_object(entity, actor.text, actor.country, actor.sector))
    for entity_id in getattr(event, role):
        if entity_id not in described and entity_id in entities:
            objects.append(_actor_object(entities[entity_id], entities[entity_id].name, None, None))
    return objects


def _actor_object(
    entity: Entity | None, text: str, country: str | None, sector: str | None
) -> dict[str, Any]:
    code = country
    if code is None and entity is not None:
        code = actor_code(entity.name) or next(
            (c for c in map(actor_code, entity.aliases) if c), None
        )
    return {
        "code": code,
        "sector": sector,
        "actor_text": text,
        "identifier_id": entity.id if entity is not None else None,
        "identifier_text": entity.name if entity is not None else None,
    }


def _location(doc: Document, event: Event) -> dict[str, Any] | None:
    if event.location is None:
        return None
    entity = next((e for e in doc.entities if e.id == event.location), None)
    if entity is None:
        return None
    loc: dict[str, Any] = {"name": entity.name}
    if entity.place is not None:
        place = entity.place
        loc.update(
            latitude=place.lat, longitude=place.lon, geonameid=place.gazetteer_id,
            cc3=place.country, feature=place.feature,
        )
    return loc


def _asserted_by(doc: Document, event: Event) -> dict[str, Any] | None:
    if event.asserted_by is None:
        return None
    statement = next((s for s in doc.statements if s.id == event.asserted_by), None)
    speaker = None
    if statement is not None and statement.speaker is not None:
        speaker = next((e.name for e in doc.entities if e.id == statement.speaker), None)
    return {"statement": event.asserted_by, "speaker": speaker}


def plover_records(
    docs: Iterable[Document], corpus_events: CorpusEventLookup | None = None
) -> Iterator[dict[str, Any]]:
    """One PLOVER-style record per event of each document; ``corpus_events`` gives each
    event's corpus event and its number of sources (None without a store)."""
    types = event_types()
    coder = _coder()
    for doc in docs:
        grouped = corpus_events(doc.id) if corpus_events is not None else {}
        for event in doc.events:
            etype = types.get(event.type)
            corpus_event_id, n_sources = grouped.get(event.id, (None, None))
            yield {
                "id": event.id,
                "date": event.date.value if event.date else None,
                "source": _actor_objects(doc, event, "source"),
                "recipient": _actor_objects(doc, event, "target"),
                "event": [event.type],
                "mode": event.mode,
                "context": list(event.context),
                "event_loc": _location(doc, event),
                "event_text": [event.trigger.text],
                "quad_code": QUAD_CODES.get(etype.quad) if etype else None,
                "text": doc.text[event.evidence.start : event.evidence.end],
                "text_info": {"start": event.evidence.start, "end": event.evidence.end},
                "cite_info": {
                    "url": doc.url, "title": doc.title, "publication": doc.outlet,
                    "language": doc.language,
                },
                "coder": coder,
                "cameo": list(etype.cameo) if etype else [],
                "negated": event.negated,
                "hypothetical": event.hypothetical,
                "future": event.future,
                "asserted_by": _asserted_by(doc, event),
                "confidence": event.confidence,
                "main": event.main,
                "date_precision": event.date.precision if event.date else None,
                "date_basis": event.date.basis if event.date else None,
                "doc_id": doc.id,
                "corpus_event_id": corpus_event_id,
                "n_sources": n_sources,
            }


def csv_rows(
    docs: Iterable[Document], corpus_events: CorpusEventLookup | None = None
) -> Iterator[dict[str, Any]]:
    """Flat rows (``CSV_COLUMNS``) from the PLOVER records."""
    for doc in docs:
        for record in plover_records([doc], corpus_events):
            yield flat_row(doc, record)


def flat_row(doc: Document, record: Mapping[str, Any]) -> dict[str, Any]:
    """One PLOVER record of ``doc`` as a row of ``CSV_COLUMNS``."""

    def names(actors: list[dict[str, Any]]) -> str:
        return "; ".join(a["identifier_text"] or a["actor_text"] for a in actors)

    def codes(actors: list[dict[str, Any]], key: str) -> str:
        return "; ".join(a[key] or "" for a in actors)

    asserted = record["asserted_by"]
    loc = record["event_loc"] or {}
    return {
        "id": record["id"], "doc_id": doc.id, "date": record["date"],
        "date_precision": record["date_precision"],
        "date_basis": record["date_basis"], "type": record["event"][0],
        "mode": record["mode"], "context": "; ".join(record["context"]),
        "cameo": "; ".join(record["cameo"]), "quad_code": record["quad_code"],
        "source": names(record["source"]),
        "source_codes": codes(record["source"], "code"),
        "source_sectors": codes(record["source"], "sector"),
        "target": names(record["recipient"]),
        "target_codes": codes(record["recipient"], "code"),
        "target_sectors": codes(record["recipient"], "sector"),
        "location": loc.get("name"), "location_country": loc.get("cc3"),
        "trigger": record["event_text"][0], "negated": record["negated"],
        "hypothetical": record["hypothetical"], "future": record["future"],
        "asserted_by": (asserted["speaker"] or asserted["statement"]) if asserted else None,
        "confidence": record["confidence"], "main": record["main"],
        "text": record["text"], "url": doc.url,
        "title": doc.title, "outlet": doc.outlet, "published": doc.published,
        "corpus_event_id": record["corpus_event_id"], "n_sources": record["n_sources"],
    }


def write_plover(
    docs: Iterable[Document], out: TextIO, corpus_events: CorpusEventLookup | None = None
) -> int:
    """Write PLOVER JSON lines; return the number of events written."""
    n = 0
    for record in plover_records(docs, corpus_events):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(
    docs: Iterable[Document], out: TextIO, corpus_events: CorpusEventLookup | None = None
) -> int:
    """Write the CSV with a header; return the number of events written."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    n = 0
    for row in csv_rows(docs, corpus_events):
        writer.writerow(row)
        n += 1
    return n


#: Parquet column types other than text.
_PARQUET_TYPES = {"negated": "bool", "hypothetical": "bool", "future": "bool",
                  "main": "bool", "confidence": "float64", "quad_code": "int64",
                  "n_sources": "int64"}
_PARQUET_BATCH = 5000


def write_parquet(
    docs: Iterable[Document], out: BinaryIO, corpus_events: CorpusEventLookup | None = None
) -> int:
    """Write the rows of ``csv_rows`` as one Parquet table, in row groups of a few
    thousand events; return the number of events written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.type_for_alias(_PARQUET_TYPES.get(c, "string")))
                        for c in CSV_COLUMNS])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in csv_rows(docs, corpus_events):
            batch.append(row)
            if len(batch) == _PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
