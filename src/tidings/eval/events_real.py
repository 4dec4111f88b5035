"""Scoring events on the project's gold on real news (``tidings.eval.event_gold``).

    >>> report, table = evaluate(data_dir=None, split="dev")

Tidings and the keyword baseline (``tidings.eval.event_baseline``) run on the same texts
in the same run, each text with its title and publication date, and both are scored the
same way.

**Matching.** Within a text, each gold event is paired with at most one predicted event,
greedily in three rounds: (1) the predicted trigger overlaps the gold trigger or one of
its later mentions and the types agree; (2) the triggers overlap, any type; (3) the
predicted event's sentence holds the gold trigger and the types agree. A predicted event
left unpaired whose trigger overlaps a paired gold event's words, with the same type, is
a repeated report of it and counts neither way; any other unpaired prediction is a false
positive of its type.

**Figures.**

- type: per-type precision, recall, F1 (a pair with different types is a miss of the
  gold type and a false positive of the predicted one), and their macro mean over the
  types the split has;
- source / target: over paired gold events, the predicted side holds exactly the gold
  actors (each gold actor matched by one predicted actor and each predicted actor
  matching a gold one), or both are empty. An actor matches when a mention overlaps the
  gold span, when one name's words are a subset of the other's ("Putin" / "Vladimir
  Putin"; "police" / "riot police"), or when both name one country ("Russia",
  "Russian", "Moscow" as a country's capital). For a gold event marked ``mutual`` the
  two sides are compared as one set of parties;
- location: over paired gold events with a gold location, the predicted place matches
  it as an actor would; ``location_given``, its precision: over paired events for which a
  place is predicted, the gold has that place (a place where the gold has none is wrong);
- date: over paired gold events with a gold date, the predicted date agrees with the gold
  value at the gold's precision;
- main: over texts with gold events, the type of the predicted main event (the first
  event flagged ``main``; for the baseline, its first event) is the gold main type;
- asserted_by / future: over paired gold events that carry it, the prediction carries it
  too (reported, not a target).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings import countries
from tidings.eval.event_baseline import keyword_events
from tidings.eval.event_gold import GoldActor, GoldEvent, GoldSpan, GoldText, load_gold
from tidings.eval.events import TYPES, type_scores

__all__ = ["PredActor", "PredEvent", "evaluate", "score"]

_STOP = frozenset({"the", "of", "a", "an", "'s", "s", "and", "its", "his", "her", "their"})


@dataclass(frozen=True, slots=True)
class PredActor:
    names: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class PredEvent:
    type: str
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    source: tuple[PredActor, ...] = ()
    target: tuple[PredActor, ...] = ()
    location: PredActor | None = None
    date: str | None = None
    asserted: bool = False
    future: bool = False
    main: bool = False
    label: str = field(default="")


# --- systems --------------------------------------------------------------------------

def tidings_predictions(golds: Sequence[GoldText]) -> dict[str, list[PredEvent]]:
    """Tidings' events for every gold text, by text id."""
    from tidings.extraction import Extractor
    from tidings.model import Document, RawArticle

    extractor = Extractor(clean=False, require_english=False)
    raws = [RawArticle(source=g.id, text=g.text.text, title=g.text.title,
                       published=g.text.published) for g in golds]
    found: dict[str, list[PredEvent]] = {}
    for raw, doc in extractor.run(raws):
        found[raw.source] = list(_from_document(doc)) if isinstance(doc, Document) else []
    return found


def _from_document(doc: Any) -> Iterable[PredEvent]:
    entities = {e.id: e for e in doc.entities}

    def entity_actor(entity_id: str | None, text: str) -> PredActor:
        entity = entities.get(entity_id) if entity_id else None
        if entity is None:
            return PredActor(names=(text,))
        return PredActor(names=(entity.name, *entity.aliases, text),
                         spans=tuple((m.start, m.end) for m in entity.mentions))

    for event in doc.events:
        source = tuple(entity_actor(a.entity, a.text) for a in event.actors if a.role == "source")
        target = tuple(entity_actor(a.entity, a.text) for a in event.actors if a.role == "target")
        location = None
        if event.location is not None and event.location in entities:
            place = entities[event.location]
            location = entity_actor(place.id, place.name)
        yield PredEvent(
            type=event.type,
            trigger=(event.trigger.start, event.trigger.end),
            sentence=(event.evidence.start, event.evidence.end),
            source=source,
            target=target,
            location=location,
            date=event.date.value if event.date is not None else None,
            asserted=event.asserted_by is not None,
            future=bool(event.future),
            main=event.main,
            label=event.trigger.text,
        )


