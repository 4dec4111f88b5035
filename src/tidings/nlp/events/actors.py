"""Source and target of an event, with PLOVER attributes, from the dependency parse.

    >>> source, target = event_actors(trigger, index)
    >>> [(a.entity, a.country, a.sector) for a in source]
    [(1, 'HUN', 'GOV'), (2, 'ROU', 'GOV')]      # "Senior Hungarian and Romanian officials"

Who acts: the subject of the trigger verb (of the verb carrying a trigger noun), the agent
of a passive ("was attacked by X"), the controller of an infinitive ("agreed to
cooperate": the subject of "agreed"; "urged X to withdraw": X), the accused of an
accusation ("accused X of shelling": X shelled), a possessive or nationality on a trigger
noun ("Russia's attack", "Kyrgyz-Tajik talks"), or "between X and Y". Who is acted on: the
object, or the object of "against", "on", "at", "with", "to" ... as the type calls for. A
host who "received" or "hosted" a visitor is the target of the visitor's visit.

An actor phrase gives one actor per entity it names at its head ("Hungarian and Romanian
officials": two), each with the sector its head noun or post implies (officials: GOV) and
the country of the entity, its post, or a country the phrase names ("Azerbaijan's Defence
Ministry": AZE). A phrase that names no entity but a recognisable group ("riot police")
is an actor without an entity.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from tidings.nlp.annotations import ActorAnnotation
from tidings.nlp.events.docindex import DocIndex, country_in_words
from tidings.nlp.events.lexicon import SectorEntry, match_phrase, sectors, triggers
from tidings.nlp.events.triggers import Trigger, measured_objects, objects
from tidings.nlp.nested import Nested, run_nested

__all__ = ["actor_from_phrase", "entity_actor", "event_actors", "subjects"]

#: Verbs whose object, not subject, does what the infinitive says: "urged X to withdraw".
OBJECT_CONTROL = frozenset(
    {"urge", "ask", "call", "order", "force", "compel", "invite", "encourage", "persuade",
     "press", "tell", "allow", "permit", "help", "request", "instruct", "warn", "advise",
     "require", "appeal"}
)  # fmt: skip
#: Verbs whose object is the one said to have done the embedded act: "accused X of shelling".
ACCUSATION_VERBS = frozenset({"accuse", "blame", "charge", "suspect", "convict", "condemn",
                              "criticize", "criticise", "denounce", "fault"})
#: Host verbs of CONSULT: the subject hosts, the object visits.
HOST_VERBS = frozenset({"host", "receive", "welcome"})
#: Prepositions whose object is the target, by event type (default: conflict prepositions).
TARGET_PREPS: dict[str, frozenset[str]] = {
    "CONSULT": frozenset({"with", "to"}),
    "AGREE": frozenset({"with", "to"}),
    "COOPERATE": frozenset({"with"}),
    "AID": frozenset({"to", "for"}),
    "SUPPORT": frozenset({"for", "to", "with"}),
    "CONCEDE": frozenset({"to", "for", "on"}),
    "RETREAT": frozenset({"from", "to"}),
    "REQUEST": frozenset({"on", "upon", "from", "to"}),
    "ACCUSE": frozenset({"against", "on", "for", "with"}),
    "REJECT": frozenset({"from", "by"}),
    "THREATEN": frozenset({"against", "with"}),
    "PROTEST": frozenset({"against", "outside", "at"}),
    "SANCTION": frozenset({"on", "against", "from", "upon"}),
    "MOBILIZE": frozenset({"against", "near", "along", "toward", "towards"}),
    "COERCE": frozenset({"on", "against", "from"}),
    "ASSAULT": frozenset({"on", "against", "at", "upon", "into"}),
}
VISIT_PREPS = frozenset({"in", "at", "to"})
TIME_LABELS = frozenset({"DATE", "TIME"})
EMBEDDED_TARGET_PREPS = frozenset({"to", "for", "against", "on", "with", "from", "into"})
#: Types whose target may be the subject of a that-clause: "demanded that X withdraw".
CLAUSE_TARGET_TYPES = frozenset({"REQUEST", "THREATEN", "ACCUSE"})
#: Modifier dependencies along which an actor phrase names its entities.
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "conj", "appos", "npadvmod"})
#: Parts of a noun phrase that are not the actor: clauses and their punctuation.
PRUNED_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "cc", "punct", "det",
                         "prep", "case", "mark", "neg", "aux", "auxpass"})
ACTOR_PREPS_INSIDE = frozenset({"of", "for", "from"})
MAX_TEXT = 80


def event_actors(
    trig: Trigger, index: DocIndex
) -> tuple[list[ActorAnnotation], list[ActorAnnotation]]:
    """Source and target actors of one trigger."""
    doc = index.doc
    head = doc[trig.head]
    etype = trig.entry.type
    lemma = head.lemma_.lower()
    if trig.support is not None:
        verb: Token | None = doc[trig.support]
    else:
        verb = None if head.pos_ in ("NOUN", "PROPN") else head
    src_tokens: list[Token] = []
    tgt_tokens: list[Token] = []
    declaring = _declaring_verb(head, trig)
    if declaring is not None:
        # "Norway declared two diplomats persona non grata": the parser reads the phrase
        # as a clause whose subject is the diplomats.
        src_tokens = subjects(declaring)
        tgt_tokens = [c for c in head.children if c.dep_ == "nsubj"] + [
            o for o in objects(declaring) if o.i != head.i]
        verb = None
    elif verb is not None:
        if _is_passive(verb):
            src_tokens = [g for c in verb.children if c.dep_ == "agent" for g in c.children
                          if g.dep_ == "pobj"]
            if verb.i == head.i:
                tgt_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            src_tokens = subjects(verb)
        if verb.lemma_.lower() in UNACCUSATIVE_VERBS and not objects(verb):
            # "three buses exploded": what blew up was hit; a bomb that exploded is no one
            tgt_tokens = [t for t in src_tokens if t.lemma_.lower() not in DEVICE_NOUNS]
            src_tokens = []
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.i == head.i:
            tgt_tokens.append(verb.head)  # "companies accused of supplying drones"
        if (verb.i == head.i or trig.noun is not None) and etype not in INSTRUMENT_TYPES:
            tgt_tokens += [
                o for o in objects(verb)
                if o.dep_ != "nsubjpass" and o.i != trig.noun and not _is_event_noun(o, trig)
            ]
            tgt_tokens += [c for c in verb.children if c.dep_ == "dative"]
        preps = TARGET_PREPS.get(etype, TARGET_PREPS["ASSAULT"])
        if etype == "ASSAULT" and any(c.dep_ in ("dobj", "obj") for c in verb.children):
            preps = preps - {"on", "at", "into"}  # "attacked them on a road": where
        tgt_tokens += _prep_objects(verb, preps)
        if etype == "ASSAULT" and verb.lemma_.lower() in RECIPROCAL_VERBS:
            tgt_tokens += _prep_objects(verb, frozenset({"with"}))  # "clashed with police"
        if trig.support is not None and head.dep_ == "pobj":
            # "were transferred into custody", "transferred six of them into custody"
            tgt_tokens += [o for o in measured_objects(verb)
                           if not any(t.i == head.i for t in o.subtree)]
        if etype == "CONSULT" and trig.entry.mode == "visit":
            tgt_tokens += _prep_objects(verb, VISIT_PREPS)
        tgt_tokens = _not_times(tgt_tokens, index)
        if not tgt_tokens and verb.i == head.i:
            tgt_tokens = _embedded_targets(verb, etype, index)
    noun = None if declaring is not None else head if verb is None or (
        trig.support is not None) else doc[trig.noun] if trig.noun is not None else None
    if noun is not None and verb is not None and trig.support is not None and not src_tokens:
        src_tokens = _prep_objects(verb, frozenset({"between"}))  # "talks will be held in
        # Moscow between Putin and Orban"
    if noun is not None:
        own_src, own_tgt = _noun_actors(noun, etype, index)
        src_tokens = (src_tokens or own_src or _claimant(noun) or _protesters(noun, etype)
                      or _visitor(noun, trig))
        tgt_tokens += own_tgt
        tgt_tokens += [o for c in noun.children if c.dep_ == "relcl"
                       and c.lemma_.lower() in CASUALTY_VERBS
                       for o in objects(c) if o.dep_ != "nsubjpass"]
        if (verb is None and noun.dep_ == "nsubj" and noun.head.pos_ == "VERB"
                and noun.head.lemma_.lower() in HARM_VERBS):
            # "The shelling killed two civilians", never "the killing shocked Spain"
            tgt_tokens += [o for o in objects(noun.head) if o.dep_ != "nsubjpass"]
    if etype == "CONSULT" and lemma in HOST_VERBS and verb is not None and verb.i == head.i:
        if _host_place(src_tokens, index) and noun is not None:
            # "Tashkent hosted the talks between X and Y": the city is where, X and Y who.
            src_tokens, tgt_tokens = _noun_actors(noun, etype, index)[0], []
        else:
            src_tokens, tgt_tokens = tgt_tokens, src_tokens
    if trig.entry.mode == "third-party" and len(src_tokens) > 1 and not tgt_tokens:
        # A mediator's "mediation between X and Y": X and Y are the ones mediated between.
        mediator = subjects(verb) if verb is not None else []
        if mediator:
            src_tokens, tgt_tokens = mediator, src_tokens
    src_tokens = [t for t in _not_times(src_tokens, index) if index.same_line(t.i, head.i)]
    if (not src_tokens and verb is not None and verb.dep_ in ("ROOT", "ccomp", "conj")
            and not _is_passive(verb)):
        src_tokens = _dateline_subject(verb, index)
    tgt_tokens = [t for t in _not_times(tgt_tokens, index) if index.same_line(t.i, head.i)]
    source = _describe_all(src_tokens, "source", index, trig)
    taken = {a.entity for a in source if a.entity is not None}
    target = [
        a for a in _describe_all(tgt_tokens, "target", index, trig)
        if a.entity is None or a.entity not in taken
    ]
    return source, target


DASHES = frozenset({"-", "–", "—", "--"})


#: Types whose direct object is what the actor moves or uses, not whom it acts on:
#: "deployed its armed forces", "sent troops" (the target follows "against", "near", ...).
INSTRUMENT_TYPES = frozenset({"MOBILIZE"})
#: Verbs of fighting whose "with" phrase names the other side.
RECIPROCAL_VERBS = frozenset({"clash", "scuffle", "fight", "skirmish", "battle", "brawl"})
#: Verbs telling the toll of an attack.
CASUALTY_VERBS = frozenset({"kill", "wound", "injure", "hurt", "maim"})
#: Verbs whose subject, without an object, is what blew up, not who blew it up.
UNACCUSATIVE_VERBS = frozenset({"explode", "detonate", "blow", "sink", "crash", "burn"})
#: What explodes without being a target: "a bomb exploded".
DEVICE_NOUNS = frozenset({"bomb", "device", "mine", "shell", "ied", "explosive", "grenade",
                          "rocket", "missile", "drone", "charge", "bomber", "car"})
#: Verbs whose object an event noun as subject harmed: "the blast destroyed two houses".
HARM_VERBS = CASUALTY_VERBS | {"destroy", "damage", "hit", "strike", "target", "leave",
                               "claim", "displace", "flatten", "raze", "burn"}
#: Subject nouns that stage the protest their preposition points to ("protesters scuffled
#: with police at an opposition march").
PROTESTER_NOUNS = frozenset({"protester", "demonstrator", "activist", "supporter", "marcher",
                             "crowd", "opponent", "student", "worker", "opposition"})


def _claimant(noun: Token) -> list[Token]:
    """Who "claimed responsibility for" the attack ``noun``."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for" or prep.head.lemma_.lower() not in (
            "responsibility", "credit"):
        return []
    verb = prep.head.head
    return subjects(verb) if verb.pos_ == "VERB" else []


