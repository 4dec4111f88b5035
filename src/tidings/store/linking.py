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
   within the date window (``story_postings``, keyed by feature and day); the centroids
   of the few candidates chosen (``story_weights``). One ``StoryIndex`` per batch holds
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
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from tidings.corpus.actors import (
    ActorLinker,
    ActorMention,
    Decision,
    MergeDecision,
    SplitDecision,
    choose_name,
    family_of,
    has_exclusive_post,
    mentions_from_document,
)
from tidings.corpus.copies import CopyIndex, CopyOf, normalise
from tidings.corpus.event_links import (
    EventMention,
    document_event_mentions,
    link_score,
    product_settings,
)
from tidings.corpus.stories import (  # the state classes: built here from table rows
    StoryIndex,
    StorySettings,
    StoryState,
    story_features,
    term_weights,
)
from tidings.model import Document, Event
from tidings.store.corpus import normalize_name

#: Documents shorter than this (in words) are not compared for copies: a few words
#: match many unrelated documents.
MIN_COPY_WORDS = 20
#: At most this many documents are read from one LSH bucket.
MAX_BUCKET = 200
#: A story's inverted index is read for postings this many days either side of the
#: document's day (the story window); undated documents read the latest postings.
UNDATED_POSTINGS = 200
#: Corpus events compared per event, and members read per corpus event (latest first).
MAX_EVENT_CANDIDATES = 20
MAX_EVENT_MEMBERS = 32

_CHUNK = 500  # parameters per IN (...) query


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


def content_hash(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:15]


def story_id_for(doc_id: str) -> str:
    return content_hash("S", doc_id)


