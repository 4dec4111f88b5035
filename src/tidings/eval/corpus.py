"""Scoring the corpus view on ECB+: stories, and event coreference across documents.

    >>> report = evaluate_ecbplus(data_dir=None, split="dev")
    >>> print(table(report))

**Split.** Frozen before any tuning: the test topics are 3, 8, 13, 18, 23, 28 and 33;
the development topics are the others present (1–35 without 15 and 17). Weights and
thresholds are tuned on the development topics only.

**Stories.** Each document of the split goes through the whole Tidings pipeline (the
text as given: ECB+ tokens joined by spaces, one sentence a line, no publication date),
then through ``corpus.copies`` and ``corpus.stories`` one at a time, in a fixed shuffled
order (seed 0), as a stream would bring them. Topics are not given: all documents of the
split form one stream. The gold stories are ECB+'s sub-topics (one seminal event each);
the score is B³ over documents. The baseline, in the same run, is TF-IDF cosine over the
documents' words, fitted on the split, with single-link clustering at a threshold tuned
on the development topics.

**Event coreference.** Items are the gold event mentions (``is_event``) of the selected
sentences, ``(doc_id, m_id)``; gold labels are the ECB+ coreference chains, with
within-document and singleton chains, as in the usual combined within- and
cross-document evaluation. Scores are MUC, B³, CEAF-e and their CoNLL mean. On the same
mentions: Tidings (``corpus.event_links`` with the tuned settings, inside the predicted
stories) and the lemma baseline inside the predicted stories (same spaCy lemma, same
story); for reference, both again inside the gold sub-topics. A mention's trigger is the
spaCy lemma of the head of its tokens (Tidings keys it with ``trigger_key``); its
participants and places are the Tidings entities of its clause (the subtree of its verb),
its days the dates of its sentence (its line); an event pronoun ("it", "this") takes the
trigger of the nearest earlier mention of its document (``resolve_event_pronouns``).
No gold information but the mention spans reaches the systems.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from tidings.corpus.copies import CopyIndex
from tidings.corpus.event_links import (
    PARTICIPANT_TYPES,
    PLACE_TYPES,
    EventMention,
    LinkSettings,
    cluster_mentions,
    families_of,
    place_key,
    resolve_event_pronouns,
    trigger_key,
)
from tidings.corpus.stories import (
    StoryIndex,
    StorySettings,
    entity_key,
    story_features,
)
from tidings.errors import DataNotFoundError, Messages
from tidings.eval.cluster_metrics import PRF, b_cubed, coref_scores
from tidings.eval.datasets import data_dir as resolve_data_dir
from tidings.model import Document, RawArticle

__all__ = [
    "TEST_TOPICS",
    "evaluate_ecbplus",
    "load_ecbplus",
    "table",
]

FOLDER = "ecbplus_dev"
DOCUMENTS_FILE = "documents.jsonl.gz"
TEST_TOPICS = frozenset({3, 8, 13, 18, 23, 28, 33})
SPLITS = ("dev", "test")
STREAM_SEED = 0
OTHER_SEEDS = (1, 2)
#: Single-link threshold of the TF-IDF baseline, tuned on the development topics.
TFIDF_THRESHOLD = 0.24
TARGETS = {"stories": 0.90, "events": 0.80}


@dataclass(frozen=True, slots=True)
class GoldEventMention:
    m_id: str
    start: int
    end: int
    cluster: str


@dataclass(frozen=True, slots=True)
class EcbDocument:
    doc_id: str
    topic: int
    subtopic: str
    text: str
    events: tuple[GoldEventMention, ...]  # in the selected sentences only


@dataclass(frozen=True, slots=True)
class Trigger:
    """What the parse says of one gold event mention."""

    head_lemma: str
    lemmas: tuple[str, ...]  # of all its tokens
    pos: str = ""  # of the head
    dep: str = ""  # of the head
    #: Character span of the trigger's clause: the subtree of its verb (the head itself
    #: when a verb, else the word it depends on); (0, 0) when unknown.
    clause: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Parsed:
    source: EcbDocument
    document: Document
    triggers: tuple[Trigger, ...]  # one per gold event mention, in order


def ecbplus_dir(path: str | Path | None = None) -> Path:
    """``path`` if it holds ECB+ itself, else its (or the data_dir setting's) ECB+ folder."""
    if path is not None and (Path(path) / DOCUMENTS_FILE).is_file():
        return Path(path)
    folder = resolve_data_dir(path) / FOLDER
    if not (folder / DOCUMENTS_FILE).is_file():
        raise DataNotFoundError(Messages.NO_DATA.format(path=folder))
    return folder


def data_root(path: str | Path | None = None) -> Path:
    """The folder of all evaluation sets, given it or the ECB+ folder inside it."""
    if path is not None and (Path(path) / DOCUMENTS_FILE).is_file():
        return Path(path).resolve().parent
    return resolve_data_dir(path)


def in_split(topic: int, split: str) -> bool:
    if split not in SPLITS:
        raise ValueError(f"split is one of {', '.join(SPLITS)}, not {split!r}")
    return (topic in TEST_TOPICS) == (split == "test")


def load_ecbplus(path: str | Path | None, split: str) -> list[EcbDocument]:
    docs = []
    with gzip.open(ecbplus_dir(path) / DOCUMENTS_FILE, "rt", encoding="utf-8") as handle:
        for line in handle:
            raw = json.loads(line)
            topic = int(raw["topic"])
            if not in_split(topic, split):
                continue
            events = tuple(
                GoldEventMention(str(m["m_id"]), m["start"], m["end"], m["cluster_id"])
                for m in raw["mentions"]
                if m["is_event"] and m["in_selected_sentence"]
            )
            docs.append(EcbDocument(raw["doc_id"], topic, raw["subtopic"], raw["text"], events))
    return docs


def parse(docs: Sequence[EcbDocument], model: str | None = None) -> list[Parsed]:
    """The Tidings Document of each text, and the lemmas of its gold event mentions.

    The texts go through the pipeline as given (no cleaning, so gold offsets hold) in
    one batch; the spaCy parse is read for the trigger lemmas, then dropped.
    """
    from tidings.convert import doc_to_document
    from tidings.extraction import Extractor, Prepared, prepare

    extractor = Extractor(model, clean=False, require_english=False)
    prepared: list[tuple[Prepared, EcbDocument]] = []
    for doc in docs:
        item = prepare(RawArticle(source=doc.doc_id, text=doc.text), clean=False,
                       require_english=False)
        if not isinstance(item, Prepared):
            raise ValueError(f"{doc.doc_id}: {item.reason}")
        prepared.append((item, doc))

    def spacy_inputs() -> Iterator[tuple[Any, tuple[Prepared, EcbDocument]]]:
        for item, doc in prepared:
            spacy_doc = extractor.nlp.make_doc(item.cleaned.text)
            spacy_doc._.published = item.anchor_date
            spacy_doc._.title = item.title
            yield spacy_doc, (item, doc)

    parsed = []
    for spacy_doc, (item, doc) in extractor.nlp.pipe(
        spacy_inputs(), as_tuples=True, batch_size=extractor.batch_size
    ):
        parsed.append(Parsed(doc, doc_to_document(spacy_doc, item), triggers_of(spacy_doc, doc)))
    return parsed


def triggers_of(spacy_doc: Any, doc: EcbDocument) -> tuple[Trigger, ...]:
    """What the parse says of each gold event mention of ``doc``."""
    triggers = []
    for mention in doc.events:
        span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            word = doc.text[mention.start : mention.end].casefold()
            triggers.append(Trigger(word, (word,)))
            continue
        root = span.root
        triggers.append(
            Trigger(root.lemma_.casefold(), tuple(t.lemma_.casefold() for t in span),
                    root.pos_, root.dep_, _clause(root))
        )
    return tuple(triggers)


def _clause(token: Any) -> tuple[int, int]:
    verb = token
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    left, right = verb.left_edge, verb.right_edge
    return left.idx, right.idx + len(right.text)


# --- stories ---------------------------------------------------------------------------


def stream_order(parsed: Sequence[Parsed], seed: int = STREAM_SEED) -> list[Parsed]:
    order = sorted(parsed, key=lambda p: p.source.doc_id)
    random.Random(seed).shuffle(order)
    return order


def tidings_stories(
    stream: Sequence[Parsed], settings: StorySettings | None = None
) -> tuple[dict[str, str], dict[str, Any]]:
    """Story of each document (by ECB+ doc id), and counts of how they were placed."""
    copies = CopyIndex()
    stories = StoryIndex(settings)
    labels: dict[str, str] = {}
    copies_found = 0
    for item in stream:
        doc_id = item.source.doc_id
        copy = copies.add(doc_id, item.document.text)
        copies_found += copy is not None
        features = story_features(item.document, copy_of=copy.original if copy else None)
        features = replace(features, doc_id=doc_id)
        labels[doc_id] = stories.add(features).story
    stats = {"copies": copies_found, "stories": len(stories.stories),
             "stories_scored_per_document": round(stories.scored / max(1, len(stream)), 2)}
    return labels, stats


_WORD = re.compile(r"[^\W\d_]+")


def tfidf_stories(
    stream: Sequence[Parsed], threshold: float = TFIDF_THRESHOLD
) -> dict[str, str]:
    """Baseline: single-link clusters of the TF-IDF cosine graph at ``threshold``."""
    bags = []
    for item in stream:
        words = (w.casefold() for w in _WORD.findall(item.source.text))
        bags.append(Counter(w for w in words if w not in STOP_WORDS and len(w) > 2))
    df = Counter(w for bag in bags for w in bag)
    n = len(bags)
    vectors = []
    for bag in bags:
        vector = {w: (1 + math.log(c)) * math.log((1 + n) / (1 + df[w])) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({w: v / norm for w, v in vector.items()})
    postings: dict[str, list[int]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for w in vector:
            postings[w].append(i)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, vector in enumerate(vectors):
        dots: Counter[int] = Counter()
        for w, v in vector.items():
            for j in postings[w]:
                if j < i:
                    dots[j] += v * vectors[j][w]
        for j, dot in dots.items():
            if dot >= threshold:
                parent[root(i)] = root(j)
    return {item.source.doc_id: f"tfidf-{root(i)}" for i, item in enumerate(stream)}


# --- event mentions ----------------------------------------------------------------------


def event_mentions(
    parsed: Sequence[Parsed], story_of: Mapping[str, str], keyed: bool = True
) -> list[EventMention]:
    """The gold event mentions as the core compares them, each in its document's story.

    ``keyed``: the trigger is ``trigger_key`` of the lemma (Tidings); else the lemma
    as spaCy gives it (the baseline)."""
    mentions = []
    for item in parsed:
        doc_id = item.source.doc_id
        lines = _line_starts(item.source.text)
        arguments = _arguments_by_line(item.document, lines)
        in_document = []
        pairs = sorted(zip(item.source.events, item.triggers, strict=True),
                       key=lambda pair: pair[0].start)
        for gold, trigger in pairs:
            participants, places, days = arguments.get(_line_of(lines, gold.start), _NONE)
            if trigger.clause != (0, 0):
                # Participants and places by role: those of the trigger's clause only.
                participants, places = _arguments_in(item.document, *trigger.clause)
            phrase = " ".join(trigger.lemmas)
            in_document.append(
                EventMention(
                    id=(doc_id, gold.m_id),
                    doc_id=doc_id,
                    story=story_of[doc_id],
                    trigger=trigger_key(trigger.head_lemma) if keyed else trigger.head_lemma,
                    families=families_of(phrase, trigger.head_lemma),
                    participants=participants,
                    places=places,
                    days=days,
                )
            )
        mentions.extend(resolve_event_pronouns(in_document) if keyed else in_document)
    return mentions


_NONE: tuple[frozenset[str], frozenset[str], frozenset[date]] = (
    frozenset(), frozenset(), frozenset()
)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_of(starts: Sequence[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _arguments_in(document: Document, start: int, end: int
                  ) -> tuple[frozenset[str], frozenset[str]]:
    participants, places = set(), set()
    for entity in document.entities:
        if not any(start <= m.start < end for m in entity.mentions):
            continue
        if entity.type in PLACE_TYPES:
            places.add(place_key(entity))
        elif entity.type in PARTICIPANT_TYPES:
            participants.add(entity_key(entity.name))
    return frozenset(participants), frozenset(places)


def _arguments_by_line(
    document: Document, lines: Sequence[int]
) -> dict[int, tuple[frozenset[str], frozenset[str], frozenset[date]]]:
    participants: dict[int, set[str]] = defaultdict(set)
    places: dict[int, set[str]] = defaultdict(set)
    days: dict[int, set[date]] = defaultdict(set)
    for entity in document.entities:
        for mention in entity.mentions:
            line = _line_of(lines, mention.start)
            if entity.type in PLACE_TYPES:
                places[line].add(place_key(entity))
            elif entity.type in PARTICIPANT_TYPES:
                participants[line].add(entity_key(entity.name))
    for mention in document.dates:
        if mention.precision == "day":
            try:
                days[_line_of(lines, mention.start)].add(date.fromisoformat(mention.value[:10]))
            except ValueError:
                continue
    keys = set(participants) | set(places) | set(days)
    return {
        line: (frozenset(participants[line]), frozenset(places[line]), frozenset(days[line]))
        for line in keys
    }


# --- the run -----------------------------------------------------------------------------


def _prf(score: PRF) -> dict[str, float]:
    return {"p": round(score.precision, 4), "r": round(score.recall, 4), "f1": round(score.f1, 4)}


def _coref(gold: Mapping[Hashable, Hashable], system: Mapping[Hashable, Hashable]) -> dict:
    scores = coref_scores(gold, system)
    return {
        "muc": _prf(scores.muc),
        "b3": _prf(scores.b_cubed),
        "ceaf_e": _prf(scores.ceaf_e),
        "conll_f1": round(scores.conll_f1, 4),
    }


def score_run(
    parsed: Sequence[Parsed],
    story_settings: StorySettings | None = None,
    link_settings: LinkSettings | None = None,
    tfidf_threshold: float = TFIDF_THRESHOLD,
) -> dict[str, Any]:
    """Stories and event coreference of parsed documents: the systems side by side."""
    stream = stream_order(parsed)
    gold_story = {p.source.doc_id: p.source.subtopic for p in parsed}
    story_of, stats = tidings_stories(stream, story_settings)
    baseline_story = tfidf_stories(stream, tfidf_threshold)
    # The stream's order changes incremental groups: the F1 of other orders shows how much.
    other_orders = [
        round(b_cubed(gold_story, tidings_stories(stream_order(parsed, seed),
                                                  story_settings)[0]).f1, 4)
        for seed in OTHER_SEEDS
    ]
    stories = {
        "documents": len(parsed),
        "gold_stories": len(set(gold_story.values())),
        "tidings": {**_prf(b_cubed(gold_story, story_of)), **stats,
                    "f1_other_orders": other_orders},
        "tfidf_baseline": {**_prf(b_cubed(gold_story, baseline_story)),
                           "stories": len(set(baseline_story.values())),
                           "threshold": tfidf_threshold},
    }
    gold_mention = {
        (p.source.doc_id, m.m_id): m.cluster for p in parsed for m in p.source.events
    }
    predicted = event_mentions(parsed, story_of)
    baseline = event_mentions(parsed, story_of, keyed=False)
    in_gold_subtopics = event_mentions(parsed, gold_story, keyed=False)
    lemma = LinkSettings.lemma_baseline()
    tidings_links = link_settings or LinkSettings()
    events = {
        "mentions": len(gold_mention),
        "gold_chains": len(set(gold_mention.values())),
        "tidings": _coref(gold_mention, cluster_mentions(predicted, tidings_links)),
        "lemma_baseline": _coref(gold_mention, cluster_mentions(baseline, lemma)),
        "lemma_gold_subtopics": _coref(gold_mention, cluster_mentions(in_gold_subtopics, lemma)),
        "tidings_gold_subtopics": _coref(
            gold_mention,
            cluster_mentions(event_mentions(parsed, gold_story), tidings_links),
        ),
    }
    return {"stories": stories, "events": events}


def evaluate_ecbplus(data_dir: str | Path | None = None, split: str = "dev") -> dict[str, Any]:
    """Stories and cross-document event coreference on one split of ECB+."""
    started = time.perf_counter()
    docs = load_ecbplus(data_dir, split)
    parsed = parse(docs)
    parsed_at = time.perf_counter()
    report = score_run(parsed)
    report.update(
        dataset="ecbplus",
        split=split,
        topics=sorted({d.topic for d in docs}),
        seconds={"pipeline": round(parsed_at - started, 1),
                 "corpus": round(time.perf_counter() - parsed_at, 1)},
        targets=TARGETS,
    )
    return report


def table(report: Mapping[str, Any], extra_rows: Iterable[tuple[str, str, str, str]] = ()
          ) -> str:
    """One line per task: the baseline, Tidings and the target."""
    stories, events = report["stories"], report["events"]
    rows = [
        (
            "stories B³ P/R/F1",
            _prf_text(stories["tfidf_baseline"]),
            _prf_text(stories["tidings"]),
            f"F1 ≥ {TARGETS['stories']:.2f}",
        ),
    ]
    for name, key in (("MUC", "muc"), ("B³", "b3"), ("CEAF-e", "ceaf_e")):
        rows.append((f"event coref {name} P/R/F1", _prf_text(events["lemma_baseline"][key]),
                     _prf_text(events["tidings"][key]), ""))
    rows.append(("event coref CoNLL F1", f"{events['lemma_baseline']['conll_f1']:.3f}",
                 f"{events['tidings']['conll_f1']:.3f}", f"≥ {TARGETS['events']:.2f}"))
    rows.append(("  CoNLL F1 in gold sub-topics",
                 f"{events['lemma_gold_subtopics']['conll_f1']:.3f}",
                 f"{events['tidings_gold_subtopics']['conll_f1']:.3f}", "(reference)"))
    rows.extend(extra_rows)
    head = (f"ECB+ {report['split']} (topics {', '.join(map(str, report['topics']))}): "
            f"{stories['documents']} documents, {stories['gold_stories']} gold stories, "
            f"{events['mentions']} event mentions")
    width = max(len(r[0]) for r in rows)
    lines = [head, f"{'task':{width}}  {'baseline':>20}  {'Tidings':>20}  target"]
    lines += [f"{a:{width}}  {b:>20}  {c:>20}  {d}" for a, b, c, d in rows]
    tid = stories["tidings"]
    lines.append(f"stories: {tid['stories']} found ({tid['copies']} copies), "
                 f"{tid['stories_scored_per_document']} scored per document, F1 in other stream "
                 f"orders {', '.join(f'{f:.3f}' for f in tid['f1_other_orders'])}; "
                 "baseline: TF-IDF "
                 f"single-link at {stories['tfidf_baseline']['threshold']}; event baseline: "
                 "same lemma in the predicted story")
    return "\n".join(lines) + "\n"


def _prf_text(score: Mapping[str, float]) -> str:
    return f"{score['p']:.3f}/{score['r']:.3f}/{score['f1']:.3f}"
