"""The last NLP step: an annotated spaCy ``Doc`` becomes a typed ``Document``.

Nothing downstream of this module touches spaCy. Components refer to entities by their
index in ``doc._.entity_groups``; here each index becomes an entity id.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from tidings.model import (
    DateMention,
    Document,
    Entity,
    Event,
    EventActor,
    EventDate,
    Evidence,
    Place,
    Role,
    Statement,
    TextSpan,
)

if TYPE_CHECKING:
    from tidings.extraction import Prepared


def entity_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-e{index + 1}"


def statement_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-s{index + 1}"


def doc_to_document(doc: Doc, item: Prepared) -> Document:
    text = doc.text
    groups = doc._.entity_groups or ()
    places: dict[int, Place] = {a.entity: a.place for a in doc._.places or ()}
    roles: dict[int, list[Role]] = defaultdict(list)
    for r in doc._.roles or ():
        organization = entity_id(item.id, r.organization) if r.organization is not None else None
        roles[r.entity].append(
            Role(r.title, r.rank, organization, r.country, Evidence(r.start, r.end))
        )
    extra_mentions: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for c in doc._.coref or ():
        extra_mentions[c.entity].append((c.start, c.end))

    entities = []
    for index, group in enumerate(groups):
        spans = sorted({*group.mentions, *extra_mentions.get(index, ())})
        entities.append(
            Entity(
                id=entity_id(item.id, index),
                type=group.label,
                name=group.name,
                aliases=group.aliases,
                mentions=tuple(TextSpan(s, e, text[s:e]) for s, e in spans),
                roles=tuple(roles.get(index, ())),
                place=places.get(index),
            )
        )
    statements = tuple(
        Statement(
            id=statement_id(item.id, n),
            speaker=entity_id(item.id, s.speaker) if s.speaker is not None else None,
            cue=TextSpan(s.cue[0], s.cue[1], text[s.cue[0] : s.cue[1]]),
            content=TextSpan(s.content[0], s.content[1], text[s.content[0] : s.content[1]]),
            direct=s.direct,
        )
        for n, s in enumerate(doc._.statements or ())
    )
    events = tuple(
        Event(
            id=f"{item.id}-v{n + 1}",
            type=ev.type,
            mode=ev.mode,
            context=ev.context,
            trigger=TextSpan(ev.trigger[0], ev.trigger[1], text[ev.trigger[0] : ev.trigger[1]]),
            source=tuple(entity_id(item.id, i) for i in ev.source),
            target=tuple(entity_id(item.id, i) for i in ev.target),
            location=entity_id(item.id, ev.location) if ev.location is not None else None,
            date=EventDate(*ev.date) if ev.date else None,
            asserted_by=(
                statement_id(item.id, ev.asserted_by) if ev.asserted_by is not None else None
            ),
            negated=ev.negated,
            hypothetical=ev.hypothetical,
            confidence=ev.confidence,
            evidence=Evidence(ev.evidence[0], ev.evidence[1]),
            future=ev.future,
            main=ev.main,
            actors=tuple(
                EventActor(
                    entity=entity_id(item.id, a.entity) if a.entity is not None else None,
                    role=a.role, text=a.text, country=a.country, sector=a.sector,
                )
                for a in ev.actors
            ),
        )
        for n, ev in enumerate(doc._.events or ())
    )
    dates: tuple[DateMention, ...] = tuple(doc._.dates or ())
    return Document(
        id=item.id,
        url=item.raw.url,
        outlet=item.outlet,
        title=item.title,
        published=item.published,
        language=item.language,
        text=text,
        entities=tuple(entities),
        dates=dates,
        statements=statements,
        events=events,
        offset_map=item.cleaned.offset_map,
        source=item.raw.source,
        published_precision=item.published_precision,
    )
