"""Events: who did what to whom, where and when, coded in PLOVER.

The ``tidings_events`` component writes ``doc._.events``: a list of
:class:`~tidings.nlp.annotations.EventAnnotation`, one per event the text reports, in text
order. It runs last and reads what earlier stages wrote: ``doc._.entity_groups`` (needed),
``doc._.dates``, and where present ``doc._.places``, ``doc._.roles``, ``doc._.coref`` and
``doc._.statements``.

    >>> nlp.add_pipe("tidings_events")         # after the entity, date and statement stages
    >>> [(e.type, e.mode) for e in nlp(text)._.events]
    [('CONSULT', 'multilateral'), ('AGREE', None)]

Steps, each in its own module: ``triggers`` (lexicon words whose conditions hold and that
name a particular event), ``merge`` (one event for several words telling one happening),
``actors`` (source and target with PLOVER attributes), ``truth`` (negated, hypothetical,
future, asserted_by), ``drafts`` (repeated mentions, the parties of a readout, trips at
home), ``setting`` (location and date), then the confidence below, and ``main`` (the one
event the article is about). The word lists are TSV files under
``tidings/data`` (``plover_triggers.tsv``, ``plover_sectors.tsv``, ``plover_contexts.tsv``,
``cameo_roots.tsv``), loaded by ``lexicon``.

Confidence is a logistic function of the evidence for the event: how reliably the
trigger word signals its type (the lexicon's strength), whether the parse found who acted
and on whom, whether the event has its own date and place, and whether it is embedded in
another event or is ambiguous in the lexicon. The weights were set by hand from these
meanings and checked, not fitted, against PLOVER's gold records (``tidings eval events``
prints accuracy per confidence bin).
"""

from __future__ import annotations

import math
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from tidings.nlp import extensions  # noqa: F401  (registers doc._.events)
from tidings.nlp.annotations import ActorAnnotation, EventAnnotation
from tidings.nlp.budget import check, timed
from tidings.nlp.events.actors import event_actors
from tidings.nlp.events.docindex import DocIndex
from tidings.nlp.events.drafts import (
    ASKING_TYPES,
    Draft,
    absorb,
    borrow_parties,
    repeated,
    trip_at_home,
)
from tidings.nlp.events.lexicon import context_cues, match_phrase, triggers
from tidings.nlp.events.main import main_event
from tidings.nlp.events.merge import without_duplicates
from tidings.nlp.events.setting import event_date, event_location
from tidings.nlp.events.targets import clause_target
from tidings.nlp.events.triggers import Trigger, find_triggers
from tidings.nlp.events.truth import REPORTING_VERBS, truth_status
from tidings.plover import actor_code

__all__ = ["EventFinder", "confidence", "find_events"]

#: Nouns whose meeting brings many parties together.
MULTILATERAL_WORDS = frozenset({"summit", "conference", "session", "ministerial", "forum",
                                "plenary", "congress", "assembly"})
PHONE_WORDS = frozenset({"phone", "telephone", "video", "online", "virtual", "videoconference"})
#: THREATEN's mode from the type (and mode) of the event threatened.
THREAT_MODES = {
    "ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "relations",
    "PROTEST": "restrict", "RETREAT": "relations",
}
THREAT_COERCE_MODES = {"arrest": "arrest", "ban": "ban", "restrict": "restrict",
                       "curfew": "restrict", "deport": "expel", "confiscate": "territory"}


@Language.factory(
    "tidings_events",
    assigns=["doc._.events"],
    requires=["doc._.entity_groups"],
)
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    return EventFinder()


class EventFinder:
    """Computes the events of a ``Doc``, then writes them; the two steps are separate."""

    @timed("events")
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, find_events(doc))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, events: list[EventAnnotation]) -> None:
        doc._.events = events


