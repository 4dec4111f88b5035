"""Link the entities of many articles into corpus actors.

Each article's entities arrive one Document at a time; ``ActorLinker`` assigns every
entity to an existing actor or starts a new one. Candidates come only from an index of
name keys (full-name keys, transliteration skeletons of surnames, acronyms, country
codes), never from a scan of the corpus. Each candidate is scored with the evidence
tables below; a veto (different given names, conflicting posts or countries, another
person of the same article, unrelated types) rules it out, and the best candidate at or
above ``LINK_THRESHOLD`` wins. Every link keeps its reason and score.

    >>> linker = ActorLinker()
    >>> links = linker.add_document(doc)
    >>> [(a.name, a.spellings) for a in linker.actors()]

A bare surname ("Aliyev said") never links across articles: the in-article grouping
already joined it to a full name when the article had one, and alone it cannot tell two
people apart. Manual decisions (``merge``, ``split``) are records; a linker built with
earlier decisions applies them to the mentions it is given later.

Actor ids are content ids: a hash of the type family and an identity key of the founding
mention. For a person the identity key is the surname's spelling key and the given
name's initial, so "Bakhtiyor Saidov" and "Baxtiyor Saidov" found the same id whichever
article comes first, and a later, fuller spelling does not change it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Protocol

from tidings import countries
from tidings.model import Document, Entity
from tidings.nlp.names import edit_distance_at_most_one, fold, skeleton, strip_article

MentionKey = tuple[str, str]  # (document id, entity id)

# --- tables -------------------------------------------------------------------------

#: Entity type → the family whose members may be one actor.
TYPE_FAMILY: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "facility",
    "NORP": "group",
    "PRODUCT": "product",
    "WORK_OF_ART": "product",
    "EVENT": "occurrence",
    "LAW": "law",
    "LANGUAGE": "language",
}

#: Family pairs the NER model confuses for one name ("Airbus" as ORG and as PRODUCT):
#: they may link, at a cost. Any other pair of families never links.
RELATED_FAMILIES: frozenset[frozenset[str]] = frozenset(
    {
        frozenset({"organisation", "product"}),
        frozenset({"organisation", "facility"}),
        frozenset({"organisation", "place"}),
        frozenset({"place", "facility"}),
        frozenset({"place", "group"}),  # "Canadian" and Canada, when both name a country
    }
)

#: Evidence for a link and its weight; the weights of the evidence found add up.
EVIDENCE_FOR: dict[str, float] = {
    "same full-name key": 3.0,
    "same name without designators": 2.0,
    "same country code": 3.0,
    "transliteration-equivalent spelling": 2.5,
    "alias overlap": 2.0,
    "given-name initial agrees": 2.0,
    "same surname": 2.0,
    "same given name": 2.0,
    "acronym of the name": 1.75,
    "same post": 1.0,
    "same organisation": 1.0,
    "same country": 0.5,
    "same type": 0.25,
}

#: Evidence against a link: a weight below zero, or None for a veto.
EVIDENCE_AGAINST: dict[str, float | None] = {
    "different given names": None,
    "different surnames": None,
    "conflicting posts": None,
    "conflicting countries": None,
    "another person in the same article": None,
    "different types": None,
    "related types": -0.75,
}

#: The evidence total a candidate needs to be linked.
LINK_THRESHOLD = 2.0

#: Heads of posts one person holds at a time per country; two different ones held by
#: "the same" person within ``SAME_TIME_DAYS`` mean two people.
EXCLUSIVE_POST_HEADS: tuple[str, ...] = (
    "president",
    "vice president",
    "prime minister",
    "minister",
    "chancellor",
    "premier",
    "king",
    "queen",
    "emir",
    "governor",
    "mayor",
    "secretary of state",
)
SAME_TIME_DAYS = 365

#: Words after a surname that are not the surname.
NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})

#: Romanisation variants the shared skeleton does not cover: each letter group on the
#: left is also read as the one on the right (Uzbek Latin "x" is "kh": "Baxtiyor").
ROMANISATION_VARIANTS: tuple[tuple[str, str], ...] = (
    ("x", "kh"),
    ("j", "dzh"),
    ("ch", "tsch"),
)

#: Words that end an organisation's name without telling organisations apart: legal
#: forms, and the trade in names like "Ford Motor Company" or "Apple Computer".
ORGANISATION_DESIGNATORS: frozenset[str] = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "companies", "ltd",
     "limited", "plc", "llc", "lp", "nv", "bv", "sa", "spa", "ag", "se", "gmbh", "group",
     "holding", "holdings", "motor", "motors", "computer", "computers"}
)

#: Bodies a country prefix may be stripped from even when one word is left ("US Senate");
#: any other name keeps its country prefix unless two words remain ("US Air Force").
STATE_BODIES: frozenset[str] = frozenset(
    {"senate", "congress", "parliament", "army", "navy", "government", "cabinet",
     "treasury", "military", "police", "administration"}
)

#: Families whose names have a core without designators and country prefixes.
CORE_NAME_FAMILIES: frozenset[str] = frozenset({"organisation", "product", "facility"})

_LONG_WORD = 6  # edit distance one counts as one spelling only from this length on
_LEADING_ARTICLES = frozenset({"the", "a", "an"})


# --- records ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One article's entity, as the linker sees it."""

    doc_id: str
    entity_id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()  # role titles, casefolded
    organisations: tuple[str, ...] = ()  # names of the organisations in the roles
    countries: tuple[str, ...] = ()  # ISO3 of the roles
    place_country: str | None = None  # ISO3 of the gazetteer place
    published: str | None = None  # the article's publication date

    @property
    def key(self) -> MentionKey:
        return (self.doc_id, self.entity_id)


