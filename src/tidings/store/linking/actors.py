"""The actors stage of the corpus view (``corpus.actors``), in the store: one
``ActorLinker`` per batch with the store as its ``ActorSource`` (``SqliteActors``): a
mention's lookup keys find actor ids in ``actor_keys``; those actors load, in one query,
as their distinct mention profiles (``actor_profile_counts``), not as every mention, and
profiles that differ only in a date too far from the batch's days to matter are left
out. The manual decisions are given to the linker; each mention's profile, link, keys
and its actor's counts and name are recorded.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from tidings.corpus.actors import (
    ActorLinker,
    ActorMention,
    Decision,
    choose_name,
    family_of,
    has_exclusive_post,
    mentions_from_document,
)
from tidings.model import Document
from tidings.store.corpus import normalize_name
from tidings.store.linking._common import chunks, content_hash, marks

# --- actor profiles -------------------------------------------------------------------


def profile_of(mention: ActorMention) -> ActorMention:
    """What the linker compares of a mention, without its document: the date is kept
    only when an exclusive post makes it matter."""
    published = mention.published if has_exclusive_post(mention) else None
    return replace(mention, doc_id="", entity_id="", published=published)


def profile_json(profile: ActorMention) -> str:
    return json.dumps(
        [profile.type, profile.name, list(profile.aliases), list(profile.posts),
         list(profile.organisations), list(profile.countries), profile.place_country,
         profile.published],
        ensure_ascii=False, separators=(",", ":"),
    )


def mention_from_json(text: str, doc_id: str = "", entity_id: str = "") -> ActorMention:
    type_, name, aliases, posts, orgs, countries, place_country, published = json.loads(text)
    return ActorMention(doc_id, entity_id, type_, name, tuple(aliases), tuple(posts),
                        tuple(orgs), tuple(countries), place_country, published)


class SqliteActors:
    """``ActorSource`` over the store's tables: key lookups, profiles per actor.

    The actors a lookup finds have their profiles read in one query. Given the days of
    the mentions to be linked (``days``, ISO dates, first and last), profiles that
    differ only in their date (a holder of an exclusive post is profiled per day) are
    thinned to those that can still matter: the dates within the days, and the nearest
    date before and after them. The linker reads a profile's date only to ask whether
    two exclusive posts were held within ``SAME_TIME_DAYS`` of a mention's date, and for
    any date within the days the nearest dated profile is among those kept. ``left_out``
    tells the linker how many mentions the profiles given stand for beyond one each, so
    that it breaks ties by an actor's number of mentions, as a linker holding every
    mention does. So a popular minister loads as a few profiles, not one per day.
    """

    def __init__(self, conn: sqlite3.Connection,
                 days: tuple[str, str] | None = None) -> None:
        self._conn = conn
        self._days = days
        self._read: dict[str, list[ActorMention]] = {}
        self._left_out: dict[str, int] = {}

    def actors_under(self, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(sorted(keys)):
            found |= {r[0] for r in self._conn.execute(
                f"SELECT actor_id FROM actor_keys WHERE key IN ({marks(len(chunk))})", chunk)}
        self._read_profiles(sorted(found - self._read.keys()))
        return found

    def members(self, actor_id: str) -> list[ActorMention]:
        if actor_id not in self._read:
            self._read_profiles([actor_id])
        return self._read[actor_id]

    def left_out(self, actor_id: str) -> int:
        return self._left_out.get(actor_id, 0)

    def exists(self, actor_id: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone() is not None

    def _read_profiles(self, actor_ids: Sequence[str]) -> None:
        rows: dict[str, list[tuple[str, str]]] = {a: [] for a in actor_ids}
        mentions: Counter[str] = Counter()
        for chunk in chunks(actor_ids):
            for actor_id, pid, text, n in self._conn.execute(
                    "SELECT c.actor_id, p.id, p.mention, c.n FROM actor_profile_counts c "
                    "JOIN actor_profiles p ON p.id = c.profile_id "
                    f"WHERE c.actor_id IN ({marks(len(chunk))}) AND c.n > 0 "
                    "ORDER BY c.actor_id, c.n DESC, p.id", chunk):
                rows[actor_id].append((pid, text))
                mentions[actor_id] += n
        for actor_id, found in rows.items():
            kept = _thin_profiles(found, self._days)
            self._left_out[actor_id] = mentions[actor_id] - len(kept)
            self._read[actor_id] = [mention_from_json(text, "", pid) for pid, text in kept]


def _profile_day(text: str) -> tuple[str, str | None]:
    """A profile's JSON without its date, and the date when it is an ISO day."""
    cut = text.rfind(",")
    value = text[cut + 1 : -1]
    if len(value) == 12 and value[0] == '"' == value[-1]:
        try:
            return text[:cut], date.fromisoformat(value[1:-1]).isoformat()
        except ValueError:
            pass
    return text, None


