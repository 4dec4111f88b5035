"""Events told only through what someone says of another party.

    >>> reported_event(token)      # a TriggerEntry for the reporting verb, or None

A verb of saying whose reported clause is about another party can itself be the event:

- a demand, when the clause says what that party must or should do: "The administration
  declared that China must drop barriers" (REQUEST);
- an accusation, when the clause blames that party: it ignores, violates, provokes,
  undermines, lies ("He stressed that Kiev is ignoring the crimes") or is called
  irresponsible, criminal, unwilling (ACCUSE, disapprove); or it was behind, involved in,
  responsible for something ("Vučić said foreign security forces were involved in the
  protests") (ACCUSE, allege).

The speaker is never the party spoken of: a clause whose subject is "we", "I" or the
speaker's own pronoun reports no demand or accusation of another.
"""

from __future__ import annotations

import functools

from spacy.tokens import Token

from tidings.nlp.events.lexicon import TriggerEntry

__all__ = ["REPORTERS", "reported_event"]

#: Verbs that report what someone says of another party.
REPORTERS = frozenset(
    {"say", "declare", "state", "insist", "stress", "reiterate", "announce", "tell",
     "conclude", "write", "add", "note", "argue", "emphasize", "emphasise", "remind",
     "warn", "repeat", "maintain", "claim", "allege", "charge", "point", "underline"}
)  # fmt: skip
DEMAND_MODALS = frozenset({"must", "should", "ought"})
#: What a party does that the speaker blames it for.
CENSURE_VERBS = frozenset(
    """ignore neglect violate provoke undermine destabilize destabilise sabotage obstruct
    distort manipulate exploit lie deceive hamper complicate escalate threaten terrorize
    terrorise persecute oppress discriminate interfere meddle""".split()
)
#: What a party is called when the speaker blames it.
CENSURE_WORDS = frozenset(
    """irresponsible inconsistent unwilling criminal unacceptable illegal illegitimate
    aggressive provocative destructive hostile absurd false baseless unfounded cynical
    barbaric inhumane""".split()
)
#: What a party is said to have been part of: an allegation.
ALLEGE_WORDS = frozenset({"involve", "behind", "responsible", "orchestrate", "mastermind",
                          "sponsor", "fabricate", "plot", "guilty", "complicit"})
SELF_PRONOUNS = frozenset({"we", "i", "it", "he", "she", "they"})


def reported_event(token: Token) -> TriggerEntry | None:
    """The event a verb of saying reports of another party, if any."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in REPORTERS:
        return None
    for clause in token.children:
        if clause.dep_ != "ccomp":
            continue
        subject = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subject or subject[0].lower_ in SELF_PRONOUNS:
            continue
        if any(c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in clause.children):
            return _entry(token.lemma_.lower(), "REQUEST", None, 0.6)
        mode = _blame(clause, subject[0])
        if mode is not None:
            return _entry(token.lemma_.lower(), "ACCUSE", mode, 0.5)
    return None


def _blame(clause: Token, subject: Token) -> str | None:
    """ "disapprove" or "allege" when the clause blames its subject, else None."""
    lemma = clause.lemma_.lower()
    if lemma in CENSURE_VERBS:
        return "disapprove"
    words = {t.lemma_.lower() for t in clause.children if t.dep_ in ("acomp", "attr", "oprd",
                                                                    "prep", "advmod", "dobj")}
    words |= {t.lemma_.lower() for t in subject.children if t.dep_ == "amod"}
    if lemma in ALLEGE_WORDS or words & ALLEGE_WORDS:
        return "allege"
    if words & CENSURE_WORDS:
        return "disapprove"
    return None


@functools.cache
def _entry(lemma: str, etype: str, mode: str | None, strength: float) -> TriggerEntry:
    return TriggerEntry(
        words=(lemma,), pos=("VERB",), type=etype, mode=mode, context=(),
        strength=strength, requires=(), line=0,
    )
