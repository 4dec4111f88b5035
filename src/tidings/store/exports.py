"""The exports of ``tidings.export`` over a whole store: its Documents, oldest ingested
first, with the corpus view's event groups and actors. Shared by ``tidings export`` and
the HTTP API.

    >>> with Corpus("tidings.db") as corpus, open("events.csv", "w") as out:
    ...     export_store(corpus, "csv", out)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from tidings.export import (
    write_csv,
    write_event_geojson,
    write_graphml,
    write_parquet,
    write_place_geojson,
    write_plover,
)
from tidings.model import Document
from tidings.store.corpus import Corpus


def stored_documents(corpus: Corpus) -> Iterator[Document]:
    for summary in reversed(corpus.documents()):  # oldest ingested first
        yield corpus.get(summary.id)


def export_store(corpus: Corpus, format_: str, out: IO[Any]) -> int:
    """Write the store in ``format_`` (a key of ``tidings.export.FORMATS``); return the
    number of events, places or edges written."""
    docs = stored_documents(corpus)
    if format_ == "plover":
        return write_plover(docs, out, corpus.corpus_events_of)
    if format_ == "csv":
        return write_csv(docs, out, corpus.corpus_events_of)
    if format_ == "parquet":
        return write_parquet(docs, out, corpus.corpus_events_of)
    if format_ == "geojson":
        return write_event_geojson(docs, out, corpus.corpus_events_of)
    if format_ == "places-geojson":
        return write_place_geojson(docs, out)
    if format_ == "graphml":
        return write_graphml(docs, out, corpus.actors_of)
    raise ValueError(f"unknown export format {format_!r}")
