"""The copies stage of the corpus view (``corpus.copies``), in the store: a document's
MinHash signature is cut into LSH band keys; only the documents filed under those keys
(``copy_bands``) and their signatures are read, a ``CopyIndex`` is built from that state
alone, and the document's signature, band keys and copy (if any) are recorded.
"""

from __future__ import annotations

import sqlite3

from tidings.corpus.copies import CopyIndex, CopyOf, normalise
from tidings.model import Document
from tidings.store.linking._common import chunks, marks

#: Documents shorter than this (in words) are not compared for copies: a few words
#: match many unrelated documents.
MIN_COPY_WORDS = 20
#: At most this many documents are read from one LSH bucket.
MAX_BUCKET = 200


class CopyPlacer:
    """Finds each document's original (if any) among the stored documents."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._index = CopyIndex()

    def place(self, doc: Document) -> CopyOf | None:
        index = self._index
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
        for chunk in chunks(candidates):
            signatures.update(self._conn.execute(
                f"SELECT doc_id, signature FROM copy_signatures WHERE doc_id IN "
                f"({marks(len(chunk))})", chunk).fetchall())
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
                # An upsert, not OR REPLACE: a replaced row would pass the delete trigger
                # that keeps the count of copies (schema: 0010_summaries).
                "INSERT INTO copies (doc_id, original_id, jaccard) VALUES (?, ?, ?) "
                "ON CONFLICT (doc_id) DO UPDATE SET original_id = excluded.original_id, "
                "jaccard = excluded.jaccard",
                (doc.id, found.original, round(found.jaccard, 4)))
        return found
