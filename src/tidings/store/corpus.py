"""The corpus store: one SQLite file holding Documents, corpus entities and failures.

    >>> with Corpus("tidings.db") as corpus:
    ...     corpus.add(doc)                 # False when the id is already stored
    ...     corpus.entities(type="PERSON", name="mirziyoev")
    ...     corpus.search("summit astana")

All SQL of Tidings lives in this package. One process writes at a time (WAL mode lets
readers such as ``tidings serve`` read meanwhile).

Opening a file that is not a Tidings store (a text file, another program's SQLite
database) raises ``NotAStoreError`` and leaves the file as it was. The text filters of
``entities`` and ``events`` and the query of ``search`` are at most
``MAX_FILTER_CHARS`` characters; a longer value raises ``FilterError`` (a ``ValueError``)
rather than being cut, since a cut value would silently match other names. In every
name filter ``%``, ``_`` and ``\\`` are plain characters, never wildcards.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tidings.errors import DocumentNotFoundError, Messages, TidingsError
from tidings.model import Document, Rejected
from tidings.store.schema import migrate, pending
from tidings.store.writer import normalize_name, now, store_document

if TYPE_CHECKING:
    from tidings.corpus.actors import Decision
    from tidings.store.linking import LinkReport
    from tidings.store.views import ActorRecord, ActorSummary, CorpusEventRow, StoryRow

PLACE_TYPES = ("GPE", "LOC", "FAC")
#: The longest name filter or search query, in characters: far above any real name, far
#: below what SQLite refuses as a LIKE pattern (50,000 bytes).
MAX_FILTER_CHARS = 200


class StoreError(TidingsError):
    """The store file cannot be opened (a missing folder, no permission, a lock)."""


class NotAStoreError(StoreError):
    """The file is not a SQLite database, or a SQLite database without Tidings' tables."""


class FilterError(TidingsError, ValueError):
    """A filter value the store does not take: longer than ``MAX_FILTER_CHARS``."""


@dataclass(frozen=True, slots=True)
class Post:
    """A role an entity holds in at least one document, e.g. a minister of a country."""

    title: str | None
    rank: str | None
    organization: str | None  # name, resolved through the document's entities
    country: str | None
    document_count: int

    def describe(self) -> str:
        head = ", ".join(x for x in (self.rank, self.title) if x) or "post"
        tail = ", ".join(x for x in (self.organization, self.country) if x)
        return f"{head} ({tail})" if tail else head


@dataclass(frozen=True, slots=True)
class CorpusEntity:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    document_count: int
    mention_count: int
    roles: tuple[Post, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": list(self.aliases),
            "document_count": self.document_count,
            "mention_count": self.mention_count,
            "roles": [
                {
                    "title": p.title,
                    "rank": p.rank,
                    "organization": p.organization,
                    "country": p.country,
                    "document_count": p.document_count,
                }
                for p in self.roles
            ],
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    title: str | None
    snippet: str
    rank: float


@dataclass(frozen=True, slots=True)
class StatementRow:
    """A statement as listed: who said what, in which article."""

    doc_id: str
    id: str
    speaker: str | None  # the corpus name of the speaker; None when not found
    cue: str
    content: str
    direct: bool
    title: str | None
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class EventPoint:
    """An event whose place has coordinates, as a map shows it."""

    doc_id: str
    event_id: str
    type: str
    date: str | None  # its own date, else its article's publication day
    lat: float
    lon: float
    place: str
    title: str | None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    source: str | None
    ingested_at: str


@dataclass(frozen=True, slots=True)
class DateRow:
    doc_id: str
    text: str
    value: str
    precision: str


@dataclass(frozen=True, slots=True)
class EventActorRow:
    role: str  # "source" | "target"
    name: str  # the entity's name, or the text of an unnamed actor
    entity_id: str | None  # corpus entity id
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event with its actors and place resolved to names."""

    doc_id: str
    id: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    trigger: str
    date: str | None
    date_precision: str | None
    date_basis: str | None
    location: str | None  # the place's name
    actors: tuple[EventActorRow, ...]
    asserted_by: str | None  # the speaker's name, or the statement id without a speaker
    negated: bool
    hypothetical: bool
    future: bool
    confidence: float
    evidence: str  # the sentence
    title: str | None
    published: str | None
    #: The date the listing filters and orders by: the event's own date, else the day
    #: its article was published; ``effective_date_source`` is "event" or "published"
    #: (None when there is neither).
    effective_date: str | None = None
    effective_date_source: str | None = None

    def names(self, role: str) -> list[str]:
        return [a.name for a in self.actors if a.role == role]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["context"] = list(self.context)
        data["actors"] = [dataclasses.asdict(a) for a in self.actors]
        return data


@dataclass(frozen=True, slots=True)
class Failure:
    id: int
    source: str
    stage: str
    code: str
    reason: str
    content_id: str | None
    created_at: str


def fts_query(query: str) -> str | None:
    """User text → a safe FTS5 query: every term quoted, terms ANDed.

    A trailing ``*`` keeps its prefix meaning; terms without a letter or digit are
    dropped. None when nothing searchable is left.
    """
    # NUL and other control characters end or break an FTS5 string literal.
    printable = "".join(c if c.isprintable() else " " for c in query)
    terms = []
    for raw in printable.split():
        prefix = raw.endswith("*")
        term = raw.rstrip("*")
        if not any(c.isalnum() for c in term):
            continue
        quoted = '"' + term.replace('"', '""') + '"'
        terms.append(quoted + ("*" if prefix else ""))
    return " ".join(terms) or None


def _like_pattern(key: str) -> str:
    """A LIKE pattern (used with ``ESCAPE '\\'``) for "contains ``key``": ``%``, ``_`` and
    ``\\`` in ``key`` are literal characters."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", key) + "%"