def _protesters(noun: Token, etype: str) -> list[Token]:
    """The subject of the clause a protest noun sets the scene for: "protesters scuffled
    with riot police at an opposition march"."""
    if etype != "PROTEST" or noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return []
    verb = noun.head.head
    if verb.pos_ != "VERB":
        return []
    return [s for s in subjects(verb) if s.lemma_.lower() in PROTESTER_NOUNS]


def _visitor(noun: Token, trig: Trigger) -> list[Token]:
    """Who makes the visit a clause is set in: "During a working trip to Odesa, the
    President held a meeting", "this was stated by X during a visit to Y"."""
    if trig.entry.mode != "visit" or noun.dep_ != "pobj" or noun.head.lemma_.lower() not in (
            "during", "on", "after", "at", "in", "before"):
        return []
    verb = noun.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children
              if g.dep_ == "pobj"]
    return agents or [s for s in subjects(verb) if s.pos_ != "PRON" or s.lower_ in (
        "he", "she", "they", "we", "i")]


def _host_place(tokens: list[Token], index: DocIndex) -> bool:
    """Whether the host named is a city or region rather than a country or a person."""
    for token in tokens:
        entity = index.entity_at(token.i, coref=False)
        if entity is None or not index.is_place(entity):
            return False
        if entity not in index.places or index.is_country(entity):
            return False
    return bool(tokens)