def find_events(doc: Doc) -> list[EventAnnotation]:
    """The PLOVER events of an annotated ``Doc`` (entity groups and dates already set)."""
    index = DocIndex.build(doc)
    found = [t for t in find_triggers(index) if not index.in_headline(t.head)]
    found, tolls = without_duplicates(found, doc)
    heads = {t.head for t in found}
    index.event_heads = heads
    drafts: list[Draft] = []
    repeats: dict[int, Draft] = {}  # head of a repeated mention -> the event it repeats
    for trig in found:
        check()  # each trigger against the drafts so far
        status = truth_status(trig, index, heads)
        source, target = event_actors(trig, index)
        if trig.head in tolls:  # "a man kills 14 people in a shooting attack"
            toll_source, toll_target = event_actors(tolls[trig.head], index)
            source = source or toll_source
            target = target or toll_target
        draft = Draft(trig, status, source, target, trig.entry.mode)
        earlier = repeated(draft, drafts, index)
        if earlier is not None:
            absorb(earlier, draft)
            repeats[trig.head] = earlier
            continue
        drafts.append(draft)
    borrow_parties(drafts, index)
    home_trips = {d.trig.head for d in drafts if trip_at_home(d, index)}
    finished: dict[int, EventAnnotation] = {}
    for draft in drafts:
        check()
        draft.mode = _refine_mode(draft, drafts, index)
    # What a request or a threat asks for or threatens is not an event of its own: "urged
    # Russia to withdraw its troops" is one REQUEST (its mode already read from it).
    asking = {d.trig.head for d in drafts if d.trig.entry.type in ASKING_TYPES}
    drafts = [d for d in drafts if d.status.governor not in asking]
    for draft in drafts:
        check()
        finished[draft.trig.head] = _finish(draft, index)
    by_head = {h: finished[d.trig.head] for h, d in repeats.items()
               if d.trig.head in finished} | finished
    events = [_inherit_setting(head, event, by_head, index) for head, event in finished.items()]
    # A trip at home sets the scene of what happens on it, but is no event itself.
    events = [e for e, d in zip(events, drafts, strict=True) if d.trig.head not in home_trips]
    drafts = [d for d in drafts if d.trig.head not in home_trips]
    framing = [_frames_another(d, index) for d in drafts]
    chosen = main_event(events, framing)
    if chosen is not None:
        main = events[chosen]
        location = main.location if main.location is not None else index.dateline_place
        events[chosen] = replace(main, main=True, location=location)
    return events


#: Prepositions that make an event the occasion of another: "clashed at a rally".
OCCASION_PREPS = frozenset({"at", "during", "in"})


def _frames_another(draft: Draft, index: DocIndex) -> bool:
    """Whether the event is a PROTEST noun in an "at/during" phrase of another event's verb."""
    token = index.doc[draft.trig.head]
    if draft.trig.entry.type != "PROTEST" or token.dep_ != "pobj":
        return False
    prep = token.head
    verb = prep.head
    return (prep.lemma_.lower() in OCCASION_PREPS and verb.i in index.event_heads
            and verb.dep_ in ("ROOT", "conj"))  # not "executed men arrested during protests"


#: Prepositions that place one event within another: "at the end of the meeting".
WITHIN_PREPS = frozenset({"at", "during", "on", "in", "after", "following", "within"})


def _inherit_setting(
    head: int, event: EventAnnotation, by_head: dict[int, EventAnnotation], index: DocIndex
) -> EventAnnotation:
    """An event placed within another ("signed at the end of the meeting", "on the
    sidelines of the summit") took place where that one did, and then, if it has no date
    of its own."""
    if event.location is not None and event.date is not None and event.date[2] != "publication":
        return event
    doc = index.doc
    token = doc[head]
    anchors = [token, token.head] if token.dep_ in ("dobj", "nsubjpass") else [token]
    for anchor in anchors:
        for prep in anchor.children:
            if prep.dep_ != "prep" or prep.lemma_.lower() not in WITHIN_PREPS:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                host = by_head.get(pobj.i)
                if host is None:
                    host = next(
                        (by_head[g.i] for p in pobj.children if p.dep_ == "prep"
                         and p.lower_ == "of" for g in p.children if g.i in by_head),
                        None,
                    )
                if host is None or host is event:
                    continue
                location = event.location if event.location is not None else host.location
                date = event.date
                if host.date is not None and (date is None or date[2] == "publication"):
                    date = host.date
                return replace(event, location=location, date=date)
    return event


