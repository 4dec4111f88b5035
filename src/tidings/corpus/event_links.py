"""Event mentions of different documents that report one happening.

One scoring core serves two callers: the evaluation, which links the gold event mentions
of ECB+ (``tidings.eval.corpus``), and the product, which groups the ``Event`` records of
the documents of one story into corpus events (``group_events``).

An ``EventMention`` carries what the core compares: a trigger key (the trigger's lemma,
or for a Tidings event its PLOVER type), the word families of the trigger
(``data/event_families.tsv``), and its arguments: participants (entity keys), places
(gazetteer ids or place name keys) and days. Two mentions can corefer only inside one
story and when their triggers are the same key or share a family; the arguments then add
evidence (shared participants or places) or take it away (days further apart than the
window, places that differ).

Mentions are clustered story by story, by average-link agglomeration over the pair
scores, stopping at the threshold. With ``LinkSettings.lemma_baseline()`` the core is the
usual baseline: every pair with the same trigger key in one story corefers.

    >>> clusters = cluster_mentions(mentions, LinkSettings())
    >>> clusters[("36_1ecb", "12")]
    'story-3/7'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from tidings.corpus.stories import entity_key
from tidings.data import read_table
from tidings.model import Document, Entity, Event

__all__ = [
    "CorpusEvent",
    "EventMention",
    "LinkSettings",
    "cluster_mentions",
    "document_event_mentions",
    "families_of",
    "group_events",
    "is_generic",
    "link_score",
    "resolve_event_pronouns",
    "trigger_key",
]

FAMILIES_FILE = "event_families.tsv"
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
PARTICIPANT_TYPES = frozenset({"PERSON", "ORG", "NORP"})


#: Endings stripped from a lemma to key it, longest first, with the shortest word each
#: applies to. The lemmatiser leaves inflections on words it takes for names, which
#: headlines are full of ("Checks Into", "Dies at 77"), and keeps "-ing" nouns whole.
_ENDINGS: tuple[tuple[str, str, int], ...] = (
    ("ings", "", 7),
    ("ies", "y", 5),
    ("sses", "ss", 5),
    ("ing", "", 6),
    ("ed", "", 6),
    ("s", "", 4),
)
_KEEP_FINAL_S = ("ss", "us", "is")


@lru_cache(maxsize=65536)
def trigger_key(lemma: str) -> str:
    """The lemma without inflection, so "checks", "check" and "checking" meet.

        >>> trigger_key("shootings"), trigger_key("charged"), trigger_key("charge")
        ('shoot', 'charg', 'charg')
    """
    word = lemma.casefold().strip()
    for ending, replacement, shortest in _ENDINGS:
        if len(word) >= shortest and word.endswith(ending):
            if ending == "s" and word.endswith(_KEEP_FINAL_S):
                continue
            word = word[: -len(ending)] + replacement
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class _Families:
    of_key: dict[str, frozenset[str]]  # trigger key (words joined by spaces) → families
    generic: frozenset[str]  # families whose words need an argument to link


@lru_cache(maxsize=1)
def _families() -> _Families:
    of_key: dict[str, set[str]] = defaultdict(set)
    generic = set()
    for lineno, fields in read_table(FAMILIES_FILE, header=("family", "links", "lemmas"),
                                     width=3):
        name, links, lemmas = fields
        if links not in ("alone", "argument"):
            raise ValueError(f"{FAMILIES_FILE}:{lineno}: links is alone or argument")
        if links == "argument":
            generic.add(name)
        for lemma in lemmas.split():
            of_key[" ".join(trigger_key(w) for w in lemma.split("_"))].add(name)
    return _Families({k: frozenset(v) for k, v in of_key.items()}, frozenset(generic))


def families_of(*lemmas: str) -> frozenset[str]:
    """The families of the first of ``lemmas`` that the table knows (most specific first);
    a lemma of several words is given space-separated."""
    table = _families().of_key
    for lemma in lemmas:
        key = " ".join(trigger_key(w) for w in lemma.split())
        if key in table:
            return table[key]
    return frozenset()


def is_generic(families: frozenset[str]) -> bool:
    """Whether the trigger's words are too generic to link on alone (say, make, ...)."""
    return bool(families) and families <= _families().generic


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event mention, reduced to what coreference compares."""

    id: Hashable
    doc_id: str
    story: str
    trigger: str  # lemma of the trigger head; for a Tidings event, its PLOVER type
    families: frozenset[str] = frozenset()
    participants: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    days: frozenset[date] = frozenset()

    @property
    def generic(self) -> bool:
        return is_generic(self.families)


#: Words that refer back to an event without naming it ("it happened", "this was").
EVENT_PRONOUNS = frozenset({"it", "this", "that", "which", "what"})


def resolve_event_pronouns(mentions: Sequence[EventMention]) -> list[EventMention]:
    """Mentions of one document in text order, an event pronoun ("it", "this") taking
    the trigger and families of the nearest earlier mention with a non-generic trigger:
    it then links wherever that mention does. A pronoun with no such mention before it
    keeps its own trigger, which links to nothing."""
    resolved: list[EventMention] = []
    antecedent: EventMention | None = None
    for mention in mentions:
        if mention.trigger in EVENT_PRONOUNS:
            if antecedent is None:
                resolved.append(replace(mention, trigger=f"pronoun:{mention.id}"))
            else:
                resolved.append(
                    replace(mention, trigger=antecedent.trigger, families=antecedent.families)
                )
            continue
        if mention.families and not mention.generic:
            antecedent = mention
        resolved.append(mention)
    return resolved


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """Weights of the pair score; tuned on the ECB+ development topics."""

    threshold: float = 0.5
    same_trigger: float = 0.5  # the same trigger key
    same_family: float = 0.5  # different keys of one family
    generic: float = 0.3  # taken off when either trigger is generic (``is_generic``)
    participant: float = 0.3  # per shared participant, up to ``participant_cap``
    participant_cap: float = 0.4
    place: float = 0.2  # a shared place
    place_conflict: float = 0.0  # both have places, none shared
    day_conflict: float = 0.0  # both have days, none within the window
    day_window: int = 3

    @classmethod
    def lemma_baseline(cls) -> LinkSettings:
        return cls(
            threshold=0.5, same_trigger=1.0, same_family=0.0, participant=0.0,
            participant_cap=0.0, place=0.0, place_conflict=0.0, day_conflict=0.0,
            generic=0.0,
        )


def link_score(a: EventMention, b: EventMention, settings: LinkSettings) -> float:
    """Evidence that two mentions of one story report one event; 0.0 for another story
    or unrelated triggers."""
    if a.story != b.story:
        return 0.0
    if a.trigger == b.trigger:
        score = settings.same_trigger
    elif (a.families & b.families) - _families().generic:
        score = settings.same_family
    else:
        return 0.0
    if a.generic or b.generic:
        score -= settings.generic
    shared = len(a.participants & b.participants)
    score += min(settings.participant_cap, settings.participant * shared)
    if a.places and b.places:
        score += settings.place if a.places & b.places else -settings.place_conflict
    if a.days and b.days and not _days_meet(a.days, b.days, settings.day_window):
        score -= settings.day_conflict
    return score


def _days_meet(first: frozenset[date], second: frozenset[date], window: int) -> bool:
    return any(abs((x - y).days) <= window for x in first for y in second)


def cluster_mentions(
    mentions: Iterable[EventMention], settings: LinkSettings
) -> dict[Hashable, str]:
    """Cluster label of each mention; labels are ``story/number``."""
    by_story: dict[str, list[EventMention]] = defaultdict(list)
    for mention in mentions:
        by_story[mention.story].append(mention)
    labels: dict[Hashable, str] = {}
    for story, members in by_story.items():
        for number, cluster in enumerate(_average_link(members, settings)):
            for mention in cluster:
                labels[mention.id] = f"{story}/{number}"
    return labels


def _average_link(
    mentions: Sequence[EventMention], settings: LinkSettings
) -> list[list[EventMention]]:
    """Agglomerate while the best pair of clusters has an average score ≥ threshold.

    Only mentions with related triggers can score above zero, so the work is done
    block by block: a block is a connected group of related triggers.
    """
    clusters: list[list[EventMention]] = []
    for block in _trigger_blocks(mentions):
        clusters.extend(_agglomerate(block, settings))
    return clusters


def _trigger_blocks(mentions: Sequence[EventMention]) -> list[list[EventMention]]:
    parent = list(range(len(mentions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, mention in enumerate(mentions):
        for key in (f"t:{mention.trigger}", *(f"f:{f}" for f in mention.families)):
            if key in first_with:
                parent[root(i)] = root(first_with[key])
            else:
                first_with[key] = i
    blocks: dict[int, list[EventMention]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        blocks[root(i)].append(mention)
    return list(blocks.values())


def _agglomerate(
    block: Sequence[EventMention], settings: LinkSettings
) -> list[list[EventMention]]:
    n = len(block)
    if n == 1:
        return [list(block)]
    # Pair sums between live clusters; a cluster's average with another is its sum over
    # the product of the sizes.
    sums = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            sums[i][j] = sums[j][i] = link_score(block[i], block[j], settings)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    while True:
        best, pair = settings.threshold, None
        live = list(members)
        for x, i in enumerate(live):
            for j in live[x + 1 :]:
                average = sums[i][j] / (len(members[i]) * len(members[j]))
                if average > best or (pair is None and average >= best):
                    best, pair = average, (i, j)
        if pair is None:
            break
        i, j = pair
        members[i].extend(members.pop(j))
        for k in members:
            if k != i:
                sums[i][k] = sums[k][i] = sums[i][k] + sums[j][k]
    return [[block[i] for i in group] for group in members.values()]


# --- the product: Tidings events of one story ----------------------------------------


@dataclass(frozen=True, slots=True)
class CorpusEvent:
    """One happening as several documents report it."""

    id: str
    story: str
    type: str
    events: tuple[tuple[str, str], ...]  # (document id, event id), in input order
    documents: tuple[str, ...]  # the sources, each once
    days: tuple[date, ...] = field(default=())


def document_event_mentions(document: Document, story: str) -> list[EventMention]:
    """The events of a Tidings Document as mentions; participants are the actors'
    entity keys (or their country when unnamed), places the event's location."""
    entities = {e.id: e for e in document.entities}
    mentions = []
    for event in document.events:
        if event.negated or event.hypothetical:
            continue
        mentions.append(
            EventMention(
                id=(document.id, event.id),
                doc_id=document.id,
                story=story,
                trigger=event.type,
                families=families_of(event.trigger.text.casefold()),
                participants=_actor_keys(event, entities),
                places=_location_keys(event.location, entities),
                days=_event_days(event),
            )
        )
    return mentions