@dataclass(frozen=True, slots=True)
class ActorLink:
    """A mention's actor and why: ``score`` is a confidence in [0, 1]."""

    doc_id: str
    entity_id: str
    actor_id: str
    reason: str
    score: float
    evidence: tuple[str, ...] = ()

    @property
    def mention(self) -> MentionKey:
        return (self.doc_id, self.entity_id)


@dataclass(frozen=True, slots=True)
class CorpusActor:
    id: str
    type: str
    name: str
    spellings: tuple[str, ...]
    mentions: tuple[MentionKey, ...]


@dataclass(frozen=True, slots=True)
class MergeDecision:
    """A person decided that ``absorbed`` is ``kept``."""

    kept: str
    absorbed: str
    absorbed_mentions: tuple[MentionKey, ...]


@dataclass(frozen=True, slots=True)
class SplitDecision:
    """A person decided that ``mentions`` of ``actor`` are another actor, ``new_actor``."""

    actor: str
    new_actor: str
    mentions: tuple[MentionKey, ...]


Decision = MergeDecision | SplitDecision


class ActorSource(Protocol):
    """Where a linker finds the actors earlier runs made (a store), by key lookups.

    A linker with a source starts empty and loads, for each mention, only the actors
    its lookup keys point to (``actors_under``), as their members (``members``: a store
    may give one member per distinct profile rather than every mention).
    """

    def actors_under(self, keys: Iterable[str]) -> set[str]: ...

    def members(self, actor_id: str) -> list[ActorMention]: ...

    def left_out(self, actor_id: str) -> int:
        """How many of the actor's mentions ``members`` does not give one by one (a
        store gives one member per distinct profile): the linker breaks ties between
        actors by their number of mentions, as a linker holding everything does."""
        ...

    def exists(self, actor_id: str) -> bool: ...


class MemorySource:
    """An ``ActorSource`` over the actors of another linker: for tests and evaluation."""

    def __init__(self, linker: ActorLinker) -> None:
        self._linker = linker

    def actors_under(self, keys: Iterable[str]) -> set[str]:
        return {a for key in keys for a in self._linker._index.get(key, ())}

    def members(self, actor_id: str) -> list[ActorMention]:
        actor = self._linker._actors.get(actor_id)
        return list(actor.members) if actor else []

    def left_out(self, actor_id: str) -> int:
        return 0

    def exists(self, actor_id: str) -> bool:
        return actor_id in self._linker._actors


# --- from a Document ----------------------------------------------------------------


def mentions_from_document(doc: Document) -> list[ActorMention]:
    """The linker's view of each entity of ``doc``, in entity order."""
    names = {e.id: e.name for e in doc.entities}
    return [_mention(doc, entity, names) for entity in doc.entities]


def _mention(doc: Document, entity: Entity, names: dict[str, str]) -> ActorMention:
    posts = tuple(dict.fromkeys(fold(r.title) for r in entity.roles if r.title))
    organisations = tuple(
        dict.fromkeys(names[r.organization] for r in entity.roles if r.organization in names)
    )
    role_countries = tuple(dict.fromkeys(r.country for r in entity.roles if r.country))
    return ActorMention(
        doc_id=doc.id,
        entity_id=entity.id,
        type=entity.type,
        name=entity.name,
        aliases=tuple(entity.aliases),
        posts=posts,
        organisations=organisations,
        countries=role_countries,
        place_country=entity.place.country if entity.place else None,
        published=(doc.published or "")[:10] or None,
    )


