"""The story stage of the corpus view (``corpus.stories``), in the store: for each
document, the document frequencies of its features (``feature_df``); for its rare
features, the stories holding them with a member within the date window
(``story_postings``, keyed by feature and day); the centroids of the few candidates
chosen (``story_weights``). One ``StoryPlacer`` per batch holds one ``StoryIndex`` with
only that state, read once per batch and kept equal to the tables as documents are
added; it places each document, and a copy joins its original's story.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from tidings.corpus.copies import CopyOf
from tidings.corpus.stories import (  # the state classes: built here from table rows
    StoryIndex,
    StorySettings,
    StoryState,
    story_features,
    term_weights,
)
from tidings.model import Document
from tidings.store.linking._common import chunks, content_hash, marks

#: A story's inverted index is read for postings this many days either side of the
#: document's day (the story window); undated documents read the latest postings.
UNDATED_POSTINGS = 200


def story_id_for(doc_id: str) -> str:
    return content_hash("S", doc_id)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class StoryPlacer:
    """Places one batch's documents in stories; make one per batch."""

    def __init__(self, conn: sqlite3.Connection, settings: StorySettings) -> None:
        self._conn = conn
        self.settings = settings
        self._index = StoryIndex(settings)
        self._index.documents = self._meta_int("story_documents")
        self._centroids: set[str] = set()

    def _meta_int(self, key: str) -> int:
        row = self._conn.execute("SELECT value FROM corpus_meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    # One ``StoryIndex`` serves the whole batch: the document frequencies, story days
    # and centroids it has read stay in it, and ``StoryIndex.add`` keeps them equal to
    # the tables as each document is recorded in both. Only the postings are read
    # again for each document (they depend on its day).

    def _load_df(self, index: StoryIndex, features: Iterable[str]) -> None:
        wanted = sorted(set(features) - index.document_frequency.keys())
        for chunk in chunks(wanted):
            found = dict(self._conn.execute(
                f"SELECT feature, df FROM feature_df WHERE feature IN ({marks(len(chunk))})",
                chunk).fetchall())
            # A feature not in the table yet has 0 (and ``add`` counts it from there).
            index.document_frequency.update({f: found.get(f, 0) for f in chunk})

    def _load_stories(self, index: StoryIndex, story_ids: Iterable[str]) -> None:
        wanted = sorted(set(story_ids) - index.stories.keys())
        for chunk in chunks(wanted):
            for sid, first, last in self._conn.execute(
                    f"SELECT id, first_day, last_day FROM stories WHERE id IN "
                    f"({marks(len(chunk))})", chunk):
                index.stories[sid] = StoryState(sid, [], Counter(), _day(first), _day(last))

    def place(self, doc: Document, copy: CopyOf | None) -> tuple[str, bool]:
        settings = self.settings
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
            window = timedelta(days=self.settings.date_window_days)
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
                f"({marks(len(wanted))})", wanted):
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
