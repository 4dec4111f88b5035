"""PLOVER, the standard at Tidings' event edge: event types with their quad class, modes
and CAMEO roots, and the sector and non-state codes of actors. No spaCy here: exports and
the store use these tables too.

    >>> event_types()["CONSULT"].modes
    ('visit', 'third-party', 'multilateral', 'phone')
    >>> actor_code("European Union")
    'IGO'

The tables are TSV files under ``tidings/data`` (``cameo_roots.tsv``,
``plover_sectors.tsv``) whose header comments document their columns. A malformed line
raises ``LexiconError`` naming the file and line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from tidings.data import read_table

__all__ = [
    "QUAD_CODES",
    "EventType",
    "LexiconError",
    "SectorEntry",
    "actor_code",
    "event_types",
    "match_phrase",
    "sectors",
]

#: PLOVER's numeric quad codes.
QUAD_CODES = {
    "verbal_cooperation": 1,
    "material_cooperation": 2,
    "verbal_conflict": 3,
    "material_conflict": 4,
}


class LexiconError(ValueError):
    """A data file under ``tidings/data`` has a line Tidings cannot read."""


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad: str
    cameo: tuple[str, ...]
    modes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SectorEntry:
    words: tuple[str, ...]
    sector: str | None
    code: str | None  # non-state actor code: IGO, NGO, IMG, MNC


def optional(value: str) -> str | None:
    return None if value in ("", "-") else value


@cache
def event_types() -> dict[str, EventType]:
    """PLOVER event types with their quad class, CAMEO roots and modes (``cameo_roots.tsv``)."""
    found: dict[str, EventType] = {}
    rows = read_table("cameo_roots.tsv", width=4, error=LexiconError)
    for lineno, (name, quad, cameo, modes) in rows:
        if quad not in QUAD_CODES:
            raise LexiconError(f"cameo_roots.tsv:{lineno}: unknown quad class {quad!r}")
        found[name] = EventType(
            name=name,
            quad=quad,
            cameo=tuple(cameo.split("|")),
            modes=() if modes in ("", "-") else tuple(modes.split("|")),
        )
    return found


@cache
def sectors() -> dict[str, tuple[SectorEntry, ...]]:
    """Sector entries (``plover_sectors.tsv``) by first word, longest first."""
    by_first: dict[str, list[SectorEntry]] = defaultdict(list)
    for _, (words, sector, code) in read_table("plover_sectors.tsv", width=3, error=LexiconError):
        entry = SectorEntry(tuple(words.lower().split()), optional(sector), optional(code))
        by_first[entry.words[0]].append(entry)
    return {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in by_first.items()}


def match_phrase(lemmas: list[str], start: int, table: dict) -> tuple[int, object] | None:
    """Longest entry of ``table`` (first word -> entries with ``words``) at ``lemmas[start:]``.

    Returns ``(length, entry)`` or None. Entries are SectorEntry or (words, value) pairs.
    """
    for entry in table.get(lemmas[start], ()):
        words = entry.words if isinstance(entry, SectorEntry) else entry[0]
        if tuple(lemmas[start : start + len(words)]) == words:
            return len(words), entry
    return None


def actor_code(name: str) -> str | None:
    """PLOVER non-state actor code (IGO, NGO, IMG, MNC) of a body's name, if listed."""
    words = [w.strip(".,()'\"").lower() for w in name.replace("-", " - ").split()]
    words = [w for w in words if w and w != "the"]
    table = sectors()
    for i in range(len(words)):
        hit = match_phrase(words, i, table)
        if hit is not None and hit[0] == len(words) - i and i == 0:
            entry = hit[1]
            assert isinstance(entry, SectorEntry)
            return entry.code
    return None
