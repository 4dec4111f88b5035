"""The store: one SQLite file (WAL, FTS5) holding Documents, corpus entities, failures.

    >>> from tidings.store import Corpus
    >>> with Corpus("tidings.db") as corpus:
    ...     corpus.stats()["documents"]
"""

from tidings.store.corpus import (
    MAX_FILTER_CHARS,
    PLACE_TYPES,
    Corpus,
    CorpusEntity,
    DateRow,
    DocumentSummary,
    EventActorRow,
    EventRow,
    Failure,
    FilterError,
    NotAStoreError,
    Post,
    SearchHit,
    StatementRow,
    StoreError,
    fts_query,
    normalize_name,
)
from tidings.store.schema import MIGRATIONS, Migration, migrate

__all__ = [
    "MAX_FILTER_CHARS",
    "MIGRATIONS",
    "PLACE_TYPES",
    "Corpus",
    "CorpusEntity",
    "DateRow",
    "DocumentSummary",
    "EventActorRow",
    "EventRow",
    "Failure",
    "FilterError",
    "Migration",
    "NotAStoreError",
    "Post",
    "SearchHit",
    "StatementRow",
    "StoreError",
    "fts_query",
    "migrate",
    "normalize_name",
]
