"""Helpers shared by the corpus-view stages: content ids and ``IN (...)`` chunks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

CHUNK = 500  # parameters per IN (...) query


def content_hash(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:15]


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(n: int) -> str:
    return ", ".join("?" * n)