# --- name keys ----------------------------------------------------------------------


def family_of(type_: str) -> str:
    return TYPE_FAMILY.get(type_, type_.lower())


#: Name keys are pure functions of a string, asked again for every candidate actor's
#: members: cached.
_NAME_CACHE = 1 << 16


def name_words(name: str) -> list[str]:
    """Folded words of a name without a leading article or a trailing possessive."""
    return list(_name_words(name))


@lru_cache(maxsize=_NAME_CACHE)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in (fold(w) for w in _written_words(name)) if w)


def _written_words(name: str) -> list[str]:
    words = strip_article(name).split()
    if len(words) > 1 and words[0].lower() in _LEADING_ARTICLES:
        words = words[1:]
    return words


@lru_cache(maxsize=_NAME_CACHE)
def name_key(name: str) -> str:
    """Spelling-insensitive key of a whole name: each word's transliteration skeleton."""
    return " ".join(skeleton(w) for w in _name_words(name))


@lru_cache(maxsize=_NAME_CACHE)
def core_name(name: str) -> tuple[str, str | None]:
    """An organisation's name key without legal forms, trade words and a leading country,
    and that country: "U.S. Air Force" → ("air force", "USA"), "Apple Inc." → ("apple", None).
    """
    words = [w for w in _written_words(name) if fold(w)]
    while len(words) > 1 and fold(words[-1]) in ORGANISATION_DESIGNATORS:
        words.pop()
    country = None
    for size in (2, 1):
        prefix = " ".join(words[:size])
        found = countries.country_by_name(prefix) or countries.country_by_demonym(prefix)
        rest = words[size:]
        if found is not None and rest and (len(rest) >= 2 or fold(rest[0]) in STATE_BODIES):
            country, words = found.iso3, rest
            break
    return " ".join(skeleton(w) for w in words), country


@lru_cache(maxsize=_NAME_CACHE)
def spelling_keys(word: str) -> frozenset[str]:
    """Skeletons of one name word under each romanisation variant."""
    folded = fold(word)
    forms = {folded}
    for old, new in ROMANISATION_VARIANTS:
        forms |= {f.replace(old, new) for f in forms if old in f}
    return frozenset(skeleton(f) for f in forms if f)


def _deletions(key: str) -> set[str]:
    """``key`` with one letter dropped: two keys one edit apart share one of these."""
    if len(key) < _LONG_WORD:
        return set()
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def same_spelling(a: str, b: str) -> bool:
    """Whether two name words are one name in different romanisations."""
    for ka in spelling_keys(a):
        for kb in spelling_keys(b):
            if ka == kb:
                return True
            if min(len(ka), len(kb)) >= _LONG_WORD and edit_distance_at_most_one(ka, kb):
                return True
    return False


def person_words(name: str) -> list[str]:
    return list(_person_words(name))


@lru_cache(maxsize=_NAME_CACHE)
def _person_words(name: str) -> tuple[str, ...]:
    words = [w for w in fold(strip_article(name)).replace("-", " ").split() if w.isalpha()]
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return tuple(words)


@lru_cache(maxsize=_NAME_CACHE)
def acronym(name: str) -> str | None:
    words = [w for w in fold(strip_article(name)).split() if w not in ("of", "and", "for")]
    return "".join(w[0] for w in words) if len(words) >= 2 else None


def _is_acronym_form(name: str) -> bool:
    bare = strip_article(name).replace(".", "")
    return 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper()


def _country_code(mention: ActorMention) -> str | None:
    """The country a place names, or a nationality ("Canadian") stands for."""
    family = family_of(mention.type)
    if family not in ("place", "group"):
        return None
    lookup = countries.country_by_name if family == "place" else countries.country_by_demonym
    for form in (mention.name, *mention.aliases):
        found = lookup(strip_article(form))
        if found is not None:
            return found.iso3
    return None


# --- the linker ---------------------------------------------------------------------


@dataclass(slots=True)
class _Actor:
    id: str
    family: str
    types: Counter[str] = field(default_factory=Counter)
    members: list[ActorMention] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # the index keys that point here
    left_out: int = 0  # mentions its source did not give (``ActorSource.left_out``)

    @property
    def docs(self) -> set[str]:
        return {m.doc_id for m in self.members}


