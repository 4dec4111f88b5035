"""Find event triggers: lexicon entries whose words and dependency conditions hold.

    >>> found = find_triggers(index)
    >>> [(doc[t.head].text, t.entry.type) for t in found]
    [('met', 'CONSULT'), ('signed', 'AGREE')]

A verb trigger stands on its own. A noun ("talks", "the agreement", "sanctions") names an
event only when something in the sentence anchors it to one: a verb that carries it
("held talks", "imposed sanctions"), a date, a place, an actor ("Russia's attack", "talks
between X and Y"), a time word ("the previous summit"), or a clause it is the subject of.
A bare topic noun ("issues of security cooperation") is not an event.

A verb trigger whose object is a trigger noun of the same type is one event spanning both
("signed a joint declaration", "hosted the meeting"). A noun that is the object of a verb
trigger of another type ("lifted the sanctions", "rejected the agreement") is that verb's
object, not an event of its own, unless it has its own anchor ("condemned the attack on
the convoy").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from tidings.nlp.events.docindex import DocIndex
from tidings.nlp.events.lexicon import Condition, TriggerEntry, triggers
from tidings.nlp.events.reported import REPORTERS, reported_event

__all__ = ["Trigger", "find_triggers", "measured_objects", "objects"]

#: Entity labels inside which a word is part of a name, not a trigger ("Collective Security
#: Treaty Organization", "Ministry of Defence"). EVENT names ("the Astana Summit") are events.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "LAW", "WORK_OF_ART", "PRODUCT",
     "LANGUAGE", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
)  # fmt: skip

#: Verbs that carry an event noun as object or subject: "held talks", "talks were held".
SUPPORT_VERBS = frozenset(
    """hold conduct have stage launch carry make sign conclude reach impose introduce adopt
    announce approve extend expand begin start resume continue end complete attend host
    organize organise chair open participate take express voice lodge file issue deliver
    provide send give receive declare order mount unleash perform undertake pay arrange
    schedule plan propose call face suffer join renew prolong enforce initial prepare
    convene postpone cancel welcome wrap kick enter implement apply tighten mark speed
    convey extend relay authorize authorise command
    accelerate finish slow delay witness see experience endure""".split()
)
#: Prepositions whose object is an event in time: "during the talks", "after the attack".
TEMPORAL_PREPS = frozenset(
    {"during", "at", "after", "before", "following", "since", "amid", "ahead", "until",
     "throughout", "under"}
)  # fmt: skip
#: Nouns whose "of" object is an event: "on the sidelines of the summit".
OF_EVENT_HEADS = frozenset(
    {"sideline", "margin", "eve", "end", "beginning", "start", "course", "framework",
     "outcome", "result", "conclusion", "opening", "closing", "round", "participant",
     "anniversary", "wake", "aftermath", "victim", "site", "scene", "part", "venue"}
)  # fmt: skip
#: Nouns a trigger noun can modify and still name the event ("sanctions package").
CONTAINER_NOUNS = frozenset(
    {"package", "regime", "list", "round", "measure", "decision", "bill", "resolution",
     "campaign", "wave", "series", "process", "format", "mechanism", "mission", "operation",
     "effort", "plan"}
)  # fmt: skip
#: Verbs whose subject noun names no happening: "the declaration states that", "the
#: investigations suggest", "the ceasefire remains".
NOT_HAPPENING_VERBS = frozenset(
    """be become remain seem appear state say stipulate provide note read contain envisage
    include suggest show find reveal indicate mean require call""".split()
)
#: Verbs that carry an event noun after "in"/"into": "took part in", "transferred into
#: custody", "ordered into pre-trial detention".
INTO_SUPPORT_VERBS = frozenset({"participate", "take", "join", "engage", "transfer", "place",
                                "put", "remand", "hold", "keep", "send", "order", "move",
                                "remain", "stay"})
#: Nouns through which a group owns an attack: "claimed responsibility for the attack".
CLAIMED_NOUNS = frozenset({"responsibility", "credit"})
#: Links by which a word of a phrase modifies another: not the phrase's head.
MODIFIER_LINKS = frozenset({"compound", "amod", "nmod", "conj", "npadvmod"})
#: Nouns that measure out events: "a wave of strikes", "ten days of war games".
MEASURE_NOUNS = frozenset(
    """wave series round spate string barrage volley salvo flurry day week month hour night
    year number dozen hundred thousand campaign month-long days""".split()
)
#: Modifiers that place an event noun in time: "the previous summit", "the 31st session".
TIME_MODIFIERS = frozenset(
    """previous last past former earlier recent latest upcoming next forthcoming planned
    future coming scheduled first second third fourth fifth annual regular extraordinary
    informal official bilateral trilateral multilateral joint high-level ministerial
    emergency new ongoing current today yesterday tomorrow weekly monthly routine""".split()
)
#: Prepositions that attach an actor to an event noun.
ACTOR_PREPS = frozenset({"by", "between", "with", "against", "on", "upon", "of", "from", "to"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
OBJ_DEPS = frozenset({"dobj", "obj"})
#: Prepositions whose object is what a verb acts on ("withdrew from the treaty"), unlike
#: those that place it in time ("before the talks").
OBJECT_PREPS = frozenset({"from", "for", "on", "against", "into", "to", "with", "of", "over"})


@dataclass(frozen=True, slots=True)
class Trigger:
    head: int  # token index of the word the entry is about
    start: int  # token span of the trigger text, [start, end)
    end: int
    entry: TriggerEntry
    support: int | None = None  # verb that carries a noun trigger ("held" for "talks")
    noun: int | None = None  # for a verb trigger merged with its object noun



def find_triggers(index: DocIndex) -> list[Trigger]:
    """Every accepted trigger of the document, in text order, one per head token."""
    doc = index.doc
    lexicon = triggers()
    candidates: dict[int, Trigger] = {}
    covered: set[int] = set()
    reporters: list[Token] = []
    for token in doc:
        lemma = _lemma(token)
        if lemma in REPORTERS:
            reporters.append(token)
        # The dictionary lookups come first: most tokens are in no entry.
        multi, single = lexicon.multi.get(lemma, ()), lexicon.single.get(lemma, ())
        if not (multi or single) or token.i in covered or not _may_trigger(token, index):
            continue
        found = _match_multi(token, multi, index)
        if found is None:
            found = _match_single(token, single, index)
        if found is None:
            continue
        candidates.pop(found.head, None)
        candidates[found.head] = found
        covered.update(range(found.start, found.end))
    for token in reporters:
        if token.i not in candidates:
            entry = reported_event(token)
            if entry is not None:
                candidates[token.i] = Trigger(token.i, token.i, token.i + 1, entry)
    resolved = _resolve(candidates, index)
    attacks = {t.head for t in resolved if t.entry.type == "ASSAULT"}
    return [t for t in resolved
            if not _accidental(t, index, attacks) and not _mere_warning(t, index)]


#: What kills by accident or nature: a death it causes is no ASSAULT.
ACCIDENT_WORDS = frozenset(
    """accident crash collision collapse derailment explosion earthquake quake tremor
    aftershock flood flooding storm hurricane typhoon cyclone tornado landslide mudslide
    avalanche wildfire fire blaze heatwave tsunami eruption lightning disaster plunge
    plunges capsize sink stampede leak outbreak firework fireworks pyrotechnic pyrotechnics
    mishandling ravine overturn drown storm virus infect infection disease pandemic
    epidemic""".split()
)
#: Words that make a deadly happening an attack: "a bomb exploded", "gunmen", "airstrike".
ATTACK_WORDS = frozenset(
    """attack bomb bombing bomber strike airstrike shell shelling shoot shooting shot gun
    gunman gunmen gunfire militant terrorist terrorism insurgent rebel missile rocket drone
    suicide assault ambush ied grenade explosive arson arsonist sabotage mortar artillery
    sniper raid assassination assassinate kidnap stab stabbing knife ramming machete
    shootout crossfire firefight gunshot exchange landmine minefield ied""".split()
)
#: ASSAULT words that tell a casualty, not who caused it.
CASUALTY_WORDS = frozenset({"kill", "killing", "wound", "injure", "hurt", "maim", "destroy",
                            "damage", "explosion", "explode", "blast", "die", "strike", "hit"})


#: Words of warning that threaten only when an act of the warner follows.
WARNING_WORDS = frozenset({"warn", "warning"})
THREAT_AUX = frozenset({"will", "would", "could", "might", "may", "'ll", "shall"})


def _mere_warning(trig: Trigger, index: DocIndex) -> bool:
    """ "Warned that 46,000 children cannot attend school", "storm warnings": a warning
    that announces no act of its own is no THREATEN; "warned it would retaliate",
    "warned of a response", "warned Iran against" are."""
    if trig.entry.type != "THREATEN":
        return False
    head = index.doc[trig.head]
    if head.lemma_.lower() not in WARNING_WORDS:
        return False
    for child in head.children:
        if child.dep_ == "prep" and child.lemma_.lower() in ("of", "against"):
            return False
        if child.dep_ in ("ccomp", "xcomp") and (child.dep_ == "xcomp" or any(
                a.dep_ == "aux" and a.lower_ in THREAT_AUX for a in child.children)):
            return False
    return True


def _accidental(trig: Trigger, index: DocIndex, attacks: set[int]) -> bool:
    """A death or destruction the sentence blames on an accident or on nature, with no
    word of an attack in it: "nine workers were killed in a gas explosion"."""
    if trig.entry.type != "ASSAULT":
        return False
    head = index.doc[trig.head]
    if head.lemma_.lower() not in CASUALTY_WORDS:
        return False
    # The trigger itself is no attack word for this test: "an earthquake struck".
    others = [t for t in head.sent if t.i != head.i]
    other_words = {t.lemma_.lower() for t in others} | {t.lower_ for t in others}
    land_mine = any(t.lower_ == "land" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "mine"
                    for t in head.sent)
    if other_words & ATTACK_WORDS or land_mine:
        return False  # "a land mine explosion injures two soldiers": an attack
    lemmas = {t.lemma_.lower() for t in head.sent} | {t.lower_ for t in head.sent}
    if lemmas & ACCIDENT_WORDS:
        return True
    # "an engineer was killed while working", "two officers were injured": a casualty told
    # in the passive with no one acting and no attack named is not coded as an attack.
    passive = any(c.dep_ == "auxpass" for c in head.children)
    agent = any(c.dep_ == "agent" for c in head.children)
    return head.pos_ == "VERB" and passive and not agent and not any(
        t.i != head.i and t.i in attacks for t in head.sent)


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _may_trigger(token: Token, index: DocIndex) -> bool:
    if not token.is_alpha and "-" not in token.text:
        return False
    label = index.label(token.i)
    if label in NAME_LABELS and not _names_a_gathering(token, index):
        return False
    if token.dep_ == "amod" and token.tag_ == "VBG":
        return False  # "promising projects", "a shooting attack": a modifier, no act
    if (token.lemma_.lower() in OCCASION_NOUNS and token.dep_ == "pobj"
            and token.head.lemma_.lower() in ("at", "on", "upon")):
        return False  # "at the request of", "on the initiative of": how, not what
    # A participle used as an adjective ("the signed agreement", "armed groups"), or one
    # that describes a noun ("a convoy delivering food to families"): no event is told.
    if token.dep_ == "acl" and token.tag_ == "VBG" and token.lemma_.lower() in DESCRIBING_VERBS:
        return False
    return not (token.dep_ == "amod" and token.pos_ in ("VERB", "ADJ") and token.tag_ == "VBN")


#: Head nouns of named gatherings: "the Eastern Partnership Summit", "the 58th Munich
#: Security Conference" are meetings, though their names are names.
GATHERING_NOUNS = frozenset({"summit", "conference", "forum", "talks", "meeting"})


def _names_a_gathering(token: Token, index: DocIndex) -> bool:
    """Whether the token is the last word of a name of a gathering."""
    if token.lemma_.lower() not in GATHERING_NOUNS:
        return False
    nxt = token.i + 1
    if nxt >= len(index.doc):
        return True
    group = index.token_entity[token.i]
    if group >= 0:
        return index.token_entity[nxt] != group
    return index.doc[nxt].ent_iob_ != "I"


#: Nouns of the idiom "at the request / invitation / initiative of X".
OCCASION_NOUNS = frozenset({"request", "invitation", "initiative", "suggestion", "behest",
                            "proposal", "urging"})
#: Verbs whose -ing form after a noun describes it ("aid workers delivering food").
DESCRIBING_VERBS = frozenset({"deliver", "provide", "supply", "carry", "support", "send",
                              "help", "aid", "transport", "give"})


def _pos_ok(token: Token, entry: TriggerEntry) -> bool:
    if entry.pos == ("VERB",) and any(c.dep_ == "det" for c in token.children):
        return False  # "the accused", "the detained": a participle used as a noun
    return not entry.pos or token.pos_ in entry.pos


def _match_multi(token: Token, entries, index: DocIndex) -> Trigger | None:
    doc = token.doc
    for entry in entries:
        rest = entry.words[1:]
        following = doc[token.i + 1 : token.i + 1 + len(rest)]
        if len(following) == len(rest) and all(
            _lemma(t) == w or t.lower_ == w for t, w in zip(following, rest, strict=True)
        ):
            span = doc[token.i : token.i + len(entry.words)]
            # The phrase's syntactic head: "conversation" in "telephone conversation",
            # "open" in "open fire", "state" in "state of emergency".
            outside = [t for t in span if not (span.start <= t.head.i < span.end)
                       or t.head.i == t.i]
            # "a missile and drone attack": the noun heads the phrase, not its modifier
            head = next((t for t in outside if t.dep_ not in MODIFIER_LINKS),
                        outside[0] if outside else token)
            if _pos_ok(head, entry) and _conditions_hold(head, entry.requires, index):
                return Trigger(head.i, token.i, token.i + len(entry.words), entry)
        if not _pos_ok(token, entry):
            continue
        # A phrasal verb split by its object: "pulled its troops out".
        if entry.pos == ("VERB",) and len(rest) == 1:
            particle = next(
                (c for c in token.children if c.dep_ == "prt" and _lemma(c) == rest[0]), None
            )
            if particle is not None and _conditions_hold(token, entry.requires, index):
                return Trigger(token.i, token.i, token.i + 1, entry)
    return None


def _match_single(token: Token, entries, index: DocIndex) -> Trigger | None:
    for entry in entries:
        if _pos_ok(token, entry) and _conditions_hold(token, entry.requires, index):
            return Trigger(token.i, token.i, token.i + 1, entry)
    return None


def objects(token: Token) -> list[Token]:
    """Direct objects, the passive subject, and their conjuncts; for a participle after a
    noun, that noun ("the declarations signed in May", "aid provided by the EU")."""
    found = [c for c in token.children if c.dep_ in OBJ_DEPS or c.dep_ == "nsubjpass"]
    if not found:  # "breaks off relations": the parser may hang the object on the particle
        found = [g for c in token.children if c.dep_ == "prt" for g in c.children
                 if g.dep_ == "pobj"]
    if token.dep_ == "acl" and token.tag_ == "VBN" and not found:
        found = [token.head]
    if token.dep_ == "relcl":  # "weapons that are yet to be delivered": the weapons
        found = [token.head if f.lower_ in ("that", "which", "who") else f for f in found]
    return _with_conjuncts(found)


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def _word_ok(cond: Condition, token: Token, index: DocIndex) -> bool:
    return cond.accepts(_lemma(token), index.label(token.i))


#: Heads of measure phrases: the object of "handed over 700 kg of medicine" is medicine.
QUANTITY_NOUNS = frozenset(
    {"kg", "kilogram", "ton", "tonne", "million", "billion", "thousand", "hundred", "part",
     "batch", "shipment", "consignment", "lot", "number", "dozen", "share", "portion", "some",
     "all", "most", "series", "set", "round", "amount", "quantity", "load", "pair", "group"}
)  # fmt: skip


def measured_objects(token: Token) -> list[Token]:
    """Objects, with the noun a measure phrase measures ("700 kg of medicine": medicine)."""
    found = []
    for obj in objects(token):
        found.append(obj)
        if obj.lemma_.lower() in QUANTITY_NOUNS or obj.pos_ == "NUM":
            found += [g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj"]
    return found


def _subjects_of(token: Token) -> list[Token]:
    # A loop, not recursion, up a chain of infinitives and conjuncts of any length.
    while True:
        found = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        found += [g for c in token.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"]
        if (not found and token.dep_ in ("xcomp", "conj") and token.head.i != token.i
                and token.head.pos_ in ("VERB", "AUX")):
            token = token.head
            continue
        return _with_conjuncts(found)


def _titled(tokens: list[Token], index: DocIndex) -> list[Token]:
    """Objects with the title words before a named person: "expels chargé d'affaires Shaun
    Byneveldt" is an expulsion of a diplomat."""
    found = list(tokens)
    for token in tokens:
        if index.label(token.i) == "PERSON":
            found += [c for c in token.children if c.dep_ in ("compound", "appos", "nmod")
                      and index.label(c.i) != "PERSON"]
    return found