def baseline_predictions(golds: Sequence[GoldText]) -> dict[str, list[PredEvent]]:
    """The keyword baseline's events for every gold text, by text id."""
    found = {}
    for gold in golds:
        text = gold.text.text
        events = []
        for e in keyword_events(text):
            events.append(PredEvent(
                type=e.type, trigger=e.trigger, sentence=e.sentence,
                source=tuple(PredActor(names=(n,)) for n in e.source),
                target=tuple(PredActor(names=(n,)) for n in e.target),
                label=text[e.trigger[0]:e.trigger[1]],
            ))
        if events:
            events[0].main = True
        found[gold.id] = events
    return found


# --- matching --------------------------------------------------------------------------

def _overlaps(a: tuple[int, int], b: GoldSpan | GoldActor) -> bool:
    return a[0] < b.end and b.start < a[1]


def _gold_words(event: GoldEvent) -> tuple[GoldSpan, ...]:
    return (event.trigger, *event.mentions)


def pair_events(gold: Sequence[GoldEvent], pred: Sequence[PredEvent]
                ) -> tuple[list[tuple[int, int]], list[int]]:
    """``(pairs, unpaired predictions)``: pairs are ``(gold index, predicted index)``;
    repeated reports of a paired gold event are left out of the unpaired list."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()

    def round_(test) -> None:
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            options = [pi for pi, p in enumerate(pred) if pi not in used_p and test(g, p)]
            if options:
                best = min(options, key=lambda pi: abs(pred[pi].trigger[0] - g.trigger.start))
                pairs.append((gi, best))
                used_g.add(gi)
                used_p.add(best)

    def overlap(g: GoldEvent, p: PredEvent) -> bool:
        return any(_overlaps(p.trigger, w) for w in _gold_words(g))

    round_(lambda g, p: overlap(g, p) and g.type == p.type)
    round_(overlap)
    round_(lambda g, p: g.type == p.type
           and p.sentence[0] <= g.trigger.start < max(p.sentence[1], p.sentence[0] + 1))
    unpaired = []
    for pi, p in enumerate(pred):
        if pi in used_p:
            continue
        repeat = any(gold[gi].type == p.type and overlap(gold[gi], p) for gi, _ in pairs)
        if not repeat:
            unpaired.append(pi)
    return pairs, unpaired


def _words(name: str) -> frozenset[str]:
    tokens = re.findall(r"[\w]+", name.lower().replace("'s", ""))
    return frozenset(t for t in tokens if t not in _STOP)


def _country(name: str) -> str | None:
    text = name.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    found = countries.country_by_name(text) or countries.country_by_demonym(text)
    if found is not None:
        return found.iso3
    city = countries.city_country(text)
    return city[1] if city else None


def actor_matches(gold: GoldActor | GoldSpan, pred: PredActor) -> bool:
    if any(s < gold.end and gold.start < e for s, e in pred.spans):
        return True
    gold_names = {gold.text, getattr(gold, "name", gold.text)}
    for g in gold_names:
        g_words = _words(g)
        g_country = _country(g)
        for p in pred.names:
            p_words = _words(p)
            if g_words and p_words and (g_words <= p_words or p_words <= g_words):
                return True
            if g_country is not None and g_country == _country(p):
                return True
    return False


def side_right(gold: Sequence[GoldActor], pred: Sequence[PredActor]) -> bool:
    if not gold and not pred:
        return True
    return (all(any(actor_matches(g, p) for p in pred) for g in gold)
            and all(any(actor_matches(g, p) for g in gold) for p in pred))


def date_right(gold_value: str, pred_value: str | None) -> bool:
    return pred_value is not None and len(pred_value) >= len(gold_value) and (
        pred_value[: len(gold_value)] == gold_value)


# --- scoring ----------------------------------------------------------------------------

@dataclass
class _Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += ok

    def value(self) -> float:
        return round(self.right / self.total, 3) if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"right": self.right, "of": self.total, "accuracy": self.value()}


def score(golds: Sequence[GoldText], predictions: dict[str, list[PredEvent]],
          errors: list[str] | None = None) -> dict[str, Any]:
    """Every figure of the module docstring for one system; ``errors`` collects one line
    per mistake when a list is given (the dev split only)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for gold in golds:
        pred = predictions.get(gold.id, [])
        pairs, unpaired = pair_events(gold.events, pred)
        text = gold.text.text
        paired_gold = {gi for gi, _ in pairs}
        for gi, pi in pairs:
            g, p = gold.events[gi], pred[pi]
            if g.type == p.type:
                tp[g.type] += 1
            else:
                fn[g.type] += 1
                fp[p.type] += 1
                _note(errors, gold, f"type {p.type} for gold {g.type} at {g.trigger.text!r}")
            _arguments(g, p, tallies, errors, gold)
        for gi, g in enumerate(gold.events):
            if gi not in paired_gold:
                fn[g.type] += 1
                _note(errors, gold, f"missed {g.type} {g.trigger.text!r} in "
                      f"{_sentence_of(text, g.trigger.start)!r}")
        for pi in unpaired:
            fp[pred[pi].type] += 1
            _note(errors, gold, f"extra {pred[pi].type} {pred[pi].label!r} in "
                  f"{text[pred[pi].sentence[0]:pred[pi].sentence[1]][:160]!r}")
        gold_main = next((e for e in gold.events if e.main), None)
        if gold_main is not None:
            pred_main = next((p for p in pred if p.main), pred[0] if pred else None)
            ok = pred_main is not None and pred_main.type == gold_main.type
            tallies["main"].add(ok)
            if not ok:
                _note(errors, gold, f"main {pred_main.type if pred_main else None} "
                      f"({pred_main.label if pred_main else ''!r}) for gold {gold_main.type} "
                      f"{gold_main.trigger.text!r}")
    per_type, macro_f1 = type_scores(tp, fp, fn)
    total_tp = sum(tp.values())
    micro_p = total_tp / (total_tp + sum(fp.values())) if total_tp + sum(fp.values()) else 0.0
    micro_r = total_tp / (total_tp + sum(fn.values())) if total_tp + sum(fn.values()) else 0.0
    return {
        "texts": len(golds),
        "gold_events": sum(len(g.events) for g in golds),
        "macro_f1": macro_f1,
        "micro_precision": round(micro_p, 3),
        "micro_recall": round(micro_r, 3),
        "per_type": per_type,
        **{name: tally.to_dict() for name, tally in sorted(tallies.items())},
    }


