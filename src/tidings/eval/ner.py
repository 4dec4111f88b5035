"""Exact-span NER scoring: precision, recall and F1 per label and micro over labels.

    >>> from tidings.eval.ner import evaluate
    >>> result = evaluate(docs, lambda text: [(0, 5, "GPE")], labels=("LOC",))
    >>> result.micro.f1

A predicted span counts only if start, end and label all equal a gold span's. Prediction
labels are spaCy's and are mapped to the common set below; a label outside it (DATE,
MONEY, ...) or outside the dataset's ``labels`` is ignored, as are duplicates. Where a
gold document is only partly annotated (``GoldDoc.judged``), a prediction overlapping no
annotated mention is ignored too.

==========================  ======
spaCy label                 common
==========================  ======
PERSON                      PER
ORG                         ORG
GPE, LOC, FAC               LOC
NORP                        NORP
==========================  ======

Two systems are compared on the same texts: ``spacy`` (the base model's ``doc.ents``) and
``tidings`` (every mention of every entity in the Document from ``Extractor``, run with
``clean=False`` so offsets are into the exact given text, and ``require_english=False``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tidings.eval.datasets import GoldDoc

SPACY_TO_COMMON: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
}
#: Common labels pass through unchanged, so a predictor may already speak them.
COMMON_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "NORP")

PredictedSpan = tuple[int, int, str]
Predictor = Callable[[str], Iterable[PredictedSpan]]


def common_label(label: str) -> str | None:
    """The common label for a spaCy (or already common) label, or None to ignore it."""
    if label in COMMON_LABELS:
        return label
    return SPACY_TO_COMMON.get(label)


@dataclass(slots=True)
class Counts:
    gold: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold, "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class NerResult:
    """Counts per label, in the dataset's label order, and micro over them."""

    labels: tuple[str, ...]
    per_label: dict[str, Counts] = field(default_factory=dict)
    docs: int = 0

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.per_label.values():
            total.add(counts)
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "per_label": {label: c.to_dict() for label, c in self.per_label.items()},
            "micro": self.micro.to_dict(),
        }


def score(
    docs: Sequence[GoldDoc],
    predictions: Iterable[Iterable[PredictedSpan]],
    labels: Sequence[str] = COMMON_LABELS,
) -> NerResult:
    """Score predictions (one iterable of spans per document, in order) against gold."""
    result = NerResult(tuple(labels), {label: Counts() for label in labels})
    wanted = set(labels)
    for doc, predicted in zip(docs, predictions, strict=True):
        result.docs += 1
        gold = {(s, e, lab) for s, e, lab in doc.spans if lab in wanted}
        pred = set()
        for start, end, label in predicted:
            mapped = common_label(label)
            if mapped in wanted and (
                doc.judged is None
                or (start, end, mapped) in gold
                or any(start < j_end and j_start < end for j_start, j_end in doc.judged)
            ):
                pred.add((start, end, mapped))
        for label in labels:
            g = {x for x in gold if x[2] == label}
            p = {x for x in pred if x[2] == label}
            counts = result.per_label[label]
            counts.gold += len(g)
            counts.tp += len(g & p)
            counts.fp += len(p - g)
            counts.fn += len(g - p)
    return result


def evaluate(
    docs: Sequence[GoldDoc], predict: Predictor, labels: Sequence[str] = COMMON_LABELS
) -> NerResult:
    """Score a per-text prediction function ``text -> [(start, end, label)]``."""
    return score(docs, (list(predict(doc.text)) for doc in docs), labels)


# --- the two systems ------------------------------------------------------------------


class System:
    """A named NER system; ``predict_many`` is the batched path the evaluation uses."""

    name: str = ""
    note: str | None = None  # one line shown with the results, e.g. a fallback

    def predict_many(self, texts: Sequence[str]) -> Iterator[list[PredictedSpan]]:
        raise NotImplementedError

    def __call__(self, text: str) -> list[PredictedSpan]:
        return next(iter(self.predict_many([text])))


class SpacySystem(System):
    """The raw base model: ``doc.ents``."""

    name = "spacy"

    def __init__(self, model: str | None = None) -> None:
        from tidings.nlp.pipeline import load_base

        self.nlp = load_base(model)

    def predict_many(self, texts: Sequence[str]) -> Iterator[list[PredictedSpan]]:
        for doc in self.nlp.pipe(texts, batch_size=16):
            yield [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


class TidingsSystem(System):
    """Every mention of every entity that ``Extractor`` (clean=False) puts in a Document.

    While the Tidings pipeline cannot be imported (it is being built), this falls back
    to the base model and says so in ``note``, so the command still runs.
    """

    name = "tidings"

    def __init__(self, model: str | None = None) -> None:
        self.extractor: Any = None
        self._fallback: SpacySystem | None = None
        try:
            from tidings.extraction import Extractor

            self.extractor = Extractor(model, clean=False, require_english=False)
        except ImportError as exc:
            self.note = f"Tidings pipeline not importable ({exc}); its column is the base model"
            self._fallback = SpacySystem(model)
        self.rejected = 0

    def predict_many(self, texts: Sequence[str]) -> Iterator[list[PredictedSpan]]:
        if self._fallback is not None:
            yield from self._fallback.predict_many(texts)
            return
        from tidings.model import Document, RawArticle

        raws = [RawArticle(source=f"eval:{i}", text=text) for i, text in enumerate(texts)]
        # Coreference adds pronouns and descriptions ("he", "the minister") as mentions of
        # entities; entity recognition is scored on names, so that stage is off here.
        nlp = getattr(self.extractor, "nlp", None)
        off = [name for name in ("tidings_coref",) if nlp is not None and name in nlp.pipe_names]
        with nlp.select_pipes(disable=off) if off else contextlib.nullcontext():
            results = list(self.extractor.run(raws))
        for raw, result in results:
            if not isinstance(result, Document):
                self.rejected += 1
                yield []
                continue
            if result.text != raw.text:
                raise AssertionError(f"{raw.source}: Extractor(clean=False) changed the text")
            yield [
                (m.start, m.end, entity.type)
                for entity in result.entities
                for m in entity.mentions
            ]


def build_systems(model: str | None = None) -> list[System]:
    return [SpacySystem(model), TidingsSystem(model)]


def run(
    docs: Sequence[GoldDoc], systems: Sequence[System], labels: Sequence[str]
) -> dict[str, NerResult]:
    """Each system's result on the same documents."""
    texts = [doc.text for doc in docs]
    return {s.name: score(docs, s.predict_many(texts), labels) for s in systems}
