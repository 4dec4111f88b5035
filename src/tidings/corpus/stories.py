"""Stories: the documents that report one happening, grouped as they arrive.

A new document joins the existing story it is most similar to, or opens a new one; the
corpus is never re-clustered. Each document is reduced to weighted features (names of
people, organisations and places; gazetteer ids; PLOVER event types; explicit dates;
content words). Rare features point to the stories that hold them (an inverted index), so
a new document is scored only against the stories it shares a rare feature with.
Document frequencies are kept as documents arrive, and IDF weights are read from them at
scoring time, so earlier documents never need reweighting.

    >>> index = StoryIndex()
    >>> placed = index.add(story_features(document, copy_of=None))
    >>> placed.story, placed.opened

Similarity is the cosine between the document's TF-IDF vector and the story's centroid
(the sum of its members' vectors). The dot product reads the centroid only at the
document's own features. The centroid's norm is kept as the story grows
(``StoryState.sq_norm``): each member adds what it changes of the squared norm under the
IDF in force when it joined ("stale IDF", an approximation), and the norm is computed
afresh over the whole centroid, under the IDF of now, when the story is scored after the
corpus has grown by ``norm_refresh`` (2%) since that was last done. So scoring a
candidate costs the document's features, not the story's, and the frequencies of the
centroid's other features are read only at a refresh. Candidates are the stories
sharing a rare feature with the document, ranked by the summed IDF-weighted weight of
those features; the best ``max_candidates`` are scored. A story whose dates lie more
than ``date_window_days`` from the document's date is not a candidate. A copy
(``copies.CopyIndex``) joins its original's story without scoring.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from tidings.model import Document
from tidings.nlp.names import fold, skeleton, strip_article

__all__ = [
    "KIND_WEIGHTS",
    "Placed",
    "StoryFeatures",
    "StoryIndex",
    "StorySettings",
    "StoryState",
    "entity_key",
    "story_features",
    "term_weights",
]

#: Entity types whose names identify what a story is about. Dates, numbers and money
#: are too common across stories to be names of them.
NAME_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)

#: How much each kind of feature counts, relative to a content word. Tuned on the ECB+
#: development topics (``tidings eval corpus --split dev``).
KIND_WEIGHTS: dict[str, float] = {
    "name": 1.5,  # a person, organisation, ... by its folded name
    "place": 1.5,  # a gazetteer id
    "type": 0.5,  # a PLOVER event type
    "day": 1.0,  # an explicit date, YYYY-MM-DD
    "year": 0.5,  # the year of an explicit date
    "word": 1.0,  # a content word
}

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]")
_MIN_WORD = 3


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What story grouping needs of one document."""

    doc_id: str
    #: ``kind:value`` keys (kinds as in KIND_WEIGHTS) with their counts in the document.
    counts: tuple[tuple[str, int], ...]
    day: date | None = None  # the publication day, when known
    copy_of: str | None = None  # the earlier document this one copies


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a document went: the story, whether it opened it, and how it was chosen."""

    doc_id: str
    story: str
    opened: bool
    score: float  # cosine with the story joined; 1.0 for a copy, 0.0 when opened
    via_copy: str | None
    candidates: int  # stories scored for this document


@dataclass(frozen=True, slots=True)
class StorySettings:
    """Tuned on the ECB+ development topics; see ``tidings.eval.corpus``."""

    threshold: float = 0.25
    #: A feature in more than this share of the documents (once there are
    #: ``min_docs_for_rarity`` of them) is too common to look stories up by.
    max_df_share: float = 0.05
    min_docs_for_rarity: int = 50
    max_candidates: int = 8
    #: A story's kept norm is computed afresh over its whole centroid when it is scored
    #: after the corpus has grown by this share since it was last computed so.
    norm_refresh: float = 0.02
    date_window_days: int = 10
    kind_weights: Mapping[str, float] = field(default_factory=lambda: dict(KIND_WEIGHTS))


def entity_key(name: str) -> str:
    """A spelling-insensitive key of a name: "The Kremlin's" and "Kremlin" meet."""
    return " ".join(skeleton(w) for w in fold(strip_article(name)).split())


def content_words(text: str) -> Counter[str]:
    """Lower-cased words that are not stop words, a plural "-s" folded."""
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = match.group().casefold()
        if len(word) < _MIN_WORD or word in STOP_WORDS:
            continue
        counts[_singular(word)] += 1
    return counts


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def story_features(document: Document, copy_of: str | None = None) -> StoryFeatures:
    counts: Counter[str] = Counter()
    for entity in document.entities:
        if entity.type not in NAME_TYPES:
            continue
        mentions = max(1, len(entity.mentions))
        if entity.place is not None:
            counts["place:" + entity.place.gazetteer_id] += mentions
        keys = {entity_key(n) for n in (entity.name, *entity.aliases)} - {""}
        for key in keys:
            counts["name:" + key] += mentions
    for event in document.events:
        counts["type:" + event.type] += 1
    for mention in document.dates:
        if mention.precision == "day":
            counts["day:" + mention.value[:10]] += 1
        counts["year:" + mention.value[:4]] += 1
    for word, n in content_words(document.text).items():
        counts["word:" + word] += n
    return StoryFeatures(
        doc_id=document.id,
        counts=tuple(sorted(counts.items())),
        day=_day(document.published),
        copy_of=copy_of,
    )


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(slots=True)
class StoryState:
    """What placing a document needs of one story: its members and summed weights (the
    store rebuilds it from table rows for the candidate stories only)."""

    id: str
    members: list[str]
    weights: Counter[str]  # feature → summed term weight of the members
    first_day: date | None = None
    last_day: date | None = None
    #: The centroid's squared TF-IDF norm, kept as members join (each member's part
    #: under the IDF in force when it joined), and computed afresh over the whole
    #: centroid when the corpus has grown by ``StorySettings.norm_refresh`` since
    #: ``norm_documents`` (see the module docstring).
    sq_norm: float = 0.0
    norm_documents: int = 0


class StoryIndex:
    """Stories of the documents added so far; ``add`` places one more."""

    def __init__(self, settings: StorySettings | None = None) -> None:
        self.settings = settings or StorySettings()
        self.stories: dict[str, StoryState] = {}
        self.story_of: dict[str, str] = {}  # doc id → story id
        self.document_frequency: Counter[str] = Counter()
        self.postings: dict[str, set[str]] = {}  # feature → stories holding it
        self.documents = 0
        self.scored = 0  # stories scored over all additions: the cost of the index

    def add(self, features: StoryFeatures) -> Placed:
        if features.doc_id in self.story_of:
            story = self.story_of[features.doc_id]
            return Placed(features.doc_id, story, False, 1.0, None, 0)
        weights = term_weights(features.counts, self.settings.kind_weights)
        if features.copy_of is not None and features.copy_of in self.story_of:
            story_id = self.story_of[features.copy_of]
            placed = Placed(features.doc_id, story_id, False, 1.0, features.copy_of, 0)
        else:
            candidates = self.candidates(weights, features.day)
            self.scored += len(candidates)
            best, best_score = None, 0.0
            for story_id in candidates:
                score = self.similarity(weights, self.stories[story_id])
                if score > best_score:
                    best, best_score = story_id, score
            if best is not None and best_score >= self.settings.threshold:
                placed = Placed(features.doc_id, best, False, best_score, None, len(candidates))
            else:
                story_id = f"story-{len(self.stories) + 1}"
                # Its norm is kept from its first member on, under the IDF of now.
                self.stories[story_id] = StoryState(
                    story_id, [], Counter(), norm_documents=self.documents)
                placed = Placed(features.doc_id, story_id, True, 0.0, None, len(candidates))
        self._record(features, weights, placed.story)
        return placed

    def add_all(self, items: Iterable[StoryFeatures]) -> list[Placed]:
        return [self.add(item) for item in items]

    def idf(self, feature: str) -> float:
        # Smoothed as if the new document were already counted, so a feature seen only
        # in the document itself still weighs the most.
        return math.log((self.documents + 1) / (self.document_frequency[feature] + 1)) + 1.0

    def is_rare(self, feature: str) -> bool:
        n = self.documents
        if n < self.settings.min_docs_for_rarity:
            return True
        return self.document_frequency[feature] <= self.settings.max_df_share * n

    def candidates(self, weights: Mapping[str, float], day: date | None) -> list[str]:
        """Stories sharing a rare feature with the document, best overlap first."""
        overlap: Counter[str] = Counter()
        for feature, weight in weights.items():
            if not self.is_rare(feature):
                continue
            for story_id in self.postings.get(feature, ()):
                overlap[story_id] += weight * self.idf(feature)
        window = self.settings.date_window_days
        chosen = []
        for story_id, _ in overlap.most_common():
            story = self.stories[story_id]
            if day is not None and story.first_day is not None and story.last_day is not None:
                if (story.first_day - day).days > window or (day - story.last_day).days > window:
                    continue
            chosen.append(story_id)
            if len(chosen) == self.settings.max_candidates:
                break
        return chosen

    def similarity(self, weights: Mapping[str, float], story: StoryState) -> float:
        """Cosine of the document and the story's centroid. Reads the centroid only at
        the document's features; the story's norm is ``story.sq_norm`` (stale IDF)."""
        if self.needs_norm(story):
            # By feature, as the store reads a centroid: the same floating-point sum.
            story.sq_norm = sum(
                (w * self.idf(f)) ** 2 for f, w in sorted(story.weights.items()))
            story.norm_documents = self.documents
        dot = doc_norm = 0.0
        for feature, weight in weights.items():
            idf = self.idf(feature)
            doc_norm += (weight * idf) ** 2
            dot += weight * story.weights.get(feature, 0.0) * idf * idf
        if not dot or story.sq_norm <= 0.0:
            return 0.0
        return dot / math.sqrt(doc_norm * story.sq_norm)

    def needs_norm(self, story: StoryState) -> bool:
        """Whether scoring ``story`` now computes its norm over the whole centroid."""
        return self.documents > story.norm_documents * (1.0 + self.settings.norm_refresh)

    def _record(self, features: StoryFeatures, weights: Mapping[str, float], story_id: str) -> None:
        story = self.stories[story_id]
        story.members.append(features.doc_id)
        for feature, weight in weights.items():  # before the frequencies move
            idf = self.idf(feature)
            before = story.weights.get(feature, 0.0)
            after = before + weight
            story.sq_norm += (after * after - before * before) * idf * idf
        story.weights.update(weights)
        if features.day is not None:
            story.first_day = min(filter(None, (story.first_day, features.day)))
            story.last_day = max(filter(None, (story.last_day, features.day)))
        self.story_of[features.doc_id] = story_id
        self.documents += 1
        for feature in weights:
            self.document_frequency[feature] += 1
            self.postings.setdefault(feature, set()).add(story_id)


def term_weights(
    counts: Iterable[tuple[str, int]], kind_weights: Mapping[str, float]
) -> dict[str, float]:
    """Sublinear term frequency times the weight of the feature's kind."""
    weights = {}
    for feature, count in counts:
        kind = feature.split(":", 1)[0]
        weights[feature] = kind_weights.get(kind, 1.0) * (1.0 + math.log(count))
    return weights