def _arguments(g: GoldEvent, p: PredEvent, tallies: dict[str, _Tally],
               errors: list[str] | None, gold: GoldText) -> None:
    if g.mutual:
        ok = side_right((*g.source, *g.target), (*p.source, *p.target))
        checks = {"source": ok, "target": ok}
    else:
        checks = {"source": side_right(g.source, p.source),
                  "target": side_right(g.target, p.target)}
    if g.location is not None:
        checks["location"] = p.location is not None and actor_matches(g.location, p.location)
    if p.location is not None:  # precision: a place given where the gold has another or none
        tallies["location_given"].add(g.location is not None
                                      and actor_matches(g.location, p.location))
    if g.date is not None:
        checks["date"] = date_right(g.date[0], p.date)
    if g.asserted_by is not None:
        checks["asserted_by"] = p.asserted
    if g.future:
        checks["future"] = p.future
    for name, ok in checks.items():
        tallies[name].add(ok)
        if not ok:
            _note(errors, gold, f"{name} of {g.type} {g.trigger.text!r}: gold "
                  f"{_gold_side(g, name)} predicted {_pred_side(p, name)}")


def _gold_side(g: GoldEvent, name: str) -> str:
    if name in ("source", "target"):
        actors = (*g.source, *g.target) if g.mutual else getattr(g, name)
        return "[" + ", ".join(a.name for a in actors) + "]"
    if name == "location":
        return repr(g.location.text if g.location else None)
    if name == "date":
        return repr(g.date)
    return "yes"