def corpus_event_id_for(doc_id: str, event_id: str) -> str:
    return content_hash("C", f"{doc_id}/{event_id}")


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        for chunk in _chunks(sorted(keys)):
            found |= {r[0] for r in self._conn.execute(
                f"SELECT actor_id FROM actor_keys WHERE key IN ({_marks(len(chunk))})", chunk)}
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
        for chunk in _chunks(actor_ids):
            for actor_id, pid, text, n in self._conn.execute(
                    "SELECT c.actor_id, p.id, p.mention, c.n FROM actor_profile_counts c "
                    "JOIN actor_profiles p ON p.id = c.profile_id "
                    f"WHERE c.actor_id IN ({_marks(len(chunk))}) AND c.n > 0 "
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


# --- the linker -----------------------------------------------------------------------


class CorpusLinker:
    """Places documents in the store's corpus view; see the module docstring."""

    def __init__(self, conn: sqlite3.Connection, story_settings: StorySettings | None = None,
                 ) -> None:
        self._conn = conn
        self.story_settings = story_settings or StorySettings()
        self.event_settings = product_settings()
        self._copies = CopyIndex()

    def link(self, documents: Sequence[Document]) -> LinkReport:
        """Place documents not placed before, in order; call inside a transaction."""
        report = LinkReport()
        docs = [d for d in documents if not self._placed(d.id)]
        docs = list({d.id: d for d in docs}.values())
        if not docs:
            return report
        copy_of: dict[str, CopyOf | None] = {}
        story_of: dict[str, str] = {}
        self._index = StoryIndex(self.story_settings)
        self._index.documents = self._meta_int("story_documents")
        self._centroids: set[str] = set()
        for doc in docs:
            copy_of[doc.id] = self._place_copy(doc)
            story_of[doc.id], opened = self._place_story(doc, copy_of[doc.id])
            report.copies += copy_of[doc.id] is not None
            report.stories_opened += opened
        actor_of, report.actors_new = self._link_actors(docs)
        for doc in docs:
            report.corpus_events_new += self._link_events(
                doc, story_of[doc.id], copy_of[doc.id], actor_of)
        report.documents = len(docs)
        return report

    def _placed(self, doc_id: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM story_members WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    # --- copies -----------------------------------------------------------------------

    def _place_copy(self, doc: Document) -> CopyOf | None:
        index = self._copies
        if len(normalise(doc.text)) < MIN_COPY_WORDS:
            return None
        signature = index.signature(doc.text)
        keys = index.band_keys(signature)
        buckets: dict[bytes, list[str]] = {}
        for key in keys:
            ids = [r[0] for r in self._conn.execute(
                "SELECT doc_id FROM copy_bands WHERE band_key = ? LIMIT ?", (key, MAX_BUCKET))]
            if ids:
                buckets[key] = ids
        candidates = sorted({i for ids in buckets.values() for i in ids})
        signatures = {doc.id: signature}
        for chunk in _chunks(candidates):
            signatures.update(self._conn.execute(
                f"SELECT doc_id, signature FROM copy_signatures WHERE doc_id IN "
                f"({_marks(len(chunk))})", chunk).fetchall())
        # The document's own signature is in the state, so ``add`` compares it without
        # computing it again.
        state = CopyIndex.from_state(signatures, buckets, index.threshold, index.num_perm)
        found = state.add(doc.id, doc.text)
        self._conn.execute("INSERT OR IGNORE INTO copy_signatures (doc_id, signature) "
                           "VALUES (?, ?)", (doc.id, signature))
        self._conn.executemany("INSERT OR IGNORE INTO copy_bands (band_key, doc_id) "
                               "VALUES (?, ?)", [(k, doc.id) for k in keys])
        if found is not None:
            self._conn.execute(
                "INSERT OR REPLACE INTO copies (doc_id, original_id, jaccard) VALUES (?, ?, ?)",
                (doc.id, found.original, round(found.jaccard, 4)))
        return found

    # --- stories ----------------------------------------------------------------------

    def _meta_int(self, key: str) -> int:
        row = self._conn.execute("SELECT value FROM corpus_meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    # One ``StoryIndex`` serves the whole batch: the document frequencies, story days
    # and centroids it has read stay in it, and ``StoryIndex.add`` keeps them equal to
    # the tables as each document is recorded in both. Only the postings are read
    # again for each document (they depend on its day).

    def _load_df(self, index: StoryIndex, features: Iterable[str]) -> None:
        wanted = sorted(set(features) - index.document_frequency.keys())
        for chunk in _chunks(wanted):
            found = dict(self._conn.execute(
                f"SELECT feature, df FROM feature_df WHERE feature IN ({_marks(len(chunk))})",
                chunk).fetchall())
            # A feature not in the table yet has 0 (and ``add`` counts it from there).
            index.document_frequency.update({f: found.get(f, 0) for f in chunk})

    def _load_stories(self, index: StoryIndex, story_ids: Iterable[str]) -> None:
        wanted = sorted(set(story_ids) - index.stories.keys())
        for chunk in _chunks(wanted):
            for sid, first, last in self._conn.execute(
                    f"SELECT id, first_day, last_day FROM stories WHERE id IN "
                    f"({_marks(len(chunk))})", chunk):
                index.stories[sid] = StoryState(sid, [], Counter(), _day(first), _day(last))

    def _place_story(self, doc: Document, copy: CopyOf | None) -> tuple[str, bool]:
        settings = self.story_settings
        original = copy.original if copy else None
        features = story_features(doc, copy_of=original)
        weights = term_weights(features.counts, settings.kind_weights)
        index = self._index
        index.postings = {}
        self._load_df(index, weights)
        if original is not None and original not in index.story_of:
            row = self._conn.execute(
                "SELECT story_id FROM story_members WHERE doc_id = ?", (original,)).fetchone()
            if row:
                index.story_of[original] = row[0]
                self._load_stories(index, [row[0]])
        if original is None or original not in index.story_of:
            for feature in (f for f in weights if index.is_rare(f)):
                self._load_postings(index, feature, features.day)
            index.postings = {f: s for f, s in index.postings.items() if s}
            self._load_stories(index, {s for ids in index.postings.values() for s in ids})
            chosen = index.candidates(weights, features.day)
            self._load_centroids(index, chosen)
        placed = index.add(features)
        story_id = placed.story
        joined = index.stories[placed.story]
        # In the table's order (by feature), as a fresh read gives it: the similarity
        # sums over it, and the same order gives the same floating-point sums.
        joined.weights = Counter(dict(sorted(joined.weights.items())))
        if placed.opened:
            # The index names a new story by its count; the store by its founder.
            story_id = story_id_for(doc.id)
            state = index.stories.pop(placed.story)
            state.id = story_id
            index.stories[story_id] = state
            index.story_of[doc.id] = story_id
            self._centroids.add(story_id)
        self._record_story(doc.id, story_id, features.day, weights, placed.score,
                           placed.via_copy)
        return story_id, placed.opened

    def _load_postings(self, index: StoryIndex, feature: str, day: date | None) -> None:
        if day is not None:
            window = timedelta(days=self.story_settings.date_window_days)
            # Two range reads of the primary key: an OR of both would read every day.
            rows = self._conn.execute(
                "SELECT story_id FROM story_postings WHERE feature = ? AND "
                "day BETWEEN ? AND ? UNION ALL "
                "SELECT story_id FROM story_postings WHERE feature = ? AND day = ''",
                (feature, (day - window).isoformat(), (day + window).isoformat(), feature))
        else:
            rows = self._conn.execute(
                "SELECT story_id FROM story_postings WHERE feature = ? "
                "ORDER BY day DESC LIMIT ?", (feature, UNDATED_POSTINGS))
        index.postings[feature] = {r[0] for r in rows}

    def _load_centroids(self, index: StoryIndex, story_ids: Sequence[str]) -> None:
        wanted = [s for s in story_ids if s not in self._centroids]
        if not wanted:
            return
        rows: dict[str, list[tuple[str, float]]] = {s: [] for s in wanted}
        for sid, feature, weight in self._conn.execute(
                f"SELECT story_id, feature, weight FROM story_weights WHERE story_id IN "
                f"({_marks(len(wanted))})", wanted):
            rows[sid].append((feature, weight))
        for sid, pairs in rows.items():
            # The table's sums include what this batch added to a story read before
            # without its centroid (a copy joining it): they replace the partial ones.
            index.stories[sid].weights = Counter(dict(pairs))
        self._centroids.update(wanted)
        self._load_df(index, {f for pairs in rows.values() for f, _ in pairs})

    def _record_story(self, doc_id: str, story_id: str, day: date | None,
                      weights: dict[str, float], score: float, via_copy: str | None) -> None:
        iso = day.isoformat() if day else None
        self._conn.execute(
            "INSERT INTO story_members (doc_id, story_id, score, via_copy) VALUES (?, ?, ?, ?)",
            (doc_id, story_id, round(score, 4), via_copy))
        self._conn.execute(
            "INSERT INTO stories (id, first_day, last_day, size) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(id) DO UPDATE SET "
            "first_day = COALESCE(min(first_day, excluded.first_day), first_day, "
            "excluded.first_day), "
            "last_day = COALESCE(max(last_day, excluded.last_day), last_day, excluded.last_day), "
            "size = size + 1", (story_id, iso, iso))
        self._conn.executemany(
            "INSERT INTO story_weights (story_id, feature, weight) VALUES (?, ?, ?) "
            "ON CONFLICT(story_id, feature) DO UPDATE SET weight = weight + excluded.weight",
            [(story_id, f, w) for f, w in weights.items()])
        self._conn.executemany(
            "INSERT OR IGNORE INTO story_postings (feature, day, story_id) VALUES (?, ?, ?)",
            [(f, iso or "", story_id) for f in weights])
        self._conn.executemany(
            "INSERT INTO feature_df (feature, df) VALUES (?, 1) "
            "ON CONFLICT(feature) DO UPDATE SET df = df + 1", [(f,) for f in weights])
        self._conn.execute(
            "INSERT INTO corpus_meta (key, value) VALUES ('story_documents', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # --- actors -----------------------------------------------------------------------

    def _link_actors(self, docs: Sequence[Document]) -> tuple[dict[tuple[str, str], str], int]:
        days = sorted(d for d in (_iso_day(doc.published) for doc in docs) if d)
        source = SqliteActors(self._conn, (days[0], days[-1]) if days else None)
        linker = ActorLinker(load_decisions(self._conn), source=source)
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
            self._conn.execute(
                "INSERT OR IGNORE INTO actor_profiles (id, type, name, names_key, countries, "
                "mention) VALUES (?, ?, ?, ?, ?, ?)",
                (pid, profile.type, profile.name, names_key(profile),
                 " ".join(sorted(countries_of(profile))), text))
            self._conn.execute(
                "INSERT OR REPLACE INTO actor_links (doc_id, entity_id, actor_id, reason, "
                "score, profile_id) VALUES (?, ?, ?, ?, ?, ?)",
                (mention.doc_id, mention.entity_id, link.actor_id, link.reason, link.score,
                 pid))
            self._conn.execute(
                "INSERT INTO actor_profile_counts (actor_id, profile_id, n) VALUES (?, ?, 1) "
                "ON CONFLICT(actor_id, profile_id) DO UPDATE SET n = n + 1",
                (link.actor_id, pid))
            self._conn.executemany(
                "INSERT OR IGNORE INTO actor_keys (key, actor_id) VALUES (?, ?)",
                [(k, link.actor_id) for k in linker.index_keys(mention)])
        new = 0
        for actor_id in sorted(touched):
            new += not source.exists(actor_id)
            self._conn.execute(
                "INSERT INTO actors (id, type, name, n_mentions, n_docs) VALUES (?, '', '', 0, 0) "
                "ON CONFLICT(id) DO NOTHING", (actor_id,))
            self._conn.execute(
                "UPDATE actors SET n_mentions = n_mentions + ?, n_docs = n_docs + ? "
                "WHERE id = ?", (mentions_of[actor_id], len(touched[actor_id]), actor_id))
            refresh_actor_name(self._conn, actor_id)
        return actor_of, new

    # --- corpus events ----------------------------------------------------------------

    def _link_events(self, doc: Document, story: str, copy: CopyOf | None,
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
        best, best_score = None, self.event_settings.threshold
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
            score = sum(link_score(mention, m, self.event_settings) for m in members) / len(
                members)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = candidate, score
        return best


# --- helpers --------------------------------------------------------------------------


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


def _iso_day(published: str | None) -> str | None:
    """A document's day as the actor linker reads it, when it is an ISO day."""
    try:
        return date.fromisoformat((published or "")[:10]).isoformat()
    except ValueError:
        return None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- manual decisions -----------------------------------------------------------------


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
        (kind, actor_id, other_id, json.dumps([list(m) for m in mentions]), _now()))


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
