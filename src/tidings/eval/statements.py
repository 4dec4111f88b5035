"""Statement scoring on PolNeAR: content spans and speakers, for Tidings and textacy.

    >>> from tidings.eval.statements import load_polnear, build_systems, run
    >>> docs = list(load_polnear(limit=5))
    >>> results = run(docs, build_systems())
    >>> results["tidings"].overlap.f1

**Data.** PolNeAR (``<data_dir>/polnear/data/<split>/``; ``text/*.txt`` and
``attributions/*.ann`` in brat standoff) marks every attribution in 2016 US political
news: Source, Cue and Content spans, linked by an ``E`` line. A span may be in several
fragments (``Content 315 448;463 553``: an interrupted quotation is one attribution).
Some texts were annotated by several annotators (one ``.ann`` each, named
``<text>_<annotator>.ann``); each text is scored once, against the first annotator's file
in name order. Attributions without content are skipped; a fragment whose recorded text
does not equal the text at its offsets is dropped. PolNeAR attributes thoughts and
intentions too ("believes", "wants", "a poll shows"), which a statement finder does not
look for: recall is measured over all of them, and that costs every system recall.

**Spans compared.** PolNeAR keeps the complementizer and the quote marks in a content
(``that Hillary Clinton's team avoided ...``, ``“He's absolutely right ...,”``); Tidings
leaves them out by design (see ``tidings.nlp.statements``). So that no system is scored on
that choice, every content fragment, gold and predicted alike, is normalised before
comparison: spaces, quote marks and punctuation are trimmed from both ends, and a leading
``that`` is removed. A content is then the set of character positions of its normalised
fragments.

**Predictions.** A system's statements that share one cue (and speaker) are one
predicted attribution, whose content is the union of theirs: Tidings emits the two halves
of ``“…,” he said, “…”`` as two statements with one cue, textacy as two triples with one
cue; PolNeAR has them as one attribution in two fragments.

**Content scores.** *Exact*: a prediction matches a gold attribution when their
normalised character sets are equal. *Overlap*: when their intersection covers at least
half of each (``|P ∩ G| >= 0.5 * max(|P|, |G|)``). Matching is one-to-one (largest
overlap first); precision = matches / predictions, recall = matches / gold.
*Direct quotations* are also scored alone: gold contents that open with a quote mark
against predictions marked direct (all of textacy's are).

**Speaker accuracy**, over the overlap matches whose gold attribution has a Source: the
speaker is right when the words the system gives as the speaker overlap the gold Source
(``he`` for ``he``; ``Flynn`` inside ``Flynn, a top Trump surrogate,``), or when the gold
Source overlaps a mention of the entity Tidings resolved the speaker to (its names, and
the pronouns and descriptions coreference linked to it). *Speaker entity accuracy* is
stricter and Tidings-only: over the matches whose gold Source contains a name that
Tidings found, the share where the statement's speaker entity is that name's entity.

Both systems run the same spaCy model on the same texts: ``tidings`` is the Tidings
pipeline (its statements, with entities and coreference); ``textacy`` is
``textacy.extract.triples.direct_quotations`` on the base model's parse.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.errors import DataNotFoundError, Messages
from tidings.eval.datasets import data_dir
from tidings.eval.ner import Counts

FOLDER = "polnear"

Fragments = tuple[tuple[int, int], ...]

_QUOTE_MARKS = "\"'\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019`"
_EDGE = re.compile(rf"^[\s{_QUOTE_MARKS}.,;:!?\u2026\u2014\u2013\-()\[\]]+")
_EDGE_END = re.compile(rf"[\s{_QUOTE_MARKS}.,;:!?\u2026\u2014\u2013\-()\[\]]+$")
_THAT = re.compile(r"^that\b\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: Fragments
    source: Fragments  # empty when PolNeAR marks no source
    cue: Fragments


@dataclass(frozen=True, slots=True)
class GoldStatementsDoc:
    id: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True, slots=True)
class Predicted:
    """One predicted attribution: content fragments and the spans that count as speaker."""

    content: Fragments
    speaker: Fragments = ()  # the speaker's words, and mentions of its entity
    direct: bool = False
    entity_mentions: Fragments = ()  # mentions of the resolved entity (Tidings only)
    resolved: bool = False  # whether the system named an entity


# --- loading ------------------------------------------------------------------------------


def polnear_dir(path: str | Path | None = None, split: str = "dev") -> Path:
    folder = data_dir(path) / FOLDER / "data" / split
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        raise DataNotFoundError(Messages.NO_DATA.format(path=folder))
    return folder


def _fragments(spec: str) -> Fragments:
    return tuple(
        (int(a), int(b)) for a, b in (part.split() for part in spec.split(";"))
    )


def read_ann(text: str, ann: str) -> tuple[GoldAttribution, ...]:
    """The attributions of one brat standoff file over ``text``."""
    spans: dict[str, tuple[str, Fragments]] = {}
    relations: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 3:
                continue
            label, _, spec = parts[1].partition(" ")
            frags = _fragments(spec)
            recorded = parts[2]
            joined = " ".join(text[a:b] for a, b in frags)
            if joined != recorded:
                frags = tuple((a, b) for a, b in frags if text[a:b] in recorded)
            spans[parts[0]] = (label, frags)
        elif line.startswith("E"):
            parts = line.split("\t")
            roles: dict[str, list[str]] = defaultdict(list)
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles[role.rstrip("0123456789")].append(ref)
            relations.append(roles)
    result = []
    for roles in relations:

        def collect(role: str, roles: dict[str, list[str]] = roles) -> Fragments:
            frags = [f for ref in roles.get(role, ()) if ref in spans for f in spans[ref][1]]
            return tuple(sorted(set(frags)))

        content = collect("Content")
        if content:
            result.append(GoldAttribution(content, collect("Source"), collect("Cue")))
    return tuple(result)


def load_polnear(
    path: str | Path | None = None, limit: int | None = None, split: str = "dev"
) -> Iterator[GoldStatementsDoc]:
    """PolNeAR texts with their attributions, in name order, at most ``limit`` of them."""
    folder = polnear_dir(path, split)
    anns = sorted((folder / "attributions").glob("*.ann"))
    texts = sorted((folder / "text").glob("*.txt"))
    if not texts:
        raise DataNotFoundError(Messages.NO_DATA.format(path=folder / "text"))
    for n, text_path in enumerate(texts):
        if limit is not None and n >= limit:
            return
        stem = text_path.stem
        own = [a for a in anns if a.stem.rsplit("_", 1)[0] == stem]
        if not own:
            continue
        text = text_path.read_text(encoding="utf-8")
        attributions = read_ann(text, own[0].read_text(encoding="utf-8"))
        yield GoldStatementsDoc(f"polnear:{stem}", text, attributions)


# --- normalising and matching -----------------------------------------------------------


def normalise(text: str, start: int, end: int) -> tuple[int, int]:
    """A fragment less edge spaces, quote marks, punctuation and a leading "that"."""
    for _ in range(3):  # "“that ..." or "that “..." : trim, cut "that", trim again
        piece = text[start:end]
        m = _EDGE.match(piece)
        if m:
            start += m.end()
            piece = text[start:end]
        m = _THAT.match(piece)
        if m and m.end() < len(piece):
            start += m.end()
            continue
        break
    piece = text[start:end]
    m = _EDGE_END.search(piece)
    if m and m.start() > 0:
        end = start + m.start()
    return start, max(start, end)


def char_set(text: str, frags: Fragments) -> frozenset[int]:
    chars: set[int] = set()
    for a, b in frags:
        s, e = normalise(text, a, b)
        chars.update(range(s, e))
    return frozenset(chars)


def _opens_with_quote(text: str, frags: Fragments) -> bool:
    if not frags:
        return False
    start = frags[0][0]
    return text[start : start + 2].lstrip()[:1] in _QUOTE_MARKS


def _touches(spans: Fragments, others: Fragments) -> bool:
    return any(a < d and c < b for a, b in spans for c, d in others)


@dataclass(slots=True)
class StatementResult:
    docs: int = 0
    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    direct_exact: Counts = field(default_factory=Counts)
    direct_overlap: Counts = field(default_factory=Counts)
    speaker_judged: int = 0
    speaker_right: int = 0
    entity_judged: int = 0
    entity_right: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_judged if self.speaker_judged else 0.0

    @property
    def entity_accuracy(self) -> float:
        return self.entity_right / self.entity_judged if self.entity_judged else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "content_exact": self.exact.to_dict(),
            "content_overlap": self.overlap.to_dict(),
            "direct_exact": self.direct_exact.to_dict(),
            "direct_overlap": self.direct_overlap.to_dict(),
            "speaker": {
                "judged": self.speaker_judged,
                "right": self.speaker_right,
                "accuracy": round(self.speaker_accuracy, 4),
            },
            "speaker_entity": {
                "judged": self.entity_judged,
                "right": self.entity_right,
                "accuracy": round(self.entity_accuracy, 4),
            },
        }


def _match(
    gold: list[frozenset[int]], pred: list[frozenset[int]], exact: bool
) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) matches, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if not g or not p:
                continue
            if exact:
                if g == p:
                    pairs.append((1.0, gi, pi))
                continue
            shared = len(g & p)
            if shared and shared >= 0.5 * max(len(g), len(p)):
                pairs.append((shared / max(len(g), len(p)), gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matches = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matches.append((gi, pi))
    return matches


def _count(counts: Counts, n_gold: int, n_pred: int, n_match: int) -> None:
    counts.gold += n_gold
    counts.tp += n_match
    counts.fp += n_pred - n_match
    counts.fn += n_gold - n_match


def score(
    docs: Sequence[GoldStatementsDoc],
    predictions: Sequence[Sequence[Predicted]],
    named: Sequence[Fragments] | None = None,
) -> StatementResult:
    """Score predicted attributions (one list per document, in order) against gold.

    ``named``: per document, the name mentions the system found (for the entity score).
    """
    result = StatementResult()
    for n, (doc, preds) in enumerate(zip(docs, predictions, strict=True)):
        result.docs += 1
        text = doc.text
        gold = [char_set(text, g.content) for g in doc.attributions]
        pred = [char_set(text, p.content) for p in preds]
        gold = [g for g in gold]
        _count(result.exact, len(gold), len(pred), len(_match(gold, pred, exact=True)))
        matches = _match(gold, pred, exact=False)
        _count(result.overlap, len(gold), len(pred), len(matches))
        direct_g = [i for i, g in enumerate(doc.attributions) if _opens_with_quote(text, g.content)]
        direct_p = [i for i, p in enumerate(preds) if p.direct]
        dg = [gold[i] for i in direct_g]
        dp = [pred[i] for i in direct_p]
        _count(result.direct_exact, len(dg), len(dp), len(_match(dg, dp, exact=True)))
        _count(result.direct_overlap, len(dg), len(dp), len(_match(dg, dp, exact=False)))
        names = named[n] if named is not None else ()
        for gi, pi in matches:
            source = doc.attributions[gi].source
            if not source:
                continue
            p = preds[pi]
            result.speaker_judged += 1
            if _touches(p.speaker, source) or _touches(p.entity_mentions, source):
                result.speaker_right += 1
            if names and _touches(names, source):
                result.entity_judged += 1
                if p.resolved and _touches(p.entity_mentions, source):
                    result.entity_right += 1
    return result


# --- the systems --------------------------------------------------------------------------


class System:
    name: str = ""
    note: str | None = None
    #: Whether statements sharing a cue and speaker are scored as one attribution
    #: (PolNeAR's convention); the project's own gold keeps each half of an interrupted
    #: quotation as a statement of its own.
    grouped: bool = True

    def predict_many(
        self, texts: Sequence[str]
    ) -> Iterator[tuple[list[Predicted], Fragments]]:
        """Per text: predicted attributions, and the name mentions found (may be empty)."""
        raise NotImplementedError


def _grouped(items: list[tuple[Any, Predicted]]) -> list[Predicted]:
    """Merge predictions that share one key (cue and speaker) into one attribution."""
    merged: dict[Any, Predicted] = {}
    for key, p in items:
        if key not in merged:
            merged[key] = p
            continue
        old = merged[key]
        merged[key] = Predicted(
            tuple(sorted({*old.content, *p.content})),
            tuple(sorted({*old.speaker, *p.speaker})),
            old.direct or p.direct,
            old.entity_mentions,
            old.resolved,
        )
    return list(merged.values())


class TidingsSystem(System):
    """The Tidings pipeline's ``doc._.statements`` (uncleaned text, as given)."""

    name = "tidings"

    def __init__(self, model: str | None = None) -> None:
        from tidings.nlp.pipeline import get_nlp

        self.nlp = get_nlp(model)

    def predict_many(
        self, texts: Sequence[str]
    ) -> Iterator[tuple[list[Predicted], Fragments]]:
        for doc in self.nlp.pipe(texts, batch_size=16):
            groups = doc._.entity_groups or ()
            mentions: dict[int, set[tuple[int, int]]] = defaultdict(set)
            for index, group in enumerate(groups):
                mentions[index].update(group.mentions)
            for c in doc._.coref or ():
                mentions[c.entity].add((c.start, c.end))
            names = tuple(sorted(m for g in groups for m in g.mentions))
            items = []
            for s in doc._.statements or ():
                words = getattr(s, "speaker_span", None)
                speaker = (words,) if words else ()
                ents = tuple(sorted(mentions.get(s.speaker, ()))) if s.speaker is not None else ()
                key = (s.cue, s.speaker, words)
                items.append(
                    (key, Predicted((s.content,), speaker, s.direct, ents, s.speaker is not None))
                )
            yield (_grouped(items) if self.grouped else [p for _, p in items]), names