def _refine_mode(draft: Draft, drafts: list[Draft], index: DocIndex) -> str | None:
    trig, mode = draft.trig, draft.mode
    doc = index.doc
    head = doc[trig.head]
    etype = trig.entry.type
    if etype == "CONSULT":
        words = {c.lemma_.lower() for c in head.children} | {head.lemma_.lower()}
        if trig.support is not None:
            words.add(doc[trig.support].lemma_.lower())
        if words & PHONE_WORDS:
            return "phone"
        if mode is not None:
            return mode
        actors = [*draft.source, *draft.target]
        if words & MULTILATERAL_WORDS or _has_igo(actors, index) or _of_body(head, index):
            return "multilateral"
        countries = {a.country for a in actors if a.country}
        if len(countries) >= 3:
            return "multilateral"
    if etype == "THREATEN" and mode is None:
        for other in drafts:
            if other.status.governor == trig.head:
                if other.trig.entry.type == "COERCE":
                    return THREAT_COERCE_MODES.get(other.mode or "", "restrict")
                if other.trig.entry.type in THREAT_MODES:
                    return THREAT_MODES[other.trig.entry.type]
    return mode


def _has_igo(actors: list[ActorAnnotation], index: DocIndex) -> bool:
    return any(
        actor_code(index.groups[a.entity].name) == "IGO" for a in actors if a.entity is not None
    )


def _of_body(head: Token, index: DocIndex) -> bool:
    """ "meeting of the Council of Foreign Ministers", "session of the SCO": a body's meeting."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lemma_.lower() == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and index.label(pobj.i) == "ORG":
                    return True
    return False


#: Yielding types whose act, said not to be done, is a refusal: "will not comply with the
#: warrant", "does not agree", "does not allow".
REFUSABLE_TYPES = frozenset({"AGREE", "CONCEDE"})


def _refusal(draft: Draft, index: DocIndex) -> bool:
    head = index.doc[draft.trig.head]
    return (draft.trig.entry.type in REFUSABLE_TYPES and head.pos_ == "VERB"
            and any(c.dep_ == "neg" for c in head.children))


def _finish(draft: Draft, index: DocIndex) -> EventAnnotation:
    doc = index.doc
    trig, status = draft.trig, draft.status
    if _refusal(draft, index):
        entry = replace(trig.entry, type="REJECT", mode=None)
        trig = replace(trig, entry=entry)
        draft.mode = None
        status = replace(status, negated=False)
    current = not (status.future or status.hypothetical or status.negated
                   or status.past_reference)
    head = doc[trig.head]
    # An event noun only referred to ("condemned Russia's invasion") is not dated by the
    # story; one the story reports ("held talks", "a scuffle broke out") is.
    subject = head.head if head.dep_ == "conj" else head  # "a missile and drone attack"
    reported = head.pos_ not in ("NOUN", "PROPN") or trig.support is not None or (
        subject.dep_ in ("nsubj", "nsubjpass")
    )
    date = event_date(trig, index, dated_now=current and reported)
    if date is not None and index.published and date[2] != "publication":
        if date[0] > index.published[: len(date[0])]:
            status = replace(status, future=True)
    target_entities = [a.entity for a in draft.target if a.entity is not None]
    location = event_location(trig, index, target_entities, current=current)
    inferred = clause_target(trig, index, draft.source, draft.target)
    if inferred is not None and draft.target:
        # "arrested 57 people in Istanbul": the people are the target, of that country.
        draft.target = [replace(a, country=inferred.country) for a in draft.target]
    elif inferred is not None and inferred.entity != location:
        draft.target.append(inferred)
    sent = head.sent
    evidence_end = sent.end_char
    while evidence_end > sent.start_char and index.text[evidence_end - 1].isspace():
        evidence_end -= 1
    start_char = doc[trig.start].idx
    end_token = doc[trig.end - 1]
    return EventAnnotation(
        type=trig.entry.type,
        mode=draft.mode,
        context=_contexts(trig, draft, index),
        trigger=(start_char, end_token.idx + len(end_token.text)),
        source=_entities(draft.source),
        target=_entities(draft.target),
        location=location,
        date=date,
        asserted_by=status.asserted_by,
        negated=status.negated,
        hypothetical=status.hypothetical,
        future=status.future,
        confidence=confidence(
            strength=trig.entry.strength,
            has_source=any(a.entity is not None for a in draft.source),
            has_unnamed_source=any(a.entity is None for a in draft.source),
            has_target=bool(draft.target),
            supported=head.pos_ not in ("NOUN", "PROPN") or trig.support is not None,
            dated=date is not None and date[2] != "publication",
            located=location is not None,
            embedded=status.governor is not None,
            depth=_clause_depth(doc[trig.support] if trig.support is not None else head),
            ambiguous=len(triggers().types_by_lemma.get(trig.entry.words[0], ())) > 1,
            uncertain=status.negated or status.hypothetical,
        ),
        evidence=(sent.start_char, evidence_end),
        actors=(*draft.source, *draft.target),
    )


#: Clause links that embed one clause in another.
EMBEDDING_LINKS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj"})


def _clause_depth(token: Token) -> int:
    """How deeply the trigger's clause is embedded in its sentence; a reporting verb ("...,
    officials said") does not count, since what it reports is the main news."""
    depth = 0
    node = token
    for _ in range(12):
        if node.head.i == node.i:
            break
        link, gov = node.dep_, node.head
        if link in EMBEDDING_LINKS and gov.lemma_.lower() not in REPORTING_VERBS:
            depth += 1
        node = gov
    return depth


