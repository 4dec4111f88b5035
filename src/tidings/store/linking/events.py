"""The corpus-events stage of the corpus view (``corpus.event_links``), in the store:
each event (not negated, not hypothetical) is compared with the corpus events of its
story, type and claimant (``corpus_events_latest``), by ``link_score`` averaged over
their latest members, with participants as corpus actor ids; at or above the product
threshold it joins the best one, else it founds one. A claim keeps its speaker's actor
id in the key; an event of a copy joins the corpus event of the original's event with
the same type and evidence sentence; a corpus event's dates and counts are kept by
adding.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date

from tidings.corpus.copies import CopyOf, normalise
from tidings.corpus.event_links import (
    EventMention,
    LinkSettings,
    document_event_mentions,
    link_score,
)
from tidings.model import Document, Event
from tidings.store.linking._common import content_hash

#: Corpus events compared per event, and members read per corpus event (latest first).
MAX_EVENT_CANDIDATES = 20
MAX_EVENT_MEMBERS = 32


def corpus_event_id_for(doc_id: str, event_id: str) -> str:
    return content_hash("C", f"{doc_id}/{event_id}")


class EventPlacer:
    """Links each document's events to corpus events."""

    def __init__(self, conn: sqlite3.Connection, settings: LinkSettings) -> None:
        self._conn = conn
        self.settings = settings

    def link(self, doc: Document, story: str, copy: CopyOf | None,
             actor_of: dict[tuple[str, str], str]) -> int:
        events = {e.id: e for e in doc.events}
        speakers = {s.id: s.speaker for s in doc.statements}
        opened = 0
        for mention in document_event_mentions(doc, story):
            event = events[str(mention.id[1])]  # type: ignore[index]
            mention = replace(mention, participants=_participants(doc, event, actor_of))
            claimed = _claimant(doc, event, speakers, actor_of)
            key = evidence_key(doc, event)
            target = self._copied_event(copy.original, key) if copy else None
            if target is None:
                target = self._best_corpus_event(mention, story, event.type, claimed)
            if target is None:
                target = corpus_event_id_for(doc.id, event.id)
                opened += 1
                self._conn.execute(
                    "INSERT OR IGNORE INTO corpus_events (id, story_id, type, claimed_by, "
                    "first_reported, last_reported, n_sources, n_articles) "
                    "VALUES (?, ?, ?, ?, NULL, NULL, 0, 0)", (target, story, event.type, claimed))
            published = (doc.published or "")[:10] or None
            placed_before = self._conn.execute(
                "SELECT 1 FROM corpus_event_members WHERE doc_id = ? AND event_id = ?",
                (doc.id, event.id)).fetchone() is not None
            new_source = not self._has_source(target, doc.outlet, doc.id)
            new_article = self._conn.execute(
                # "+": by the primary key (the document's few events), not by the index
                # on the corpus event (all its members).
                "SELECT 1 FROM corpus_event_members WHERE doc_id = ? AND +corpus_event_id = ? "
                "LIMIT 1", (doc.id, target)).fetchone() is None
            self._conn.execute(
                "INSERT OR REPLACE INTO corpus_event_members (doc_id, event_id, "
                "corpus_event_id, outlet, published, evidence_key, mention) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc.id, event.id, target, doc.outlet, published, key, mention_json(mention)))
            if placed_before:  # placed again (not done by ``link``): count all again
                self._conn.execute(
                    "UPDATE corpus_events SET (first_reported, last_reported, n_sources, "
                    "n_articles) = (SELECT min(published), max(published), "
                    "count(DISTINCT COALESCE(outlet, 'doc:' || doc_id)), "
                    "count(DISTINCT doc_id) FROM corpus_event_members "
                    "WHERE corpus_event_id = ?) WHERE id = ?", (target, target))
                continue
            # The counts by adding: the same as counting the members again.
            self._conn.execute(
                "UPDATE corpus_events SET "
                "first_reported = COALESCE(min(first_reported, ?1), first_reported, ?1), "
                "last_reported = COALESCE(max(last_reported, ?1), last_reported, ?1), "
                "n_sources = n_sources + ?2, n_articles = n_articles + ?3 WHERE id = ?4",
                (published, int(new_source), int(new_article), target))
        return opened

    def _has_source(self, corpus_event: str, outlet: str | None, doc_id: str) -> bool:
        """Whether a member of ``corpus_event`` has this source: its outlet, or for a
        document without one the document itself (``'doc:' || doc_id``)."""
        source = outlet if outlet is not None else "doc:" + doc_id
        if self._conn.execute(
                "SELECT 1 FROM corpus_event_members WHERE corpus_event_id = ? AND outlet = ? "
                "LIMIT 1", (corpus_event, source)).fetchone():
            return True
        return source.startswith("doc:") and self._conn.execute(
            "SELECT 1 FROM corpus_event_members WHERE corpus_event_id = ? AND outlet IS NULL "
            "AND doc_id = ? LIMIT 1", (corpus_event, source[4:])).fetchone() is not None

    def _copied_event(self, original: str, key: str) -> str | None:
        row = self._conn.execute(
            "SELECT corpus_event_id FROM corpus_event_members WHERE doc_id = ? AND "
            "evidence_key = ? LIMIT 1", (original, key)).fetchone()
        return row[0] if row else None

    def _best_corpus_event(self, mention: EventMention, story: str, type_: str,
                           claimed: str) -> str | None:
        best, best_score = None, self.settings.threshold
        candidates = [r[0] for r in self._conn.execute(
            "SELECT id FROM corpus_events WHERE story_id = ? AND type = ? AND claimed_by = ? "
            "ORDER BY last_reported DESC, id LIMIT ?",
            (story, type_, claimed, MAX_EVENT_CANDIDATES))]
        for candidate in candidates:
            members = [mention_from_event_json(text, story) for (text,) in self._conn.execute(
                "SELECT mention FROM corpus_event_members WHERE corpus_event_id = ? "
                "ORDER BY published DESC, doc_id DESC, event_id DESC LIMIT ?",
                (candidate, MAX_EVENT_MEMBERS))]
            if not members:
                continue
            score = sum(link_score(mention, m, self.settings) for m in members) / len(
                members)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = candidate, score
        return best


def evidence_key(doc: Document, event: Event) -> str:
    sentence = doc.text[event.evidence.start : event.evidence.end]
    return content_hash("", event.type + "|" + " ".join(normalise(sentence)))


def _participants(doc: Document, event: Event,
                  actor_of: dict[tuple[str, str], str]) -> frozenset[str]:
    keys = {actor_of[(doc.id, e)] for e in (*event.source, *event.target)
            if (doc.id, e) in actor_of}
    for actor in event.actors:
        if actor.entity is None and actor.country:
            keys.add(f"country:{actor.country}")
    return frozenset(keys)


def _claimant(doc: Document, event: Event, speakers: dict[str, str | None],
              actor_of: dict[tuple[str, str], str]) -> str:
    """'' for a fact; the speaker's actor id for a claim, '?' when nobody is named."""
    if event.asserted_by is None:
        return ""
    speaker = speakers.get(event.asserted_by)
    return actor_of.get((doc.id, speaker), "?") if speaker else "?"


def mention_json(mention: EventMention) -> str:
    return json.dumps(
        {"trigger": mention.trigger, "families": sorted(mention.families),
         "participants": sorted(mention.participants), "places": sorted(mention.places),
         "days": sorted(d.isoformat() for d in mention.days), "doc": mention.doc_id},
        ensure_ascii=False, separators=(",", ":"))


def mention_from_event_json(text: str, story: str) -> EventMention:
    data = json.loads(text)
    return EventMention(
        id=None, doc_id=data["doc"], story=story, trigger=data["trigger"],
        families=frozenset(data["families"]), participants=frozenset(data["participants"]),
        places=frozenset(data["places"]),
        days=frozenset(date.fromisoformat(d) for d in data["days"]),
    )
