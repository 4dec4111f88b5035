"""The corpus view in the store: each new document placed by indexed key lookups.

    >>> with corpus.transaction():
    ...     report = CorpusLinker(conn).link(documents)

The ingest job calls ``link`` after each stored batch, inside the batch's transaction.
For each document, in order:

1. **copies** (``corpus.copies``): the document's MinHash signature is cut into LSH
   band keys; only the documents filed under those keys (``copy_bands``) and their
   signatures are read, and a ``CopyIndex`` is built from that state alone.
2. **story** (``corpus.stories``): document frequencies of the document's features
   (``feature_df``); for its rare features, the stories holding them with a member
   within the date window (``story_postings``, keyed by day and feature); of the few
   candidates chosen, their centroid weights at the document's features
   (``story_weights``) and kept norms (``stories.sq_norm``). One ``StoryIndex`` per batch holds
   only that state, read once per batch and kept equal to the tables as documents are
   added; it places the document; a copy joins its original's story.
3. **actors** (``corpus.actors``): one ``ActorLinker`` per batch with the store as its
   ``ActorSource``: a mention's lookup keys find actor ids in ``actor_keys``; those
   actors load, in one query, as their distinct mention profiles
   (``actor_profile_counts``), not as every mention, and profiles that differ only in a
   date too far from the batch's days to matter are left out (``SqliteActors``).
   Manual decisions (``actor_decisions``) are given to the linker.
4. **corpus events** (``corpus.event_links``): each event (not negated, not
   hypothetical) is compared with the corpus events of its story, type and claimant
   (``corpus_events_latest``), by ``link_score`` averaged over their latest members,
   with participants as corpus actor ids; at or above the product threshold it joins
   the best one, else it founds one. A claim keeps its speaker's actor id in the key, so
   a claim never joins a fact or another speaker's claim. An event of a copy joins the
   corpus event of the original's event with the same type and evidence sentence. A
   corpus event's dates and counts of sources and articles are kept by adding.

A copy still runs through the NLP and is stored as a Document of its own: its outlet,
headline and date are its own, and it is an extra source for the original's events.

Ids are content ids (the founding document's or event's), so the same files ingested in
the same order give the same ids in any store, and the same tables whatever the size
of the batches. Nothing here reads the whole corpus.

One file per stage: ``copies.py``, ``stories.py``, ``actors.py``, ``events.py``;
``decisions.py`` holds the manual merges and splits, ``_common.py`` content ids and
query chunks. ``CorpusLinker`` here runs the stages in order on one connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from tidings.corpus.copies import CopyOf
from tidings.corpus.event_links import product_settings
from tidings.corpus.stories import StorySettings
from tidings.model import Document
from tidings.store.linking._common import content_hash
from tidings.store.linking.actors import (
    SqliteActors,
    countries_of,
    link_actors,
    mention_from_json,
    names_key,
    profile_json,
    profile_of,
    refresh_actor_name,
)
from tidings.store.linking.copies import MAX_BUCKET, MIN_COPY_WORDS, CopyPlacer
from tidings.store.linking.decisions import (
    DecisionError,
    load_decisions,
    merge_actors,
    split_actor,
)
from tidings.store.linking.events import (
    MAX_EVENT_CANDIDATES,
    MAX_EVENT_MEMBERS,
    EventPlacer,
    corpus_event_id_for,
    evidence_key,
    mention_from_event_json,
    mention_json,
)
from tidings.store.linking.stories import StoryPlacer, story_id_for

__all__ = [
    "MAX_BUCKET",
    "MAX_EVENT_CANDIDATES",
    "MAX_EVENT_MEMBERS",
    "MIN_COPY_WORDS",
    "CorpusLinker",
    "DecisionError",
    "LinkReport",
    "SqliteActors",
    "content_hash",
    "corpus_event_id_for",
    "countries_of",
    "evidence_key",
    "load_decisions",
    "mention_from_event_json",
    "mention_from_json",
    "mention_json",
    "merge_actors",
    "names_key",
    "profile_json",
    "profile_of",
    "refresh_actor_name",
    "split_actor",
    "story_id_for",
]


@dataclass(slots=True)
class LinkReport:
    documents: int = 0
    copies: int = 0
    stories_opened: int = 0
    actors_new: int = 0
    corpus_events_new: int = 0

    def add(self, other: LinkReport) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class CorpusLinker:
    """Places documents in the store's corpus view; see the module docstring."""

    def __init__(self, conn: sqlite3.Connection, story_settings: StorySettings | None = None,
                 ) -> None:
        self._conn = conn
        self.story_settings = story_settings or StorySettings()
        self.event_settings = product_settings()
        self._copies = CopyPlacer(conn)

    def link(self, documents: Sequence[Document]) -> LinkReport:
        """Place documents not placed before, in order; call inside a transaction."""
        report = LinkReport()
        docs = [d for d in documents if not self._placed(d.id)]
        docs = list({d.id: d for d in docs}.values())
        if not docs:
            return report
        copy_of: dict[str, CopyOf | None] = {}
        story_of: dict[str, str] = {}
        stories = StoryPlacer(self._conn, self.story_settings)  # one per batch
        for doc in docs:
            copy_of[doc.id] = self._copies.place(doc)
            story_of[doc.id], opened = stories.place(doc, copy_of[doc.id])
            report.copies += copy_of[doc.id] is not None
            report.stories_opened += opened
        actor_of, report.actors_new = link_actors(self._conn, docs, load_decisions(self._conn))
        events = EventPlacer(self._conn, self.event_settings)
        for doc in docs:
            report.corpus_events_new += events.link(
                doc, story_of[doc.id], copy_of[doc.id], actor_of)
        report.documents = len(docs)
        return report

    def _placed(self, doc_id: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM story_members WHERE doc_id = ?", (doc_id,)).fetchone() is not None
