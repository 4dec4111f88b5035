"""Typed records: the data contract between stages, the store and the interfaces.

Field names follow the Document JSON contract (docs/document.md). Every record is frozen;
stages build new records rather than mutate shared ones.

    >>> doc = Document.from_dict(json.loads(line))
    >>> doc.to_dict()["entities"][0]["mentions"][0]["text"]
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year"]
DateBasis = Literal["explicit", "relative", "publication"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Characters ``text[start:end]`` of the document's cleaned text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Role:
    title: str | None
    rank: str | None
    organization: str | None  # entity id
    country: str | None  # ISO 3166 alpha-3
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Place:
    lat: float
    lon: float
    country: str | None
    feature: str
    gazetteer_id: str
    name: str | None = None  # the gazetteer's name for the place
    why: str | None = None  # the rule or score that chose it, for debugging


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[TextSpan, ...] = ()
    roles: tuple[Role, ...] = ()
    place: Place | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str  # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY
    precision: Precision


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    speaker: str | None
    cue: TextSpan
    content: TextSpan
    direct: bool


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str
    precision: str
    basis: DateBasis


@dataclass(frozen=True, slots=True)
class EventActor:
    """PLOVER attributes of one event actor; ``entity`` None for an unnamed group."""

    entity: str | None  # entity id
    role: str  # "source" | "target"
    text: str
    country: str | None  # ISO 3166 alpha-3
    sector: str | None  # PLOVER sector code


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    trigger: TextSpan
    source: tuple[str, ...]
    target: tuple[str, ...]
    location: str | None
    date: EventDate | None
    asserted_by: str | None
    negated: bool
    hypothetical: bool
    confidence: float
    evidence: Evidence
    future: bool = False
    actors: tuple[EventActor, ...] = ()
    main: bool = False  # the event the article is about: at most one per document


@dataclass(frozen=True, slots=True)
class OffsetSegment:
    """``text[text_start:text_start+length]`` was copied from ``raw[raw_start:...]``.

    For HTML input ``raw`` is the text trafilatura extracted, not the markup.
    """

    text_start: int
    raw_start: int
    length: int


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    language: str
    text: str
    entities: tuple[Entity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    statements: tuple[Statement, ...] = ()
    events: tuple[Event, ...] = ()
    topics: tuple[str, ...] = ()
    offset_map: tuple[OffsetSegment, ...] = ()
    source: str | None = None  # file path, "path:line" or "-" for stdin
    # "time" | "day" | "month" | "year": a month or a year keeps its first day in
    # ``published``, and this says that the day is not known.
    published_precision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return _document_from_dict(data)

    def raw_offset(self, text_offset: int) -> int | None:
        """Map an offset in ``text`` back to the raw input (None if not copied from it)."""
        for seg in self.offset_map:
            if seg.text_start <= text_offset < seg.text_start + seg.length:
                return seg.raw_start + (text_offset - seg.text_start)
        return None


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One input article as read, before cleaning.

    ``text`` is plain text (for HTML input: what trafilatura extracted); ``html`` keeps
    the markup when there was any.
    """

    source: str
    text: str
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that produced no Document, and why. Stored in ``failures``."""

    source: str
    stage: str  # read | clean | language | nlp | store
    code: str  # short machine code, e.g. "empty", "binary", "not_english"
    reason: str  # one line a person can act on
    content_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class CleanedText:
    """Cleaned article body plus what the cleaner found in the page chrome."""

    text: str
    offset_map: tuple[OffsetSegment, ...]
    published: str | None = None
    outlet: str | None = None
    removed: tuple[TextSpan, ...] = field(default=())  # spans of the raw text dropped
    title: str | None = None  # a headline line opening the body, when there is one


def content_id(text: str) -> str:
    """Stable id of an article body: the same text always gets the same id."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def _to_plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        return {f.name: _to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_to_plain(x) for x in obj]
    return obj


def _span(d: dict[str, Any]) -> TextSpan:
    return TextSpan(d["start"], d["end"], d["text"])


def _document_from_dict(d: dict[str, Any]) -> Document:
    entities = tuple(
        Entity(
            id=e["id"],
            type=e["type"],
            name=e["name"],
            aliases=tuple(e.get("aliases", ())),
            mentions=tuple(_span(m) for m in e.get("mentions", ())),
            roles=tuple(
                Role(
                    title=r.get("title"),
                    rank=r.get("rank"),
                    organization=r.get("organization"),
                    country=r.get("country"),
                    evidence=Evidence(**r["evidence"]),
                )
                for r in e.get("roles", ())
            ),
            place=Place(**e["place"]) if e.get("place") else None,
        )
        for e in d.get("entities", ())
    )
    statements = tuple(
        Statement(
            id=s["id"],
            speaker=s.get("speaker"),
            cue=_span(s["cue"]),
            content=_span(s["content"]),
            direct=bool(s["direct"]),
        )
        for s in d.get("statements", ())
    )
    events = tuple(
        Event(
            id=ev["id"],
            type=ev["type"],
            mode=ev.get("mode"),
            context=tuple(ev.get("context", ())),
            trigger=_span(ev["trigger"]),
            source=tuple(ev.get("source", ())),
            target=tuple(ev.get("target", ())),
            location=ev.get("location"),
            date=EventDate(**ev["date"]) if ev.get("date") else None,
            asserted_by=ev.get("asserted_by"),
            negated=bool(ev.get("negated", False)),
            hypothetical=bool(ev.get("hypothetical", False)),
            confidence=float(ev.get("confidence", 0.0)),
            evidence=Evidence(**ev["evidence"]),
            future=bool(ev.get("future", False)),
            actors=tuple(EventActor(**a) for a in ev.get("actors", ())),
            main=bool(ev.get("main", False)),
        )
        for ev in d.get("events", ())
    )
    return Document(
        id=d["id"],
        url=d.get("url"),
        outlet=d.get("outlet"),
        title=d.get("title"),
        published=d.get("published"),
        language=d.get("language", "en"),
        text=d["text"],
        entities=entities,
        dates=tuple(DateMention(**x) for x in d.get("dates", ())),
        statements=statements,
        events=events,
        topics=tuple(d.get("topics", ())),
        offset_map=tuple(OffsetSegment(**s) for s in d.get("offset_map", ())),
        source=d.get("source"),
        published_precision=d.get("published_precision"),
    )
