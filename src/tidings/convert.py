"""The last NLP step: an annotated spaCy ``Doc`` becomes a typed ``Document``.

Nothing downstream of this module touches spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from tidings.model import DateMention, Document, Entity, TextSpan

if TYPE_CHECKING:
    from tidings.extraction import Prepared


def doc_to_document(doc: Doc, item: Prepared) -> Document:
    text = doc.text
    entities = tuple(
        Entity(
            id=f"{item.id}-e{n}",
            type=group.label,
            name=group.name,
            aliases=group.aliases,
            mentions=tuple(TextSpan(s, e, text[s:e]) for s, e in group.mentions),
        )
        for n, group in enumerate(doc._.entity_groups or (), start=1)
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
        entities=entities,
        dates=dates,
        offset_map=item.cleaned.offset_map,
        source=item.raw.source,
    )
