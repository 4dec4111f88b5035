"""A target the parse did not give, inferred from the event's clause.

    >>> clause_target(trigger, index, source, target)   # an ActorAnnotation or None

PLOVER codes the country acted on even where the sentence names it only as a place or in
a clause further in: "Serbia lifted a night curfew in Montenegro" (MNE), "willing to send
material to help defend Saudi Arabia" (SAU), "aid to refugees fleeing the war in Liberia"
(LBR). For an event whose parse found no target with a country, the first country-bearing
name after the trigger in its clause is taken; never for types that need no one acted on
(a meeting, a protest, a show of force), never for a symmetric event of several parties,
and, for speech acts, never from an "in X" phrase (where, not whom).
"""

from __future__ import annotations

from spacy.tokens import Token

from tidings.nlp.annotations import ActorAnnotation
from tidings.nlp.events.actors import entity_actor
from tidings.nlp.events.docindex import DocIndex
from tidings.nlp.events.triggers import Trigger

__all__ = ["clause_target"]


def clause_target(
    trig: Trigger, index: DocIndex, source: list[ActorAnnotation],
    target: list[ActorAnnotation],
) -> ActorAnnotation | None:
    """A target inferred from the clause for an event whose parse gave none with a
    country (PLOVER codes the country acted on): see ``_clause_country_actor``."""
    if trig.entry.type in SELF_CONTAINED_TYPES or len(source) > 1:
        return None
    if any(a.country for a in target) or any(a.entity is not None for a in target):
        return None
    head = index.doc[trig.support if trig.support is not None else trig.head]
    subjects_ = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
    taken = {a.entity for a in (*source, *target) if a.entity is not None}
    return _clause_country_actor(trig, index, subjects_, taken)


#: Types whose event needs no one acted on: a meeting's place, a protest's town or a
#: resignation's government is not its target.
SELF_CONTAINED_TYPES = frozenset({"CONSULT", "PROTEST", "MOBILIZE"})
#: Clause links inside which a country still belongs to the event: "promised to continue
#: military aid to war-torn Mozambique", "aid to refugees fleeing the war in Liberia".
_TARGET_WALK = frozenset({"dobj", "obj", "dative", "prep", "pobj", "xcomp", "acl", "relcl",
                          "poss", "compound", "amod", "appos", "conj", "nmod", "pcomp", "oprd",
                          "attr", "advcl", "ccomp", "nsubj", "nsubjpass", "npadvmod"})


#: Cooperative speech acts, whose "in X" names where they were done, never whom.
VERBAL_TYPES = frozenset({"AGREE", "SUPPORT", "CONSULT", "REQUEST", "ACCUSE", "REJECT"})


def _in_place_phrase(token: Token) -> bool:
    node = token
    while node.dep_ in ("compound", "amod", "appos", "conj"):
        node = node.head
    return node.dep_ == "pobj" and node.head.lemma_.lower() in ("in", "at", "near")


def _clause_country_actor(
    trig: Trigger, index: DocIndex, src_tokens: list[Token], taken: set[int]
) -> ActorAnnotation | None:
    """The first country-bearing name after the trigger in its clause, for an event whose
    parse gave no target with a country: "Serbia lifted a night curfew in Montenegro",
    "willing to send material to help defend Saudi Arabia"."""
    doc = index.doc
    head = doc[trig.support if trig.support is not None else trig.head]
    source_tokens = {t.i for s in src_tokens for t in s.subtree}
    stack = [c for c in head.children if c.dep_ in _TARGET_WALK and c.i not in source_tokens]
    found: list[Token] = []
    while stack:
        token = stack.pop()
        if token.i in source_tokens or not index.same_line(token.i, head.i):
            continue
        found.append(token)
        stack.extend(c for c in token.children if c.dep_ in _TARGET_WALK)
    for token in sorted(found, key=lambda t: (t.i < trig.head, t.i)):
        if trig.entry.type in VERBAL_TYPES and _in_place_phrase(token):
            continue  # "agreed to hold talks in Bishkek": where, not whom
        entity = index.entity_at(token.i, coref=False)
        if entity is None or entity in taken or index.label(token.i) not in (
                "GPE", "NORP", "ORG", "PERSON", "LOC"):
            continue
        country = index.entity_country(entity)
        if country:
            return entity_actor(entity, "target", token.text, None, None, index)
    return None