def _actor_keys(event: Event, entities: Mapping[str, Entity]) -> frozenset[str]:
    keys = set()
    for entity_id in (*event.source, *event.target):
        entity = entities.get(entity_id)
        if entity is not None:
            keys.add(entity_key(entity.name))
    for actor in event.actors:
        if actor.entity is None and actor.country:
            keys.add(f"country:{actor.country}")
    return frozenset(keys)


def _location_keys(location: str | None, entities: Mapping[str, Entity]) -> frozenset[str]:
    entity = entities.get(location) if location else None
    if entity is None:
        return frozenset()
    return frozenset({place_key(entity)})


def place_key(entity: Entity) -> str:
    """A gazetteer id when the place was resolved, else the name's key."""
    return entity.place.gazetteer_id if entity.place else entity_key(entity.name)


def _event_days(event: Event) -> frozenset[date]:
    if event.date is None or event.date.precision != "day":
        return frozenset()
    try:
        return frozenset({date.fromisoformat(event.date.value[:10])})
    except ValueError:
        return frozenset()


def group_events(
    documents: Iterable[tuple[Document, str]], settings: LinkSettings | None = None
) -> list[CorpusEvent]:
    """Corpus events of documents given with their story ids; an event reported by one
    document only is a corpus event too."""
    settings = settings or product_settings()
    mentions = [
        m for document, story in documents for m in document_event_mentions(document, story)
    ]
    labels = cluster_mentions(mentions, settings)
    grouped: dict[str, list[EventMention]] = defaultdict(list)
    for mention in mentions:
        grouped[labels[mention.id]].append(mention)
    corpus_events = []
    for label, members in grouped.items():
        story = members[0].story
        sources = tuple(dict.fromkeys(m.doc_id for m in members))
        days = sorted({d for m in members for d in m.days})
        corpus_events.append(
            CorpusEvent(
                id=label,
                story=story,
                type=members[0].trigger,
                events=tuple((m.doc_id, str(m.id[1])) for m in members),  # type: ignore[index]
                documents=sources,
                days=tuple(days),
            )
        )
    return corpus_events


def product_settings() -> LinkSettings:
    """For Tidings events the trigger key is a PLOVER type, broader than a lemma: the
    same type alone does not link, a participant or the place must agree too. An event
    has one resolved place and a dated day, so unlike a sentence of ECB+ a different
    place or a day outside the window rules the link out."""
    base = LinkSettings()
    return replace(
        base, participant=0.2, threshold=base.same_trigger + 0.2, place_conflict=1.0,
        day_conflict=1.0,
    )