def _filter_value(what: str, value: str | None) -> str | None:
    """``value`` ready for a query: at most ``MAX_FILTER_CHARS`` characters, and lone
    surrogates (which a shell's undecodable bytes become) replaced, since SQLite takes
    only encodable text."""
    if value is None:
        return None
    if len(value) > MAX_FILTER_CHARS:
        raise FilterError(
            Messages.FILTER_TOO_LONG.format(name=what, length=len(value), limit=MAX_FILTER_CHARS)
        )
    return value.encode("utf-8", "replace").decode("utf-8")


def _name_match(value: str, cid: str) -> tuple[str, list[Any]]:
    """SQL true when corpus entity ``cid``'s name or an alias contains ``value``, both
    normalized (``normalize_name``). A value with nothing left after normalizing (only
    punctuation, e.g. "%" or "_") matches no name: names are stored normalized, without
    punctuation, so nothing can contain it."""
    matching, params = _matching_entities(value)
    return f"{cid} IN ({matching})", params


def _check_store(conn: sqlite3.Connection, path: Path) -> None:
    """Raise unless ``conn`` is a Tidings store or an empty database; reads only."""
    try:
        tables = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        }
    except sqlite3.OperationalError as exc:  # locked, unreadable
        raise StoreError(Messages.CANNOT_OPEN_STORE.format(path=path, detail=exc)) from exc
    except sqlite3.DatabaseError as exc:  # "file is not a database", a damaged file
        raise NotAStoreError(Messages.NOT_A_STORE.format(path=path, detail=exc)) from exc
    if not tables:
        return  # a new file, or an empty database: migrate() makes it a store
    columns = set()
    if "schema_migrations" in tables:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(schema_migrations)")}
    is_store = {"version", "name", "applied_at"} <= columns and (
        "documents" in tables
        or conn.execute("SELECT 1 FROM schema_migrations LIMIT 1").fetchone() is None
    )
    if not is_store:
        detail = "a SQLite database without the Tidings tables"
        raise NotAStoreError(Messages.NOT_A_STORE.format(path=path, detail=detail))


#: The page cache of a writing connection, in KiB (negative: a size, not pages). Placing
#: a batch in the corpus view reads index pages that neighbouring articles read again;
#: SQLite's default of 2 MiB drops them between articles in a big store.
CACHE_KIB = -65536