@dataclass(frozen=True, slots=True)
class _Verdict:
    actor: str
    total: float
    evidence: tuple[str, ...]
    veto: str | None = None


class ActorLinker:
    """Incremental linking of article entities into corpus actors."""

    def __init__(self, decisions: Iterable[Decision] = (),
                 source: ActorSource | None = None) -> None:
        self._source = source
        self._fetched_keys: set[str] = set()
        self._loaded: set[str] = set()  # actor ids asked of the source
        self._actors: dict[str, _Actor] = {}
        self._index: dict[str, set[str]] = {}
        self._links: dict[MentionKey, ActorLink] = {}
        self._redirect: dict[str, str] = {}
        self._pins: dict[MentionKey, str] = {}
        self._decisions: list[Decision] = []
        self._doc_actors: dict[str, set[str]] = {}
        self._decided: set[str] = set()  # actor ids a manual decision kept or made
        for decision in decisions:
            self._remember(decision)

    # --- adding ---------------------------------------------------------------------

    def add_document(self, doc: Document) -> list[ActorLink]:
        return self.add_mentions(mentions_from_document(doc))

    def add_mentions(self, mentions: Sequence[ActorMention]) -> list[ActorLink]:
        """Link one article's mentions; a mention seen before is linked again."""
        for mention in mentions:
            if mention.key in self._links:
                self._remove_member(mention.key)
        # Bare names last: they may join a full name of the same article.
        ordered = sorted(mentions, key=self._is_bare_person)
        links = {m.key: self._add(m) for m in ordered}
        return [links[m.key] for m in mentions]

    def _is_bare_person(self, mention: ActorMention) -> bool:
        return family_of(mention.type) == "person" and not self._full_forms(mention)

    def _add(self, mention: ActorMention) -> ActorLink:
        pinned = self._pins.get(mention.key)
        if pinned is not None:
            actor_id = self._resolve(pinned)
            self._ensure_actor(actor_id, mention)
            return self._attach(mention, actor_id, "manual decision", 1.0, ())
        bare = self._is_bare_person(mention)
        decided = self._resolve(_hash_id(_identity_key(mention, family_of(mention.type), bare)))
        if decided in self._decided:
            # The actor a manual decision made from this mention's own id.
            self._ensure_actor(decided, mention)
            return self._attach(mention, decided, "manual decision", 1.0, ())
        candidates = self._same_article(mention) if bare else self._candidates(mention)
        verdicts = [self._judge(mention, self._actors[a]) for a in candidates]
        allowed = [v for v in verdicts if v.veto is None and v.total >= LINK_THRESHOLD]
        if bare:
            if len(allowed) == 1:
                best = allowed[0]
                reason = "bare name: the one full name it fits in the same article"
                return self._attach(mention, best.actor, reason, _confidence(best.total),
                                    best.evidence)
            allowed = []
        if allowed:
            best = max(allowed, key=lambda v: (v.total, self._size(v.actor), v.actor))
            return self._attach(mention, best.actor, "; ".join(best.evidence),
                                _confidence(best.total), best.evidence)
        actor_id = self._resolve(self._fresh_id(mention, bare))
        self._ensure_actor(actor_id, mention)
        reason, score = _new_actor_reason(verdicts, bare)
        return self._attach(mention, actor_id, reason, score, ())

    def _size(self, actor_id: str) -> int:
        actor = self._actors[actor_id]
        return len(actor.members) + actor.left_out

    def _attach(self, mention: ActorMention, actor_id: str, reason: str, score: float,
                evidence: tuple[str, ...]) -> ActorLink:
        actor = self._actors[actor_id]
        actor.members.append(mention)
        actor.types[mention.type] += 1
        self._index_under(actor, self._index_keys(mention))
        self._doc_actors.setdefault(mention.doc_id, set()).add(actor_id)
        link = ActorLink(mention.doc_id, mention.entity_id, actor_id, reason, round(score, 3),
                         evidence)
        self._links[mention.key] = link
        return link

    def _ensure_actor(self, actor_id: str, mention: ActorMention) -> None:
        self._load(actor_id)
        if actor_id not in self._actors:
            family = family_of(mention.type)
            self._actors[actor_id] = _Actor(actor_id, family)

    def _remove_member(self, key: MentionKey) -> None:
        link = self._links.pop(key)
        actor = self._actors[link.actor_id]
        gone = [m for m in actor.members if m.key == key]
        actor.members = [m for m in actor.members if m.key != key]
        for m in gone:
            actor.types[m.type] -= 1
        self._reindex(actor)
        if not actor.members:
            del self._actors[actor.id]

    def _reindex(self, actor: _Actor) -> None:
        for key in actor.keys:
            self._index[key].discard(actor.id)
        actor.keys = set()
        for member in actor.members:
            self._index_under(actor, self._index_keys(member))

    def _index_under(self, actor: _Actor, keys: set[str]) -> None:
        actor.keys |= keys
        for key in keys:
            self._index.setdefault(key, set()).add(actor.id)

    # --- keys -----------------------------------------------------------------------

    @staticmethod
    def _full_forms(mention: ActorMention) -> list[list[str]]:
        """A person's names of two words or more, as word lists."""
        forms = (person_words(f) for f in (mention.name, *mention.aliases))
        return [w for w in forms if len(w) >= 2]

    def _index_keys(self, mention: ActorMention) -> set[str]:
        family = family_of(mention.type)
        if family == "person":
            keys: set[str] = set()
            for words in self._full_forms(mention):
                for key in spelling_keys(words[-1]):
                    keys.add("surname:" + key)
                    keys |= {"surname~" + d for d in _deletions(key)}
            return keys
        keys = {"name:" + name_key(f) for f in (mention.name, *mention.aliases)}
        keys |= {"acronym:" + a for f in (mention.name, *mention.aliases) if (a := acronym(f))}
        if family in CORE_NAME_FAMILIES:
            keys |= {"core:" + core_name(f)[0] for f in (mention.name, *mention.aliases)}
        code = _country_code(mention)
        if code:
            keys.add("country:" + code)
        return keys

    def _lookup_keys(self, mention: ActorMention) -> set[str]:
        keys = self._index_keys(mention)
        family = family_of(mention.type)
        if family == "person":
            for words in self._full_forms(mention) or [person_words(mention.name)]:
                for key in spelling_keys(words[-1]) if words else ():
                    keys.add("surname:" + key)
                    keys |= {"surname~" + d for d in _deletions(key)}
                    keys.add("surname~" + key)
            return keys
        forms = (mention.name, *mention.aliases)
        # Two full names with one acronym ("Xyz Party", "Xoa Party") give each other no
        # evidence; the acronym keys find full names for a mention written as an acronym.
        keys = {k for k in keys if not k.startswith("acronym:")}
        keys |= {"acronym:" + name_key(f).replace(" ", "") for f in forms if _is_acronym_form(f)}
        keys |= {"name:" + a for f in forms if (a := acronym(f))}
        return keys

    def _same_article(self, mention: ActorMention) -> list[str]:
        return sorted(a for a in self._doc_actors.get(mention.doc_id, ()) if a in self._actors)

    def _candidates(self, mention: ActorMention) -> list[str]:
        found: set[str] = set()
        keys = self._lookup_keys(mention)
        if self._source is not None:
            new = keys - self._fetched_keys
            self._fetched_keys |= new
            for actor_id in sorted(self._source.actors_under(new)) if new else ():
                self._load(actor_id)
        for key in keys:
            found |= self._index.get(key, set())
        return sorted(found)

    def _load(self, actor_id: str) -> None:
        """Bring a stored actor in from the source, once."""
        if self._source is None or actor_id in self._loaded or actor_id in self._actors:
            return
        self._loaded.add(actor_id)
        members = self._source.members(actor_id)
        if not members:
            return
        actor = _Actor(actor_id, family_of(members[0].type),
                       left_out=self._source.left_out(actor_id))
        self._actors[actor_id] = actor
        for member in members:
            actor.members.append(member)
            actor.types[member.type] += 1
            self._index_under(actor, self._index_keys(member))

    def _taken(self, actor_id: str) -> bool:
        if actor_id in self._actors or actor_id in self._redirect:
            return True
        return self._source is not None and self._source.exists(actor_id)

    def index_keys(self, mention: ActorMention) -> set[str]:
        """The keys under which a mention's actor is found by later mentions."""
        return self._index_keys(mention)

    def new_actor_id(self, mention: ActorMention) -> str:
        """The id a new actor founded by ``mention`` gets (not one already taken)."""
        return self._fresh_id(mention, self._is_bare_person(mention))

    # --- evidence -------------------------------------------------------------------

    def _judge(self, mention: ActorMention, actor: _Actor) -> _Verdict:
        family = family_of(mention.type)
        found: list[str] = []
        if family != actor.family:
            if frozenset({family, actor.family}) not in RELATED_FAMILIES:
                return _Verdict(actor.id, 0.0, (), "different types")
            found.append("related types")
        elif mention.type in actor.types:
            found.append("same type")
        if family == "person":
            veto = self._person_evidence(mention, actor, found)
        else:
            veto = self._name_evidence(mention, actor, found)
        total = sum(EVIDENCE_FOR.get(e, 0.0) + (EVIDENCE_AGAINST.get(e) or 0.0) for e in found)
        return _Verdict(actor.id, total, tuple(found), veto)

    def _person_evidence(self, mention: ActorMention, actor: _Actor,
                         found: list[str]) -> str | None:
        mine = self._full_forms(mention)
        if not mine:
            # A bare name: the caller gives only actors of its own article.
            theirs = [w for m in actor.members if m.doc_id == mention.doc_id
                      for w in self._full_forms(m)]
            word = person_words(mention.name)
            if word and any(same_spelling(word[-1], w[-1]) for w in theirs):
                found.append("same surname")
            elif word and any(same_spelling(word[-1], w[0]) for w in theirs):
                found.append("same given name")
            else:
                return "different surnames"
            return _post_and_country_evidence(mention, actor.members, found)
        others = {m.entity_id for m in actor.members if m.doc_id == mention.doc_id}
        if others - {mention.entity_id}:
            return "another person in the same article"
        theirs = [w for m in actor.members for w in self._full_forms(m)]
        name_match = _best_person_match(mine, theirs)
        if name_match is None:
            return "different given names"
        found.append(name_match)
        veto = _post_and_country_evidence(mention, actor.members, found)
        return veto

    def _name_evidence(self, mention: ActorMention, actor: _Actor,
                       found: list[str]) -> str | None:
        family = family_of(mention.type)
        mine = {name_key(f) for f in (mention.name, *mention.aliases)}
        their_names = {name_key(m.name) for m in actor.members}
        theirs = their_names | {name_key(a) for m in actor.members for a in m.aliases}
        code = _country_code(mention)
        if code and any(_country_code(m) == code for m in actor.members):
            found.append("same country code")
        elif name_key(mention.name) in their_names:
            found.append("same full-name key")
        elif mine & theirs:
            found.append("alias overlap")
        elif actor.family == family and family in CORE_NAME_FAMILIES and (
                core := _core_evidence(mention, actor)):
            if EVIDENCE_AGAINST.get(core, 0.0) is None:
                return core
            found.append(core)
        else:
            my_acronyms = {acronym(f) for f in (mention.name, *mention.aliases)} - {None}
            their_acronyms = {acronym(n) for m in actor.members
                              for n in (m.name, *m.aliases)} - {None}
            squashed_mine = {k.replace(" ", "") for k in mine}
            squashed_theirs = {k.replace(" ", "") for k in theirs}
            if (my_acronyms & squashed_theirs) or (their_acronyms & squashed_mine):
                found.append("acronym of the name")
        return None

    # --- ids and decisions ----------------------------------------------------------

    def _fresh_id(self, mention: ActorMention, bare: bool) -> str:
        family = family_of(mention.type)
        identity = _identity_key(mention, family, bare)
        candidates = (identity, identity + "|" + name_key(mention.name),
                      identity + "|" + "|".join(mention.key))
        for text in candidates:
            actor_id = _hash_id(text)
            if not self._taken(actor_id):
                return actor_id
        return _hash_id(candidates[-1])

    def _resolve(self, actor_id: str) -> str:
        seen = set()
        while actor_id in self._redirect and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self._redirect[actor_id]
        return actor_id

    def _remember(self, decision: Decision) -> None:
        self._decisions.append(decision)
        if isinstance(decision, MergeDecision):
            self._decided.add(decision.kept)
            self._decided.discard(decision.absorbed)
            self._redirect[decision.absorbed] = decision.kept
            for key in decision.absorbed_mentions:
                self._pins[key] = decision.kept
        else:
            self._redirect.pop(decision.new_actor, None)
            self._decided |= {decision.actor, decision.new_actor}
            for key in decision.mentions:
                self._pins[key] = decision.new_actor

    def merge(self, kept: str, absorbed: str) -> MergeDecision:
        """Make ``absorbed`` part of ``kept``; later mentions of either go to ``kept``."""
        kept, absorbed = self._resolve(kept), self._resolve(absorbed)
        if kept == absorbed:
            raise ValueError(f"{kept} is already one actor")
        source = self._actors[absorbed]
        decision = MergeDecision(kept, absorbed, tuple(m.key for m in source.members))
        self._remember(decision)
        self._move(source.members, absorbed, kept, "manual merge")
        return decision

    def split(self, actor_id: str, mentions: Iterable[MentionKey]) -> SplitDecision:
        """Make ``mentions`` of ``actor_id`` an actor of their own."""
        actor = self._actors[self._resolve(actor_id)]
        moving_keys = set(mentions)
        moving = [m for m in actor.members if m.key in moving_keys]
        if not moving or len(moving) == len(actor.members):
            raise ValueError("a split takes some, not none or all, of an actor's mentions")
        new_id = self._restored_id(actor.id, moving_keys)
        if new_id is None:
            bare = family_of(moving[0].type) == "person" and not self._full_forms(
                moving[0])
            new_id = self._fresh_id(moving[0], bare)
        decision = SplitDecision(actor.id, new_id, tuple(m.key for m in moving))
        self._remember(decision)
        self._move(moving, actor.id, new_id, "manual split")
        return decision

    def _restored_id(self, actor_id: str, keys: set[MentionKey]) -> str | None:
        """The id an earlier merge took from exactly these mentions, if one did."""
        for decision in reversed(self._decisions):
            if (isinstance(decision, MergeDecision) and decision.kept == actor_id
                    and set(decision.absorbed_mentions) == keys):
                return decision.absorbed
        return None

    def _move(self, members: list[ActorMention], source_id: str, target_id: str,
              reason: str) -> None:
        members = list(members)
        for member in members:
            self._remove_member(member.key)
        if target_id not in self._actors:
            self._ensure_actor(target_id, members[0])
        for member in members:
            self._attach(member, target_id, reason, 1.0, ())
        if source_id in self._actors:
            self._reindex(self._actors[source_id])

    # --- reading --------------------------------------------------------------------

    @property
    def decisions(self) -> tuple[Decision, ...]:
        return tuple(self._decisions)

    @property
    def links(self) -> tuple[ActorLink, ...]:
        return tuple(self._links.values())

    def link_of(self, doc_id: str, entity_id: str) -> ActorLink:
        return self._links[(doc_id, entity_id)]

    def actor_ids(self) -> dict[MentionKey, str]:
        return {key: link.actor_id for key, link in self._links.items()}

    def actors(self) -> list[CorpusActor]:
        return [self._record(a) for a in sorted(self._actors.values(), key=lambda a: a.id)]

    def actor(self, actor_id: str) -> CorpusActor:
        return self._record(self._actors[self._resolve(actor_id)])

    def _record(self, actor: _Actor) -> CorpusActor:
        type_ = max((t for t in actor.types if actor.types[t] > 0),
                    key=lambda t: (actor.types[t], t))
        names = Counter(m.name for m in actor.members)
        spellings = tuple(dict.fromkeys(
            s for m in actor.members for s in (m.name, *m.aliases)))
        name = choose_name(actor.family, names)
        return CorpusActor(actor.id, type_, name, spellings,
                           tuple(m.key for m in actor.members))