def _dates_only(prep: Token, index: DocIndex) -> bool:
    """ "called off its search late on Tuesday": a preposition whose object is a date."""
    objects_ = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects_) and all(o.i in index.token_date or o.ent_type_ in ("DATE", "TIME")
                                  for o in objects_)


def _question(clause: Token) -> bool:
    """ "asked whether he considers ...": a question, not a request."""
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in ("whether", "if", "how", "why",
                                                           "what", "when")
               for c in clause.children)


def _governing_verb(token: Token) -> Token | None:
    if token.dep_ in ("dobj", "obj", "nsubjpass", "attr", "nsubj", "oprd", "acomp"):
        return token.head  # "holds Syria responsible": hold governs the adjective
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        return token.head.head
    return None


def _conditions_hold(token: Token, conditions: tuple[Condition, ...], index: DocIndex) -> bool:
    for cond in conditions:
        if cond.kind == "obj":
            if not any(_word_ok(cond, o, index) for o in _titled(measured_objects(token), index)):
                return False
        elif cond.kind == "subj":
            if not any(_word_ok(cond, o, index) for o in _subjects_of(token)):
                return False
        elif cond.kind == "gov":
            gov = _governing_verb(token)
            if gov is None or not _word_ok(cond, gov, index):
                return False
        elif cond.kind == "noobj":
            if any(c.dep_ in OBJ_DEPS for c in token.children):
                return False
        elif cond.kind == "notobj":
            if any(_word_ok(cond, o, index) for o in measured_objects(token)):
                return False
        elif cond.kind == "prep":
            if not any(
                c.dep_ in ("prep", "prt", "agent", "dative") and _lemma(c) in cond.words
                and not _dates_only(c, index)
                for c in token.children
            ):
                return False
        elif cond.kind == "pobj":
            preps = [c for c in token.children if c.dep_ == "prep" and _lemma(c) == cond.prep]
            pobjs = _with_conjuncts([g for p in preps for g in p.children if g.dep_ == "pobj"])
            if not any(_word_ok(cond, o, index) for o in pobjs):
                return False
        elif cond.kind in ("mod", "nomod"):
            mods = [
                c for c in token.children
                if c.dep_ in ("amod", "compound", "nmod", "npadvmod", "nummod")
            ]
            hit = any(_word_ok(cond, m, index) for m in mods)
            if hit != (cond.kind == "mod"):
                return False
        elif cond.kind == "xcomp":
            if not any(c.dep_ in ("xcomp", "ccomp") and not _question(c)
                       and (not (cond.words or cond.labels) or c.lemma_.lower() in cond.words)
                       for c in token.children):
                return False
    return True


