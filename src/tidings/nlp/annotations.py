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


@dataclass(frozen=True, slots=True)
class ActorAnnotation:
    """One actor of an event with its PLOVER attributes; ``entity`` None for an unnamed
    group the text describes ("riot police")."""

    entity: int | None  # entity index
    role: str  # "source" | "target"
    text: str  # the words that describe the actor
    country: str | None  # ISO 3166 alpha-3
    sector: str | None  # PLOVER sector code: GOV, MIL, COP, SPY, REB, JRN, ...


@dataclass(frozen=True, slots=True)
class EventAnnotation:
    """``doc._.events`` items: a PLOVER-coded event with its evidence."""

    type: str  # PLOVER event type, e.g. "CONSULT"
    mode: str | None
    context: tuple[str, ...]
    trigger: tuple[int, int]
    source: tuple[int, ...]  # entity indices
    target: tuple[int, ...]
    location: int | None  # entity index
    date: tuple[str, str, str] | None  # (ISO value, precision, basis)
    asserted_by: int | None  # index into doc._.statements
    negated: bool
    hypothetical: bool
    future: bool
    confidence: float
    evidence: tuple[int, int]
    actors: tuple[ActorAnnotation, ...] = ()
    main: bool = False  # the event the article is about