class Corpus:
    """A store file; created and migrated on open. Use as a context manager.

    Raises ``NotAStoreError`` for a file that is not a Tidings store (nothing is written
    to it) and ``StoreError`` for a file SQLite cannot open.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        try:
            if read_only:
                uri = "file:" + quote(str(self.path.absolute())) + "?mode=ro"
                self._conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                             check_same_thread=False)
            else:
                self._conn = sqlite3.connect(str(self.path), isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(
                Messages.CANNOT_OPEN_STORE.format(path=self.path, detail=exc)
            ) from exc
        try:
            self._conn.execute("PRAGMA busy_timeout=5000")
            _check_store(self._conn, self.path)  # before anything writes to the file
            if read_only:
                self._conn.execute("PRAGMA query_only=ON")
                if pending(self._conn):
                    raise StoreError(Messages.STORE_NEEDS_UPGRADE.format(path=self.path))
                return
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute(f"PRAGMA cache_size={CACHE_KIB}")
            migrate(self._conn)
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle -----------------------------------------------------------------

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self.read_only:
            # Table statistics for the query planner, refreshed where the tables have
            # grown enough to need it (SQLite's advice: before closing a connection).
            try:
                self._conn.execute("PRAGMA analysis_limit=400")
                self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # a locked or read-only file: the statistics wait for next time
        self._conn.close()

    def pragma(self, name: str) -> Any:
        """Read a pragma, e.g. ``corpus.pragma("journal_mode")`` → ``"wal"``."""
        if not name.isidentifier():
            raise ValueError(f"not a pragma name: {name!r}")
        return self._conn.execute(f"PRAGMA {name}").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together; nested use is a savepoint."""
        if self._conn.in_transaction:
            self._conn.execute("SAVEPOINT nested")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK TO nested")
                self._conn.execute("RELEASE nested")
                raise
            self._conn.execute("RELEASE nested")
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- writing -------------------------------------------------------------------

    def add(self, doc: Document) -> bool:
        """Store a Document; False, changing nothing, when its id is already stored."""
        with self.transaction():
            if self.has(doc.id):
                return False
            store_document(self._conn, doc)
        return True

    # -- the corpus view (store/linking/) ----------------------------------------

    def link(self, docs: Sequence[Document]) -> LinkReport:
        """Place stored documents in the corpus view: copies, stories, actors, corpus
        events. Documents placed before are passed over."""
        from tidings.store.linking import CorpusLinker

        with self.transaction():
            return CorpusLinker(self._conn).link(docs)

    def needs_placing(self) -> bool:
        """Whether some stored documents were never placed in the corpus view (a store
        made before it, or a batch whose placing failed)."""
        row = self._conn.execute("SELECT 1 FROM corpus_meta WHERE key = 'backfill'")
        return row.fetchone() is not None

    def mark_unplaced(self) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO corpus_meta (key, value) VALUES ('backfill', '1')")

    def place_unplaced(self, chunk: int = 200) -> LinkReport:
        """Place every stored document not yet placed, oldest ingested first, ``chunk``
        documents at a time; then clear the mark."""
        from tidings.store.linking import LinkReport

        report = LinkReport()
        if not self.needs_placing():
            return report
        ids = [r[0] for r in self._conn.execute(
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM story_members s "
            "WHERE s.doc_id = d.id) ORDER BY d.ingested_at, d.rowid")]
        for start in range(0, len(ids), chunk):
            report.add(self.link([self.get(i) for i in ids[start : start + chunk]]))
        with self.transaction():
            self._conn.execute("DELETE FROM corpus_meta WHERE key = 'backfill'")
        return report

    def actors(self, name: str | None = None, country: str | None = None,
               type: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[ActorSummary]:
        """Corpus actors, most mentioned first; ``name`` matches any spelling (as for
        ``entities``), ``country`` (ISO3) a post's or a place's country."""
        from tidings.store import views

        name = _filter_value("name", name)
        return views.actors(self._conn, name, _filter_value("country", country),
                            _filter_value("type", type), limit, offset)

    def actor(self, actor_id: str) -> ActorRecord | None:
        """One actor: spellings, mentions, posts over time, statements, events, co-actors."""
        from tidings.store import views

        return views.actor(self._conn, actor_id)

    def merge_actors(self, kept: str, absorbed: str) -> Decision:
        """Merge ``absorbed`` into ``kept``, recorded in ``actor_decisions``."""
        from tidings.store.linking import merge_actors

        with self.transaction():
            return merge_actors(self._conn, kept, absorbed)

    def split_actor(self, actor_id: str, mentions: Sequence[tuple[str, str]]) -> Decision:
        """Make ``mentions`` ((doc id, entity id)) of ``actor_id`` an actor of their own."""
        from tidings.store.linking import split_actor

        with self.transaction():
            return split_actor(self._conn, actor_id, mentions)

    def actor_of(self, doc_id: str, entity_id: str) -> str | None:
        from tidings.store import views

        return views.actor_of_mention(self._conn, doc_id, entity_id)

    def actors_of(self, doc_id: str) -> dict[str, tuple[str, str, str]]:
        """Entity id → (corpus actor id, name, type) for one document's entities."""
        from tidings.store import views

        return views.actors_of_document(self._conn, doc_id)

    def has_corpus_events(self) -> bool:
        from tidings.store import views

        return views.has_corpus_events(self._conn)

    def corpus_events(
        self, type: str | Sequence[str] | None = None, actor: str | None = None,
        country: str | None = None, since: str | None = None, until: str | None = None,
        place: str | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[CorpusEventRow]:
        """Corpus events (one happening, all its reports), latest reported first; a
        corpus event matches the filters of ``events`` when one of its members does."""
        from tidings.store import views

        if isinstance(type, str):
            type = _filter_value("type", type)
        country = _filter_value("country", country)
        since, until = _filter_value("since", since), _filter_value("until", until)
        actor, place = _filter_value("actor", actor), _filter_value("place", place)
        # A corpus event's members share its type: the type is the corpus event's own.
        types = [type] if isinstance(type, str) else list(type or ())
        types = [t.upper() for t in types]
        if actor is None and country is None and place is None:  # dates alone, or nothing
            return views.corpus_events(self._conn, ("1", []), limit, offset, types,
                                       since, until)
        member_filter = self._event_filter(None, actor, country, since, until, place)
        return views.corpus_events(self._conn, member_filter, limit, offset, types)

    def corpus_events_of(self, doc_id: str) -> dict[str, tuple[str, int]]:
        """Event id → (corpus event id, number of sources) for one document."""
        from tidings.store import views

        return views.corpus_events_of(self._conn, doc_id)

    def stories(self, limit: int | None = None, offset: int = 0) -> list[StoryRow]:
        from tidings.store import views

        return views.stories(self._conn, limit, offset)

    def corpus_counts(self) -> dict[str, int]:
        """Counts of the corpus view: actors, stories, copies, corpus events."""
        from tidings.store import views

        return views.corpus_counts(self._conn)

    def copy_of(self, doc_id: str) -> tuple[str, float] | None:
        """The original a stored document copies, with their Jaccard similarity."""
        from tidings.store import views

        return views.copy_of(self._conn, doc_id)

    def add_failure(self, rejected: Rejected) -> bool:
        """Record why an input gave no Document; False when already recorded."""
        with self.transaction():
            cur = self._conn.execute(
                "INSERT OR IGNORE INTO failures "
                "(source, stage, code, reason, content_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    rejected.source,
                    rejected.stage,
                    rejected.code,
                    rejected.reason,
                    rejected.content_id,
                    now(),
                ),
            )
        return cur.rowcount == 1

    # -- reading -------------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,))
        return row.fetchone() is not None

    def get(self, doc_id: str) -> Document:
        row = self._conn.execute(
            "SELECT json, text FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise DocumentNotFoundError(Messages.DOC_NOT_FOUND.format(id=doc_id, db=self.path))
        fields = json.loads(row[0])
        fields["text"] = row[1]  # stored once, beside the JSON (schema: 0009_text_once)
        return Document.from_dict(fields)

    def documents(self, limit: int | None = None, offset: int = 0) -> list[DocumentSummary]:
        """Stored documents, most recently ingested first."""
        rows = self._conn.execute(
            "SELECT id, title, outlet, published, source, ingested_at FROM documents "
            "ORDER BY ingested_at DESC, rowid DESC LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [DocumentSummary(*row) for row in rows]

    def entities(
        self,
        type: str | Sequence[str] | None = None,
        name: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[CorpusEntity]:
        """Corpus entities, most mentioned first.

        ``type`` is one type or several; ``name`` matches the name or any alias as a
        case- and diacritic-insensitive substring (punctuation, ``%`` and ``_`` included,
        counts as a space; a name of punctuation only matches nothing). ``name`` longer
        than ``MAX_FILTER_CHARS`` raises ``FilterError``.
        """
        name = _filter_value("name", name)
        where, params = self._entity_filter(type, name)
        rows = self._conn.execute(
            "SELECT e.id, e.type, e.name, e.n_docs, e.n_mentions "
            f"FROM entities e WHERE {where} "
            "ORDER BY e.n_mentions DESC, e.n_docs DESC, e.name LIMIT ? OFFSET ?",
            (*params, -1 if limit is None else limit, offset),
        ).fetchall()
        return [
            CorpusEntity(
                id=eid, type=etype, name=ename,
                aliases=self._aliases(eid, ename),
                document_count=docs, mention_count=mentions,
                roles=self._posts(eid),
            )
            for eid, etype, ename, docs, mentions in rows
        ]

    @staticmethod
    def _entity_filter(
        type_: str | Sequence[str] | None, name: str | None
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = ["1"]
        params: list[Any] = []
        if type_:
            types = [type_] if isinstance(type_, str) else list(type_)
            # "+" keeps SQLite off the type index: the listing-order index, read in order
            # and tested for the type, finds a page of a common type at once.
            clauses.append(f"+e.type IN ({', '.join('?' * len(types))})")
            params += [t.upper() for t in types]
        if name is not None:
            match, more = _name_match(name, "e.id")
            clauses.append(match)
            params += more
        return " AND ".join(clauses), params

    def _aliases(self, entity_id: str, name: str) -> tuple[str, ...]:
        rows = self._conn.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? AND alias != ? ORDER BY alias",
            (entity_id, name),
        )
        return tuple(r[0] for r in rows)

    def _posts(self, entity_id: str) -> tuple[Post, ...]:
        """The entity's posts, in the most documents first.

        A post without a country is dropped when the same post (title, rank and
        organization) is also known with a country: "President" beside "President
        (UZB)" says nothing more. When there is exactly one such country, the documents
        of the post without one count for it.
        """
        # Kept per post as documents are stored (schema: 0010_summaries), '' for a
        # missing part; ``also_bare``: documents that give the post without a country too.
        counts: dict[tuple[str | None, ...], int] = {}
        also_bare: dict[tuple[str | None, ...], int] = {}
        for *parts, n_docs, n_also_bare in self._conn.execute(
            "SELECT title, rank, organization, country, n_docs, n_docs_also_bare "
            "FROM entity_posts WHERE entity_id = ?", (entity_id,)):
            key = tuple(part or None for part in parts)
            counts[key], also_bare[key] = n_docs, n_also_bare
        for key in [k for k in counts if k[3] is None]:
            with_country = [k for k in counts if k[:3] == key[:3] and k[3] is not None]
            if with_country:
                bare = counts.pop(key)
                if len(with_country) == 1:  # the documents of both, each counted once
                    only = with_country[0]
                    counts[only] += bare - also_bare[only]
        order = sorted(
            counts.items(),
            key=lambda kv: (-kv[1], *((x is not None, x or "") for x in kv[0])),
        )
        return tuple(Post(*key, document_count=n) for key, n in order)

    def search(self, query: str, limit: int = 20, offset: int = 0,
               marks: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        """Full-text search over titles and texts; any user text up to
        ``MAX_FILTER_CHARS`` characters is a valid query (a longer one raises
        ``FilterError``). ``marks`` open and close each matched word in the snippet."""
        match = fts_query(_filter_value("query", query) or "")
        if match is None:
            return []
        rows = self._conn.execute(
            "SELECT d.id, d.title, snippet(documents_fts, 1, ?, ?, '…', 12), f.rank "
            "FROM documents_fts f JOIN documents d ON d.seq = f.rowid "
            "WHERE documents_fts MATCH ? ORDER BY f.rank LIMIT ? OFFSET ?",
            (*marks, match, limit, offset),
        )
        return [SearchHit(doc_id, title or None, snip, rank) for doc_id, title, snip, rank in rows]

    def dates(self, limit: int | None = None) -> list[DateRow]:
        """Distinct dates mentioned, latest value first."""
        rows = self._conn.execute(
            "SELECT doc_id, text, value, precision FROM dates "
            "GROUP BY value, text ORDER BY value DESC, text DESC LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [DateRow(*row) for row in rows]

    def statements(self, speaker: str | None = None, limit: int | None = None,
                   offset: int = 0) -> list[StatementRow]:
        """Statements, latest published first; ``speaker`` matches the speaker's name or
        any alias as for ``entities``."""
        speaker = _filter_value("speaker", speaker)
        if speaker is None:
            # Documents in listing order (index documents_published), their statements
            # beside them: a page reads its own documents, not every statement.
            where, params, source = "1", [], (
                "documents d INDEXED BY documents_published CROSS JOIN statements s "
                "ON s.doc_id = d.id")
        else:  # the speaker's few statements, found through the entity, then sorted
            matching, params = _matching_entities(speaker)
            where = ("s.rowid IN (SELECT st.rowid FROM doc_entities se JOIN statements st "
                     "ON st.doc_id = se.doc_id AND st.speaker = se.entity_id "
                     f"WHERE se.corpus_entity_id IN ({matching}))")
            source = "statements s JOIN documents d ON d.id = s.doc_id"
        rows = self._conn.execute(
            "SELECT s.doc_id, s.id, COALESCE(ce.name, de.name), s.cue_text, s.content_text, "
            f"s.direct, d.title, d.published FROM {source} "
            "LEFT JOIN doc_entities de ON de.doc_id = s.doc_id AND de.entity_id = s.speaker "
            "LEFT JOIN entities ce ON ce.id = de.corpus_entity_id "
            f"WHERE {where} "
            "ORDER BY d.published IS NULL, d.published DESC, d.id, s.cue_start "
            "LIMIT ? OFFSET ?",
            (*params, -1 if limit is None else limit, offset),
        )
        return [StatementRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7])
                for r in rows]

    def failures(self, limit: int | None = None, offset: int = 0) -> list[Failure]:
        rows = self._conn.execute(
            "SELECT id, source, stage, code, reason, content_id, created_at "
            "FROM failures ORDER BY id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [Failure(*row) for row in rows]

    def events(
        self,
        type: str | Sequence[str] | None = None,
        actor: str | None = None,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[EventRow]:
        """Stored events: first those with a date of their own, latest first, then those
        dated only by their article's publication day, latest first (then those with
        neither). ``EventRow.effective_date`` is the date used, and
        ``effective_date_source`` says which ("event" or "published").

        ``type``: PLOVER type(s); ``actor``: the name or any alias of a source or target
        (case- and diacritic-insensitive substring, as for ``entities``), or the text of
        an unnamed actor (case-insensitive substring); ``country``: ISO3 of an actor or of
        the event's place; ``since`` / ``until``: ISO date prefixes ("2024", "2024-03",
        "2024-03-14") compared with the effective date; ``place``: the location's name or
        alias. ``%``, ``_`` and ``\\`` are never wildcards. ``actor`` or
        ``place`` longer than ``MAX_FILTER_CHARS`` raises ``FilterError``.
        """
        if isinstance(type, str):
            type = _filter_value("type", type)
        country = _filter_value("country", country)
        since, until = _filter_value("since", since), _filter_value("until", until)
        actor, place = _filter_value("actor", actor), _filter_value("place", place)
        where, params = self._event_filter(type, actor, country, since, until, place)
        return self._events_where(where, params, limit, offset)

    def _events_where(self, where: str, params: list[Any], limit: int | None = None,
                      offset: int = 0) -> list[EventRow]:
        rows = self._conn.execute(
            "SELECT e.doc_id, e.id, e.type, e.mode, e.context, e.trigger_text, e.date_value, "
            "e.date_precision, e.date_basis, COALESCE(lce.name, lde.name), e.asserted_by, "
            "e.negated, e.hypothetical, e.future, e.confidence, "
            "substr(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start), "
            "d.title, d.published, substr(d.published, 1, 10) "
            "FROM events e JOIN documents d ON d.id = e.doc_id "
            "LEFT JOIN doc_entities lde ON lde.doc_id = e.doc_id AND lde.entity_id = e.location "
            "LEFT JOIN entities lce ON lce.id = lde.corpus_entity_id "
            # The page's events first, from the events alone: the joins above then run
            # for the page, not for every event that matches before the sort.
            f"WHERE e.rowid IN (SELECT e.rowid FROM events e WHERE {where} "
            f"ORDER BY {_EVENT_ORDER} LIMIT ? OFFSET ?) "
            f"ORDER BY {_EVENT_ORDER}",
            (*params, -1 if limit is None else limit, offset),
        ).fetchall()
        return [
            EventRow(
                doc_id=r[0], id=r[1], type=r[2], mode=r[3], context=tuple(json.loads(r[4])),
                trigger=r[5], date=r[6], date_precision=r[7], date_basis=r[8], location=r[9],
                actors=self._event_actors(r[0], r[1]),
                asserted_by=self._speaker(r[0], r[10]) if r[10] else None,
                negated=bool(r[11]), hypothetical=bool(r[12]), future=bool(r[13]),
                confidence=r[14], evidence=r[15], title=r[16], published=r[17],
                effective_date=r[6] or r[18] or None,
                effective_date_source="event" if r[6] else "published" if r[18] else None,
            )
            for r in rows
        ]

    @staticmethod
    def _event_filter(
        type_: str | Sequence[str] | None, actor: str | None, country: str | None,
        since: str | None, until: str | None, place: str | None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = ["1"]
        params: list[Any] = []
        if type_:
            types = [type_] if isinstance(type_, str) else list(type_)
            # "+" keeps SQLite off the type index: the listing-order index, read in order
            # and tested for the type, finds a page of a common type at once.
            clauses.append(f"+e.type IN ({', '.join('?' * len(types))})")
            params += [t.upper() for t in types]
        if actor is not None and not actor.strip():
            clauses.append("0")  # as for entities: a blank name matches nothing
        elif actor is not None:
            # Named actors through the entities whose name or alias matches; unnamed
            # ones ("protesters") through their own words.
            matching, more = _matching_entities(actor)
            clauses.append(
                "e.rowid IN (SELECT ev.rowid FROM doc_entities de "
                "JOIN event_actors a ON a.doc_id = de.doc_id AND a.entity_id = de.entity_id "
                f"{_EVENT_OF_ACTOR} WHERE de.corpus_entity_id IN ({matching}) "
                f"UNION SELECT ev.rowid FROM event_actors a {_EVENT_OF_ACTOR} "
                "WHERE a.entity_id = '' AND lower(a.text) LIKE ? ESCAPE '\\')"
            )
            params += [*more, _like_pattern(actor.casefold())]
        if country:
            clauses.append(
                f"e.rowid IN (SELECT ev.rowid FROM event_actors a {_EVENT_OF_ACTOR} "
                "WHERE a.country = ? UNION SELECT pv.rowid FROM places p "
                "JOIN events pv ON pv.doc_id = p.doc_id AND pv.location = p.entity_id "
                "WHERE p.country = ?)"
            )
            params += [country.upper(), country.upper()]
        if since or until:
            # Always true: it lets SQLite read a date range from the index of the
            # listing order (events_latest), in order, in both of its parts.
            clauses.append("(e.date_value IS NULL) IN (0, 1)")
        if since:
            clauses.append("e.sort_day >= ?")
            params.append(since)
        if until:
            # A prefix compare ("2024-03" takes every day of March): '~' sorts after
            # every digit and '-'.
            clauses.append("e.sort_day != '' AND e.sort_day <= ?")
            params.append(until + "~")
        if place is not None:
            matching, more = _matching_entities(place)
            clauses.append(
                "e.rowid IN (SELECT pv.rowid FROM doc_entities pe "
                "JOIN events pv ON pv.doc_id = pe.doc_id AND pv.location = pe.entity_id "
                f"WHERE pe.corpus_entity_id IN ({matching}))"
            )
            params += more
        return " AND ".join(clauses), params

    def _event_actors(self, doc_id: str, event_id: str) -> tuple[EventActorRow, ...]:
        rows = self._conn.execute(
            "SELECT a.role, COALESCE(ce.name, de.name, a.text, a.entity_id), "
            "de.corpus_entity_id, a.country, a.sector "
            "FROM event_actors a "
            "LEFT JOIN doc_entities de ON de.doc_id = a.doc_id AND de.entity_id = a.entity_id "
            "LEFT JOIN entities ce ON ce.id = de.corpus_entity_id "
            "WHERE a.doc_id = ? AND a.event_id = ? ORDER BY a.rowid",
            (doc_id, event_id),
        )
        return tuple(EventActorRow(*row) for row in rows)

    def _speaker(self, doc_id: str, statement_id: str) -> str:
        row = self._conn.execute(
            "SELECT COALESCE(ce.name, de.name) FROM statements s "
            "LEFT JOIN doc_entities de ON de.doc_id = s.doc_id AND de.entity_id = s.speaker "
            "LEFT JOIN entities ce ON ce.id = de.corpus_entity_id "
            "WHERE s.doc_id = ? AND s.id = ?",
            (doc_id, statement_id),
        ).fetchone()
        return row[0] if row and row[0] else statement_id

    def event_points(
        self,
        type: str | Sequence[str] | None = None,
        actor: str | None = None,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
        limit: int | None = None,
    ) -> list[EventPoint]:
        """The events of ``events`` (same filters, same order) whose place has
        coordinates, as map points."""
        if isinstance(type, str):
            type = _filter_value("type", type)
        country = _filter_value("country", country)
        since, until = _filter_value("since", since), _filter_value("until", until)
        actor, place = _filter_value("actor", actor), _filter_value("place", place)
        where, params = self._event_filter(type, actor, country, since, until, place)
        rows = self._conn.execute(
            "SELECT e.doc_id, e.id, e.type, e.sort_day, p.lat, p.lon, lde.name, d.title "
            "FROM events e JOIN documents d ON d.id = e.doc_id "
            "JOIN places p ON p.doc_id = e.doc_id AND p.entity_id = e.location "
            "JOIN doc_entities lde ON lde.doc_id = e.doc_id AND lde.entity_id = e.location "
            f"WHERE {where} "
            f"ORDER BY {_EVENT_ORDER} "
            "LIMIT ?",
            (*params, -1 if limit is None else limit),
        )
        return [EventPoint(r[0], r[1], r[2], r[3] or None, r[4], r[5], r[6], r[7])
                for r in rows]

    def event_countries(self) -> set[str]:
        """The country codes (ISO3) of event actors and places in the store."""
        rows = self._conn.execute(
            "SELECT country FROM event_actors WHERE country IS NOT NULL "
            "UNION SELECT country FROM places WHERE country IS NOT NULL"
        )
        return {r[0] for r in rows}

    def count(self, table: str) -> int:
        """The rows of ``table``, kept as rows are written (never counted here)."""
        if table not in _COUNTABLE:
            raise ValueError(f"cannot count {table!r}; one of {list(_COUNTABLE)}")
        return self.counts()[table]

    def counts(self) -> dict[str, int]:
        """The number of rows of each table ``count`` takes."""
        kept = self._tallies("rows")
        return {table: kept.get(table, 0) for table in _COUNTABLE}

    def event_types(self) -> dict[str, int]:
        """Events per type, commonest first."""
        kept = self._tallies("event_type")
        return dict(sorted(((t, n) for t, n in kept.items() if n), key=lambda kv: (-kv[1], kv[0])))

    def source_folders(self) -> dict[str, int]:
        """Documents per folder of their source (the part before any ``:line``), as
        written at ingest: "samples/" for "samples/a.txt", "" for a bare file name."""
        return {folder: n for folder, n in self._tallies("source_folder").items() if n}

    def _tallies(self, kind: str) -> dict[str, int]:
        return dict(self._conn.execute("SELECT key, n FROM tallies WHERE kind = ?", (kind,)))

    def most_confident_event(self, type: str) -> EventRow | None:
        """The event of ``type`` with the highest confidence (the latest of equals, by
        its own or its article's day)."""
        row = self._conn.execute(
            "SELECT rowid FROM events WHERE type = ? "
            "ORDER BY confidence DESC, sort_day DESC, rowid LIMIT 1",
            (type,)).fetchone()
        if row is None:
            return None
        return self._events_where("e.rowid = ?", [row[0]], limit=1)[0]

    def stats(self, top: int = 5) -> dict[str, Any]:
        """Counts per table and the most mentioned entities per type."""
        types = [r[0] for r in self._conn.execute("SELECT DISTINCT type FROM entities")]
        return {
            **self.counts(),
            "top_entities": {
                t: [e.to_dict() for e in self.entities(type=t, limit=top)] for t in sorted(types)
            },
        }


#: Events in listing order: those with a date of their own first, then by
#: ``events.sort_day`` (their own date, else the publication day: ``EventRow
#: .effective_date``), latest first; the order of the index ``events_latest``.
_EVENT_ORDER = "e.date_value IS NULL, e.sort_day DESC, e.doc_id, e.trigger_start"
#: The event of an event actor ``a`` as ``ev``. The filters give sets of event rowids,
#: which SQLite reads by rowid instead of testing every event against them.
_EVENT_OF_ACTOR = "JOIN events ev ON ev.doc_id = a.doc_id AND ev.id = a.event_id"

def _matching_entities(name: str) -> tuple[str, list[str]]:
    """A subquery of the corpus entity ids whose key or an alias key contains ``name``,
    both normalized, and its parameters; none for a name of punctuation only."""
    key = normalize_name(name)
    if not key:
        return "SELECT NULL WHERE 0", []
    pattern = _like_pattern(key)
    return ("SELECT ce.id FROM entities ce WHERE ce.key LIKE ? ESCAPE '\\' "
            "UNION SELECT al.entity_id FROM aliases al WHERE al.key LIKE ? ESCAPE '\\'",
            [pattern, pattern])


_COUNTABLE = ("documents", "entities", "mentions", "dates", "statements", "events", "failures",
              "actors", "stories", "copies", "corpus_events")
