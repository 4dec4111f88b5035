"""What kind of truth the text gives an event: negated, hypothetical, future, claimed.

    >>> status = truth_status(trigger, index, trigger_heads)
    >>> status.negated, status.hypothetical, status.future, status.asserted_by

- negated: "did not attack", "no talks", "denied shelling", "refused to meet", "failed to
  agree", "prevented the demonstration".
- hypothetical: a condition ("if ...", "unless ..."), a modal ("would sign", "could
  attack"), or a verb that asks or threatens for it ("threatened to shell", "demanded
  that X withdraw", "called for talks").
- future: "will meet", "is to visit", "plans to", "agreed to hold talks", "the upcoming
  summit", or a date after publication.
- asserted_by: the statement (``doc._.statements``) whose content holds the trigger, or
  whose cue is the accusation or denial that carries the event ("accused X of shelling").
- past reference: "the previous summit", "last year's agreement": an earlier event the
  text refers to, dated only by an explicit date, never by the publication date.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tidings.nlp.events.docindex import DocIndex
from tidings.nlp.events.triggers import Trigger

__all__ = ["TruthStatus", "truth_status"]

NEGATING_GOVERNORS = frozenset(
    {"deny", "refute", "refuse", "reject", "fail", "decline", "prevent", "thwart", "foil",
     "avert", "dismiss", "rule", "stop", "block", "ban", "forbid", "prohibit", "cancel",
     "avoid", "abandon"}
)  # fmt: skip
HYPOTHETICAL_GOVERNORS = frozenset(
    {"threaten", "demand", "urge", "call", "ask", "propose", "suggest", "want", "seek",
     "hope", "consider", "warn", "request", "insist", "appeal", "press", "plead", "wish",
     "encourage", "invite", "recommend", "advise", "possible", "likely", "able", "fear",
     "risk", "discuss"}
)  # fmt: skip
FUTURE_GOVERNORS = frozenset(
    {"plan", "intend", "agree", "pledge", "promise", "vow", "decide", "prepare", "schedule",
     "expect", "set", "due", "aim", "commit", "offer", "ready", "willing", "go", "scheduled",
     "expected", "determine", "resolve", "undertake"}
)  # fmt: skip
#: Verbs that report speech; flags of the reporting clause do not pass into its content.
REPORTING_VERBS = frozenset(
    {"say", "tell", "state", "report", "announce", "note", "stress", "add", "claim",
     "declare", "confirm", "emphasize", "emphasise", "write", "quote", "accuse", "allege",
     "deny", "insist", "argue", "believe", "think", "know", "learn", "hear"}
)  # fmt: skip
#: Verbs that carry an event as a claim: the event is asserted by whoever uses them.
CLAIM_GOVERNORS = frozenset({"accuse", "allege", "claim", "blame", "charge", "deny", "suspect"})
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "ought"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
CONDITION_MARKS = frozenset({"if", "unless", "whether", "provided", "lest"})
FUTURE_MODIFIERS = frozenset(
    {"upcoming", "next", "forthcoming", "planned", "future", "scheduled", "coming",
     "proposed", "expected", "tomorrow"}
)  # fmt: skip
PAST_MODIFIERS = frozenset({"previous", "last", "past", "former", "earlier", "prior", "recent"})
CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "pcomp", "advcl", "conj", "acomp", "oprd"})


@dataclass(frozen=True, slots=True)
class TruthStatus:
    negated: bool
    hypothetical: bool
    future: bool
    past_reference: bool
    asserted_by: int | None
    governor: int | None  # token index of a trigger this event is embedded under


def truth_status(trig: Trigger, index: DocIndex, trigger_heads: set[int]) -> TruthStatus:
    doc = index.doc
    head = doc[trig.head]
    clause = doc[trig.support] if trig.support is not None else head
    if head.pos_ in ("NOUN", "PROPN") and trig.support is None:
        clause = _clause_of_noun(head)
    negated = _negated_here(head) or (clause is not head and _negated_here(clause))
    hypothetical = _modal(clause, HYPOTHETICAL_MODALS) or _conditional(clause)
    future = _modal(clause, FUTURE_AUX)
    past_reference = False
    named_future = False  # "the next summit": a coming event even in a past clause
    if head.pos_ in ("NOUN", "PROPN"):
        mods = {
            c.lemma_.lower()
            for c in head.children
            if c.dep_ in ("amod", "npadvmod", "nmod", "compound")
        }
        named_future = bool(mods & FUTURE_MODIFIERS) and trig.support is None
        future = future or bool(mods & FUTURE_MODIFIERS)
        past_reference = bool(mods & PAST_MODIFIERS) or _possessive_past_date(head, index)
    governor: int | None = None
    claim_cue: Token | None = None
    chain = list(_governors(clause))
    if clause is not head:
        # The verb that takes an event noun governs it too: "called for an investigation",
        # "cancelled the meeting", "denied the attack".
        chain.insert(0, (clause, "obj"))
    for gov, link in chain:
        lemma = gov.lemma_.lower()
        if governor is None and gov.i in trigger_heads:
            governor = gov.i
        if lemma in CLAIM_GOVERNORS and claim_cue is None:
            claim_cue = gov
        if lemma in NEGATING_GOVERNORS or (lemma == "rule" and _has_particle(gov, "out")):
            negated = True
        elif lemma in HYPOTHETICAL_GOVERNORS:
            hypothetical = True
        elif lemma in FUTURE_GOVERNORS or (lemma == "be" and link == "xcomp"):
            future = True
        if _modal(gov, HYPOTHETICAL_MODALS) or _conditional(gov):
            hypothetical = True
        if _modal(gov, FUTURE_AUX):
            future = True
        if lemma in REPORTING_VERBS:
            break
    if _told_as_past(clause) and not (_modal(clause, HYPOTHETICAL_MODALS)
                                      or _conditional(clause)):
        hypothetical = False  # "the meeting, planned for weeks, took place"
        future = named_future and head.dep_ not in ("nsubj", "nsubjpass")
    asserted_by = _statement(trig, index, claim_cue)
    return TruthStatus(negated, hypothetical, future, past_reference, asserted_by, governor)


def _told_as_past(verb: Token) -> bool:
    """A clause that states its event happened: "met", "were held", "has signed"."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if verb.tag_ == "VBD":
        return True
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in FUTURE_AUX or a.lower_ in HYPOTHETICAL_MODALS for a in auxes):
        return False
    return verb.tag_ == "VBN" and any(a.tag_ == "VBD" or a.lemma_.lower() == "have"
                                      for a in auxes)