# --- which candidates are events --------------------------------------------------------


def _resolve(candidates: dict[int, Trigger], index: DocIndex) -> list[Trigger]:
    doc = index.doc
    nouns = {i for i in candidates if doc[i].pos_ in ("NOUN", "PROPN")}
    kept: dict[int, Trigger] = {i: t for i, t in candidates.items() if i not in nouns}
    for i in sorted(nouns):
        trig, token = candidates[i], doc[i]
        governor = _governing_trigger(token, candidates)
        if governor is not None and governor.i in kept:
            if (kept[governor.i].entry.type == trig.entry.type
                    and governor.lemma_.lower() not in ABOUT_VERBS):
                kept[governor.i] = _merge(kept[governor.i], trig, token)
                continue
            if kept[governor.i].entry.type in UNDOING_TYPES and not _set_in_time_or_place(
                    token, index):
                continue  # "terminated all agreements between X and Y", "stop its strikes"
            if not _own_anchor(token, index):
                continue
        head = token.head
        if token.dep_ == "compound" and head.i in candidates:
            if candidates[head.i].entry.type == trig.entry.type:
                continue  # "summit meeting": one event, named by its head
        support = _support_verb(token)
        if support is None and any(c.kind == "gov" for c in trig.entry.requires):
            support = _governing_verb(token)  # "stressed the need", "voiced concern"
        if support is not None or _anchored(token, index):
            kept[i] = replace(trig, support=support.i if support is not None else None)
    return [kept[i] for i in sorted(kept)]


