"""The store: one SQLite file (WAL, FTS5) holding Documents, corpus entities, failures.

    >>> from tidings.store import Corpus
    >>> with Corpus("tidings.db") as corpus:
    ...     corpus.stats()["documents"]
"""

from tidings.store.corpus import (
    PLACE_TYPES,
    Corpus,
    CorpusEntity,
    DateRow,
    DocumentSummary,
    EventActorRow,
    EventRow,
    Failure,
    Post,
    SearchHit,
    fts_query,
    normalize_name,
)
from tidings.store.schema import MIGRATIONS, Migration, migrate

__all__ = [
    "MIGRATIONS",
    "PLACE_TYPES",
    "Corpus",
    "CorpusEntity",
    "DateRow",
    "DocumentSummary",
    "EventActorRow",
    "EventRow",
    "Failure",
    "Migration",
    "Post",
    "SearchHit",
    "fts_query",
    "migrate",
    "normalize_name",
]
