"""Resolve every place entity (GPE, LOC, FAC) of an article to a real place.

Writes ``doc._.places``: one ``PlaceAnnotation(entity, place)`` per place entity the
gazetteer knows, where ``entity`` indexes ``doc._.entity_groups`` and ``place.why`` says
which rule or score chose it. The choice uses the whole article (``tidings.places``):
countries it mentions, "X, Y" and "X in Y", the other places it names.

Also links a description of a capital ("the Kazakh capital", "the capital of
Uzbekistan") to the capital's entity when the article names the capital too: the
description is appended to ``doc._.coref`` as a mention of that entity, so it shows as
one of the entity's mentions.

    >>> nlp.add_pipe("tidings_places")  # after tidings_entity_groups and tidings_coref
    >>> [(doc._.entity_groups[p.entity].name, p.place.gazetteer_id) for p in doc._.places]
    [('Astana', 'geonames:1526273')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from tidings import countries
from tidings.nlp import extensions  # noqa: F401
from tidings.nlp.annotations import CorefMention, PlaceAnnotation
from tidings.nlp.budget import stage
from tidings.places import Toponym, capital_descriptions, get_gazetteer, resolve

if TYPE_CHECKING:  # stages do not import each other; the record type is for hints only
    from tidings.nlp.entity_groups import EntityGroup

#: Entity labels that name places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Context weight of one demonym mention ("Kazakh"), and the most one nationality adds.
DEMONYM_WEIGHT, DEMONYM_CAP = 0.5, 2.0


@dataclass(frozen=True, slots=True)
class PlacesFound:
    places: list[PlaceAnnotation]
    descriptions: list[CorefMention]


@Language.factory(
    "tidings_places",
    assigns=["doc._.places", "doc._.coref"],
    requires=["doc._.entity_groups"],
)
def make_places(nlp: Language, name: str) -> PlaceResolver:
    return PlaceResolver()


class PlaceResolver:
    """The spaCy component. The gazetteer loads on the first document, once per process."""

    def __call__(self, doc: Doc) -> Doc:
        get_gazetteer()  # loads once per process, outside any one article's time budget
        with stage("places"):
            found = self.find(doc)
        self.set_annotations(doc, found)
        return doc

    def find(self, doc: Doc) -> PlacesFound:
        groups: Sequence[EntityGroup] = doc._.entity_groups or ()
        indices = [i for i, g in enumerate(groups) if g.label in PLACE_LABELS]
        if not indices:
            return PlacesFound([], [])
        toponyms = [
            Toponym(g.name, g.aliases, g.mentions, g.label, g.country)
            for g in (groups[i] for i in indices)
        ]
        text = doc.text  # rebuilt from the tokens on every access: read it once
        resolved = resolve(text, toponyms, context=_demonym_context(groups))
        places = [
            PlaceAnnotation(entity=i, place=place)
            for i, place in zip(indices, resolved, strict=True)
            if place is not None
        ]
        return PlacesFound(places, _capital_links(text, groups, places))

    def set_annotations(self, doc: Doc, found: PlacesFound) -> None:
        doc._.places = found.places
        if found.descriptions:
            # Append: the coreference component owns this list and may have run already.
            links = list(doc._.coref or ())
            known = {(c.start, c.end) for c in links}
            links += [d for d in found.descriptions if (d.start, d.end) not in known]
            doc._.coref = links


def _demonym_context(groups: Sequence[EntityGroup]) -> dict[str, float]:
    """Countries the article's nationality words point to ("Kazakh" -> KAZ)."""
    weights: Counter[str] = Counter()
    for group in groups:
        if group.label == "NORP" and group.country:
            weights[group.country] += DEMONYM_WEIGHT * len(group.mentions)
    return {iso3: min(w, DEMONYM_CAP) for iso3, w in weights.items()}


def _capital_links(
    text: str, groups: Sequence[EntityGroup], places: list[PlaceAnnotation]
) -> list[CorefMention]:
    """"the Kazakh capital" -> a mention of the entity resolved to Kazakhstan's capital."""
    descriptions = capital_descriptions(text)
    if not descriptions:
        return []
    gaz = get_gazetteer()
    taken = [m for g in groups for m in g.mentions if g.label in PLACE_LABELS]
    links: list[CorefMention] = []
    for start, end, iso3 in descriptions:
        if any(s < end and start < e for s, e in taken):
            continue  # the words are already (part of) a place entity
        row = countries.country_by_iso3(iso3)
        if row is None:
            continue
        capital_ids = {
            c.gazetteer_id for c in gaz.lookup(row.capital)
            if c.kind == "city" and c.country == iso3
        }  # fmt: skip
        entity = next(
            (p.entity for p in places if p.place.gazetteer_id in capital_ids), None
        )
        if entity is not None:
            links.append(CorefMention(entity=entity, start=start, end=end))
    return links
