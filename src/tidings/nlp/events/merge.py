"""One event for one happening told with several trigger words.

    >>> kept, tolls = without_duplicates(found, doc)

- Two triggers of one type in one phrase are one event, named by the stronger word
  ("staged a hunger strike in protest", "rallied ... to protest against").
- An attack and its toll are one event named by the attack: "a roadside bombing killed",
  "the attack on a checkpoint that killed four officers", "seven were killed and 16
  wounded", "a man kills 14 people in a shooting attack", "people are killed in an
  Israeli airstrike". ``tolls`` maps the attack's head to the toll verb's trigger, so that
  the attack can take the toll's actors (who killed, who died) when it names none.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from tidings.nlp.events.triggers import ABOUT_VERBS, CASUALTY_WORDS, Trigger
from tidings.nlp.events.truth import CLAUSE_LINKS

__all__ = ["without_duplicates"]

#: Links along which an attack noun hangs from the verb that tells its toll: "killed
#: in an airstrike on the camp", "injured, including soldiers, in a car bombing".
_TOLL_PATH = frozenset({"prep", "pobj", "conj", "compound", "amod", "nmod", "acomp", "oprd"})


def without_duplicates(found: list[Trigger], doc: Doc) -> tuple[list[Trigger], dict[int, Trigger]]:
    """The triggers that name events of their own, and the tolls folded into attacks."""
    drop: set[int] = set()
    tolls: dict[int, Trigger] = {}
    heads = {t.head: t for t in found}

    def fold(toll: Trigger, attack: Trigger) -> None:
        drop.add(toll.head)
        if attack.head not in drop:
            tolls.setdefault(attack.head, toll)

    for trig in found:
        token: Token = doc[trig.head]
        purpose = heads.get(token.head.i)
        same = purpose is not None and purpose.entry.type == trig.entry.type
        toll = trig.entry.type == "ASSAULT" and token.lemma_.lower() in CASUALTY_WORDS
        if same and token.dep_ in ("xcomp", "advcl") and token.head.i != token.i:
            if (trig.entry.type == "ASSAULT" and not toll
                    and token.head.lemma_.lower() in CASUALTY_WORDS):
                fold(purpose, trig)  # "two policemen are killed after gunmen attacked them"
                continue
            drop.add(trig.head)  # "rallied ... to protest against": one protest
            continue
        if same and toll and token.dep_ in ("relcl", "conj"):
            fold(trig, purpose)  # "the attack that killed", "killed and 16 wounded"
            continue
        subject_event = next((heads[s.i] for c in token.children if c.dep_ == "nsubj"
                              for s in (c, *(g for g in c.children if g.dep_ == "conj"))
                              if s.i in heads), None)  # also "a missile and drone attack"
        if toll and subject_event is not None and subject_event.entry.type == "ASSAULT":
            fold(trig, subject_event)  # "a shooting yesterday killed two men"
            continue
        if token.lemma_.lower() == "violate" and any(
                o.head != trig.head and o.entry.type == "ASSAULT"
                and doc[o.head].sent.start == token.sent.start for o in found):
            drop.add(trig.head)  # "strikes kill nine, violating the ceasefire": one attack
            continue
        if toll and token.pos_ == "VERB":
            attack = _attack_in_toll_clause(token, heads)
            if attack is not None:
                fold(trig, attack)  # "eleven people are killed in an Israeli airstrike"
                continue
        _drop_weaker_in_phrase(trig, token, heads, doc, drop, fold)
    return [t for t in found if t.head not in drop], tolls


def _attack_in_toll_clause(verb: Token, heads: dict[int, Trigger]) -> Trigger | None:
    """An attack noun the toll verb's clause says it happened in: "are killed and 14 are
    reported missing in Israeli airstrikes on Gaza City"."""
    stack = [verb, *(c for c in verb.children if c.dep_ == "conj")]
    seen = 0
    while stack and seen < 40:
        node = stack.pop()
        seen += 1
        for child in node.children:
            if child.dep_ not in _TOLL_PATH and child.dep_ != "advcl":
                continue
            found = heads.get(child.i)
            if (found is not None and found.entry.type == "ASSAULT"
                    and (child.pos_ in ("NOUN", "PROPN") or child.dep_ == "advcl")
                    and child.lemma_.lower() not in CASUALTY_WORDS):
                return found  # "... in an airstrike", "... when a man rammed a car"
            if child.dep_ != "advcl":
                stack.append(child)
    return None


def _drop_weaker_in_phrase(trig, token, heads, doc, drop, fold) -> None:
    """Two triggers of one type, one inside the other's phrase: keep the stronger word,
    and an attack word over a toll word."""
    for _ in range(2):
        if token.dep_ in CLAUSE_LINKS or token.head.i == token.i:
            return
        parent = token.head
        if parent.dep_ == "prep":
            parent = parent.head
        other = heads.get(parent.i)
        if parent.lemma_.lower() in ABOUT_VERBS and token.dep_ in ("dobj", "obj"):
            return  # "discussed the next summit": talks about another meeting
        if other is not None and other.entry.type == trig.entry.type:
            if token.i == trig.head and token.dep_ in ("amod", "compound", "nmod"):
                drop.add(trig.head)  # "a shooting attack": the noun names the event
                return
            casualty = {t.head for t in (trig, other)
                        if doc[t.head].lemma_.lower() in CASUALTY_WORDS}
            if len(casualty) == 1 and trig.entry.type == "ASSAULT":
                # "a roadside bombing killed", "the attack on a checkpoint that killed
                # four officers": the attack names the event, the toll belongs to it.
                toll, attack = (trig, other) if trig.head in casualty else (other, trig)
                fold(toll, attack)
                return
            weaker = trig if trig.entry.strength <= other.entry.strength else other
            drop.add(weaker.head)
            return
        token = parent
