"""Writing one Document into the store's tables: the document row, its entities (each
resolved to a corpus entity by type and normalized name), mentions, posts, places,
dates, statements and events with their actors.

The article text is stored once, in ``documents.text``; the Document JSON beside it
leaves the text out (``Corpus.get`` puts it back), and the full-text index reads it
from ``documents`` (schema: 0009_text_once). Triggers keep the full-text index, the
kept counts (``tallies``) and the listing columns up to date.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
from datetime import UTC, datetime

from tidings.model import Document, Entity, Event
from tidings.store.schema import ENTITY_POSTS_FROM_ROLES

_ENTITY_POSTS_OF_DOCUMENT = ENTITY_POSTS_FROM_ROLES.format(roles="r.doc_id = ?")


def normalize_name(name: str) -> str:
    """Key under which spellings count as the same name: casefolded, no diacritics,
    no punctuation, single spaces. ``"Mirziyoyev, Sh."`` → ``"mirziyoyev sh"``."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = (
        " " if unicodedata.category(c).startswith(("P", "S")) else c
        for c in decomposed
        if not unicodedata.combining(c)
    )
    return " ".join("".join(kept).split())


def corpus_entity_id(type_: str, key: str) -> str:
    return "E" + hashlib.sha1(f"{type_}\x1f{key}".encode()).hexdigest()[:15]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def document_json(doc: Document) -> str:
    """The Document JSON as stored: every field but the text."""
    fields = doc.to_dict()
    del fields["text"]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def store_document(conn: sqlite3.Connection, doc: Document) -> None:
    """Insert every row of ``doc``; the caller holds the transaction and has checked
    that the id is new."""
    _insert_document(conn, doc)
    for entity in doc.entities:
        _insert_entity(conn, doc.id, entity)
    conn.execute(_ENTITY_POSTS_OF_DOCUMENT, (doc.id,))
    _insert_dates(conn, doc)
    _insert_statements(conn, doc)
    for event in doc.events:
        _insert_event(conn, doc.id, event)


def _insert_document(conn: sqlite3.Connection, doc: Document) -> None:
    conn.execute(
        "INSERT INTO documents (id, url, outlet, title, published, language, source, "
        "text, json, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc.id, doc.url, doc.outlet, doc.title, doc.published, doc.language, doc.source,
         doc.text, document_json(doc), now()),
    )


def _resolve_entity(conn: sqlite3.Connection, entity: Entity) -> str:
    """The corpus entity for a document entity: one per (type, normalized name)."""
    key = normalize_name(entity.name) or entity.name.casefold()
    row = conn.execute(
        "SELECT id FROM entities WHERE type = ? AND key = ?", (entity.type, key)
    ).fetchone()
    if row:
        return str(row[0])
    new_id = corpus_entity_id(entity.type, key)
    conn.execute(
        "INSERT INTO entities (id, type, name, key) VALUES (?, ?, ?, ?)",
        (new_id, entity.type, entity.name, key),
    )
    return new_id


def _insert_entity(conn: sqlite3.Connection, doc_id: str, entity: Entity) -> None:
    cid = _resolve_entity(conn, entity)
    conn.execute(
        "INSERT INTO doc_entities (doc_id, entity_id, corpus_entity_id, name, type) "
        "VALUES (?, ?, ?, ?, ?)",
        (doc_id, entity.id, cid, entity.name, entity.type),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)",
        [(cid, a, normalize_name(a)) for a in (entity.name, *entity.aliases)],
    )
    conn.executemany(
        "INSERT INTO mentions (doc_id, entity_id, start, end, text) VALUES (?, ?, ?, ?, ?)",
        [(doc_id, entity.id, m.start, m.end, m.text) for m in entity.mentions],
    )
    conn.executemany(
        "INSERT INTO roles (doc_id, entity_id, title, rank, organization, country, "
        "evidence_start, evidence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, entity.id, r.title, r.rank, r.organization, r.country,
          r.evidence.start, r.evidence.end) for r in entity.roles],
    )
    if entity.place is not None:
        p = entity.place
        conn.execute(
            "INSERT INTO places (doc_id, entity_id, lat, lon, country, feature, "
            "gazetteer_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc_id, entity.id, p.lat, p.lon, p.country, p.feature, p.gazetteer_id),
        )


def _insert_dates(conn: sqlite3.Connection, doc: Document) -> None:
    conn.executemany(
        "INSERT INTO dates (doc_id, start, end, text, value, precision) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(doc.id, d.start, d.end, d.text, d.value, d.precision) for d in doc.dates],
    )


def _insert_statements(conn: sqlite3.Connection, doc: Document) -> None:
    conn.executemany(
        "INSERT INTO statements (doc_id, id, speaker, cue_start, cue_end, cue_text, "
        "content_start, content_end, content_text, direct) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc.id, s.id, s.speaker, s.cue.start, s.cue.end, s.cue.text,
          s.content.start, s.content.end, s.content.text, int(s.direct))
         for s in doc.statements],
    )


def _insert_event(conn: sqlite3.Connection, doc_id: str, ev: Event) -> None:
    date = ev.date
    # events.sort_day is set by a trigger (schema: 0008_listings).
    conn.execute(
        "INSERT INTO events (doc_id, id, type, mode, context, trigger_start, "
        "trigger_end, trigger_text, location, date_value, date_precision, date_basis, "
        "asserted_by, negated, hypothetical, confidence, evidence_start, evidence_end, "
        "future, main) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc_id, ev.id, ev.type, ev.mode, json.dumps(list(ev.context)),
            ev.trigger.start, ev.trigger.end, ev.trigger.text, ev.location,
            date.value if date else None, date.precision if date else None,
            date.basis if date else None, ev.asserted_by, int(ev.negated),
            int(ev.hypothetical), ev.confidence, ev.evidence.start, ev.evidence.end,
            int(ev.future), int(ev.main),
        ),
    )
    # Actors with their PLOVER attributes; entity ids of source and target that the
    # actor records do not describe (older documents) are stored without attributes.
    actors = [(doc_id, ev.id, a.entity or "", a.role, a.text, a.country, a.sector)
              for a in ev.actors]
    described = {(a.entity, a.role) for a in ev.actors}
    actors += [
        (doc_id, ev.id, e, role, None, None, None)
        for role, ids in (("source", ev.source), ("target", ev.target))
        for e in ids
        if (e, role) not in described
    ]
    conn.executemany(
        "INSERT INTO event_actors (doc_id, event_id, entity_id, role, text, country, "
        "sector) VALUES (?, ?, ?, ?, ?, ?, ?)",
        actors,
    )
