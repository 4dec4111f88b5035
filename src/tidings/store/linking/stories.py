"""The story stage of the corpus view (``corpus.stories``), in the store: for each
document, the document frequencies of its features (``feature_df``); for its rare
features, the stories holding them with a member within the date window
(``story_postings``, keyed by day, then feature: news arrives roughly in date order, so
a batch's postings land in the few pages of its days, not one page per posting
across the whole index, and writing costs the same in a big store as in a small one);
of the few candidates chosen, their
centroid weights at the document's own features only (``story_weights``) and their kept
norms (``stories.sq_norm``); a whole centroid and its frequencies only when its norm is
computed afresh (once per 2% of corpus growth). One ``StoryPlacer`` per batch holds one
``StoryIndex`` with only that state, read once per batch and kept equal to the tables as
documents are added; it places each document, and a copy joins its original's story.
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
from tidings.store.linking._common import CHUNK, chunks, content_hash, marks

#: Undated documents read the postings of the undated members and of the days within
#: the story window of the latest dated posting: an undated article is taken as news.


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
        # Per story, the features whose centroid weights the index holds as in the
        # table; a story opened in this batch holds all of them.
        self._have: dict[str, set[str]] = {}
        self._whole: set[str] = set()

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
            for sid, first, last, sq_norm, norm_documents in self._conn.execute(
                    f"SELECT id, first_day, last_day, sq_norm, norm_documents FROM stories "
                    f"WHERE id IN ({marks(len(chunk))})", chunk):
                # A story placed before migration 0006 has no norm yet: 0 documents
                # makes the first scoring compute it.
                index.stories[sid] = StoryState(
                    sid, [], Counter(), _day(first), _day(last), sq_norm or 0.0,
                    norm_documents or 0)

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
        if original is not None and original in index.story_of:
            # The copy joins this story: its norm moves by the centroid at its features.
            self._load_weights(index, [index.story_of[original]], weights)
        refreshed: list[str] = []
        if original is None or original not in index.story_of:
            self._load_postings(index, [f for f in weights if index.is_rare(f)], features.day)
            self._load_stories(index, {s for ids in index.postings.values() for s in ids})
            chosen = index.candidates(weights, features.day)
            # Scoring computes these norms afresh, over the whole centroid.
            refreshed = [s for s in chosen if index.needs_norm(index.stories[s])]
            self._load_whole(index, refreshed)
            self._load_weights(index, chosen, weights)
        placed = index.add(features)
        story_id = placed.story
        self._conn.executemany(
            "UPDATE stories SET sq_norm = ?, norm_documents = ? WHERE id = ?",
            [(index.stories[s].sq_norm, index.stories[s].norm_documents, s)
             for s in refreshed if s != story_id])
        if placed.opened:
            # The index names a new story by its count; the store by its founder.
            story_id = story_id_for(doc.id)
            state = index.stories.pop(placed.story)
            state.id = story_id
            index.stories[story_id] = state
            index.story_of[doc.id] = story_id
            self._whole.add(story_id)
        self._record_story(doc.id, story_id, features.day, weights, placed.score,
                           placed.via_copy, index.stories[story_id])
        return story_id, placed.opened

    def _load_postings(self, index: StoryIndex, features: Sequence[str],
                       day: date | None) -> None:
        """The stories holding ``features`` with a member on a day of the window around
        ``day`` (or around the latest dated posting, for an undated document) or with
        an undated member: one primary-key seek per (day, feature)."""
        if day is None:
            day = self._latest_day()
        days = [""]
        if day is not None:
            window = self.settings.date_window_days
            days += [(day + timedelta(days=d)).isoformat() for d in range(-window, window + 1)]
        postings: dict[str, set[str]] = {}
        for chunk in chunks(sorted(features), CHUNK - len(days)):
            for feature, story_id in self._conn.execute(
                    f"SELECT feature, story_id FROM story_postings WHERE day IN "
                    f"({marks(len(days))}) AND feature IN ({marks(len(chunk))})",
                    (*days, *chunk)):
                postings.setdefault(feature, set()).add(story_id)
        index.postings = postings

    def _latest_day(self) -> date | None:
        return _day(self._conn.execute("SELECT max(day) FROM story_postings").fetchone()[0])

    def _load_whole(self, index: StoryIndex, story_ids: Sequence[str]) -> None:
        """The whole centroids of ``story_ids``, with their features' frequencies."""
        for sid in story_ids:
            if sid in self._whole:
                continue
            pairs = self._conn.execute(
                "SELECT feature, weight FROM story_weights WHERE story_id = ?",
                (sid,)).fetchall()
            # The table's sums include what this batch added: they replace the index's.
            index.stories[sid].weights = Counter(dict(pairs))
            self._whole.add(sid)
            self._load_df(index, [f for f, _ in pairs])

    def _load_weights(self, index: StoryIndex, story_ids: Sequence[str],
                      features: Iterable[str]) -> None:
        """The centroid weights of ``story_ids`` at ``features``, as in the table."""
        features = list(features)
        for sid in story_ids:
            if sid in self._whole:
                continue
            have = self._have.setdefault(sid, set())
            wanted = [f for f in features if f not in have]
            if not wanted:
                continue
            centroid = index.stories[sid].weights
            for chunk in chunks(wanted):
                # The table's sums include what this batch added to the story at a
                # feature not read before (a copy or a document joining it): they
                # replace the partial ones.
                for f in chunk:
                    centroid.pop(f, None)
                centroid.update(dict(self._conn.execute(
                    f"SELECT feature, weight FROM story_weights WHERE story_id = ? AND "
                    f"feature IN ({marks(len(chunk))})", (sid, *chunk)).fetchall()))
            have.update(wanted)

    def _record_story(self, doc_id: str, story_id: str, day: date | None,
                      weights: dict[str, float], score: float, via_copy: str | None,
                      state: StoryState) -> None:
        iso = day.isoformat() if day else None
        self._conn.execute(
            "INSERT INTO story_members (doc_id, story_id, score, via_copy) VALUES (?, ?, ?, ?)",
            (doc_id, story_id, round(score, 4), via_copy))
        self._conn.execute(
            "INSERT INTO stories (id, first_day, last_day, size, sq_norm, norm_documents) "
            "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "first_day = COALESCE(min(first_day, excluded.first_day), first_day, "
            "excluded.first_day), "
            "last_day = COALESCE(max(last_day, excluded.last_day), last_day, excluded.last_day), "
            "size = size + 1, sq_norm = excluded.sq_norm, "
            "norm_documents = excluded.norm_documents",
            (story_id, iso, iso, state.sq_norm, state.norm_documents))
        self._conn.executemany(
            "INSERT INTO story_weights (story_id, feature, weight) VALUES (?, ?, ?) "
            "ON CONFLICT(story_id, feature) DO UPDATE SET weight = weight + excluded.weight",
            [(story_id, f, w) for f, w in weights.items()])
        self._conn.executemany(
            "INSERT OR IGNORE INTO story_postings (day, feature, story_id) VALUES (?, ?, ?)",
            [(iso or "", f, story_id) for f in weights])
        self._conn.executemany(
            "INSERT INTO feature_df (feature, df) VALUES (?, 1) "
            "ON CONFLICT(feature) DO UPDATE SET df = df + 1", [(f,) for f in weights])
        self._conn.execute(
            "INSERT INTO corpus_meta (key, value) VALUES ('story_documents', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