def _entities(actors: list[ActorAnnotation]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(a.entity for a in actors if a.entity is not None))


def _contexts(trig: Trigger, draft: Draft, index: DocIndex) -> tuple[str, ...]:
    found = list(trig.entry.context)
    sent = index.doc[trig.head].sent
    lemmas = [t.lemma_.lower() for t in sent]
    cues = context_cues()
    for k in range(len(lemmas)):
        hit = match_phrase(lemmas, k, cues)
        if hit is not None:
            found.append(hit[1][1])
    sectors_seen = {a.sector for a in (*draft.source, *draft.target)}
    if "MIL" in sectors_seen:
        found.append("military")
    if "SPY" in sectors_seen:
        found.append("intelligence")
    return tuple(dict.fromkeys(found))


def confidence(
    *,
    strength: float,
    has_source: bool,
    has_unnamed_source: bool = False,
    has_target: bool = False,
    supported: bool = True,
    dated: bool = False,
    located: bool = False,
    embedded: bool = False,
    depth: int = 0,
    ambiguous: bool = False,
    uncertain: bool = False,
) -> float:
    """Probability that the event is reported as coded, from the strength of its evidence.

    >>> confidence(strength=0.9, has_source=True, has_target=True, dated=True)
    0.93
    """
    score = -2.0 + 3.2 * strength
    score += 0.6 if has_source else (0.25 if has_unnamed_source else -0.3)
    score += 0.25 if has_target else 0.0
    score += 0.2 if supported else -0.2
    score += 0.2 if dated else 0.0
    score += 0.1 if located else 0.0
    score -= 0.3 if embedded else 0.0
    score -= 0.3 * min(depth, 3)
    score -= 0.35 if ambiguous else 0.0
    score -= 0.2 if uncertain else 0.0
    value = 1.0 / (1.0 + math.exp(-score))
    return round(min(0.99, max(0.01, value)), 2)