def _dateline_subject(verb: Token, index: DocIndex) -> list[Token]:
    """The subject of a wire story's lead when the parser ran the headline into it:
    "TASHKENT, May 20 (ER) - Uzbek President Shavkat Mirziyoyev will pay a visit ...":
    the last name between the dateline's dash and the verb."""
    doc = verb.doc
    line = index.token_line[verb.i]
    start = verb.i
    while start > 0 and index.token_line[start - 1] == line:
        start -= 1
    start = max(start, verb.sent.start)
    dash = next((t.i for t in doc[start : verb.i] if t.text in DASHES), None)
    if dash is None or dash - start > 12:
        return []
    names = [
        t for t in doc[dash + 1 : verb.i]
        if index.label(t.i) in ("PERSON", "ORG", "GPE", "NORP") and t.pos_ == "PROPN"
        and not any(a.dep_ == "pobj" and dash < a.i < verb.i for a in [t, *t.ancestors])
    ]
    return names[-1:] if names else []


def _not_times(tokens: list[Token], index: DocIndex) -> list[Token]:
    """Without "on Tuesday", "in March": dates are not actors."""
    return [t for t in tokens if t.i not in index.token_date and t.ent_type_ not in TIME_LABELS]


def _embedded_targets(verb: Token, etype: str, index: DocIndex) -> list[Token]:
    """The target of what an actor offers, demands or threatens to do: "offered to hand
    over to Great Britain", "demanded that Israel ease restrictions"."""
    return run_nested(_embedded_target_steps, verb, etype, index)


