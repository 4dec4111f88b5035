"""Tidings: news articles in, evidence-backed event data out.

    >>> from tidings import extract
    >>> doc = extract(open("article.txt").read(), published="2024-03-14")
    >>> [(e.type, e.name, e.aliases) for e in doc.entities]
"""

from __future__ import annotations

from tidings.model import (
    DateMention,
    Document,
    Entity,
    Event,
    EventActor,
    EventDate,
    Evidence,
    Place,
    RawArticle,
    Rejected,
    Role,
    Statement,
    TextSpan,
)

__all__ = [
    "Corpus",
    "DateMention",
    "Document",
    "Entity",
    "Event",
    "EventActor",
    "EventDate",
    "Evidence",
    "Extractor",
    "Place",
    "RawArticle",
    "Rejected",
    "Role",
    "Statement",
    "TextSpan",
    "extract",
]


def __getattr__(name: str) -> object:
    # spaCy and the store load on first use, so `import tidings` stays fast.
    if name in ("extract", "Extractor"):
        from tidings import extraction as _extract_module

        return getattr(_extract_module, name)
    if name == "Corpus":
        from tidings.store import Corpus

        return Corpus
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
