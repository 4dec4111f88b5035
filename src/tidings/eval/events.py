"""Scoring PLOVER events: types and actor countries on PLOVER's gold records, triggers on
MEANTIME.

    >>> report, table = evaluate(data_dir=None, dataset="all", limit=None)

**PLOVER gold-standard records** (``plover_gsr``): 322 sentences, each coded with one
event. The records use an older PLOVER draft; its types map onto the 16 current ones as
PLOVER itself merged them (``GSR_TYPES``: DEMAND → REQUEST, DISAPPROVE and INVESTIGATE →
ACCUSE, FIGHT → ASSAULT). Each sentence goes through the whole pipeline alone, with no
publication date. The predicted event of a sentence is the one Tidings is most confident
of (``top``; ties go to the earlier trigger); no gold information is used to pick it. As a
second view, ``aligned`` picks the event whose trigger is one of the gold event words
when there is one; a third, ``intent``, reads a future cooperative event (CONSULT, AID,
...) as AGREE, the convention of the PLOVER draft the records were coded with. A sentence
without an event counts as predicted ``NONE``.

- type accuracy: predicted type == gold type, over all records;
- macro-F1: the mean over the 16 types of per-type F1 (single-label: a wrong type is a
  false positive for the predicted type and a miss for the gold one);
- source / target country accuracy: over records whose gold source (target) has at least
  one ISO 3166 country code, the set of countries of the predicted event's source (target)
  actors equals the gold set. Non-state codes (IGO, NGO, ...) and codes outside ISO 3166
  ("JAP" in a few records) are left out of the gold set;
- calibration: for the ``top`` events, accuracy of the type per confidence bin.

**MEANTIME** event mentions (``meantime``): triggers only. MEANTIME marks every event
mention (economic, corporate, speech, ...) of the headline and the first five sentences;
Tidings marks PLOVER events only, so recall is bounded far below 1. A predicted trigger is
right when it overlaps a gold mention; both sides are counted only in the annotated
sentences. ``lexicon recall`` is the recall on the gold mentions whose lemma is a word of
Tidings' trigger lexicon: how often a known word is taken as a trigger where MEANTIME saw
an event.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings import countries
from tidings.errors import DataNotFoundError, Messages
from tidings.eval.datasets import data_dir as resolve_data_dir
from tidings.eval.datasets import load_meantime_events

__all__ = ["GSR_TYPES", "TYPES", "GsrRecord", "evaluate", "load_gsr", "score_gsr",
           "score_meantime", "type_scores"]

GSR_PATH = ("plover_gsr", "gold_standard_records", "PLOVER_GSR_CAMEO.txt")
#: The gold records' older types, as PLOVER merged them into its 16 current ones.
GSR_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
             "FIGHT": "ASSAULT"}
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
         "ASSAULT")
NONE = "NONE"
#: Cooperative types whose future-tense reports the gold records code as AGREE, following
#: the PLOVER draft they were coded with ("All cooperative actions reported in future
#: tense are also taken to imply intentions"); current PLOVER keeps the type and marks
#: the event future, as Tidings does. The ``intent`` view applies the older convention.
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
#: Conflictual types whose announced or conditional form the records code as THREATEN
#: (CAMEO 13: threaten to reduce relations, to boycott, to use force, ...).
CONFLICTUAL = frozenset({"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE"})
BINS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01))


@dataclass(frozen=True, slots=True)
class GsrRecord:
    id: str
    text: str
    type: str
    source_countries: frozenset[str]
    target_countries: frozenset[str]
    event_words: tuple[str, ...]  # the words the gold markup tags as the event


def load_gsr(path: str | Path | None = None, limit: int | None = None) -> list[GsrRecord]:
    """The gold records (the file's DOCUMENT record left out), at most ``limit``."""
    file = resolve_data_dir(path).joinpath(*GSR_PATH)
    if not file.is_file():
        raise DataNotFoundError(Messages.NO_DATA.format(path=file))
    records = []
    for raw in json.loads(file.read_text(encoding="utf-8")):
        if raw.get("event") == "DOCUMENT" or not raw.get("text"):
            continue
        records.append(
            GsrRecord(
                id=raw["id"],
                text=raw["text"],
                type=GSR_TYPES.get(raw["event"], raw["event"]),
                source_countries=_gold_countries(raw.get("source")),
                target_countries=_gold_countries(raw.get("target")),
                event_words=_event_words(_markup(raw.get("textInfo"))),
            )
        )
        if limit is not None and len(records) >= limit:
            break
    return records


def _gold_countries(actors: Any) -> frozenset[str]:
    if not isinstance(actors, list):
        return frozenset()
    return frozenset(
        a["code"] for a in actors
        if isinstance(a, dict) and a.get("code") and countries.country_by_iso3(a["code"])
    )


def _markup(info: Any) -> str:
    return str(info.get("markup", "")) if isinstance(info, dict) else ""


def _event_words(markup: str) -> tuple[str, ...]:
    words: list[str] = []
    rest = markup
    while "(EVT:" in rest:
        rest = rest.split("(EVT:", 1)[1]
        inside = rest.split(")", 1)[0]
        words += [w.strip(".,;:{}()").lower() for w in inside.split() if len(w) > 2]
    return tuple(words)


def _extract(items: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Documents for ``(id, text)`` pairs, through the whole pipeline on the exact text."""
    from tidings.extraction import Extractor
    from tidings.model import RawArticle

    extractor = Extractor(clean=False, require_english=False)
    raws = [RawArticle(source=item_id, text=text) for item_id, text in items]
    return {raw.source: doc for raw, doc in extractor.run(raws)}


def _top(events: Iterable[Any]) -> Any | None:
    ordered = sorted(events, key=lambda e: (-e.confidence, e.trigger.start))
    return ordered[0] if ordered else None


def _aligned(events: Sequence[Any], words: tuple[str, ...]) -> Any | None:
    hits = [e for e in events if any(w in e.trigger.text.lower() for w in words)]
    return _top(hits) or _top(events)


def _countries(event: Any, role: str) -> frozenset[str]:
    if event is None:
        return frozenset()
    actors = getattr(event, "actors", ())
    return frozenset(a.country for a in actors if a.role == role and a.country)


def score_gsr(records: Sequence[GsrRecord], docs: dict[str, Any]) -> dict[str, Any]:
    """Type accuracy, macro-F1, confusion, actor countries and calibration."""
    report: dict[str, Any] = {"records": len(records)}
    for view in ("top", "aligned", "main", "intent"):
        predicted: list[str] = []
        chosen = []
        for rec in records:
            doc = docs.get(rec.id)
            events = list(getattr(doc, "events", ()))
            if view == "aligned":
                event = _aligned(events, rec.event_words)
            elif view in ("main", "intent"):
                event = next((e for e in events if e.main), None) or _top(events)
            else:
                event = _top(events)
            chosen.append(event)
            if event is None:
                predicted.append(NONE)
            elif view == "intent":
                predicted.append(intent_type(event))
            else:
                predicted.append(event.type)
        gold = [r.type for r in records]
        view_report = _classification(gold, predicted)
        view_report["source_country"] = _country_accuracy(
            [r.source_countries for r in records], [_countries(e, "source") for e in chosen]
        )
        view_report["target_country"] = _country_accuracy(
            [r.target_countries for r in records], [_countries(e, "target") for e in chosen]
        )
        view_report["calibration"] = _calibration(
            [(e.confidence, e.type == g) for e, g in zip(chosen, gold, strict=True)
             if e is not None]
        )
        report[view] = view_report
    return report


def score_gsr_baseline(records: Sequence[GsrRecord]) -> dict[str, Any]:
    """The keyword baseline on the gold records: the type of its first event."""
    from tidings.eval.event_baseline import keyword_events

    predicted, targets = [], []
    for rec in records:
        found = keyword_events(rec.text)
        predicted.append(found[0].type if found else NONE)
        names = found[0].target if found else ()
        targets.append(frozenset(c for c in (_name_country(n) for n in names) if c))
    report = _classification([r.type for r in records], predicted)
    report["target_country"] = _country_accuracy([r.target_countries for r in records], targets)
    return report


def _name_country(name: str) -> str | None:
    found = countries.country_by_name(name) or countries.country_by_demonym(name)
    if found is not None:
        return found.iso3
    city = countries.city_country(name)
    return city[1] if city else None


def intent_type(event: Any) -> str:
    """The type the gold records' CAMEO-derived convention gives an event that Tidings
    codes with its own type and a flag: an announced or conditional cooperative act is an
    intent to cooperate (AGREE), an announced or conditional conflictual act a threat
    (THREATEN), a refused or failed cooperative act a rejection (REJECT)."""
    planned = event.future or event.hypothetical
    if event.negated and event.type in COOPERATIVE | {"AGREE"}:
        return "REJECT"
    if planned and event.type in COOPERATIVE:
        return "AGREE"
    if planned and event.type in CONFLICTUAL:
        return "THREATEN"
    return event.type


def type_scores(tp: Counter[str], fp: Counter[str], fn: Counter[str]
                ) -> tuple[dict[str, dict[str, Any]], float]:
    """Precision, recall and F1 per PLOVER type from true positive, false positive and
    false negative counts, and their macro mean over the types with gold events."""
    per_type = {}
    for t in TYPES:
        precision = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        recall = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_type[t] = {"gold": tp[t] + fn[t], "predicted": tp[t] + fp[t],
                       "precision": round(precision, 3), "recall": round(recall, 3),
                       "f1": round(f1, 3)}
    scored = [t for t in TYPES if per_type[t]["gold"]]
    macro = round(sum(per_type[t]["f1"] for t in scored) / len(scored), 3) if scored else 0.0
    return per_type, macro


def _classification(gold: list[str], predicted: list[str]) -> dict[str, Any]:
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    per_type, macro = type_scores(tp, fp, fn)
    correct = sum(tp.values())
    return {
        "type_accuracy": round(correct / len(gold), 3) if gold else 0.0,
        "macro_f1": macro,
        "no_event": predicted.count(NONE),
        "per_type": per_type,
        "confusion": {g: dict(c) for g, c in sorted(confusion.items())},
    }


def _country_accuracy(gold: list[frozenset[str]], predicted: list[frozenset[str]]) -> dict:
    pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g]
    exact = sum(1 for g, p in pairs if g == p)
    overlap = sum(1 for g, p in pairs if g & p)
    return {
        "records": len(pairs),
        "accuracy": round(exact / len(pairs), 3) if pairs else 0.0,
        "any_overlap": round(overlap / len(pairs), 3) if pairs else 0.0,
    }


def _calibration(pairs: list[tuple[float, bool]]) -> list[dict[str, Any]]:
    rows = []
    for low, high in BINS:
        inside = [(c, ok) for c, ok in pairs if low <= c < high]
        if not inside:
            rows.append({"bin": f"{low:.1f}-{min(high, 1.0):.1f}", "events": 0})
            continue
        rows.append({
            "bin": f"{low:.1f}-{min(high, 1.0):.1f}",
            "events": len(inside),
            "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 3),
            "accuracy": round(sum(ok for _, ok in inside) / len(inside), 3),
        })
    return rows


def score_meantime(golds: Sequence[Any], docs: dict[str, Any]) -> dict[str, Any]:
    """Trigger precision, recall and F1 against MEANTIME's event mentions."""
    from tidings.nlp.events.lexicon import triggers

    lexicon = triggers()
    known = set(lexicon.single) | set(lexicon.multi)
    tp_pred = n_pred = gold_hit = n_gold = known_gold = known_hit = 0
    by_conf: list[tuple[float, bool]] = []
    for gold in golds:
        doc = docs.get(gold.id)
        limit = gold.judged[0][1] if gold.judged else len(gold.text)
        spans = [s for s in gold.spans if s.start < limit]
        preds = [e for e in getattr(doc, "events", ()) if e.trigger.start < limit]
        for e in preds:
            ok = any(e.trigger.start < s.end and s.start < e.trigger.end for s in spans)
            n_pred += 1
            tp_pred += ok
            by_conf.append((e.confidence, ok))
        for s in spans:
            hit = any(e.trigger.start < s.end and s.start < e.trigger.end for e in preds)
            n_gold += 1
            gold_hit += hit
            words = gold.text[s.start : s.end].lower().split()
            word = words[0] if words else ""
            if word in known or word.rstrip("s") in known or word.rstrip("ed") in known:
                known_gold += 1
                known_hit += hit
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = gold_hit / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(golds),
        "gold_mentions": n_gold,
        "predicted_triggers": n_pred,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "lexicon_gold_mentions": known_gold,
        "lexicon_recall": round(known_hit / known_gold, 3) if known_gold else 0.0,
        "precision_by_confidence": _calibration(by_conf),
    }


DATASETS = ("all", "plover_gsr", "meantime", "real")


def evaluate(
    data_dir: str | Path | None, dataset: str = "all", limit: int | None = None,
    split: str | None = None, show_errors: bool = False,
) -> tuple[dict[str, Any], str]:
    """Run the scorers ``dataset`` asks for (one of ``DATASETS``); ``split`` picks one split
    of the real-news gold (both when None)."""
    from tidings.eval import events_real

    report: dict[str, Any] = {"task": "events"}
    lines: list[str] = []
    if dataset in ("all", "real"):
        for name in (split,) if split else ("dev", "test"):
            report[f"real_{name}"], table = events_real.evaluate(
                data_dir, name, limit, show_errors=show_errors and name == "dev")
            lines += [table]
    if dataset in ("all", "plover_gsr"):
        records = load_gsr(data_dir, limit)
        docs = _extract([(r.id, r.text) for r in records])
        report["plover_gsr"] = score_gsr(records, docs)
        report["plover_gsr"]["baseline"] = score_gsr_baseline(records)
        lines += gsr_table(report["plover_gsr"])
    if dataset in ("all", "meantime"):
        golds = list(load_meantime_events(data_dir, limit))
        docs = _extract([(g.id, g.text) for g in golds])
        report["meantime"] = score_meantime(golds, docs)
        lines += meantime_table(report["meantime"])
    return report, "\n".join(lines) + "\n"


def gsr_table(result: dict[str, Any]) -> list[str]:
    top, aligned, main = result["top"], result["aligned"], result["main"]
    intent = result["intent"]
    base = result.get("baseline")
    lines = [
        f"plover_gsr: {result['records']} gold records, one event each "
        "(types mapped to PLOVER's 16)",
        *([f"keyword baseline: type accuracy {base['type_accuracy']:.3f}  macro-F1 "
           f"{base['macro_f1']:.3f}  target country accuracy "
           f"{base['target_country']['accuracy']:.3f}"] if base else []),
        "type accuracy / macro-F1 of the event Tidings picks, by how it is picked:",
        f"  most confident {top['type_accuracy']:.3f} / {top['macro_f1']:.3f}; "
        f"trigger-aligned {aligned['type_accuracy']:.3f} / {aligned['macro_f1']:.3f}; "
        f"main event {main['type_accuracy']:.3f} / {main['macro_f1']:.3f}",
        f"  main event read with the records' intent convention (announced or conditional "
        f"cooperation = AGREE, conflict = THREATEN, refused cooperation = REJECT): "
        f"{intent['type_accuracy']:.3f} / {intent['macro_f1']:.3f}; no event found in "
        f"{main['no_event']}",
        f"source country accuracy (main event) {main['source_country']['accuracy']:.3f} of "
        f"{main['source_country']['records']} (any overlap "
        f"{main['source_country']['any_overlap']:.3f}); target country accuracy "
        f"{main['target_country']['accuracy']:.3f} of {main['target_country']['records']} "
        f"(any overlap {main['target_country']['any_overlap']:.3f})",
        "",
        "per type, main event with the intent convention:",
        f"{'type':10}{'gold':>5}{'pred':>5}{'P':>7}{'R':>7}{'F1':>7}",
    ]
    for t, row in intent["per_type"].items():
        lines.append(f"{t:10}{row['gold']:>5}{row['predicted']:>5}{row['precision']:7.3f}"
                     f"{row['recall']:7.3f}{row['f1']:7.3f}")
    cols = [*TYPES, NONE]
    short = {t: t[:4] for t in cols}
    lines += ["", "confusion, main event with the intent convention (rows gold, columns "
              "predicted):", f"{'':9}" + "".join(f"{short[c]:>5}" for c in cols)]
    for g in TYPES:
        row = intent["confusion"].get(g, {})
        if not row:
            continue
        lines.append(f"{g[:9]:9}" + "".join(
            f"{row.get(c, 0) or '.':>5}" for c in cols))
    lines += ["", "calibration (top event per record): bin, events, mean confidence, accuracy"]
    for row in top["calibration"]:
        if row["events"]:
            lines.append(f"  {row['bin']}  {row['events']:>4}  {row['mean_confidence']:.3f}"
                         f"  {row['accuracy']:.3f}")
    return lines + [""]


def meantime_table(result: dict[str, Any]) -> list[str]:
    lines = [
        f"meantime: {result['documents']} documents, event triggers in the fully annotated "
        "sentences (any overlap)",
        f"gold mentions {result['gold_mentions']}, predicted triggers "
        f"{result['predicted_triggers']}: P {result['precision']:.3f}  R {result['recall']:.3f}"
        f"  F1 {result['f1']:.3f}",
        f"recall on the {result['lexicon_gold_mentions']} gold mentions whose word is in the "
        f"trigger lexicon: {result['lexicon_recall']:.3f}",
        "precision by confidence: bin, triggers, mean confidence, precision",
    ]
    for row in result["precision_by_confidence"]:
        if row["events"]:
            lines.append(f"  {row['bin']}  {row['events']:>4}  {row['mean_confidence']:.3f}"
                         f"  {row['accuracy']:.3f}")
    return lines
