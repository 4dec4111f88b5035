"""Where and when an event happened, from what is attached to its trigger.

    >>> event_location(trigger, index)          # entity index or None
    >>> event_date(trigger, index, status)      # ("2019-03-03", "day", "explicit") or None

Location is a place named in a prepositional phrase on the trigger or on the verb that
carries it ("held talks in Astana", "the summit in Astana", "shelling on the border in
Tovuz district"), never one attached to another word: in "since the previous summit in
Astana", Astana belongs to the summit, not to the sentence's main event. A city inside
the phrase beats the country that modifies it ("an attack on the U.S. consulate in
Karachi"); "to X" is where troops, a visit or aid went; a town naming the event is its
place ("a Kabul car bombing"). A visit without such a phrase takes the place visited; a
meeting without one takes the story's dateline.

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
from tidings.nlp.nested import Nested, run_nested

__all__ = ["event_date", "event_location"]

PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "on", "across", "along",
                         "around", "off"})
DATE_PREPS = frozenset({"on", "in", "of", "at", "during", "from", "since"})
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
    head = doc[trig.head]
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in (
            MEASURE_NOUNS):
        found.append(head.head.head)  # "a series of airstrikes in Barmal District"
    return found


#: Nouns that count or group events: the place of "a wave of arrests in X" is the arrests'.
MEASURE_NOUNS = frozenset({"series", "wave", "round", "spate", "string", "barrage", "volley",
                           "campaign", "number", "dozen", "day", "week", "night", "month",
                           "surge", "flurry", "rash", "spree", "cycle"})


def event_location(
    trig: Trigger, index: DocIndex, target_entities: list[int], *, current: bool
) -> int | None:
    """Entity index of the place where the event happened, or None."""
    destination = _takes_destination(trig)
    country = None  # kept while a phrase may still name a place inside it
    for anchor in _anchors(trig, index):
        for child in anchor.children:
            prep = child.lemma_.lower()
            if child.dep_ != "prep" or (prep not in PLACE_PREPS and not (
                    destination and prep == "to")):
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                # "sanctions on Russia", "fired on Armenia": a target, not a place; but
                # "on the border in Aksy district" names one further in.
                place = _place_in(pobj, index, 0, direct_ok=prep not in ("on", "off"))
                if place is None or (prep == "to" and destination != "any"
                                     and index.is_country(place)):
                    continue
                if not index.is_country(place):
                    return place
                country = place if country is None else country
    if country is not None:
        return country
    head = index.doc[trig.head]
    if head.pos_ in ("NOUN", "PROPN"):
        for child in head.children:  # "a Kabul car bombing", "the Palmyra attack"
            entity = index.entity_at(child.i, coref=False) if child.dep_ == "compound" else None
            if entity is not None and entity in index.places and not index.is_country(entity):
                return entity
    host = _hosting_place(trig, index)
    if host is not None:
        return host
    nested = _nested_place(trig, index, target_entities)
    if nested is None and current:
        nested = _sentence_place(trig, index, target_entities)
    if nested is not None:
        return nested
    if trig.entry.type in PLACE_TARGET_TYPES:
        for entity in target_entities:
            if index.is_place(entity) and index.groups[entity].label in ("GPE", "LOC", "FAC"):
                return entity  # "Lviv was hit by missiles": the place attacked
    if trig.entry.type == "CONSULT" and trig.entry.mode == "visit":
        for entity in target_entities:
            if index.is_place(entity) or index.groups[entity].country:
                if index.groups[entity].label in ("GPE", "LOC", "FAC"):
                    return entity
    if trig.entry.type == "CONSULT" and current:
        return index.dateline_place
    return None


def _takes_destination(trig: Trigger) -> str | None:
    """Whether "to X" names where the event happens: troops sent or a visit paid to a
    place ("any"), aid delivered to a town ("city"; aid "to Ukraine" is its recipient)."""
    if trig.entry.type == "MOBILIZE" or (trig.entry.type == "CONSULT"
                                          and trig.entry.mode == "visit"):
        return "any"
    return "city" if trig.entry.type == "AID" else None


#: Types whose target, when it is a place, is also where the event happened.
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"})
#: Links a place phrase may hang from below the trigger: prepositional phrases, and for an
#: attack's casualty verb the clause that tells the attack ("killed when a bomb exploded
#: outside ... in Wana").
_DESCEND = frozenset({"prep", "pobj", "pcomp", "npadvmod", "appos", "compound", "amod", "conj"})


def _hosting_place(trig: Trigger, index: DocIndex) -> int | None:
    """The city that "hosted" a meeting is where it took place."""
    verb = index.doc[trig.head]
    if trig.entry.type != "CONSULT" or verb.lemma_.lower() not in ("host", "welcome"):
        return None
    for subject in verb.children:
        if subject.dep_ == "nsubj":
            entity = index.entity_at(subject.i, coref=False)
            if entity is not None and entity in index.places and not index.is_country(entity):
                return entity
    return None


def _nested_place(trig: Trigger, index: DocIndex, target_entities: list[int]) -> int | None:
    """A place in a prepositional phrase nested under the trigger or its verb ("killed in
    an ambush on a highway in La Piedad"), never inside an actor or another clause."""
    anchors = _anchors(trig, index)
    frontier = [c for a in anchors for c in a.children if c.dep_ == "prep"]
    for anchor in anchors:  # "opens a consulate in Nuuk", "attack the venue in Mumbai"
        for obj in anchor.children:
            entity = index.entity_at(obj.i, coref=False) if obj.dep_ == "dobj" else None
            if obj.dep_ == "dobj" and (entity is None or index.is_place(entity)):
                frontier += [c for c in obj.children if c.dep_ == "prep"
                             and c.lemma_.lower() in SENTENCE_PLACE_PREPS]
    if trig.entry.type == "ASSAULT":
        frontier += [c for a in anchors for c in a.children
                     if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in
                                                  ("when", "as", "after") for m in c.children)]
    seen = 0
    while frontier and seen < 40:
        node = frontier.pop(0)
        seen += 1
        if node.dep_ == "pobj" and node.head.lemma_.lower() in PLACE_PREPS | {"of"}:
            place = _place_in(node, index, 0, direct_ok=node.head.lemma_.lower() != "of")
            if place is not None and place not in target_entities:
                return place
        for child in node.children:
            if child.dep_ in _DESCEND or (node.dep_ == "advcl" and child.dep_ == "prep"):
                frontier.append(child)
    return None


