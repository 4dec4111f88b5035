"""The store's schema as named migrations, each applied once, in its own transaction.

    >>> conn = sqlite3.connect("tidings.db", isolation_level=None)
    >>> migrate(conn)          # applies what ``schema_migrations`` does not list yet
    ['0001_initial']

Add a change as a new ``Migration`` at the end of ``MIGRATIONS``; never edit one that
has shipped, since stores in the field already recorded it as applied.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    #: Rebuilds a table that others reference: runs with foreign keys off (they cannot
    #: be switched inside a transaction) and checks them all before committing.
    rebuilds_table: bool = False


_INITIAL = (
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,            -- content id
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT NOT NULL,
        source TEXT,
        text TEXT NOT NULL,
        json TEXT NOT NULL,             -- the full Document JSON (the contract)
        ingested_at TEXT NOT NULL
    )""",
    # A standalone FTS table keyed by doc_id: an external-content table would be keyed
    # by the documents rowid, which VACUUM may renumber for a TEXT primary key.
    "CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, text)",
    """CREATE TABLE entities (
        id TEXT PRIMARY KEY,            -- corpus entity id
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        key TEXT NOT NULL,              -- normalized name: casefold, no diacritics/punct
        UNIQUE (type, key)
    )""",
    """CREATE TABLE aliases (
        entity_id TEXT NOT NULL REFERENCES entities(id),
        alias TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (entity_id, alias)
    )""",
    "CREATE INDEX aliases_key ON aliases(key)",
    """CREATE TABLE doc_entities (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        entity_id TEXT NOT NULL,        -- document-level entity id
        corpus_entity_id TEXT NOT NULL REFERENCES entities(id),
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        PRIMARY KEY (doc_id, entity_id)
    )""",
    "CREATE INDEX doc_entities_corpus ON doc_entities(corpus_entity_id)",
    """CREATE TABLE mentions (
        doc_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        FOREIGN KEY (doc_id, entity_id) REFERENCES doc_entities(doc_id, entity_id)
    )""",
    "CREATE INDEX mentions_entity ON mentions(doc_id, entity_id)",
    """CREATE TABLE roles (
        doc_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        title TEXT,
        rank TEXT,
        organization TEXT,              -- document-level entity id
        country TEXT,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        FOREIGN KEY (doc_id, entity_id) REFERENCES doc_entities(doc_id, entity_id)
    )""",
    "CREATE INDEX roles_entity ON roles(doc_id, entity_id)",
    """CREATE TABLE places (
        doc_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        country TEXT,
        feature TEXT NOT NULL,
        gazetteer_id TEXT NOT NULL,
        PRIMARY KEY (doc_id, entity_id),
        FOREIGN KEY (doc_id, entity_id) REFERENCES doc_entities(doc_id, entity_id)
    )""",
    """CREATE TABLE dates (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT NOT NULL,
        precision TEXT NOT NULL
    )""",
    "CREATE INDEX dates_doc ON dates(doc_id)",
    """CREATE TABLE statements (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        id TEXT NOT NULL,
        speaker TEXT,                   -- document-level entity id
        cue_start INTEGER NOT NULL,
        cue_end INTEGER NOT NULL,
        cue_text TEXT NOT NULL,
        content_start INTEGER NOT NULL,
        content_end INTEGER NOT NULL,
        content_text TEXT NOT NULL,
        direct INTEGER NOT NULL,
        PRIMARY KEY (doc_id, id)
    )""",
    """CREATE TABLE events (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        mode TEXT,
        context TEXT NOT NULL,          -- JSON list
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        trigger_text TEXT NOT NULL,
        location TEXT,                  -- document-level entity id
        date_value TEXT,
        date_precision TEXT,
        date_basis TEXT,
        asserted_by TEXT,               -- statement id
        negated INTEGER NOT NULL,
        hypothetical INTEGER NOT NULL,
        confidence REAL NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        PRIMARY KEY (doc_id, id)
    )""",
    "CREATE INDEX events_type ON events(type)",
    """CREATE TABLE event_actors (
        doc_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,        -- document-level entity id
        role TEXT NOT NULL CHECK (role IN ('source', 'target')),
        FOREIGN KEY (doc_id, event_id) REFERENCES events(doc_id, id)
    )""",
    "CREATE INDEX event_actors_event ON event_actors(doc_id, event_id)",
    """CREATE TABLE failures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        content_id TEXT,
        created_at TEXT NOT NULL
    )""",
    # A re-run records the same failure once: same input, stage, code and content.
    """CREATE UNIQUE INDEX failures_once
        ON failures(source, stage, code, COALESCE(content_id, ''))""",
)