def _clause_of_noun(noun: Token) -> Token:
    """The verb whose clause a trigger noun belongs to, for flags such as "will"."""
    token = noun
    for _ in range(3):
        if token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj", "conj", "prep"):
            token = token.head
            if token.pos_ in ("VERB", "AUX"):
                return token
        else:
            break
    return noun


def _negated_here(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "det" and child.lower_ in ("no", "neither"):
            return True
        if child.dep_ == "advmod" and child.lower_ in ("never",):
            return True
    return False


def _modal(token: Token, words: frozenset[str]) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in token.children)


def _conditional(token: Token) -> bool:
    node = token
    for _ in range(2):
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in node.children):
            return True
        if node.dep_ != "conj":
            break
        node = node.head
    return False


def _has_particle(token: Token, word: str) -> bool:
    return any(c.dep_ in ("prt", "prep") and c.lower_ == word for c in token.children)


def _governors(token: Token):
    """Verbs (and adjectives) a clause is embedded under, nearest first."""
    node = token
    for _ in range(4):
        link = node.dep_
        if link not in CLAUSE_LINKS and not (link == "pobj" and node.head.dep_ == "prep"):
            return
        gov = node.head
        if link == "pcomp" or link == "pobj":
            gov = gov.head if gov.dep_ == "prep" else gov  # "accused X of shelling"
        if gov.i == node.i:
            return
        if link == "conj" and gov.pos_ not in ("VERB", "AUX"):
            return
        if link != "conj":
            yield gov, link
        node = gov


def _possessive_past_date(noun: Token, index: DocIndex) -> bool:
    """ "last year's agreement", "the March 2019 agreement": dated before publication."""
    for child in noun.children:
        if child.i in index.token_date and index.published:
            value = index.token_date[child.i].value
            if value < index.published[: len(value)]:
                return True
    return False


def _statement(trig: Trigger, index: DocIndex, claim_cue: Token | None) -> int | None:
    """The statement that asserts the event, when the statements stage ran."""
    if not index.statements:
        return None
    doc = index.doc
    start = doc[trig.start].idx
    best: tuple[int, int] | None = None
    for n, statement in enumerate(index.statements):
        c_start, c_end = statement.content
        cue_start, cue_end = statement.cue
        if cue_start <= start < cue_end:
            continue  # the trigger is this act of speaking itself
        if c_start <= start < c_end and (best is None or c_end - c_start < best[0]):
            best = (c_end - c_start, n)
    if best is not None:
        return best[1]
    if claim_cue is not None:
        for n, statement in enumerate(index.statements):
            cue_start, cue_end = statement.cue
            if cue_start <= claim_cue.idx < cue_end:
                return n
    return None
