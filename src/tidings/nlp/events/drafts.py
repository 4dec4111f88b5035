"""Event drafts between finding triggers and finishing events: which mentions repeat an
event already told, and whose parties a readout's "they" means.

    >>> earlier = repeated(draft, drafts, index)   # "the meeting", "they discussed ..."
    >>> borrow_parties(drafts, index)              # "The leaders agreed ..."

- ``repeated``: "the meeting", "the talks" (no date or place of their own) mention an
  earlier event again; so do the topics "discussed" at a meeting already reported; new
  talks between other parties are a new event.
- ``borrow_parties``: "they", "the parties", "the leaders" of a readout are the named
  parties of the talks it has just reported.
- ``trip_at_home``: a visit to places in the visitor's own country meets no other party.
- ``ASKING_TYPES``: types whose embedded act is only asked for or threatened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from tidings.nlp.annotations import ActorAnnotation
from tidings.nlp.events.docindex import DocIndex
from tidings.nlp.events.triggers import TIME_MODIFIERS, Trigger
from tidings.nlp.events.truth import TruthStatus

__all__ = ["ASKING_TYPES", "Draft", "absorb", "borrow_parties", "repeated", "trip_at_home"]


@dataclass(slots=True)
class Draft:
    """An event being built: its trigger, truth status, actors and mode."""

    trig: Trigger
    status: TruthStatus
    source: list[ActorAnnotation]
    target: list[ActorAnnotation]
    mode: str | None


#: Words by which a readout names the parties of the talks it has just reported: "They
#: agreed to ...", "The sides discussed ...", "The leaders noted ...".
PARTY_WORDS = frozenset({"they", "party", "side", "leader", "president", "minister", "both",
                         "participant", "interlocutor", "head"})


def borrow_parties(drafts: list[Draft], index: DocIndex) -> None:
    """An event whose acting side is "they" or "the parties" takes the named parties of
    the last talks reported before it."""
    parties: list[ActorAnnotation] = []
    for draft in drafts:
        named = list({a.entity: a for a in (*draft.source, *draft.target)
                      if a.entity is not None}.values())
        if len(parties) >= 2 and _names_the_parties(draft, index):
            draft.source = [replace(a, role="source") for a in parties]
            draft.target = [a for a in draft.target
                            if a.entity not in {p.entity for p in parties}]
        elif draft.trig.entry.type == "CONSULT" and len(named) >= 2:
            parties = named


def trip_at_home(draft: Draft, index: DocIndex) -> bool:
    """A visit whose only destinations are places in the visitor's own country ("began a
    working trip to the Kharkiv and Kherson regions") meets no other party: no CONSULT."""
    if draft.trig.entry.type != "CONSULT" or draft.mode != "visit" or not draft.target:
        return False
    home = {a.country for a in draft.source if a.country}
    if len(home) != 1:
        return False
    for actor in draft.target:
        if actor.entity is None or not index.is_place(actor.entity):
            return False
        if index.groups[actor.entity].label not in ("GPE", "LOC", "FAC"):
            return False
        if index.entity_country(actor.entity) not in home:
            return False
    return True


def _names_the_parties(draft: Draft, index: DocIndex) -> bool:
    if any(a.entity is not None for a in draft.source):
        return False
    verb = index.doc[draft.trig.support if draft.trig.support is not None else draft.trig.head]
    found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(found) and found[0].lemma_.lower() in PARTY_WORDS and (
        found[0].pos_ == "PRON" or found[0].tag_ == "NNS" or found[0].lower_ == "both")


#: Types whose embedded event is only asked for or threatened.
ASKING_TYPES = frozenset({"REQUEST", "THREATEN"})
#: Words that tell what was said at a meeting the text has already reported: "the parties
#: discussed trade", "the sides exchanged views".
TOPIC_VERBS = frozenset({"discuss", "discussion", "exchange", "review", "consider"})


def repeated(draft: Draft, drafts: list[Draft], index: DocIndex) -> Draft | None:
    """An earlier event that "the meeting", "the talks" (no date or place of its own)
    mentions again, or whose topics "they discussed" tells."""
    doc = index.doc
    head = doc[draft.trig.head]
    status = draft.status
    if draft.trig.entry.type == "CONSULT" and head.lemma_.lower() in TOPIC_VERBS:
        earlier = [d for d in drafts if d.trig.entry.type == "CONSULT"
                   and not (d.status.past_reference or d.status.negated)]
        if earlier:
            return earlier[-1]
    if head.pos_ not in ("NOUN", "PROPN") or draft.trig.noun is not None:
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
        return None
    if status.past_reference or _attached_setting(head, index):
        return None
    if draft.trig.support is not None and _attached_setting(doc[draft.trig.support], index):
        return None  # "the next meeting will be held in Dushanbe in 2025"
    if any(c.lemma_.lower() in NEW_EVENT_MODIFIERS for c in head.children):
        return None
    own = {a.entity for a in draft.source if a.entity is not None}
    told = {a.entity for d in drafts for a in (*d.source, *d.target) if a.entity is not None}
    if own - told:
        return None  # "the negotiations between Russia and Ukraine": other parties, new talks
    lemma = head.lemma_.lower()
    same_word = [
        e for e in drafts
        if e.trig.entry.type == draft.trig.entry.type and lemma in _lemmas(e.trig, index)
        and not e.status.past_reference
    ]
    if same_word:
        return same_word[-1]  # "a state visit ... During the visit": one visit
    if status.future or status.negated or status.hypothetical:
        return None
    same_type = [
        earlier for earlier in drafts
        if earlier.trig.entry.type == draft.trig.entry.type
        and not (earlier.status.future or earlier.status.past_reference
                 or earlier.status.negated or earlier.status.hypothetical)
    ]
    return same_type[-1] if same_type else None


def _lemmas(trig: Trigger, index: DocIndex) -> set[str]:
    doc = index.doc
    return {doc[i].lemma_.lower() for i in range(trig.start, trig.end)}


def _attached_setting(head: Token, index: DocIndex) -> bool:
    """A date or a place attached to an event noun makes it a particular, new mention."""
    for child in head.children:
        if child.i in index.token_date:
            return True
        if child.dep_ == "prep" and child.lemma_.lower() in ("in", "at", "on", "of"):
            for t in child.subtree:
                entity = index.entity_at(t.i, coref=False)
                if t.i in index.token_date or (entity is not None and index.is_place(entity)):
                    return True
    return False


def absorb(earlier: Draft, repeat: Draft) -> None:
    """A repeated mention adds the actors it names ("The meeting was chaired by X")."""
    known = {a.entity for a in (*earlier.source, *earlier.target) if a.entity is not None}
    for actor in repeat.source:
        if actor.entity is not None and actor.entity not in known:
            earlier.source.append(actor)
            known.add(actor.entity)
    if earlier.mode is None and repeat.mode is not None:
        if repeat.trig.entry.words[0] == earlier.trig.entry.words[0]:
            earlier.mode = repeat.mode


#: Modifiers that make an event noun a different event from one already told.
NEW_EVENT_MODIFIERS = TIME_MODIFIERS | {"another", "other", "new", "further", "separate"}
