"""An article's text cut into segments for the article page, each carrying the records
that cover it (entity mentions, posts, statements, event triggers), and those records
as the page shows them on hover: a title, fields and the evidence sentence.

    >>> parts = segments(document)            # [Segment(text, kinds, records), ...]
    >>> shown = records(document, actors, corpus_events)

The segments cover the text exactly, in order: joined, they give ``document.text``.
The template escapes every segment; records reach the page as JSON, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tidings.model import Document


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kinds: tuple[str, ...]  # CSS classes: entity, post, cue, quote, trigger
    records: tuple[str, ...]  # keys into ``records``: "entity:e1", "event:v1", ...


#: The order in which the records of one segment are shown: the narrowest first.
_FIRST = ("entity", "trigger", "post", "cue", "quote")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    kind: str
    record: str


def _spans(doc: Document) -> list[_Span]:
    spans = []
    for entity in doc.entities:
        for mention in entity.mentions:
            spans.append(_Span(mention.start, mention.end, "entity", f"entity:{entity.id}"))
        for i, role in enumerate(entity.roles):
            spans.append(_Span(role.evidence.start, role.evidence.end, "post",
                               f"post:{entity.id}:{i}"))
    for statement in doc.statements:
        spans.append(_Span(statement.cue.start, statement.cue.end, "cue",
                           f"statement:{statement.id}"))
        spans.append(_Span(statement.content.start, statement.content.end, "quote",
                           f"statement:{statement.id}"))
    for event in doc.events:
        spans.append(_Span(event.trigger.start, event.trigger.end, "trigger",
                           f"event:{event.id}"))
    n = len(doc.text)
    return [s for s in spans if 0 <= s.start < s.end <= n]


def segments(doc: Document) -> list[Segment]:
    """The text from boundary to boundary of the records' spans, with the records
    covering each part (a sweep over the boundaries: linear in text and spans)."""
    spans = _spans(doc)
    opening: dict[int, list[_Span]] = {}
    closing: dict[int, list[_Span]] = {}
    for span in spans:
        opening.setdefault(span.start, []).append(span)
        closing.setdefault(span.end, []).append(span)
    cuts = sorted({0, len(doc.text), *opening, *closing})
    active: dict[_Span, None] = {}
    parts: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        for span in closing.get(start, ()):
            active.pop(span, None)
        for span in opening.get(start, ()):
            active[span] = None
        ordered = sorted(active, key=lambda s: _FIRST.index(s.kind))
        kinds = tuple(dict.fromkeys(s.kind for s in ordered))
        keys = tuple(dict.fromkeys(s.record for s in ordered))
        parts.append(Segment(doc.text[start:end], kinds, keys))
    return parts


def records(doc: Document, actors: Mapping[str, tuple[str, str, str]] | None = None,
            corpus_events: Mapping[str, tuple[str, int]] | None = None
            ) -> dict[str, dict[str, Any]]:
    """Each record key of ``segments`` → what hovering it shows: ``kind``, ``title``,
    ``fields`` (label, value pairs), ``evidence`` (the sentence it rests on) and
    ``link`` (a page of this server, or None)."""
    actors = actors or {}
    corpus_events = corpus_events or {}
    names = {e.id: e.name for e in doc.entities}
    text = doc.text
    shown: dict[str, dict[str, Any]] = {}
    for entity in doc.entities:
        actor = actors.get(entity.id)
        fields = [("type", entity.type), ("mentions", str(len(entity.mentions)))]
        if entity.aliases:
            fields.append(("also", ", ".join(entity.aliases)))
        if entity.place is not None:
            place = entity.place
            fields.append(("place", f"{place.name or entity.name} ({place.country or '?'}, "
                                    f"{place.feature}, {place.gazetteer_id})"))
            fields.append(("coordinates", f"{place.lat:.4f}, {place.lon:.4f}"))
        if actor:
            fields.append(("corpus actor", f"{actor[1]} ({actor[0]})"))
        first = entity.mentions[0] if entity.mentions else None
        shown[f"entity:{entity.id}"] = {
            "kind": "entity", "title": entity.name, "fields": fields,
            "evidence": _sentence(text, first.start, first.end) if first else "",
            "link": f"/actors/{actor[0]}" if actor else None,
        }
        for i, role in enumerate(entity.roles):
            post = [("holder", entity.name), ("post", role.title or ""),
                    ("rank", role.rank or ""),
                    ("organisation", names.get(role.organization or "", role.organization or "")),
                    ("country", role.country or "")]
            shown[f"post:{entity.id}:{i}"] = {
                "kind": "post", "title": f"{entity.name}: {role.title or 'post'}",
                "fields": [(k, v) for k, v in post if v],
                "evidence": text[role.evidence.start:role.evidence.end], "link": None,
            }
    for statement in doc.statements:
        speaker = names.get(statement.speaker or "", statement.speaker or "unknown speaker")
        shown[f"statement:{statement.id}"] = {
            "kind": "statement", "title": f"{speaker} {statement.cue.text}",
            "fields": [("speaker", speaker), ("cue", statement.cue.text),
                       ("direct", "yes" if statement.direct else "no")],
            "evidence": statement.content.text, "link": None,
        }
    for event in doc.events:
        group = corpus_events.get(event.id)
        fields = [("type", event.type), ("trigger", event.trigger.text),
                  ("source", ", ".join(names.get(a, a) for a in event.source)),
                  ("target", ", ".join(names.get(a, a) for a in event.target)),
                  ("place", names.get(event.location or "", "")),
                  ("date", f"{event.date.value} ({event.date.precision}, {event.date.basis})"
                   if event.date else ""),
                  ("mode", event.mode or ""),
                  ("status", ", ".join(flag for flag, on in (
                      ("negated", event.negated), ("hypothetical", event.hypothetical),
                      ("future", event.future)) if on)),
                  ("claimed by", names.get(event.asserted_by or "", "") if event.asserted_by
                   else ""),
                  ("confidence", f"{event.confidence:.2f}"),
                  ("sources", f"{group[1]} (corpus event {group[0]})" if group else "")]
        shown[f"event:{event.id}"] = {
            "kind": "event", "title": f"{event.type}: {event.trigger.text}",
            "fields": [(k, v) for k, v in fields if v],
            "evidence": text[event.evidence.start:event.evidence.end],
            "link": None,
        }
    return shown


def _sentence(text: str, start: int, end: int, reach: int = 200) -> str:
    """The sentence around ``start:end``, at most ``reach`` characters either side."""
    dot = text.rfind(". ", max(0, start - reach), start)
    left = dot + 2 if dot != -1 else max(0, start - reach)
    right = text.find(". ", end, end + reach)
    return text[left: right + 1 if right != -1 else min(len(text), end + reach)].strip()