SENTENCE_PLACE_PREPS = frozenset({"in", "at", "near", "outside"})


def _sentence_place(trig: Trigger, index: DocIndex, target_entities: list[int]) -> int | None:
    """The place that an "in X" phrase anywhere in the trigger's sentence names, when the
    sentence reports no other event: short reports put the place of their one event at
    the end ("aid workers are killed in an attack on a convoy delivering food to families
    in the Darfur region")."""
    head = index.doc[trig.head]
    sent = head.sent
    if sum(1 for t in sent if t.i in index.event_heads) > 1:
        return None
    for token in sent:
        if token.dep_ != "pobj" or token.head.lemma_.lower() not in SENTENCE_PLACE_PREPS:
            continue
        holder = token.head.head
        if index.entity_at(holder.i, coref=False) is not None and not index.is_place(
                index.entity_at(holder.i, coref=False)):
            continue  # "the Mayor of London", "ambassador in Kyiv": part of a name or post
        place = _place_in(token, index, 0)
        if place is not None and place not in target_entities:
            return place
    return None


def _place_in(token: Token, index: DocIndex, depth: int, direct_ok: bool = True) -> int | None:
    """A place the phrase headed by ``token`` names: "Astana", "the city of Osh", "the
    Tovuz district", "the border in Aksy district"."""
    entity = index.entity_at(token.i, coref=False)
    if entity is not None and index.is_place(entity):
        return entity if direct_ok else None
    country = None  # "the U.S. consulate in Karachi", "the US state of Alabama": the inner place
    for child in token.children:
        if child.dep_ in ("compound", "amod", "appos", "nmod", "poss"):
            entity = index.entity_at(child.i, coref=False)
            if entity is not None and index.is_place(entity) and index.label(child.i) != "NORP":
                if not index.is_country(entity):
                    return entity
                country = entity if country is None else country
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
    return country