# --- helpers ------------------------------------------------------------------------


def choose_name(family: str, names: Counter[str]) -> str:
    """An actor's name among its members' names with their counts: for a person the
    fullest, else the most frequent."""
    if family == "person":
        return max(names, key=lambda n: (len(person_words(n)), names[n], n))
    return max(names, key=lambda n: (names[n], len(n), n))


def has_exclusive_post(mention: ActorMention) -> bool:
    """Whether the mention holds a post one person holds at a time (its date matters)."""
    return any(_is_exclusive(p) for p in mention.posts)


def _confidence(total: float) -> float:
    """An evidence total as a confidence: 0.5 at the threshold, towards 1 above it."""
    return max(0.0, total) / (max(0.0, total) + LINK_THRESHOLD)


def _new_actor_reason(verdicts: list[_Verdict], bare: bool) -> tuple[str, float]:
    if bare:
        return "new actor: a bare surname links only inside its own article", 1.0
    if not verdicts:
        return "new actor: no candidate shares a name key", 1.0
    vetoed = sorted({v.veto for v in verdicts if v.veto})
    best = max(verdicts, key=lambda v: v.total if v.veto is None else -1.0)
    if best.veto is None and best.total > 0:
        why = f"best candidate {best.actor} scored {best.total:.2f} < {LINK_THRESHOLD}"
        if vetoed:
            why += "; others: " + ", ".join(vetoed)
        return "new actor: " + why, 1.0 - _confidence(best.total)
    return "new actor: " + ", ".join(vetoed or ["no evidence"]), 1.0


