"""What the event stage reads from a ``Doc``, indexed by token once per document.

    >>> index = DocIndex.build(doc)
    >>> index.entity_at(token.i)       # entity index of doc._.entity_groups, or None

Other stages' annotations are optional: where ``doc._.places``, ``doc._.roles``,
``doc._.coref`` or ``doc._.statements`` is None (that stage is not in the pipeline) the
index simply has nothing from it, and ``has_coref`` / ``has_statements`` say so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Token

from tidings import countries
from tidings.model import DateMention, Place
from tidings.nlp.annotations import RoleAnnotation, StatementAnnotation

#: Entity labels of things that can be an actor or a place in an event.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass
class DocIndex:
    doc: Doc
    text: str  # doc.text, which spaCy rebuilds from the tokens on every access
    groups: list
    token_entity: list[int]  # entity index per token, -1 when none
    token_coref: list[int]  # entity index from doc._.coref, -1 when none
    token_date: dict[int, DateMention]
    statements: list[StatementAnnotation]
    roles: dict[int, list[RoleAnnotation]]
    places: dict[int, Place]
    published: str | None  # YYYY-MM-DD
    has_coref: bool
    has_statements: bool
    _country_cache: dict[int, str | None] = field(default_factory=dict)
    #: Countries the text gave an entity in passing ("Azerbaijan's Defence Ministry"), for
    #: its later mentions ("the ministry").
    learned_country: dict[int, str] = field(default_factory=dict)
    #: Head tokens of the events found, set by the event stage once triggers are known.
    event_heads: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, doc: Doc) -> DocIndex:
        groups = list(doc._.entity_groups or ())
        token_entity = [-1] * len(doc)
        for index, group in enumerate(groups):
            for start, end in group.mentions:
                for token in _tokens(doc, start, end):
                    if token_entity[token.i] < 0:
                        token_entity[token.i] = index
        token_coref = [-1] * len(doc)
        for mention in doc._.coref or ():
            for token in _tokens(doc, mention.start, mention.end):
                if token_coref[token.i] < 0:
                    token_coref[token.i] = mention.entity
        token_date: dict[int, DateMention] = {}
        for date in doc._.dates or ():
            for token in _tokens(doc, date.start, date.end):
                token_date.setdefault(token.i, date)
        roles: dict[int, list[RoleAnnotation]] = defaultdict(list)
        for role in doc._.roles or ():
            roles[role.entity].append(role)
        published = doc._.published
        return cls(
            doc=doc,
            text=doc.text,
            groups=groups,
            token_entity=token_entity,
            token_coref=token_coref,
            token_date=token_date,
            statements=list(doc._.statements or ()),
            roles=dict(roles),
            places={p.entity: p.place for p in doc._.places or ()},
            published=str(published)[:10] if published else None,
            has_coref=doc._.coref is not None,
            has_statements=doc._.statements is not None,
        )

    @cached_property
    def token_line(self) -> list[int]:
        """Line number of each token: the parser may run a headline into the next line."""
        lines = []
        line = 0
        for token in self.doc:
            lines.append(line)
            line += token.text_with_ws.count("\n")
        return lines

    def same_line(self, i: int, j: int) -> bool:
        return self.token_line[i] == self.token_line[j]

    def entity_at(self, i: int, *, coref: bool = True) -> int | None:
        """Entity of token ``i``: a named mention first, else a coreference mention."""
        found = self.token_entity[i]
        if found < 0 and coref:
            found = self.token_coref[i]
        return found if found >= 0 else None

    def label(self, i: int) -> str:
        """Entity label of token ``i`` (Tidings' grouping first, then spaCy's)."""
        found = self.token_entity[i]
        return self.groups[found].label if found >= 0 else self.doc[i].ent_type_

    def is_place(self, entity: int) -> bool:
        return entity in self.places or self.groups[entity].label in PLACE_LABELS

    def is_country(self, entity: int) -> bool:
        """Whether the entity resolved to a country (GeoNames A.PCL*), not a city or region."""
        place = self.places.get(entity)
        return place is not None and place.feature.startswith("A.PCL")

    def entity_country(self, entity: int) -> str | None:
        """ISO3 of an entity: a country or nation itself, a city's country, a person's post,
        or a country named inside an organisation's name."""
        if entity not in self._country_cache:
            self._country_cache[entity] = self._find_country(entity, depth=0)
        return self._country_cache[entity] or self.learned_country.get(entity)

    def _find_country(self, entity: int, depth: int) -> str | None:
        group = self.groups[entity]
        if group.country:
            return group.country
        if entity in self.places and self.places[entity].country:
            return self.places[entity].country
        names = (group.name, *group.aliases)
        if group.label in PLACE_LABELS:
            for name in names:
                found = countries.city_country(name)
                if found:
                    return found[1]
        if group.label == "PERSON":
            for role in self.roles.get(entity, ()):
                if role.country:
                    return role.country
                if role.organization is not None and depth == 0:
                    found_org = self._find_country(role.organization, depth + 1)
                    if found_org:
                        return found_org
            return None
        for name in names:
            found_in = country_in_words(name.split())
            if found_in:
                return found_in
        return self._context_country(entity)

    def _context_country(self, entity: int) -> str | None:
        """A country the text attaches to an organisation where it names it:
        "Tajikistan's State Committee ...", "the Kazakh Foreign Ministry"."""
        for start, end in self.groups[entity].mentions:
            tokens = _tokens(self.doc, start, end)
            if not tokens:
                continue
            inside = range(tokens[0].i, tokens[-1].i + 1)
            head = next((t for t in tokens if t.head.i not in inside), tokens[-1])
            for child in head.children:
                if child.dep_ in ("poss", "amod", "compound") and child.i < tokens[0].i:
                    other = self.entity_at(child.i, coref=False)
                    if other is not None and other != entity and self.groups[other].country:
                        return self.groups[other].country
        return None

    @cached_property
    def dateline_place(self) -> int | None:
        """The place of a wire story's dateline ("BISHKEK, March 14 (Kabar) -", "ASTANA.
        KAZINFORM -"): a place name opening one of the first lines, followed by punctuation."""
        text = self.text
        offset = 0
        for line in text.split("\n")[:8]:
            stripped = len(line) - len(line.lstrip())
            start = offset + stripped
            offset += len(line) + 1
            span = self.doc.char_span(start, start + 1, alignment_mode="expand")
            if span is None or not line.strip():
                continue
            first = span[0]
            entity = self.entity_at(first.i, coref=False)
            if entity is None or not self.is_place(entity):
                continue
            end = first.i
            while end + 1 < len(self.doc) and self.token_entity[end + 1] == entity:
                end += 1
            follower = self.doc[end + 1] if end + 1 < len(self.doc) else None
            if follower is not None and follower.text in {",", "(", "/", "-", "–", "—", "."}:
                return entity
        return None

    def in_headline(self, i: int) -> bool:
        """Whether token ``i`` is on a headline-like line: short, without a closing stop,
        with article text after it. Such a line repeats the story's lead."""
        text = self.text
        idx = self.doc[i].idx
        start = text.rfind("\n", 0, idx) + 1
        end = text.find("\n", idx)
        if end < 0 or not text[end:].strip():
            return False
        line = text[start:end].strip()
        title = self.doc._.title
        if title:  # the headline is known: only a line repeating it is one
            return _folded(line) == _folded(title)
        return len(line.split()) <= 25 and not line.endswith(_STOPS)


_STOPS = (".", "!", "?", '"', "\u201d", "'", ":", ";", ")")


def _folded(line: str) -> str:
    return " ".join(line.lower().split()).rstrip(".")


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def country_in_words(words: list[str]) -> str | None:
    """ISO3 of the first country name or demonym among ``words`` (up to four words long)."""
    cleaned = [w.strip(".,;:()'\"") for w in words]
    cleaned = [w[:-2] if w.endswith(("'s", "’s")) else w for w in cleaned]
    for size in (4, 3, 2, 1):
        for i in range(len(cleaned) - size + 1):
            piece = " ".join(cleaned[i : i + size])
            if not piece or not piece[0].isupper():
                continue
            found = countries.country_by_name(piece) or countries.country_by_demonym(piece)
            if found is not None:
                return found.iso3
    return None