#: Events: the future flag, and PLOVER attributes of each actor. An actor the text names
#: without an entity ("riot police") has entity_id ''.
_EVENT_ACTOR_ATTRIBUTES = (
    "ALTER TABLE events ADD COLUMN future INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE event_actors ADD COLUMN text TEXT",
    "ALTER TABLE event_actors ADD COLUMN country TEXT",  # ISO 3166 alpha-3
    "ALTER TABLE event_actors ADD COLUMN sector TEXT",  # PLOVER sector code
    "CREATE INDEX event_actors_country ON event_actors(country)",
    "CREATE INDEX events_date ON events(date_value)",
)

#: Events: the flag of the event each article is about.
_MAIN_EVENT = ("ALTER TABLE events ADD COLUMN main INTEGER NOT NULL DEFAULT 0",)

#: The corpus view (derived data, rebuilt from the Documents; see store/linking/):
#: near-duplicate copies with their MinHash state, stories with the inverted index that
#: places a new document, corpus actors with their name keys and the manual decisions
#: about them, and corpus events. Documents added before this migration are placed by
#: the next ingest (``corpus_meta.backfill``).
_CORPUS_VIEW = (
    """CREATE TABLE corpus_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID""",
    # copies.CopyIndex state: doc id -> signature, band key -> doc ids.
    """CREATE TABLE copy_signatures (
        doc_id TEXT PRIMARY KEY,
        signature BLOB NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE copy_bands (
        band_key BLOB NOT NULL,
        doc_id TEXT NOT NULL,
        PRIMARY KEY (band_key, doc_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE copies (
        doc_id TEXT PRIMARY KEY,        -- the near-duplicate
        original_id TEXT NOT NULL,      -- the earlier document it copies
        jaccard REAL NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX copies_original ON copies(original_id)",
    # stories.StoryIndex state, kept as key lookups.
    """CREATE TABLE stories (
        id TEXT PRIMARY KEY,            -- content id of the founding document
        first_day TEXT,
        last_day TEXT,
        size INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE story_members (
        doc_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        score REAL NOT NULL,            -- cosine with the story joined; 1.0 copy; 0.0 opened
        via_copy TEXT
    ) WITHOUT ROWID""",
    "CREATE INDEX story_members_story ON story_members(story_id)",
    # The story's centroid: summed term weights of its members, by feature.
    """CREATE TABLE story_weights (
        story_id TEXT NOT NULL,
        feature TEXT NOT NULL,
        weight REAL NOT NULL,
        PRIMARY KEY (story_id, feature)
    ) WITHOUT ROWID""",
    # Inverted index: feature -> stories, by the day of the member that brought it.
    """CREATE TABLE story_postings (
        feature TEXT NOT NULL,
        day TEXT NOT NULL,              -- '' when the member has no day
        story_id TEXT NOT NULL,
        PRIMARY KEY (feature, day, story_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE feature_df (
        feature TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID""",
    # Corpus actors (corpus/actors.py).
    """CREATE TABLE actors (
        id TEXT PRIMARY KEY,            -- content id (actors._hash_id)
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        n_mentions INTEGER NOT NULL,
        n_docs INTEGER NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX actors_type ON actors(type)",
    """CREATE TABLE actor_links (
        doc_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,        -- document-level entity id
        actor_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        score REAL NOT NULL,
        profile_id TEXT NOT NULL,
        PRIMARY KEY (doc_id, entity_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX actor_links_actor ON actor_links(actor_id)",
    # What the linker compares of a mention, without its document: many mentions share
    # one profile, so an actor loads as its distinct profiles, not all its mentions.
    """CREATE TABLE actor_profiles (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        names_key TEXT NOT NULL,        -- normalised name and aliases, '|' between
        countries TEXT NOT NULL,        -- ISO3 codes, space between
        mention TEXT NOT NULL           -- JSON of actors.ActorMention
    ) WITHOUT ROWID""",
    """CREATE TABLE actor_profile_counts (
        actor_id TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (actor_id, profile_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE actor_keys (
        key TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        PRIMARY KEY (key, actor_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX actor_keys_actor ON actor_keys(actor_id)",
    """CREATE TABLE actor_decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
        actor_id TEXT NOT NULL,         -- merge: kept; split: the actor split
        other_id TEXT NOT NULL,         -- merge: absorbed; split: the new actor
        mentions TEXT NOT NULL,         -- JSON list of [doc_id, entity_id] moved
        created_at TEXT NOT NULL
    )""",
    # Corpus events (corpus/event_links.py).
    """CREATE TABLE corpus_events (
        id TEXT PRIMARY KEY,            -- content id of the founding event
        story_id TEXT NOT NULL,
        type TEXT NOT NULL,
        claimed_by TEXT NOT NULL,       -- '' a fact; else the speaker's actor id ('?' unknown)
        first_reported TEXT,
        last_reported TEXT,
        n_sources INTEGER NOT NULL,     -- distinct outlets (a document without one counts alone)
        n_articles INTEGER NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX corpus_events_key ON corpus_events(story_id, type, claimed_by)",
    """CREATE TABLE corpus_event_members (
        doc_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        corpus_event_id TEXT NOT NULL,
        outlet TEXT,
        published TEXT,
        evidence_key TEXT NOT NULL,     -- type and folded evidence sentence: a copy's match
        mention TEXT NOT NULL,          -- JSON of what event_links.link_score compares
        PRIMARY KEY (doc_id, event_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX corpus_event_members_event ON corpus_event_members(corpus_event_id)",
    """INSERT INTO corpus_meta (key, value)
        SELECT 'backfill', '1' WHERE EXISTS (SELECT 1 FROM documents)""",
)

#: Indexes that let placing an article read a bounded slice of a big corpus event: its
#: latest members in order (no sort of all of them), whether an outlet or an article is
#: already among its sources (so its counts are kept by adding, not recounted), and a
#: story's corpus events of one type and claimant, latest first. They replace the
#: indexes of 0004 on the same leading columns.
_CORPUS_VIEW_SCALE = (
    "CREATE INDEX corpus_event_members_latest ON corpus_event_members"
    "(corpus_event_id, published)",
    "CREATE INDEX corpus_event_members_source ON corpus_event_members"
    "(corpus_event_id, outlet, doc_id)",
    "DROP INDEX corpus_event_members_event",
    "CREATE INDEX corpus_events_latest ON corpus_events"
    "(story_id, type, claimed_by, last_reported)",
    "DROP INDEX corpus_events_key",
)

#: A story's squared centroid norm, kept as members join (``corpus.stories``: each
#: member's part under the IDF in force when it joined), and the number of documents
#: when it was last computed over the whole centroid, so that scoring a candidate reads
#: its centroid at the new document's features only. NULL for a story placed before
#: this migration: the linker computes it when the story is next scored.
_STORY_NORM = (
    "ALTER TABLE stories ADD COLUMN sq_norm REAL",
    "ALTER TABLE stories ADD COLUMN norm_documents INTEGER",
)

#: The stories' inverted index keyed by day first: news arrives roughly in date order,
#: so a batch's postings go into the pages of its few days, where by feature first
#: each posting dirtied a page of its own anywhere in the index, and writing cost grew
#: with the store. A document reads one seek per (day, feature) of its story window.
_POSTINGS_BY_DAY = (
    """CREATE TABLE story_postings_by_day (
        day TEXT NOT NULL,              -- '' when the member has no day
        feature TEXT NOT NULL,
        story_id TEXT NOT NULL,
        PRIMARY KEY (day, feature, story_id)
    ) WITHOUT ROWID""",
    """INSERT INTO story_postings_by_day (day, feature, story_id)
        SELECT day, feature, story_id FROM story_postings ORDER BY day, feature, story_id""",
    "DROP TABLE story_postings",
    "ALTER TABLE story_postings_by_day RENAME TO story_postings",
)

#: Listings that read only what they show. ``events.sort_day`` is the date an
#: event is listed and filtered by (its own, else its article's publication day, else
#: ''), kept by a trigger as events are inserted, so that the listing order and the date
#: filters are an index; indexes take each other filter from its key to the events (an
#: actor's entity, a country, a place) instead of testing every event.
_SORT_DAY = """COALESCE(date_value,
    (SELECT substr(d.published, 1, 10) FROM documents d WHERE d.id = events.doc_id), '')"""
_EVENTS_SORT_DAY_TRIGGER = f"""CREATE TRIGGER events_sort_day AFTER INSERT ON events BEGIN
        UPDATE events SET sort_day = {_SORT_DAY} WHERE rowid = NEW.rowid;
    END"""
_LISTINGS = (
    "ALTER TABLE events ADD COLUMN sort_day TEXT NOT NULL DEFAULT ''",
    f"UPDATE events SET sort_day = {_SORT_DAY}",
    _EVENTS_SORT_DAY_TRIGGER,
    "CREATE INDEX events_latest ON events(date_value IS NULL, sort_day DESC, doc_id, "
    "trigger_start)",
    "CREATE INDEX events_sort_day ON events(sort_day)",
    "CREATE INDEX events_location ON events(doc_id, location)",
    "CREATE INDEX event_actors_entity ON event_actors(doc_id, entity_id)",
    "CREATE INDEX event_actors_unnamed ON event_actors(text) WHERE entity_id = ''",
    "CREATE INDEX places_country ON places(country)",
    "CREATE INDEX corpus_events_reported ON corpus_events(last_reported IS NULL, "
    "last_reported DESC, n_sources DESC, id)",
    # Entities are listed most mentioned first: their counts are kept, not recounted.
    "ALTER TABLE entities ADD COLUMN n_docs INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE entities ADD COLUMN n_mentions INTEGER NOT NULL DEFAULT 0",
    """UPDATE entities SET
        n_docs = (SELECT count(DISTINCT de.doc_id) FROM doc_entities de
                  WHERE de.corpus_entity_id = entities.id),
        n_mentions = (SELECT count(*) FROM doc_entities de JOIN mentions m
                      ON m.doc_id = de.doc_id AND m.entity_id = de.entity_id
                      WHERE de.corpus_entity_id = entities.id)""",
    """CREATE TRIGGER entities_n_docs AFTER INSERT ON doc_entities BEGIN
        UPDATE entities SET n_docs = n_docs + 1 WHERE id = NEW.corpus_entity_id
            AND NOT EXISTS (SELECT 1 FROM doc_entities o WHERE o.doc_id = NEW.doc_id
                            AND o.corpus_entity_id = NEW.corpus_entity_id
                            AND o.rowid != NEW.rowid);
    END""",
    """CREATE TRIGGER entities_n_mentions AFTER INSERT ON mentions BEGIN
        UPDATE entities SET n_mentions = n_mentions + 1 WHERE id = (
            SELECT de.corpus_entity_id FROM doc_entities de
            WHERE de.doc_id = NEW.doc_id AND de.entity_id = NEW.entity_id);
    END""",
    "CREATE INDEX entities_listing ON entities(n_mentions DESC, n_docs DESC, name)",
    "CREATE INDEX entities_type_listing ON entities(type, n_mentions DESC, n_docs DESC, name)",
    "CREATE INDEX documents_ingested ON documents(ingested_at)",
)

#: The article text is stored once, in ``documents.text``: the Document JSON is kept
#: without it (``Corpus.get`` puts it back) and the full-text index reads it from
#: ``documents`` (an external-content FTS5 table). ``seq`` is the integer key the index
#: refers to; an explicit INTEGER PRIMARY KEY, because VACUUM may renumber a plain rowid.
_DOCUMENT_COLUMNS = "id, url, outlet, title, published, language, source, text, json, ingested_at"
_TEXT_ONCE = (
    """CREATE TABLE documents_text_once (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,        -- content id
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT NOT NULL,
        source TEXT,
        text TEXT NOT NULL,             -- the article text: its only copy in the store
        json TEXT NOT NULL,             -- the Document JSON without "text"
        ingested_at TEXT NOT NULL
    )""",
    f"INSERT INTO documents_text_once ({_DOCUMENT_COLUMNS}) "
    "SELECT id, url, outlet, title, published, language, source, text, "
    "json_remove(json, '$.text'), ingested_at FROM documents ORDER BY rowid",
    "DROP TABLE documents_fts",
    # The trigger reads documents: it would stop the renaming while documents is gone.
    "DROP TRIGGER events_sort_day",
    "DROP TABLE documents",
    "ALTER TABLE documents_text_once RENAME TO documents",
    _EVENTS_SORT_DAY_TRIGGER,
    "CREATE INDEX documents_ingested ON documents(ingested_at)",
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
    "content_rowid='seq')",
    "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')",
    """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts (rowid, title, text) VALUES (NEW.seq, NEW.title, NEW.text);
    END""",
    """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', OLD.seq, OLD.title, OLD.text);
    END""",
    """CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', OLD.seq, OLD.title, OLD.text);
        INSERT INTO documents_fts (rowid, title, text) VALUES (NEW.seq, NEW.title, NEW.text);
    END""",
)

#: A corpus entity's posts, one row per (title, rank, organization, country) with the
#: number of its documents, so that listings need not gather them from every role. ''
#: stands for a missing part (NULL would make every key distinct). ``n_docs_also_bare``:
#: the documents that give the same post without a country too (``Corpus._posts``
#: merges the two). ``{roles}`` chooses the roles counted.
ENTITY_POSTS_FROM_ROLES = """WITH posts AS (
        SELECT DISTINCT r.doc_id, de.corpus_entity_id AS entity_id,
            COALESCE(r.title, '') AS title, COALESCE(r.rank, '') AS rank,
            COALESCE(oe.name, od.name, r.organization, '') AS organization,
            COALESCE(r.country, '') AS country
        FROM roles r
        JOIN doc_entities de ON de.doc_id = r.doc_id AND de.entity_id = r.entity_id
        LEFT JOIN doc_entities od ON od.doc_id = r.doc_id AND od.entity_id = r.organization
        LEFT JOIN entities oe ON oe.id = od.corpus_entity_id
        WHERE {roles}),
    flagged AS (
        SELECT *, MAX(country = '') OVER (
            PARTITION BY doc_id, entity_id, title, rank, organization) AS also_bare
        FROM posts)
    INSERT INTO entity_posts (entity_id, title, rank, organization, country, n_docs,
                              n_docs_also_bare)
    SELECT entity_id, title, rank, organization, country, COUNT(*),
        SUM(country != '' AND also_bare)
    FROM flagged WHERE true GROUP BY entity_id, title, rank, organization, country
    ON CONFLICT (entity_id, title, rank, organization, country) DO UPDATE SET
        n_docs = n_docs + excluded.n_docs,
        n_docs_also_bare = n_docs_also_bare + excluded.n_docs_also_bare"""

#: Counts kept as rows are written, so that summaries read a few rows instead of
#: counting the corpus: ('rows', table), ('event_type', type) and ('source_folder',
#: the folder of a document's source, ending in "/", or "" for none).
_TALLIED_TABLES = ("documents", "entities", "mentions", "dates", "statements", "events",
                   "failures", "actors", "stories", "copies", "corpus_events")
_SOURCE_FOLDER = """rtrim(
    substr(NEW.source, 1, CASE instr(NEW.source, ':') WHEN 0 THEN length(NEW.source)
                          ELSE instr(NEW.source, ':') - 1 END),
    replace(substr(NEW.source, 1, CASE instr(NEW.source, ':') WHEN 0 THEN length(NEW.source)
                                  ELSE instr(NEW.source, ':') - 1 END), '/', ''))"""


def _tally_of(kind: str, key: str) -> str:
    return (f"INSERT INTO tallies (kind, key, n) VALUES ('{kind}', {key}, 1) "
            "ON CONFLICT (kind, key) DO UPDATE SET n = n + 1;")


_MEMBER_SORT_DAY = """COALESCE((SELECT e.sort_day FROM events e
    WHERE e.doc_id = {row}.doc_id AND e.id = {row}.event_id), '')"""
_SUMMARIES = (
    """CREATE TABLE tallies (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID""",
    *(f"INSERT INTO tallies (kind, key, n) SELECT 'rows', '{t}', COUNT(*) FROM {t}"
      for t in _TALLIED_TABLES),
    *(stmt for t in _TALLIED_TABLES for stmt in (
        f"""CREATE TRIGGER {t}_tally_insert AFTER INSERT ON {t} BEGIN
            UPDATE tallies SET n = n + 1 WHERE kind = 'rows' AND key = '{t}';
        END""",
        f"""CREATE TRIGGER {t}_tally_delete AFTER DELETE ON {t} BEGIN
            UPDATE tallies SET n = n - 1 WHERE kind = 'rows' AND key = '{t}';
        END""")),
    "INSERT INTO tallies (kind, key, n) SELECT 'event_type', type, COUNT(*) FROM events "
    "GROUP BY type",
    f"""CREATE TRIGGER events_type_tally AFTER INSERT ON events BEGIN
        {_tally_of('event_type', 'NEW.type')}
    END""",
    """CREATE TRIGGER events_type_untally AFTER DELETE ON events BEGIN
        UPDATE tallies SET n = n - 1 WHERE kind = 'event_type' AND key = OLD.type;
    END""",
    "INSERT INTO tallies (kind, key, n) SELECT 'source_folder', "
    f"{_SOURCE_FOLDER.replace('NEW.', '')}, COUNT(*) FROM documents "
    "WHERE source IS NOT NULL GROUP BY 2",
    f"""CREATE TRIGGER documents_folder_tally AFTER INSERT ON documents
        WHEN NEW.source IS NOT NULL BEGIN
        {_tally_of('source_folder', _SOURCE_FOLDER)}
    END""",
    """CREATE TABLE entity_posts (
        entity_id TEXT NOT NULL,
        title TEXT NOT NULL,
        rank TEXT NOT NULL,
        organization TEXT NOT NULL,
        country TEXT NOT NULL,
        n_docs INTEGER NOT NULL,
        n_docs_also_bare INTEGER NOT NULL,
        PRIMARY KEY (entity_id, title, rank, organization, country)
    ) WITHOUT ROWID""",
    ENTITY_POSTS_FROM_ROLES.format(roles="true"),
    # The example event of each type in `tidings demo`: its most confident, latest first.
    "DROP INDEX events_type",
    "CREATE INDEX events_type_confidence ON events(type, confidence DESC, sort_day DESC)",
    "CREATE INDEX dates_value ON dates(value, text)",
    # Actors are listed most mentioned first; the name and country filters find the
    # profiles from a narrow index instead of reading every profile's JSON.
    "CREATE INDEX actors_listing ON actors(n_mentions DESC, n_docs DESC, name, id)",
    "CREATE INDEX actor_profiles_names ON actor_profiles(names_key, id)",
    "CREATE INDEX actor_profiles_countries ON actor_profiles(countries, id)",
    "CREATE INDEX actor_profile_counts_profile ON actor_profile_counts(profile_id)",
    # Corpus events by type, in listing order; and from member events to their corpus
    # events through narrow indexes (the members' rows carry each mention's JSON). A
    # member keeps its event's sort_day, so that a date filter reads one index.
    "CREATE INDEX corpus_events_type_reported ON corpus_events(type, last_reported IS NULL, "
    "last_reported DESC, n_sources DESC, id)",
    "CREATE INDEX corpus_event_members_of_event ON corpus_event_members"
    "(doc_id, event_id, corpus_event_id)",
    "ALTER TABLE corpus_event_members ADD COLUMN sort_day TEXT NOT NULL DEFAULT ''",
    "UPDATE corpus_event_members SET sort_day = "
    f"{_MEMBER_SORT_DAY.format(row='corpus_event_members')}",
    f"""CREATE TRIGGER corpus_event_members_sort_day AFTER INSERT ON corpus_event_members BEGIN
        UPDATE corpus_event_members SET sort_day = {_MEMBER_SORT_DAY.format(row='NEW')}
        WHERE doc_id = NEW.doc_id AND event_id = NEW.event_id;
    END""",
    "CREATE INDEX corpus_event_members_day ON corpus_event_members(sort_day, corpus_event_id)",
    "CREATE INDEX corpus_event_members_event_day ON corpus_event_members"
    "(corpus_event_id, sort_day)",
    # Statements are listed by their documents' publication, latest first.
    "CREATE INDEX documents_published ON documents(published IS NULL, published DESC, id)",
    "CREATE INDEX statements_listing ON statements(doc_id, cue_start)",
    "CREATE INDEX statements_speaker ON statements(doc_id, speaker)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "0001_initial", _INITIAL),
    Migration(2, "0002_event_actor_attributes", _EVENT_ACTOR_ATTRIBUTES),
    Migration(3, "0003_main_event", _MAIN_EVENT),
    Migration(4, "0004_corpus_view", _CORPUS_VIEW),
    Migration(5, "0005_corpus_view_scale", _CORPUS_VIEW_SCALE),
    Migration(6, "0006_story_norm", _STORY_NORM),
    Migration(7, "0007_story_postings_by_day", _POSTINGS_BY_DAY),
    Migration(8, "0008_listings", _LISTINGS),
    Migration(9, "0009_text_once", _TEXT_ONCE, rebuilds_table=True),
    Migration(10, "0010_summaries", _SUMMARIES),
)

_BOOKKEEPING = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    conn.execute(_BOOKKEEPING)
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def pending(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations a store still lacks; reads only."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    done = set()
    if "schema_migrations" in tables:
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    return [m.name for m in MIGRATIONS if m.version not in done]


def migrate(
    conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[str]:
    """Apply pending migrations in order; return the names applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``) so that each
    migration is exactly one explicit transaction: all of it or none of it.
    """
    done = applied_versions(conn)
    applied: list[str] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in done:
            continue
        _apply(conn, migration)
        applied.append(migration.name)
    return applied


def _apply(conn: sqlite3.Connection, migration: Migration) -> None:
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    if migration.rebuilds_table:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        _apply_in_transaction(conn, migration)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")


def _apply_in_transaction(conn: sqlite3.Connection, migration: Migration) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another writer may have applied it while we waited for the lock.
        if conn.execute(
            "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
        ).fetchone():
            conn.execute("COMMIT")
            return
        for statement in migration.statements:
            conn.execute(statement)
        if migration.rebuilds_table and conn.execute("PRAGMA foreign_key_check").fetchone():
            raise sqlite3.IntegrityError(f"{migration.name}: a foreign key has no row")
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
