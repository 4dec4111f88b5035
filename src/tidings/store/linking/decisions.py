"""Manual decisions on the corpus view's actors, in the store: a merge makes one actor
part of another, a split makes some of an actor's mentions an actor of their own; each
is recorded in ``actor_decisions`` (read back by ``load_decisions``) so that later
ingests keep to it, and the links, profile counts, keys and counts move with it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from tidings.corpus.actors import ActorLinker, Decision, MergeDecision, SplitDecision
from tidings.store.linking.actors import SqliteActors, mention_from_json, refresh_actor_name
from tidings.store.writer import now


def load_decisions(conn: sqlite3.Connection) -> list[Decision]:
    decisions: list[Decision] = []
    for kind, actor_id, other_id, mentions in conn.execute(
            "SELECT kind, actor_id, other_id, mentions FROM actor_decisions ORDER BY id"):
        keys = tuple((d, e) for d, e in json.loads(mentions))
        if kind == "merge":
            decisions.append(MergeDecision(actor_id, other_id, keys))
        else:
            decisions.append(SplitDecision(actor_id, other_id, keys))
    return decisions


class DecisionError(ValueError):
    """A merge or split the store cannot make (unknown actor, mentions not its own)."""


def merge_actors(conn: sqlite3.Connection, kept: str, absorbed: str) -> MergeDecision:
    """Make ``absorbed`` part of ``kept``: its links, profiles and keys move; the
    decision is recorded and later ingests send its mentions to ``kept``."""
    for actor_id in (kept, absorbed):
        if not SqliteActors(conn).exists(actor_id):
            raise DecisionError(f"no actor {actor_id}")
    if kept == absorbed:
        raise DecisionError(f"{kept} is already one actor")
    mentions = tuple(tuple(r) for r in conn.execute(
        "SELECT doc_id, entity_id FROM actor_links WHERE actor_id = ? ORDER BY doc_id, "
        "entity_id", (absorbed,)))
    decision = MergeDecision(kept, absorbed, mentions)  # type: ignore[arg-type]
    _record_decision(conn, "merge", kept, absorbed, mentions)
    _move_links(conn, list(mentions), absorbed, kept, "manual merge")
    return decision


def split_actor(conn: sqlite3.Connection, actor_id: str,
                mentions: Sequence[tuple[str, str]]) -> SplitDecision:
    """Make ``mentions`` of ``actor_id`` an actor of their own: the one an earlier merge
    took them from when it took exactly these, else a new content id."""
    if not SqliteActors(conn).exists(actor_id):
        raise DecisionError(f"no actor {actor_id}")
    own = {tuple(r) for r in conn.execute(
        "SELECT doc_id, entity_id FROM actor_links WHERE actor_id = ?", (actor_id,))}
    moving = list(dict.fromkeys(tuple(m) for m in mentions))
    strangers = [m for m in moving if m not in own]
    if strangers:
        raise DecisionError(f"{':'.join(strangers[0])} is not a mention of {actor_id}")
    if len(moving) == len(own):
        raise DecisionError("a split takes some, not all, of an actor's mentions")
    new_id = _restored_id(conn, actor_id, set(moving))
    if new_id is None:
        row = conn.execute(
            "SELECT p.mention FROM actor_links l JOIN actor_profiles p ON p.id = l.profile_id "
            "WHERE l.doc_id = ? AND l.entity_id = ?", moving[0]).fetchone()
        first = mention_from_json(row[0], *moving[0])
        linker = ActorLinker(load_decisions(conn), source=SqliteActors(conn))
        new_id = linker.new_actor_id(first)
    decision = SplitDecision(actor_id, new_id, tuple(moving))  # type: ignore[arg-type]
    _record_decision(conn, "split", actor_id, new_id, moving)
    _move_links(conn, moving, actor_id, new_id, "manual split")
    return decision


def _restored_id(conn: sqlite3.Connection, actor_id: str,
                 keys: set[tuple[str, str]]) -> str | None:
    for other, mentions in conn.execute(
            "SELECT other_id, mentions FROM actor_decisions WHERE kind = 'merge' AND "
            "actor_id = ? ORDER BY id DESC", (actor_id,)):
        if {tuple(m) for m in json.loads(mentions)} == keys:
            return str(other)
    return None


def _record_decision(conn: sqlite3.Connection, kind: str, actor_id: str, other_id: str,
                     mentions: Sequence[tuple[str, str]]) -> None:
    conn.execute(
        "INSERT INTO actor_decisions (kind, actor_id, other_id, mentions, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (kind, actor_id, other_id, json.dumps([list(m) for m in mentions]), now()))


def _move_links(conn: sqlite3.Connection, mentions: Sequence[tuple[str, str]], source: str,
                target: str, reason: str) -> None:
    """Move links and what hangs on them (profile counts, keys, counts) to ``target``."""
    linker = ActorLinker()
    moved_keys: set[str] = set()
    for doc_id, entity_id in mentions:
        pid = conn.execute("SELECT profile_id FROM actor_links WHERE doc_id = ? AND "
                           "entity_id = ?", (doc_id, entity_id)).fetchone()[0]
        conn.execute("UPDATE actor_links SET actor_id = ?, reason = ?, score = 1.0 "
                     "WHERE doc_id = ? AND entity_id = ?", (target, reason, doc_id, entity_id))
        conn.execute("UPDATE actor_profile_counts SET n = n - 1 WHERE actor_id = ? AND "
                     "profile_id = ?", (source, pid))
        conn.execute("INSERT INTO actor_profile_counts (actor_id, profile_id, n) "
                     "VALUES (?, ?, 1) ON CONFLICT(actor_id, profile_id) DO UPDATE SET n = n + 1",
                     (target, pid))
        text = conn.execute("SELECT mention FROM actor_profiles WHERE id = ?", (pid,)).fetchone()
        moved_keys |= linker.index_keys(mention_from_json(text[0]))
    conn.execute("DELETE FROM actor_profile_counts WHERE actor_id = ? AND n <= 0", (source,))
    conn.executemany("INSERT OR IGNORE INTO actor_keys (key, actor_id) VALUES (?, ?)",
                     [(k, target) for k in sorted(moved_keys)])
    # The source keeps the keys its remaining profiles give.
    kept_keys: set[str] = set()
    for (text,) in conn.execute(
            "SELECT p.mention FROM actor_profile_counts c JOIN actor_profiles p "
            "ON p.id = c.profile_id WHERE c.actor_id = ?", (source,)):
        kept_keys |= linker.index_keys(mention_from_json(text))
    conn.executemany("DELETE FROM actor_keys WHERE key = ? AND actor_id = ?",
                     [(k, source) for k in sorted(moved_keys - kept_keys)])
    conn.execute("INSERT INTO actors (id, type, name, n_mentions, n_docs) "
                 "VALUES (?, '', '', 0, 0) ON CONFLICT(id) DO NOTHING", (target,))
    for actor_id in (source, target):
        conn.execute(
            "UPDATE actors SET n_mentions = (SELECT count(*) FROM actor_links WHERE "
            "actor_id = ?1), n_docs = (SELECT count(DISTINCT doc_id) FROM actor_links "
            "WHERE actor_id = ?1) WHERE id = ?1", (actor_id,))
        refresh_actor_name(conn, actor_id)