def _thin_profiles(rows: list[tuple[str, str]],
                   days: tuple[str, str] | None) -> list[tuple[str, str]]:
    """``rows`` (profile id, JSON), in order, less the dated profiles that cannot matter
    for a mention dated within ``days``; see ``SqliteActors``."""
    if days is None or len(rows) < 2:
        return rows
    first, last = days
    keep = [True] * len(rows)
    nearest: dict[str, list] = {}  # undated JSON → [latest before, earliest after]
    for i, (_, text) in enumerate(rows):
        rest, day = _profile_day(text)
        if day is None or first <= day <= last:
            continue
        keep[i] = False
        slot = nearest.setdefault(rest, [None, None])
        if day < first and (slot[0] is None or day > slot[0][0]):
            slot[0] = (day, i)
        elif day > last and (slot[1] is None or day < slot[1][0]):
            slot[1] = (day, i)
    for slot in nearest.values():
        for found in slot:
            if found is not None:
                keep[found[1]] = True
    keep[0] = True  # the most frequent profile gives the actor's family
    return [row for row, kept in zip(rows, keep, strict=True) if kept]


def link_actors(conn: sqlite3.Connection, docs: Sequence[Document],
                decisions: Iterable[Decision]) -> tuple[dict[tuple[str, str], str], int]:
    """Link the batch's mentions to actors and record them; the actor of each mention
    key (doc id, entity id), and the number of new actors."""
    days = sorted(d for d in (_iso_day(doc.published) for doc in docs) if d)
    source = SqliteActors(conn, (days[0], days[-1]) if days else None)
    linker = ActorLinker(decisions, source=source)
    pairs = []
    for doc in docs:
        mentions = mentions_from_document(doc)
        pairs += zip(mentions, linker.add_mentions(mentions), strict=True)
    actor_of: dict[tuple[str, str], str] = {}
    touched: dict[str, set[str]] = defaultdict(set)  # actor → new documents
    mentions_of: Counter[str] = Counter()
    for mention, link in pairs:
        actor_of[mention.key] = link.actor_id
        touched[link.actor_id].add(mention.doc_id)
        mentions_of[link.actor_id] += 1
        profile = profile_of(mention)
        text = profile_json(profile)
        pid = content_hash("P", text)
        conn.execute(
            "INSERT OR IGNORE INTO actor_profiles (id, type, name, names_key, countries, "
            "mention) VALUES (?, ?, ?, ?, ?, ?)",
            (pid, profile.type, profile.name, names_key(profile),
             " ".join(sorted(countries_of(profile))), text))
        conn.execute(
            "INSERT OR REPLACE INTO actor_links (doc_id, entity_id, actor_id, reason, "
            "score, profile_id) VALUES (?, ?, ?, ?, ?, ?)",
            (mention.doc_id, mention.entity_id, link.actor_id, link.reason, link.score,
             pid))
        conn.execute(
            "INSERT INTO actor_profile_counts (actor_id, profile_id, n) VALUES (?, ?, 1) "
            "ON CONFLICT(actor_id, profile_id) DO UPDATE SET n = n + 1",
            (link.actor_id, pid))
        conn.executemany(
            "INSERT OR IGNORE INTO actor_keys (key, actor_id) VALUES (?, ?)",
            [(k, link.actor_id) for k in linker.index_keys(mention)])
    new = 0
    for actor_id in sorted(touched):
        new += not source.exists(actor_id)
        conn.execute(
            "INSERT INTO actors (id, type, name, n_mentions, n_docs) VALUES (?, '', '', 0, 0) "
            "ON CONFLICT(id) DO NOTHING", (actor_id,))
        conn.execute(
            "UPDATE actors SET n_mentions = n_mentions + ?, n_docs = n_docs + ? "
            "WHERE id = ?", (mentions_of[actor_id], len(touched[actor_id]), actor_id))
        refresh_actor_name(conn, actor_id)
    return actor_of, new


def refresh_actor_name(conn: sqlite3.Connection, actor_id: str) -> None:
    """The actor's type and name from its profiles and their counts."""
    names: Counter[str] = Counter()
    types: Counter[str] = Counter()
    # Summed in SQL: an actor profiled per day has many profiles of few names.
    for type_, name, n in conn.execute(
            "SELECT p.type, p.name, sum(c.n) FROM actor_profile_counts c JOIN actor_profiles p "
            "ON p.id = c.profile_id WHERE c.actor_id = ? AND c.n > 0 GROUP BY p.type, p.name",
            (actor_id,)):
        names[name] += n
        types[type_] += n
    if not names:
        conn.execute("DELETE FROM actors WHERE id = ?", (actor_id,))
        return
    type_ = max(types, key=lambda t: (types[t], t))
    conn.execute("UPDATE actors SET type = ?, name = ? WHERE id = ?",
                 (type_, choose_name(family_of(type_), names), actor_id))


def names_key(profile: ActorMention) -> str:
    return "|".join(dict.fromkeys(normalize_name(n) for n in (profile.name, *profile.aliases)))


def countries_of(profile: ActorMention) -> set[str]:
    found = set(profile.countries)
    if profile.place_country:
        found.add(profile.place_country)
    return found


def _iso_day(published: str | None) -> str | None:
    """A document's day as the actor linker reads it, when it is an ISO day."""
    try:
        return date.fromisoformat((published or "")[:10]).isoformat()
    except ValueError:
        return None