#: Verbs of talking about something: their object noun is a topic, another event ("discussed
#: the next NATO summit" is talks about a summit, not one event).
ABOUT_VERBS = frozenset({"discuss", "review", "debate", "consider", "outline", "mention",
                         "address", "examine", "prepare"})
#: Types of a verb that undoes or refuses what its object noun names.
UNDOING_TYPES = frozenset({"SANCTION", "REJECT", "CONCEDE", "RETREAT", "ASSAULT"})


def _governing_trigger(token: Token, candidates: dict[int, Trigger]) -> Token | None:
    """The verb trigger whose object this noun is ("signed an agreement")."""
    if token.dep_ in OBJ_DEPS or token.dep_ == "nsubjpass":
        head = token.head
    elif token.dep_ == "conj" and (token.head.dep_ in OBJ_DEPS or token.head.dep_ == "nsubjpass"):
        head = token.head.head
    elif (
        token.dep_ == "pobj"
        and token.head.dep_ == "prep"
        and token.head.lemma_.lower() in OBJECT_PREPS
        and token.head.head.pos_ == "VERB"
    ):
        head = token.head.head  # "withdrew from the agreement", "called for talks"
    elif token.dep_ == "pobj" and token.head.dep_ == "agent":
        head = token.head.head  # "were hit by drone strikes"
    else:
        return None
    if head.i in candidates and head.pos_ in ("VERB", "ADJ"):
        return head
    return None


