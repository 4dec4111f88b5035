"""Where and when an event happened, from what is attached to its trigger.

    >>> event_location(trigger, index)          # entity index or None
    >>> event_date(trigger, index, status)      # ("2019-03-03", "day", "explicit") or None

Location is a place named in a prepositional phrase on the trigger or on the verb that
carries it ("held talks in Astana", "the summit in Astana", "shelling on the border in
Tovuz district"), never one attached to another word: in "since the previous summit in
Astana", Astana belongs to the summit, not to the sentence's main event. A visit without
such a phrase takes the place visited; a meeting without one takes the story's dateline.

Date is a date expression attached the same way ("on Monday", "the agreement of March 3,
2019"): basis "explicit" when it carries its year, "relative" when it was resolved against
the publication date ("yesterday", "on Monday"). An event reported as happening, with no
date of its own, takes the publication date with basis "publication"; a future,
hypothetical, negated or earlier event ("the previous summit") does not.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from tidings.nlp.events.docindex import DocIndex
from tidings.nlp.events.triggers import Trigger

__all__ = ["event_date", "event_location"]

PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "on", "across", "along",
                         "around", "off"})
DATE_PREPS = frozenset({"on", "in", "of", "at", "during", "from"})
DATE_DEPS = frozenset({"npadvmod", "nmod", "compound", "poss", "tmod", "obl"})
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _anchors(trig: Trigger, index: DocIndex) -> list[Token]:
    """The trigger's head, and the verb carrying it (or the noun merged into it)."""
    doc = index.doc
    found = [doc[trig.head]]
    if trig.support is not None:
        found.append(doc[trig.support])
    if trig.noun is not None:
        found.append(doc[trig.noun])
    return found


def event_location(
    trig: Trigger, index: DocIndex, target_entities: list[int], *, current: bool
) -> int | None:
    """Entity index of the place where the event happened, or None."""
    for anchor in _anchors(trig, index):
        for child in anchor.children:
            prep = child.lemma_.lower()
            if child.dep_ != "prep" or prep not in PLACE_PREPS:
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                # "sanctions on Russia", "fired on Armenia": a target, not a place; but
                # "on the border in Aksy district" names one further in.
                place = _place_in(pobj, index, 0, direct_ok=prep not in ("on", "off"))
                if place is not None:
                    return place
    if trig.entry.type == "CONSULT" and trig.entry.mode == "visit":
        for entity in target_entities:
            if index.is_place(entity) or index.groups[entity].country:
                if index.groups[entity].label in ("GPE", "LOC", "FAC"):
                    return entity
    if trig.entry.type == "CONSULT" and current:
        return index.dateline_place
    return None


def _place_in(token: Token, index: DocIndex, depth: int, direct_ok: bool = True) -> int | None:
    """A place the phrase headed by ``token`` names: "Astana", "the city of Osh", "the
    Tovuz district", "the border in Aksy district"."""
    entity = index.entity_at(token.i, coref=False)
    if entity is not None and index.is_place(entity):
        return entity if direct_ok else None
    for child in token.children:
        if child.dep_ in ("compound", "amod", "appos", "nmod", "poss"):
            entity = index.entity_at(child.i, coref=False)
            if entity is not None and index.is_place(entity) and index.label(child.i) != "NORP":
                return entity
    if depth < 2:
        for child in token.children:
            if child.dep_ == "prep" and child.lemma_.lower() in ("of", "in", "near", "at"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = _place_in(pobj, index, depth + 1)
                        if found is not None:
                            return found
            if child.dep_ == "appos":
                found = _place_in(child, index, depth + 1)
                if found is not None:
                    return found
    return None


def event_date(
    trig: Trigger, index: DocIndex, *, dated_now: bool
) -> tuple[str, str, str] | None:
    """(ISO value, precision, basis) of the event, or None."""
    for anchor in _anchors(trig, index):
        mention = _attached_date(anchor, index)
        if mention is not None:
            basis = "explicit" if _YEAR.search(mention.text) else "relative"
            return mention.value, mention.precision, basis
    if dated_now and index.published:
        return index.published, "day", "publication"
    return None


def _attached_date(anchor: Token, index: DocIndex):
    for child in anchor.children:
        if child.i in index.token_date and child.dep_ in DATE_DEPS:
            return index.token_date[child.i]
        if child.dep_ == "prep" and child.lemma_.lower() in DATE_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    for t in pobj.subtree:
                        if t.i in index.token_date:
                            return index.token_date[t.i]
                        if t.i - pobj.i > 4:
                            break
        if child.dep_ in ("npadvmod", "nmod", "compound") or child.ent_type_ == "DATE":
            for t in child.subtree:
                if t.i in index.token_date:
                    return index.token_date[t.i]
    return None