def _hash_id(text: str) -> str:
    return "A" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:15]


def _identity_key(mention: ActorMention, family: str, bare: bool) -> str:
    if family == "person":
        forms = ActorLinker._full_forms(mention) or [person_words(mention.name) or ["?"]]
        words = max(forms, key=len)
        surname = min(spelling_keys(words[-1]) or {words[-1]})
        if bare:
            return f"person:{surname}:?:{mention.doc_id}"
        return f"person:{surname}:{words[0][0]}"
    code = _country_code(mention)
    if code:
        return f"place:country:{code}"
    return f"{family}:{name_key(mention.name)}"


def _core_evidence(mention: ActorMention, actor: _Actor) -> str | None:
    """Whether names agree once designators and country prefixes are dropped."""
    mine = [core_name(f) for f in (mention.name, *mention.aliases)]
    theirs = [core_name(f) for m in actor.members for f in (m.name, *m.aliases)]
    shared = [(a, b) for a in mine for b in theirs if a[0] == b[0]]
    if not shared:
        return None
    if all(a[1] and b[1] and a[1] != b[1] for a, b in shared):
        return "conflicting countries"
    return "same name without designators"


def _best_person_match(mine: list[list[str]], theirs: list[list[str]]) -> str | None:
    """The strongest name evidence between two sets of name forms, None if they clash."""
    best: str | None = None
    rank = {"same full-name key": 3, "transliteration-equivalent spelling": 2,
            "given-name initial agrees": 1}
    for a in mine:
        for b in theirs:
            found = _compare_person_names(a, b)
            if found is not None and (best is None or rank[found] > rank[best]):
                best = found
    return best