class TextacySystem(System):
    """``textacy.extract.triples.direct_quotations`` on the base model's parse."""

    name = "textacy"

    def __init__(self, model: str | None = None) -> None:
        from tidings.nlp.pipeline import load_base

        self.available = True
        try:
            from textacy.extract import triples
        except ImportError as exc:  # textacy is in the [eval] extra
            self.available = False
            self.note = (
                f"textacy is not installed ({exc}), so it has no column; "
                "install it with: pip install 'tidings[eval]'"
            )
            return
        self._quotations = triples.direct_quotations
        self.retried = 0
        self.skipped = 0
        self.nlp = load_base(model)

    def predict_many(
        self, texts: Sequence[str]
    ) -> Iterator[tuple[list[Predicted], Fragments]]:
        if not self.available:
            for _ in texts:
                yield [], ()
            return
        for doc in self.nlp.pipe(texts, batch_size=16):
            items = []
            for offset, q in self._triples(doc):
                content = ((offset + q.content.start_char, offset + q.content.end_char),)
                speaker = tuple((offset + t.idx, offset + t.idx + len(t)) for t in q.speaker)
                cue = tuple((offset + t.idx, offset + t.idx + len(t)) for t in q.cue)
                items.append(((cue, speaker), Predicted(content, speaker, True)))
            yield (_grouped(items) if self.grouped else [p for _, p in items]), ()

    def _triples(self, doc: Any) -> Iterator[tuple[int, Any]]:
        """(offset, triple) over the document; where textacy refuses the whole document
        (it does on an odd number of quote marks), over each paragraph it accepts."""
        try:
            yield from ((0, q) for q in list(self._quotations(doc)))
            return
        except ValueError:
            self.retried += 1
        for m in re.finditer(r"[^\n]+", doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or not len(span):
                continue
            try:
                found = list(self._quotations(span.as_doc()))
            except ValueError:
                self.skipped += 1
                continue
            yield from ((span.start_char, q) for q in found)
        self.note = (
            f"textacy refused {self.retried} document(s) for an odd number of quote marks; "
            f"they were run paragraph by paragraph ({self.skipped} paragraph(s) still "
            "refused, counted as no quotations)"
        )


def build_systems(model: str | None = None) -> list[System]:
    return [TextacySystem(model), TidingsSystem(model)]


def run(
    docs: Sequence[GoldStatementsDoc], systems: Sequence[System]
) -> dict[str, StatementResult]:
    texts = [d.text for d in docs]
    results = {}
    for system in systems:
        if not getattr(system, "available", True):
            continue
        outputs = list(system.predict_many(texts))
        results[system.name] = score(
            docs, [p for p, _ in outputs], [names for _, names in outputs]
        )
    return results


# --- the report ---------------------------------------------------------------------------


def evaluate(
    path: str | Path | None = None, limit: int | None = None, model: str | None = None
) -> tuple[dict[str, Any], str]:
    """Score both systems on PolNeAR dev: the JSON report and the table for people."""
    docs = list(load_polnear(path, limit))
    systems = build_systems(model)
    results = run(docs, systems)
    n_gold = sum(len(d.attributions) for d in docs)
    report: dict[str, Any] = {
        "task": "statements",
        "dataset": "polnear dev",
        "docs": len(docs),
        "gold_attributions": n_gold,
        "match": "normalised content characters: exact; overlap >= 0.5 of both spans",
        "systems": {name: r.to_dict() for name, r in results.items()},
    }
    notes = [s.note for s in systems if s.note]
    if notes:
        report["notes"] = notes
    return report, table(len(docs), n_gold, results, notes)


def table(docs: int, n_gold: int, results: dict[str, StatementResult], notes: list[str]) -> str:
    """The results side by side; a system that could not run has a note, not a column."""
    titles = {"textacy": "textacy", "tidings": "Tidings"}
    names = [n for n in ("textacy", "tidings") if n in results]
    lines = [
        f"polnear dev: {docs} documents, {n_gold} attributions (first annotator's file)",
        f"{'':24}" + "  ".join(f"{titles[n]:^21}" for n in names),
        f"{'content':18}{'gold':>6}" + f"  {'P':>6}{'R':>7}{'F1':>7}" * len(names),
    ]
    rows = [
        ("exact", "exact"),
        ("overlap >= 0.5", "overlap"),
        ("direct, exact", "direct_exact"),
        ("direct, overlap", "direct_overlap"),
    ]
    for label, attr in rows:
        counts = [getattr(results[n], attr) for n in names]
        lines.append(
            f"{label:18}{counts[0].gold:>6}"
            + "".join(f"  {c.precision:6.3f}{c.recall:7.3f}{c.f1:7.3f}" for c in counts)
        )
    lines.append(
        "speaker accuracy on overlap matches: "
        + ", ".join(
            f"{titles[n]} {results[n].speaker_accuracy:.3f} "
            f"({results[n].speaker_right}/{results[n].speaker_judged})"
            for n in names
        )
    )
    if "tidings" in results:
        x = results["tidings"]
        lines.append(
            f"Tidings speaker entity on named sources: {x.entity_accuracy:.3f} "
            f"({x.entity_right}/{x.entity_judged})"
        )
    lines += [f"note: {n}" for n in notes]
    return "\n".join(lines) + "\n"