def _pred_side(p: PredEvent, name: str) -> str:
    if name in ("source", "target"):
        return "[" + ", ".join(a.names[0] for a in getattr(p, name)) + "]"
    if name == "location":
        return repr(p.location.names[0] if p.location else None)
    if name == "date":
        return repr(p.date)
    return repr(getattr(p, {"asserted_by": "asserted"}.get(name, name)))


def _note(errors: list[str] | None, gold: GoldText, message: str) -> None:
    if errors is not None:
        errors.append(f"{gold.id}: {message}")


def _sentence_of(text: str, offset: int) -> str:
    start = max(text.rfind(". ", 0, offset) + 2, text.rfind("\n", 0, offset) + 1, 0)
    end = min((i for i in (text.find(". ", offset), text.find("\n", offset)) if i >= 0),
              default=len(text))
    return text[start:end + 1][:200]


# --- the command ------------------------------------------------------------------------

def evaluate(data_dir: str | Path | None, split: str = "dev", limit: int | None = None,
             show_errors: bool = False) -> tuple[dict[str, Any], str]:
    """Tidings and the keyword baseline on one split of the real-news gold."""
    if show_errors and split != "dev":
        raise ValueError("errors are listed for the dev split only: the test split is frozen")
    golds = load_gold(split, data_dir=data_dir)
    if limit is not None:
        golds = golds[:limit]
    errors: list[str] | None = [] if show_errors else None
    report = {
        "split": split,
        "baseline": score(golds, baseline_predictions(golds)),
        "tidings": score(golds, tidings_predictions(golds), errors),
    }
    lines = table(report)
    if errors is not None:
        lines += ["", f"errors of Tidings on the {split} split:", *errors]
    return report, "\n".join(lines) + "\n"


ARGUMENTS = ("source", "target", "location", "location_given", "date", "main",
             "asserted_by", "future")


def table(report: dict[str, Any]) -> list[str]:
    base, ours = report["baseline"], report["tidings"]
    lines = [
        f"real news, {report['split']} split: {ours['texts']} texts, {ours['gold_events']} "
        "gold events",
        f"type macro-F1: keyword baseline {base['macro_f1']:.3f}, Tidings "
        f"{ours['macro_f1']:.3f} (difference {ours['macro_f1'] - base['macro_f1']:+.3f}); "
        f"micro P/R: baseline {base['micro_precision']:.3f}/{base['micro_recall']:.3f}, "
        f"Tidings {ours['micro_precision']:.3f}/{ours['micro_recall']:.3f}",
        f"{'':10}{'':>5}  {'baseline':^21}  {'Tidings':^21}",
        f"{'type':10}{'gold':>5}  {'P':>6}{'R':>7}{'F1':>7}  {'P':>6}{'R':>7}{'F1':>7}",
    ]
    for t in TYPES:
        a, b = base["per_type"][t], ours["per_type"][t]
        if a["gold"] or a["predicted"] or b["predicted"]:
            lines.append(f"{t:10}{a['gold']:>5}  {a['precision']:6.3f}{a['recall']:7.3f}"
                         f"{a['f1']:7.3f}  {b['precision']:6.3f}{b['recall']:7.3f}"
                         f"{b['f1']:7.3f}")
    lines += ["", "arguments of paired events (right / of), baseline and Tidings:"]
    for name in ARGUMENTS:
        a, b = base.get(name), ours.get(name)
        if a is None and b is None:
            continue
        a_txt = f"{a['accuracy']:.3f} ({a['right']}/{a['of']})" if a else "-"
        b_txt = f"{b['accuracy']:.3f} ({b['right']}/{b['of']})" if b else "-"
        lines.append(f"  {name:12} {a_txt:>18}   {b_txt:>18}")
    return lines