def _embedded_target_steps(verb: Token, etype: str, index: DocIndex) -> Nested[list[Token]]:
    """``_embedded_targets``, one level; a chain of infinitives recurses (``yield``)."""
    found: list[Token] = []
    for clause in verb.children:
        if clause.dep_ == "xcomp":
            found += [o for o in objects(clause) if o.dep_ != "nsubjpass"]
            found += [c for c in clause.children if c.dep_ == "dative"]
            found += _prep_objects(clause, EMBEDDED_TARGET_PREPS)
            if not found:
                found += yield (clause, etype, index)
        elif clause.dep_ == "ccomp" and etype in CLAUSE_TARGET_TYPES:
            found += [g for g in clause.children if g.dep_ in ("nsubj", "nsubjpass")]
    return _not_times(found, index)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _is_event_noun(token: Token, trig: Trigger) -> bool:
    return token.i == trig.noun


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        for member in _coordinated(t):
            if member not in out:
                out.append(member)
    return out


def _coordinated(token: Token) -> list[Token]:
    """A token and those listed with it: conjuncts, and a comma list the parser read as
    apposition ("Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan")."""
    members = [token]
    stack = [token]
    while stack:
        node = stack.pop()
        for child in node.children:
            same_kind = child.dep_ == "appos" and child.ent_type_ and (
                child.ent_type_ == node.ent_type_
            )
            if (child.dep_ == "conj" or same_kind) and child not in members:
                members.append(child)
                stack.append(child)
    return sorted(members, key=lambda t: t.i)


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The tokens that name who does what ``verb`` says."""
    # A loop, not recursion, up the clauses (at most four).
    while True:
        found = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if found:
            return _with_conjuncts(found)
        if verb.pos_ == "VERB" and verb.dep_ == "ROOT" and not _is_passive(verb):
            # "Recorder of London Mark Lucraft sentences ...": a subject parsed as a modifier.
            found = [c for c in verb.children if c.dep_ in ("nmod", "npadvmod", "dep")
                     and c.i < verb.i and c.pos_ in ("NOUN", "PROPN") and c.ent_type_ != "DATE"]
            if found:
                return _with_conjuncts(found[:1])
        if depth > 3:
            return []
        gov = verb.head
        if verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and not _has_mark(verb)):
            if gov.lemma_.lower() in OBJECT_CONTROL:
                objs = [o for o in objects(gov) if o.dep_ != "nsubjpass"]
                if objs:
                    return objs
            if _is_passive(gov):  # "is scheduled to visit": the passive subject visits
                passive = [c for c in gov.children if c.dep_ == "nsubjpass"]
                if passive:
                    return _with_conjuncts(passive)
            verb, depth = gov, depth + 1
            continue
        if verb.dep_ in ("conj", "acomp") and gov.pos_ in ("VERB", "AUX"):
            verb, depth = gov, depth + 1
            continue
        if verb.dep_ == "pcomp" and gov.dep_ == "prep":
            outer = gov.head
            if outer.lemma_.lower() in ACCUSATION_VERBS:
                accused = [o for o in objects(outer) if o.dep_ != "nsubjpass"]
                passive = [c for c in outer.children if c.dep_ == "nsubjpass"]
                return _with_conjuncts(accused or passive)
            if outer.pos_ in ("VERB", "AUX"):
                verb, depth = outer, depth + 1
                continue
        if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the agreement signed by X"
            return [g for c in verb.children if c.dep_ == "agent" for g in c.children
                    if g.dep_ == "pobj"]
        if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "Friday's UN resolution backing the plan"
            return [verb.head]
        return []


def _has_mark(verb: Token) -> bool:
    return any(c.dep_ == "mark" for c in verb.children)


def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    found = [
        g
        for c in token.children
        if c.dep_ in ("prep", "dative") and c.lemma_.lower() in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return _with_conjuncts(found)


#: Verbs that give someone a status by saying so: "declared X persona non grata".
DECLARING_VERBS = frozenset({"declare", "proclaim", "designate", "name", "pronounce"})
#: Nouns of what is done to someone: their possessor is who it was done to ("her murder",
#: "his arrest"), unless an "of" phrase names that ("Russia's arrest of the journalist").
PATIENT_NOUNS = frozenset(
    """murder killing assassination arrest detention abduction kidnapping execution
    release expulsion deportation extradition imprisonment trial conviction sentencing
    beheading torture capture rescue dismissal sacking ouster impeachment indictment""".split()
)


def _declaring_verb(head: Token, trig: Trigger) -> Token | None:
    """The declaring verb whose small clause the (non-verb) trigger phrase is parsed as."""
    if "VERB" in trig.entry.pos or trig.end - trig.start < 2:
        return None
    if head.dep_ in ("ccomp", "xcomp", "oprd") and head.head.lemma_.lower() in DECLARING_VERBS:
        return head.head
    return None


def _noun_actors(noun: Token, etype: str, index: DocIndex) -> tuple[list[Token], list[Token]]:
    """Actors a trigger noun carries itself: "Russia's attack on X", "talks between X and Y"."""
    src: list[Token] = []
    tgt: list[Token] = []
    patient = noun.lemma_.lower() in PATIENT_NOUNS and not any(
        c.dep_ == "prep" and c.lemma_.lower() == "of" for c in noun.children)
    for child in noun.children:
        if child.dep_ == "poss":
            (tgt if patient else src).append(child)
        elif child.dep_ in ("amod", "compound", "nmod") and index.entity_at(child.i) is not None:
            if index.label(child.i) in ("NORP", "GPE", "ORG", "PERSON"):
                src.append(child)
        elif child.dep_ == "prep":
            prep = child.lemma_.lower()
            pobjs = _with_conjuncts([g for g in child.children if g.dep_ == "pobj"])
            if prep == "by":
                src += pobjs
            elif prep == "between":
                src += pobjs
            elif prep == "of" and noun.lemma_.lower() in PATIENT_NOUNS:
                tgt += pobjs  # "the arrest of the journalist"
            elif prep == "of" and etype in ("CONSULT", "AGREE", "PROTEST", "MOBILIZE"):
                src += [p for p in pobjs if _names_anyone(p, index)]
            elif prep in TARGET_PREPS.get(etype, TARGET_PREPS["ASSAULT"]):
                tgt += pobjs
    return _with_conjuncts(src), tgt


def _names_anyone(token: Token, index: DocIndex) -> bool:
    return any(index.entity_at(t.i) is not None for t in token.subtree) or _sector_of(
        _phrase(token, index), token, index
    )[0] is not None


def _describe_all(
    tokens: list[Token], role: str, index: DocIndex, trig: Trigger
) -> list[ActorAnnotation]:
    out: list[ActorAnnotation] = []
    seen: set[int | None] = set()
    trigger_tokens = set(range(trig.start, trig.end))
    for token in tokens:
        if token.i in trigger_tokens or token.i in index.event_heads:
            continue  # an event is not an actor: "scuffled with police at a march"
        for actor in actor_from_phrase(token, _role_key(role, trig), index):
            key = actor.entity if actor.entity is not None else -1 - token.i
            if key in seen:
                continue
            seen.add(key)
            out.append(actor)
    return out


FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def _quoted_speaker(token: Token, index: DocIndex) -> int | None:
    """The speaker of the quotation or statement a first-person pronoun stands in."""
    at = token.idx
    for statement in index.statements:
        start, end = statement.content
        if start <= at < end and statement.speaker is not None:
            return statement.speaker
    return None


def _role_key(role: str, trig: Trigger) -> str:
    return f"target:{trig.entry.type}" if role == "target" else role


def actor_from_phrase(head: Token, role: str, index: DocIndex) -> list[ActorAnnotation]:
    """The actors a noun phrase names, each with country and sector. ``role`` is "source",
    or "target:TYPE" for the target of an event of that type."""
    return run_nested(_actor_from_phrase_steps, head, role, index)


def _actor_from_phrase_steps(
    head: Token, role: str, index: DocIndex
) -> Nested[list[ActorAnnotation]]:
    """``actor_from_phrase`` on ``run_nested``'s stack: a phrase may stand for another
    ("officials who met"), in a chain as deep as the parse."""
    actors = yield from _actors_of_phrase(head, role, index)
    if ":" in role:
        return [replace(a, role="target") for a in actors]
    return actors


def _actors_of_phrase(head: Token, role: str, index: DocIndex) -> Nested[list[ActorAnnotation]]:
    """The actors of one phrase; ``yield (token, role, index)`` asks for the actors of
    another phrase (``actor_from_phrase``)."""
    if head.pos_ == "PRON" or head.lower_ in ("who", "which", "that"):
        entity = index.entity_at(head.i)
        if entity is None and head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "relcl":
            return (yield (head.head.head, role, index))  # "officials who met"
        if entity is None and head.lower_ in ("they", "we") and head.dep_ == "nsubj":
            # "X and Y announce they have signed": the reporting clause's subjects.
            clause = head.head
            if clause.dep_ in ("ccomp", "xcomp", "advcl", "conj") and clause.head.i != clause.i:
                outer = [t for t in subjects(clause.head) if t.pos_ != "PRON"]
                named = list(dict.fromkeys(
                    e for t in outer for sub in t.subtree
                    if (e := index.entity_at(sub.i, coref=False)) is not None
                    and index.groups[e].label in ("PERSON", "ORG", "GPE")))
                if len(named) > 1:  # the parser may nest "X and Y" inside one subject
                    return [entity_actor(e, role, index.groups[e].name, None, None, index)
                            for e in named]
                if outer:
                    actors: list[ActorAnnotation] = []
                    for t in outer:
                        actors += yield (t, role, index)
                    return actors
        if entity is None and head.lower_ in FIRST_PERSON:
            entity = _quoted_speaker(head, index)  # "We appreciate ...," the president said
        if entity is None:
            return []
        return [entity_actor(entity, role, head.text, None, None, index)]
    phrase = _phrase(head, index)
    text = _text(phrase)
    sector, code = _sector_of(phrase, head, index)
    entities = _phrase_entities(head, index)
    if not entities:
        entity = _definite_description(head, index)
        if entity is not None:
            entities = [entity]
    fallback_country = _phrase_country(head, phrase, index)
    if not entities:
        if sector is None and not _describes_actor(head, role):
            return []
        return [ActorAnnotation(None, role, text, fallback_country, sector)]
    return [entity_actor(e, role, text, sector, fallback_country, index) for e in entities]


#: Head nouns of phrases that name a topic, a measure or a quantity, never who acts or
#: on whom: "discussed the situation", "lower tariffs", "called for peace".
NOT_ACTOR_NOUNS = frozenset(
    """issue question matter situation problem topic peace security stability cooperation
    relation relationship development interest right process measure step way need
    importance possibility prospect plan proposal idea policy decision law bill initiative
    effort role support concern attention aspect sphere field progress result outcome level
    framework agenda crisis time year day week month hour percent per cent number amount
    part kind lot fact view opinion position statement information report message letter
    tariff price rate economy trade investment project programme program scheme term
    condition principle value goal task priority challenge threat risk opportunity
    agreement deal treaty document resolution order charge accusation allegation claim
    responsibility credit blame death life lives thing something anything everything
    nothing one other others each all some most many few""".split()
)


#: Nouns for people and groups of people that the sector table does not list.
PEOPLE_NOUNS = frozenset(
    """man woman people person child boy girl family suspect victim civilian resident
    villager worker student journalist reporter activist protester demonstrator prisoner
    detainee hostage migrant refugee passenger tourist crew member couple wife husband son
    daughter mother father relative citizen national teenager youth crowd group gang clan
    tribe community owner operator company firm entity airline organisation organization
    network party supporter opponent critic candidate voter defendant accused convict
    militant fighter gunman attacker assailant perpetrator organiser organizer participant
    leader minor juvenile teen adolescent infant baby toddler pupil schoolchild pilgrim
    worshipper settler farmer fisherman sailor driver pedestrian bystander inmate captive
    brother sister friend neighbour neighbor colleague individual immigrant asylum-seeker
    lawmaker legislator politician dissident blogger""".split()
)


def _describes_actor(head: Token, role: str) -> bool:
    """An unnamed group or thing that can act or be acted on: "suspects", "two men";
    as the target of a sanction or an attack, also a thing ("the tanker", "buses"). Never
    a topic, measure or quantity."""
    if head.pos_ not in ("NOUN", "PROPN") or head.is_stop:
        return False
    if head.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
                          "ORDINAL"):
        return False
    lemma = head.lemma_.lower()
    if lemma in PEOPLE_NOUNS:
        return True
    if lemma in NOT_ACTOR_NOUNS or lemma in triggers().single:
        return False
    return role == "source" or role in THING_TARGET_TYPES


#: Event types whose target may be a thing rather than someone: attacks and sanctions.
THING_TARGET_TYPES = frozenset({"target:ASSAULT", "target:SANCTION"})


def entity_actor(
    entity: int, role: str, text: str, sector: str | None, fallback: str | None,
    index: DocIndex,
) -> ActorAnnotation:
    group = index.groups[entity]
    country = index.entity_country(entity)
    if country is None and fallback is not None:
        country = fallback
        if group.label in ("ORG", "PERSON"):
            index.learned_country.setdefault(entity, fallback)
    if group.label == "PERSON":
        sector = _person_sector(entity, index) or sector
    elif group.label in ("ORG",) and sector is None:
        sector = _words_sector(group.name.lower().split())
    elif group.label in ("GPE", "LOC") and group.country:
        sector = sector if sector not in ("CVL",) else None
    return ActorAnnotation(entity, role, text, country, sector)


def _person_sector(entity: int, index: DocIndex) -> str | None:
    for role in index.roles.get(entity, ()):
        if role.rank:
            org_sector = None
            if role.organization is not None:
                org_sector = _words_sector(index.groups[role.organization].name.lower().split())
            return org_sector if org_sector in ("SPY", "COP") else "MIL"
        words = (role.title or "").lower().split()
        if role.organization is not None:
            words += index.groups[role.organization].name.lower().split()
        found = _words_sector(words)
        if found:
            return found
    return None


def _words_sector(words: list[str]) -> str | None:
    """Sector of a name or title: the longest listed phrase in it decides ("European
    Union" is an international body, not a labour union)."""
    lemmas = [_singular(w.strip(".,()")) for w in words]
    best: tuple[int, str | None] | None = None
    table = sectors()
    for i in range(len(lemmas)):
        hit = match_phrase(lemmas, i, table)
        if hit is None:
            continue
        length, entry = hit
        assert isinstance(entry, SectorEntry)
        if best is None or length > best[0] or (length == best[0] and entry.sector):
            best = (length, entry.sector)
    return best[1] if best else None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _phrase(head: Token, index: DocIndex) -> list[Token]:
    """The tokens of the noun phrase headed by ``head``, without clauses and conjuncts."""
    kept = [head]
    line_of = index.token_line[head.i]
    stack = [c for c in head.children if c.dep_ not in PRUNED_DEPS and c.dep_ != "conj"]
    stack += [
        c for c in head.children
        if c.dep_ == "prep" and c.lemma_.lower() in ACTOR_PREPS_INSIDE
    ]
    while stack:
        token = stack.pop()
        if index.token_line[token.i] != line_of:
            continue  # a headline run into the story by the parser
        kept.append(token)
        for child in token.children:
            if child.dep_ == "conj" and token.dep_ not in ("amod", "compound", "nmod", "poss"):
                continue  # "X of Kazakhstan and Y of Kyrgyzstan": Y is another actor
            if child.dep_ not in PRUNED_DEPS or (
                child.dep_ == "prep" and child.lemma_.lower() in ACTOR_PREPS_INSIDE
            ):
                stack.append(child)
    return sorted(kept, key=lambda t: t.i)


def _text(phrase: list[Token]) -> str:
    words = [t for t in phrase if t.dep_ != "det" and not t.is_punct]
    if not words:
        return ""
    doc = phrase[0].doc
    span = doc[words[0].i : words[-1].i + 1]
    return span.text[:MAX_TEXT]


def _sector_of(phrase: list[Token], head: Token, index: DocIndex):
    """(sector, non-state code) the phrase's words imply; the head's own words first."""
    lemmas = [t.lemma_.lower() for t in phrase]
    positions = [t.i for t in phrase]
    table = sectors()
    best = None  # (covers head, length, -distance, entry)
    for k in range(len(lemmas)):
        hit = match_phrase(lemmas, k, table)
        if hit is None:
            continue
        length, entry = hit
        covered = positions[k : k + length]
        covers_head = head.i in covered
        distance = min(abs(p - head.i) for p in covered)
        key = (covers_head, length, -distance)
        if best is None or key > best[0]:
            best = (key, entry)
    if best is None:
        return None, None
    entry = best[1]
    assert isinstance(entry, SectorEntry)
    return entry.sector, entry.code


def _phrase_entities(head: Token, index: DocIndex) -> list[int]:
    """Entities the phrase names: the head's own, else the nearest modifiers' (with their
    conjuncts: "Hungarian and Romanian officials")."""
    return run_nested(_phrase_entity_steps, head, index)


def _phrase_entity_steps(head: Token, index: DocIndex) -> Nested[list[int]]:
    """``_phrase_entities``, one phrase; an "of" phrase inside it recurses (``yield``):
    "leaders of the heads of the chiefs of ..." may be thousands deep."""
    own = index.entity_at(head.i)
    if own is not None:
        return [own]
    frontier = [c for c in head.children if c.dep_ in MODIFIER_DEPS - {"conj"}]
    if head.tag_ == "NNS":
        # "Riot police", "Putin supporters": a name before a group noun describes the
        # group; it is not one of its members (and is often the tagger's mistake).
        frontier = [
            c for c in frontier
            if not (c.dep_ == "compound" and index.label(c.i) == "PERSON")
        ]
    depth = 0
    while frontier and depth < 3:
        found: list[int] = []
        for token in frontier:
            entity = index.entity_at(token.i)
            if entity is not None and entity not in found:
                found.append(entity)
            for conj in token.conjuncts:
                other = index.entity_at(conj.i)
                if other is not None and other not in found:
                    found.append(other)
        if found:
            people = [e for e in found if index.groups[e].label in ("PERSON", "ORG")]
            if not people and head.lemma_.lower() in PEOPLE_NOUNS and all(
                    index.groups[e].label in ("GPE", "LOC", "FAC") for e in found):
                return []  # "a Cheltenham man": a man, from that place
            return people or found  # "his Uzbek counterpart Shavkat Mirziyoyev": one man
        frontier = [c for t in frontier for c in t.children if c.dep_ in MODIFIER_DEPS]
        depth += 1
    # "leaders of Romania's new government", "the commanders of the Kyrgyz border units"
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lemma_.lower() in ACTOR_PREPS_INSIDE:
            if prep.lemma_.lower() == "from" and head.lemma_.lower() in PEOPLE_NOUNS:
                continue  # "gunmen from Nigeria": gunmen, of that country
            found = []
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    for part in _coordinated(pobj):
                        inner = yield (part, index)
                        found += [e for e in inner if e not in found]
            if found:
                return found
    return []


def _phrase_country(head: Token, phrase: list[Token], index: DocIndex) -> str | None:
    """A country the phrase names around its head: "Azerbaijan's ministry", "police in Osh"."""
    for token in phrase:
        entity = index.entity_at(token.i, coref=False)
        if entity is not None and entity != index.entity_at(head.i, coref=False):
            country = index.entity_country(entity)
            if country:
                return country
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lemma_.lower() in ("in", "at"):
            for t in prep.subtree:
                entity = index.entity_at(t.i, coref=False)
                if entity is not None:
                    country = index.entity_country(entity)
                    if country:
                        return country
    return country_in_words([t.text for t in phrase])


def _definite_description(head: Token, index: DocIndex) -> int | None:
    """Without a coreference stage: "the ministry" is the last organisation named so."""
    if index.has_coref or head.pos_ != "NOUN":
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    word = head.lemma_.lower()
    best = None
    for entity, group in enumerate(index.groups):
        if group.label not in ("ORG",):
            continue
        names = {w.lower() for w in group.name.split()}
        if word not in names and word + "s" not in names:
            continue
        before = [s for s, _ in group.mentions if s < head.idx]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), entity)
    return best[1] if best else None