def _compare_person_names(a: list[str], b: list[str]) -> str | None:
    """Two full names (two words or more): same surname and no clashing given name."""
    if not same_spelling(a[-1], b[-1]):
        return None
    if " ".join(map(skeleton, a)) == " ".join(map(skeleton, b)):
        return "same full-name key"
    if len(a[0]) == 1 or len(b[0]) == 1:
        return "given-name initial agrees" if a[0][0] == b[0][0] else None
    if same_spelling(a[0], b[0]):
        return "transliteration-equivalent spelling"
    return None


def _post_and_country_evidence(mention: ActorMention, members: list[ActorMention],
                               found: list[str]) -> str | None:
    their_countries = {c for m in members for c in m.countries}
    if mention.countries and their_countries:
        if not set(mention.countries) & their_countries:
            return "conflicting countries"
        found.append("same country")
    their_posts = {p for m in members for p in m.posts}
    if set(mention.posts) & their_posts:
        found.append("same post")
    elif any(_posts_conflict(mention, m) for m in members):
        return "conflicting posts"
    their_orgs = {name_key(o) for m in members for o in m.organisations}
    if {name_key(o) for o in mention.organisations} & their_orgs:
        found.append("same organisation")
    return None


def _posts_conflict(a: ActorMention, b: ActorMention) -> bool:
    """Different exclusive posts held at about the same time."""
    mine = {p for p in a.posts if _is_exclusive(p)}
    theirs = {p for p in b.posts if _is_exclusive(p)}
    if not mine or not theirs:
        return False
    # "minister" and "foreign minister" are one post said with less detail.
    if any(set(p.split()) <= set(q.split()) or set(q.split()) <= set(p.split())
           for p in mine for q in theirs):
        return False
    return _days_apart(a.published, b.published) <= SAME_TIME_DAYS


def _is_exclusive(post: str) -> bool:
    words = post.split()
    if words and words[0] in ("former", "ex", "late", "acting", "deputy"):
        return False
    return any(post == head or post.endswith(" " + head) or post.startswith(head + " of ")
               for head in EXCLUSIVE_POST_HEADS)


def _days_apart(a: str | None, b: str | None) -> int:
    """Days between two ISO dates; 0 when either is unknown (assume the same time)."""
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)  # type: ignore[index]
    except (TypeError, ValueError):
        return 0
