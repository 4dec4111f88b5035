"""Reading the corpus view: actors, one actor's record, corpus events, stories.

Used through ``Corpus`` (``corpus.actors()``, ``corpus.actor(id)``,
``corpus.corpus_events()``, ``corpus.stories()``); every query starts from an indexed
key (an actor id, a corpus event id, a filter) or a LIMIT.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tidings.store.corpus import _like_pattern, normalize_name
from tidings.store.linking import mention_from_json


@dataclass(frozen=True, slots=True)
class ActorSummary:
    id: str
    type: str
    name: str
    spellings: tuple[str, ...]
    countries: tuple[str, ...]
    posts: tuple[str, ...]
    document_count: int
    mention_count: int

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


@dataclass(frozen=True, slots=True)
class ActorPost:
    published: str | None
    title: str | None
    rank: str | None
    organization: str | None
    country: str | None
    doc_id: str
    evidence: str


@dataclass(frozen=True, slots=True)
class ActorStatement:
    published: str | None
    doc_id: str
    cue: str
    content: str
    direct: bool


@dataclass(frozen=True, slots=True)
class ActorEvent:
    published: str | None
    date: str | None
    type: str
    role: str
    trigger: str
    doc_id: str
    event_id: str
    corpus_event_id: str | None
    n_sources: int | None


@dataclass(frozen=True, slots=True)
class CoActor:
    id: str
    name: str
    type: str
    shared_events: int


@dataclass(frozen=True, slots=True)
class ActorRecord:
    id: str
    type: str
    name: str
    spellings: tuple[tuple[str, int], ...]  # spelling, mentions
    mentions: tuple[tuple[str, str, str, float], ...]  # doc id, entity id, reason, score
    posts: tuple[ActorPost, ...]
    statements: tuple[ActorStatement, ...]
    events: tuple[ActorEvent, ...]
    co_actors: tuple[CoActor, ...]
    decisions: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "name": self.name,
            "spellings": [{"spelling": s, "mentions": n} for s, n in self.spellings],
            "mentions": [{"doc_id": d, "entity_id": e, "reason": r, "score": s}
                         for d, e, r, s in self.mentions],
            "posts": [dataclasses.asdict(p) for p in self.posts],
            "statements": [dataclasses.asdict(s) for s in self.statements],
            "events": [dataclasses.asdict(e) for e in self.events],
            "co_actors": [dataclasses.asdict(c) for c in self.co_actors],
            "decisions": list(self.decisions),
        }


@dataclass(frozen=True, slots=True)
class CorpusEventRow:
    id: str
    type: str
    story_id: str
    claimed_by: str | None  # the speaker's name; None for a fact
    first_reported: str | None
    last_reported: str | None
    n_sources: int
    n_articles: int
    outlets: tuple[str, ...]
    source: tuple[str, ...]  # actor names over the members
    target: tuple[str, ...]
    place: str | None
    trigger: str
    members: tuple[tuple[str, str], ...]  # (doc id, event id)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["members"] = [{"doc_id": d, "event_id": e} for d, e in self.members]
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    first_day: str | None
    last_day: str | None
    size: int
    titles: tuple[str, ...]
    copies: int

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["titles"] = list(self.titles)
        return data


# --- actors ---------------------------------------------------------------------------


#: Actors with a profile that matches ``{profiles}`` (a condition over ``p``): the
#: profiles are found first, from an index (schema: 0010_summaries), then their actors.
_ACTORS_OF_PROFILES = (
    "a.id IN (SELECT c.actor_id FROM actor_profile_counts c WHERE c.profile_id IN "
    "(SELECT p.id FROM actor_profiles p WHERE {profiles}))")


def actors(conn: sqlite3.Connection, name: str | None = None, country: str | None = None,
           type_: str | None = None, limit: int | None = None,
           offset: int = 0) -> list[ActorSummary]:
    clauses, params = ["1"], []
    if type_:
        clauses.append("a.type = ?")
        params.append(type_.upper())
    if name is not None:
        key = normalize_name(name)
        if not key:
            return []
        clauses.append(_ACTORS_OF_PROFILES.format(
            profiles="p.names_key LIKE ? ESCAPE '\\'"))
        params.append(_like_pattern(key))
    if country:
        clauses.append(_ACTORS_OF_PROFILES.format(
            profiles="(' ' || p.countries || ' ') LIKE ?"))
        params.append(f"% {country.upper()} %")
    rows = conn.execute(
        "SELECT a.id, a.type, a.name, a.n_docs, a.n_mentions FROM actors a "
        f"WHERE {' AND '.join(clauses)} ORDER BY a.n_mentions DESC, a.n_docs DESC, a.name, "
        "a.id LIMIT ? OFFSET ?", (*params, -1 if limit is None else limit, offset)).fetchall()
    found = []
    for actor_id, type_name, actor_name, docs, mentions in rows:
        spellings: Counter[str] = Counter()
        countries: set[str] = set()
        posts: Counter[str] = Counter()
        for text, n in conn.execute(
                "SELECT p.mention, c.n FROM actor_profile_counts c JOIN actor_profiles p "
                "ON p.id = c.profile_id WHERE c.actor_id = ?", (actor_id,)):
            mention = mention_from_json(text)
            for spelling in (mention.name, *mention.aliases):
                spellings[spelling] += n
            countries |= set(mention.countries)
            if mention.place_country:
                countries.add(mention.place_country)
            for post in mention.posts:
                posts[post] += n
        found.append(ActorSummary(
            actor_id, type_name, actor_name,
            tuple(s for s, _ in sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))),
            tuple(sorted(countries)),
            tuple(p for p, _ in sorted(posts.items(), key=lambda kv: (-kv[1], kv[0]))),
            docs, mentions))
    return found


def actor_exists(conn: sqlite3.Connection, actor_id: str) -> bool:
    return conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone() is not None


def actor(conn: sqlite3.Connection, actor_id: str) -> ActorRecord | None:
    row = conn.execute("SELECT id, type, name FROM actors WHERE id = ?", (actor_id,)).fetchone()
    if row is None:
        return None
    spellings: Counter[str] = Counter()
    for name, aliases_json, n in conn.execute(
            "SELECT p.name, json_extract(p.mention, '$[2]'), c.n FROM actor_profile_counts c "
            "JOIN actor_profiles p ON p.id = c.profile_id WHERE c.actor_id = ?", (actor_id,)):
        for spelling in (name, *json.loads(aliases_json)):
            spellings[spelling] += n
    mentions = tuple(conn.execute(
        "SELECT l.doc_id, l.entity_id, l.reason, l.score FROM actor_links l "
        "LEFT JOIN documents d ON d.id = l.doc_id WHERE l.actor_id = ? "
        "ORDER BY d.published, l.doc_id, l.entity_id", (actor_id,)).fetchall())
    posts = tuple(ActorPost(*r) for r in conn.execute(
        "SELECT substr(d.published, 1, 10), r.title, r.rank, "
        "COALESCE(od.name, r.organization), r.country, r.doc_id, "
        "substr(d.text, r.evidence_start + 1, r.evidence_end - r.evidence_start) "
        "FROM actor_links l JOIN roles r ON r.doc_id = l.doc_id AND r.entity_id = l.entity_id "
        "JOIN documents d ON d.id = l.doc_id "
        "LEFT JOIN doc_entities od ON od.doc_id = r.doc_id AND od.entity_id = r.organization "
        "WHERE l.actor_id = ? ORDER BY d.published, r.doc_id, r.evidence_start", (actor_id,)))
    statements = tuple(ActorStatement(r[0], r[1], r[2], r[3], bool(r[4])) for r in conn.execute(
        "SELECT substr(d.published, 1, 10), s.doc_id, s.cue_text, s.content_text, s.direct "
        "FROM actor_links l JOIN statements s ON s.doc_id = l.doc_id AND s.speaker = l.entity_id "
        "JOIN documents d ON d.id = l.doc_id WHERE l.actor_id = ? "
        "ORDER BY d.published, s.doc_id, s.cue_start", (actor_id,)))
    events = tuple(ActorEvent(*r) for r in conn.execute(
        "SELECT DISTINCT substr(d.published, 1, 10), e.date_value, e.type, a.role, "
        "e.trigger_text, e.doc_id, e.id, m.corpus_event_id, ce.n_sources "
        "FROM actor_links l JOIN event_actors a ON a.doc_id = l.doc_id "
        "AND a.entity_id = l.entity_id "
        "JOIN events e ON e.doc_id = a.doc_id AND e.id = a.event_id "
        "JOIN documents d ON d.id = e.doc_id "
        "LEFT JOIN corpus_event_members m ON m.doc_id = e.doc_id AND m.event_id = e.id "
        "LEFT JOIN corpus_events ce ON ce.id = m.corpus_event_id "
        "WHERE l.actor_id = ? ORDER BY d.published, e.doc_id, e.trigger_start", (actor_id,)))
    co_actors = tuple(CoActor(*r) for r in conn.execute(
        "SELECT o.actor_id, oa.name, oa.type, count(DISTINCT a.doc_id || '/' || a.event_id) "
        "FROM actor_links l JOIN event_actors a ON a.doc_id = l.doc_id "
        "AND a.entity_id = l.entity_id "
        "JOIN event_actors b ON b.doc_id = a.doc_id AND b.event_id = a.event_id "
        "AND b.entity_id != a.entity_id AND b.entity_id != '' "
        "JOIN actor_links o ON o.doc_id = b.doc_id AND o.entity_id = b.entity_id "
        "JOIN actors oa ON oa.id = o.actor_id "
        "WHERE l.actor_id = ?1 AND o.actor_id != ?1 GROUP BY o.actor_id "
        "ORDER BY 4 DESC, oa.name LIMIT 20", (actor_id,)))
    decisions = tuple(
        {"kind": k, "actor": a, "other": o, "created_at": c}
        for k, a, o, c in conn.execute(
            "SELECT kind, actor_id, other_id, created_at FROM actor_decisions "
            "WHERE actor_id = ?1 OR other_id = ?1 ORDER BY id", (actor_id,)))
    return ActorRecord(
        row[0], row[1], row[2],
        tuple(sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))),
        mentions, posts, statements, events, co_actors, decisions)


def actor_of_mention(conn: sqlite3.Connection, doc_id: str, entity_id: str) -> str | None:
    row = conn.execute("SELECT actor_id FROM actor_links WHERE doc_id = ? AND entity_id = ?",
                       (doc_id, entity_id)).fetchone()
    return row[0] if row else None


# --- corpus events --------------------------------------------------------------------


def actors_of_document(conn: sqlite3.Connection, doc_id: str
                       ) -> dict[str, tuple[str, str, str]]:
    """Entity id → (corpus actor id, name, type) for one document's linked entities."""
    return {entity_id: (actor_id, name, type_) for entity_id, actor_id, name, type_ in conn.execute(
        "SELECT l.entity_id, a.id, a.name, a.type FROM actor_links l "
        "JOIN actors a ON a.id = l.actor_id WHERE l.doc_id = ?", (doc_id,))}