def _merge(verb: Trigger, noun: Trigger, noun_token: Token) -> Trigger:
    """One event named by a verb and its object noun of the same type."""
    entry = verb.entry
    if entry.mode is None and noun.entry.mode is not None:
        entry = replace(entry, mode=noun.entry.mode)
    context = tuple(dict.fromkeys((*entry.context, *noun.entry.context)))
    entry = replace(entry, context=context, strength=max(entry.strength, noun.entry.strength))
    start, end = min(verb.start, noun.start), max(verb.end, noun.end)
    if end - start > 6:  # a long gap: keep the verb alone as the trigger text
        start, end = verb.start, verb.end
    return replace(verb, start=start, end=end, entry=entry, noun=noun_token.i)


def _support_verb(token: Token) -> Token | None:
    """The verb carrying an event noun: "held talks", "talks were held", "took part in"."""
    head = token.head
    if token.dep_ in ("conj", "appos", "oprd") and token.head.pos_ in ("NOUN", "PROPN"):
        token, head = token.head, token.head.head  # "declared the envoy persona non grata"
    if (token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of"
            and head.head.lemma_.lower() in MEASURE_NOUNS):
        token = head.head  # "launched a wave of drone strikes", "ten days of war games"
        head = token.head
    if token.dep_ in ("dobj", "obj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in SUPPORT_VERBS:
            return head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.lemma_.lower() in ("in", "into"):
        verb = head.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in INTO_SUPPORT_VERBS:
            return verb
    return None


def _anchored(token: Token, index: DocIndex) -> bool:
    """Whether a noun trigger without a supporting verb still names a particular event."""
    # A loop, not recursion, up a chain of compounds ("the attack campaign plan").
    while True:
        if _own_anchor(token, index):
            return True
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ == "VERB":
            return token.head.lemma_.lower() not in NOT_HAPPENING_VERBS
        if token.dep_ == "pobj" and token.head.dep_ == "prep":
            prep = token.head
            if prep.lemma_.lower() in TEMPORAL_PREPS:
                return True
            if prep.lemma_.lower() == "in" and token.lemma_.lower() == "protest":
                return True  # "in protest against ..."
            if prep.lemma_.lower() == "for" and prep.head.lemma_.lower() in CLAIMED_NOUNS:
                return True  # "claimed responsibility for the attack"
            if prep.lemma_.lower() == "of" and prep.head.lemma_.lower() in OF_EVENT_HEADS:
                return True
        if (token.dep_ == "compound" and token.head.i != token.i
                and token.head.lemma_.lower() in CONTAINER_NOUNS):
            if _support_verb(token.head) is not None:
                return True
            token = token.head
            continue
        return False


#: Event nouns that news names in passing as the background of a story ("before
#: Russia's full-scale invasion", "Russia's special military operation"): an actor alone
#: does not make them a new event; a date, a place or a verb that tells them does.
BACKGROUND_NOUNS = frozenset({"invasion", "war", "occupation", "operation", "aggression",
                              "conflict", "genocide", "blockade"})


#: Nouns that name a text agreed on: "violating the peace agreement with the DRC", "the
#: Minsk agreements" name the document, not its signing; only a date, a time word or a
#: verb that tells it ("signed the agreement") makes it an event.
DOCUMENT_NOUNS = frozenset({"agreement", "accord", "deal", "treaty", "memorandum",
                            "declaration", "communique", "protocol", "pact", "roadmap",
                            "convention", "charter", "contract"})


def _own_anchor(token: Token, index: DocIndex) -> bool:
    """Anchors carried by the noun's own modifiers: time, date, place or actor."""
    if token.lemma_.lower() in DOCUMENT_NOUNS:
        return _set_in_time(token, index)
    background = token.lemma_.lower() in BACKGROUND_NOUNS
    for child in token.children:
        lemma = child.lemma_.lower()
        if child.dep_ in ("amod", "nmod", "compound", "npadvmod", "poss", "nummod"):
            if lemma in TIME_MODIFIERS or child.i in index.token_date:
                return True
            ordinal = child.text[:1].isdigit() and child.text.lower().endswith(
                ("st", "nd", "rd", "th")
            )
            if child.ent_type_ == "ORDINAL" or ordinal:
                return True
            if index.label(child.i) in ACTOR_LABELS and not background:
                return True
            named = child.pos_ == "PRON" or index.entity_at(child.i) is not None
            if child.dep_ == "poss" and named and not background:
                return True
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ != "pobj":
                    continue
                dated = any(t.i in index.token_date for t in grand.subtree)
                if dated and lemma in ("on", "of", "in"):
                    return True
                if lemma in ("in", "at", "near") and _names_place(grand, index):
                    return True
                if lemma in ACTOR_PREPS and _names_actor(grand, index) and not background:
                    return True
    return False


def _set_in_time(token: Token, index: DocIndex) -> bool:
    """A date or time word on the noun: "the agreement of March 3", "last year's deal"."""
    for child in token.children:
        if child.i in index.token_date or child.lemma_.lower() in TIME_MODIFIERS:
            return True
        if child.dep_ == "prep" and child.lemma_.lower() in ("on", "of", "in"):
            if any(t.i in index.token_date for g in child.children for t in g.subtree):
                return True
    return False


def _set_in_time_or_place(token: Token, index: DocIndex) -> bool:
    """A date or a place on the noun itself: "the attack on Monday", "the strike in Homs"."""
    for child in token.children:
        if child.i in index.token_date:
            return True
        if child.dep_ == "prep" and child.lemma_.lower() in ("in", "at", "near", "on", "of"):
            for grand in child.children:
                if grand.dep_ == "pobj" and (
                        any(t.i in index.token_date for t in grand.subtree)
                        or (child.lemma_.lower() != "on" and _names_place(grand, index))):
                    return True
    return False


def _names_place(token: Token, index: DocIndex) -> bool:
    for t in token.subtree:
        entity = index.entity_at(t.i, coref=False)
        if entity is not None and index.is_place(entity):
            return True
    return False


def _names_actor(token: Token, index: DocIndex) -> bool:
    if index.label(token.i) in ACTOR_LABELS or index.entity_at(token.i) is not None:
        return True
    return any(
        index.label(c.i) in ACTOR_LABELS
        for c in token.children
        if c.dep_ in ("amod", "compound", "poss", "conj")
    )