def event_date(
    trig: Trigger, index: DocIndex, *, dated_now: bool
) -> tuple[str, str, str] | None:
    """(ISO value, precision, basis) of the event, or None."""
    for anchor in _date_anchors(trig, index):
        mention = _attached_date(anchor, index)
        if mention is not None:
            basis = "explicit" if _YEAR.search(mention.text) else "relative"
            return mention.value, mention.precision, basis
    if dated_now and index.published:
        return index.published, "day", "publication"
    return None


#: Clause links through which an event shares the date of the clause it hangs from:
#: "violence broke out on Saturday when thousands rallied".
SHARED_TIME_LINKS = frozenset({"advcl", "conj", "xcomp"})
#: Verbs that say an event noun took place: "the attack happened on Friday".
HAPPEN_VERBS = frozenset({"happen", "occur", "break", "erupt", "take", "begin", "start",
                          "end", "kill", "injure", "wound", "leave", "destroy", "damage",
                          "hit", "target", "come", "continue"})


def _date_anchors(trig: Trigger, index: DocIndex) -> list[Token]:
    """The tokens whose date phrases date the event: the trigger's own anchors, the verb a
    trigger noun is the subject of, then the clause a dependent clause hangs from."""
    found = _anchors(trig, index)
    head = index.doc[trig.head]
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("nsubj", "nsubjpass") and (
            head.head.lemma_.lower() in HAPPEN_VERBS):
        found.append(head.head)
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj" and head.head.lemma_.lower() in (
            "at", "during") and head.head.head.pos_ == "VERB":
        found.append(head.head.head)  # "clashed with police at a march on Saturday"
    clause = found[-1] if found[-1].pos_ in ("VERB", "AUX") else None
    if clause is not None and clause.dep_ in SHARED_TIME_LINKS and clause.head.i != clause.i:
        found.append(clause.head)
        outer = clause.head  # "will pay a visit to Munich to take part ... and hold talks"
        if outer.dep_ in SHARED_TIME_LINKS and outer.head.i != outer.i:
            found.append(outer.head)
    elif clause is not None and clause.dep_ == "acl":
        found.append(clause.head)  # "Friday's resolution backing the plan"
        if clause.head.dep_ in ("dobj", "nsubjpass"):
            found.append(clause.head.head)  # "passed on Friday a resolution backing the plan"
    return found


def _attached_date(anchor: Token, index: DocIndex):
    """The date mention the phrase headed by ``anchor`` carries, or None."""
    return run_nested(_attached_date_steps, anchor, index)


def _attached_date_steps(anchor: Token, index: DocIndex) -> Nested:
    """``_attached_date`` for one head; a participle after it recurses (``yield``): "the
    blockade imposed since April 13", in a chain as long as the parse makes it."""
    for child in anchor.children:
        if child.i in index.token_date and child.dep_ in DATE_DEPS:
            return index.token_date[child.i]
        if (child.dep_ == "acl" and child.tag_ == "VBN" and anchor.pos_ in ("NOUN", "PROPN")
                and child.i not in index.event_heads):
            found = yield (child, index)  # "the blockade imposed since April 13"
            if found is not None:
                return found
        if child.dep_ == "prep" and child.lemma_.lower() in DATE_PREPS:
            for pobj in child.children:
                if pobj.i in index.event_heads and pobj.i != anchor.i:
                    continue  # "the end of the blockade imposed in April": its own date
                if pobj.dep_ == "pobj":
                    for t in pobj.subtree:
                        if t.i in index.token_date:
                            return index.token_date[t.i]
                        if t.i - pobj.i > 4:
                            break
        if child.dep_ == "acl" and child.lemma_.lower() == "date":  # "an order dated May 5"
            for t in child.subtree:
                if t.i in index.token_date:
                    return index.token_date[t.i]
        if child.dep_ in ("npadvmod", "nmod", "compound") or child.ent_type_ == "DATE":
            for t in child.subtree:
                if t.i in index.token_date:
                    return index.token_date[t.i]
    return None