def has_corpus_events(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM corpus_events LIMIT 1").fetchone() is not None


#: Corpus events in listing order, latest reported first.
_CORPUS_EVENT_ORDER = ("ce.last_reported IS NULL, ce.last_reported DESC, ce.n_sources DESC, "
                       "ce.id")
_CORPUS_EVENT_COLUMNS = ("ce.id, ce.type, ce.story_id, ce.claimed_by, ce.first_reported, "
                         "ce.last_reported, ce.n_sources, ce.n_articles")
#: How many of the latest corpus events a filtered listing tests one by one, per row of
#: the page, before it gathers every match and sorts them (see ``corpus_events``).
TESTED_PER_ROW = 3
#: From member events to their corpus events through a narrow index: the members' rows
#: carry each mention's JSON.
_NARROW = "INDEXED BY corpus_event_members_of_event"


def corpus_events(conn: sqlite3.Connection, member_filter: tuple[str, list[Any]],
                  limit: int | None = None, offset: int = 0, types: Sequence[str] = (),
                  since: str | None = None, until: str | None = None
                  ) -> list[CorpusEventRow]:
    """Corpus events with at least one member event matching ``member_filter`` (a SQL
    condition over ``events e``, as ``Corpus._event_filter`` makes; "1" for all) or,
    with no such filter, dated in ``since`` .. ``until`` (as for ``Corpus.events``), and
    of one of ``types`` (all when empty), latest reported first.

    A filter that many corpus events pass (a long date range, a common country) is
    answered by testing the latest corpus events in order until the page is full; one
    that few pass, by gathering its matches from the members' indexes and sorting them.
    The first is tried on ``TESTED_PER_ROW`` latest corpus events per row wanted (the
    page and those it skips); the second runs when they do not fill the page. Either
    gives the same page."""
    member, params = _member_condition(member_filter, since, until)
    of_type = f"ce.type IN ({', '.join('?' * len(types))})" if types else ""
    page = (-1 if limit is None else limit, offset)

    def listed(source: str, where: str, values: Sequence[Any]) -> list[Any]:
        return conn.execute(
            f"SELECT {_CORPUS_EVENT_COLUMNS} FROM {source} WHERE {where} "
            f"ORDER BY {_CORPUS_EVENT_ORDER} LIMIT ? OFFSET ?", (*values, *page)).fetchall()

    rows = []
    if member is not None and limit is not None:  # the latest, tested one by one
        window = (f"(SELECT * FROM corpus_events ce WHERE {of_type or '1'} "
                  f"ORDER BY {_CORPUS_EVENT_ORDER} LIMIT ?) ce")
        tested = f"EXISTS ({member.format(hint='', of='AND m.corpus_event_id = ce.id')})"
        rows = listed(window, tested, (*types, TESTED_PER_ROW * (offset + limit), *params))
    if member is None:
        rows = listed("corpus_events ce", of_type or "1", types)
    elif limit is None or len(rows) < limit:  # every match, gathered and sorted
        gathered = f"ce.id IN ({member.format(hint=_NARROW, of='')})"
        rows = listed("corpus_events ce", " AND ".join(filter(None, (gathered, of_type))),
                      (*params, *types))
    return [_corpus_event(conn, *r) for r in rows]


def _member_condition(member_filter: tuple[str, list[Any]], since: str | None,
                      until: str | None) -> tuple[str | None, list[Any]]:
    """A query of the corpus event ids of the matching members, and its parameters;
    None when nothing is filtered. ``{of}`` is where a correlated EXISTS names the
    outer corpus event; ``{hint}`` where a list of them all names its index."""
    where, params = member_filter
    if where != "1":
        return ("SELECT m.corpus_event_id FROM events e JOIN corpus_event_members m {hint} "
                f"ON m.doc_id = e.doc_id AND m.event_id = e.id WHERE {where} "
                "{of}"), params
    if not since and not until:
        return None, []
    # The members' own days (schema: 0010_summaries): no event rows to read.
    days, params = [], []
    if since:
        days.append("m.sort_day >= ?")
        params.append(since)
    if until:
        days.append("m.sort_day != '' AND m.sort_day <= ?")  # "~": as in _event_filter
        params.append(until + "~")
    return ("SELECT m.corpus_event_id FROM corpus_event_members m "
            f"WHERE {' AND '.join(days)} {{of}}"), params


def _corpus_event(conn: sqlite3.Connection, event_id: str, type_: str, story: str,
                  claimed: str, first: str | None, last: str | None, n_sources: int,
                  n_articles: int) -> CorpusEventRow:
    members = conn.execute(
        "SELECT m.doc_id, m.event_id, m.outlet, e.trigger_text, "
        "COALESCE(pa.name, lde.name) FROM corpus_event_members m "
        "JOIN events e ON e.doc_id = m.doc_id AND e.id = m.event_id "
        "LEFT JOIN doc_entities lde ON lde.doc_id = e.doc_id AND lde.entity_id = e.location "
        "LEFT JOIN actor_links pl ON pl.doc_id = e.doc_id AND pl.entity_id = e.location "
        "LEFT JOIN actors pa ON pa.id = pl.actor_id "
        "WHERE m.corpus_event_id = ? ORDER BY m.published, m.doc_id, m.event_id",
        (event_id,)).fetchall()
    roles: dict[str, Counter[str]] = {"source": Counter(), "target": Counter()}
    for role, name in conn.execute(
            "SELECT a.role, COALESCE(ac.name, de.name, a.text) FROM corpus_event_members m "
            "JOIN event_actors a ON a.doc_id = m.doc_id AND a.event_id = m.event_id "
            "LEFT JOIN actor_links l ON l.doc_id = a.doc_id AND l.entity_id = a.entity_id "
            "LEFT JOIN actors ac ON ac.id = l.actor_id "
            "LEFT JOIN doc_entities de ON de.doc_id = a.doc_id AND de.entity_id = a.entity_id "
            "WHERE m.corpus_event_id = ?", (event_id,)):
        if name:
            roles[role][name] += 1
    places = Counter(m[4] for m in members if m[4])
    speaker = None
    if claimed:
        row = conn.execute("SELECT name FROM actors WHERE id = ?", (claimed,)).fetchone()
        speaker = row[0] if row else "(unnamed)"
    return CorpusEventRow(
        id=event_id, type=type_, story_id=story, claimed_by=speaker, first_reported=first,
        last_reported=last, n_sources=n_sources, n_articles=n_articles,
        outlets=tuple(dict.fromkeys(m[2] for m in members if m[2])),
        source=tuple(n for n, _ in roles["source"].most_common()),
        target=tuple(n for n, _ in roles["target"].most_common()),
        place=places.most_common(1)[0][0] if places else None,
        trigger=members[0][3] if members else "",
        members=tuple((m[0], m[1]) for m in members),
    )


def corpus_events_of(conn: sqlite3.Connection, doc_id: str) -> dict[str, tuple[str, int]]:
    """Event id → (corpus event id, sources) for one document's events."""
    return {e: (c, n) for e, c, n in conn.execute(
        "SELECT m.event_id, m.corpus_event_id, ce.n_sources FROM corpus_event_members m "
        "JOIN corpus_events ce ON ce.id = m.corpus_event_id WHERE m.doc_id = ?", (doc_id,))}


# --- stories --------------------------------------------------------------------------


def stories(conn: sqlite3.Connection, limit: int | None = None,
            offset: int = 0) -> list[StoryRow]:
    rows = conn.execute(
        "SELECT id, first_day, last_day, size FROM stories "
        "ORDER BY last_day IS NULL, last_day DESC, size DESC, id LIMIT ? OFFSET ?",
        (-1 if limit is None else limit, offset)).fetchall()
    found = []
    for sid, first, last, size in rows:
        titles = tuple(r[0] for r in conn.execute(
            "SELECT COALESCE(d.title, substr(d.text, 1, 60)) FROM story_members s "
            "JOIN documents d ON d.id = s.doc_id WHERE s.story_id = ? "
            "ORDER BY d.published, d.id LIMIT 5", (sid,)))
        copies = conn.execute(
            "SELECT count(*) FROM story_members WHERE story_id = ? AND via_copy IS NOT NULL",
            (sid,)).fetchone()[0]
        found.append(StoryRow(sid, first, last, size, titles, copies))
    return found


def copy_of(conn: sqlite3.Connection, doc_id: str) -> tuple[str, float] | None:
    row = conn.execute("SELECT original_id, jaccard FROM copies WHERE doc_id = ?",
                       (doc_id,)).fetchone()
    return (row[0], row[1]) if row else None


def corpus_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many corpus actors, stories, copies and corpus events the store holds."""
    kept = dict(conn.execute(  # kept as rows are written (schema: 0010_summaries)
        "SELECT key, n FROM tallies WHERE kind = 'rows'"))
    return {table: kept.get(table, 0) for table in ("actors", "stories", "copies", "corpus_events")}
