"""Near-duplicate articles: syndicated copies, re-posts with a new headline.

A document's signature is a MinHash (128 permutations) of the word 5-grams of its
normalised text; LSH cuts the signature into bands, and two documents that share a band
are candidates, kept when their estimated Jaccard similarity reaches the threshold.

    >>> index = CopyIndex()
    >>> index.add("a", text)            # None: nothing earlier to copy
    >>> index.add("b", text_with_new_headline)
    CopyOf(original='a', jaccard=0.95)

The whole state is two mappings, ``signatures`` (doc id → signature bytes) and
``buckets`` (band key → doc ids), so a store can keep them in two tables and rebuild the
index with ``CopyIndex.from_state``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["CopyIndex", "CopyOf", "normalise", "shingles"]

NUM_PERM = 128
THRESHOLD = 0.8
SHINGLE_WORDS = 5
#: Fixed so that signatures stored by one process compare with those of another.
SEED = 1
SCHEME = "affine32"
SIGNATURE_DTYPE = np.dtype("<u4")

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CopyOf:
    """The earlier document a new one copies, with their estimated Jaccard similarity."""

    original: str
    jaccard: float


def normalise(text: str) -> list[str]:
    """Lower-cased words, accents and punctuation dropped: what a re-post keeps."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word ``size``-grams of the normalised text; a shorter text is one shingle."""
    words = normalise(text)
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@lru_cache(maxsize=8)
def _bands(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each band, as datasketch chooses them for the threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return tuple((start, end) for start, end in lsh.hashranges)


class CopyIndex:
    """Incremental near-duplicate index; documents are added once, in arrival order."""

    def __init__(
        self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands = _bands(threshold, num_perm)
        self.signatures: dict[str, bytes] = {}
        self.buckets: dict[bytes, list[str]] = {}

    @classmethod
    def from_state(
        cls,
        signatures: Mapping[str, bytes],
        buckets: Mapping[bytes, Iterable[str]],
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
    ) -> CopyIndex:
        index = cls(threshold, num_perm)
        index.signatures = dict(signatures)
        index.buckets = {key: list(ids) for key, ids in buckets.items()}
        return index

    def signature(self, text: str) -> bytes:
        minhash = MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME)
        minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
        return np.asarray(minhash.hashvalues, dtype=SIGNATURE_DTYPE).tobytes()

    def band_keys(self, signature: bytes) -> tuple[bytes, ...]:
        """One key per band: the band number, then the band's hash values."""
        values = np.frombuffer(signature, dtype=SIGNATURE_DTYPE)
        return tuple(
            band.to_bytes(2, "big") + values[start:end].tobytes()
            for band, (start, end) in enumerate(self.bands)
        )

    def jaccard(self, first: bytes, second: bytes) -> float:
        """Estimated Jaccard similarity: the share of equal MinHash values."""
        a = np.frombuffer(first, dtype=SIGNATURE_DTYPE)
        b = np.frombuffer(second, dtype=SIGNATURE_DTYPE)
        return float(np.mean(a == b))

    def find(self, text: str) -> CopyOf | None:
        """The indexed document ``text`` copies, without adding it."""
        return self._best(self.signature(text))

    def add(self, doc_id: str, text: str) -> CopyOf | None:
        """Index the document; return the earlier one it copies, if any.

        A document added twice keeps its first signature and is compared again.
        """
        if doc_id in self.signatures:
            return self._best(self.signatures[doc_id], exclude=doc_id)
        signature = self.signature(text)
        found = self._best(signature)
        self.signatures[doc_id] = signature
        for key in self.band_keys(signature):
            self.buckets.setdefault(key, []).append(doc_id)
        return found

    def _best(self, signature: bytes, exclude: str | None = None) -> CopyOf | None:
        candidates: dict[str, None] = {}
        for key in self.band_keys(signature):
            for doc_id in self.buckets.get(key, ()):
                if doc_id != exclude:
                    candidates[doc_id] = None
        best: CopyOf | None = None
        for doc_id in candidates:
            score = self.jaccard(signature, self.signatures[doc_id])
            if score >= self.threshold and (best is None or score > best.jaccard):
                best = CopyOf(doc_id, score)
        return best
