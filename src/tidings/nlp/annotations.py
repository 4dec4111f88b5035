"""What the NLP components write on a ``Doc`` for ``convert`` to turn into records.

Entities are referred to by their index in ``doc._.entity_groups``; character offsets
point into ``doc.text``. ``convert.doc_to_document`` maps indices to entity ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.model import Place


@dataclass(frozen=True, slots=True)
class PlaceAnnotation:
    """``doc._.places`` items: the place an entity names, and why it was chosen."""

    entity: int
    place: Place


@dataclass(frozen=True, slots=True)
class RoleAnnotation:
    """``doc._.roles`` items: a post the article gives a person."""

    entity: int
    title: str | None
    rank: str | None
    organization: int | None  # entity index
    country: str | None  # ISO 3166 alpha-3
    start: int  # evidence
    end: int


@dataclass(frozen=True, slots=True)
class CorefMention:
    """``doc._.coref`` items: a pronoun, bare surname or description referring to an entity."""

    entity: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class StatementAnnotation:
    """``doc._.statements`` items: who said what."""

    speaker: int | None  # entity index
    cue: tuple[int, int]
    content: tuple[int, int]
    direct: bool
