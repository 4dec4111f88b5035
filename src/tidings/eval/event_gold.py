"""The project's PLOVER event gold on real news: loading and checking it.

    >>> texts = load_texts(None)                   # every shared text the gold points into
    >>> golds = load_gold("dev", texts)            # GoldText records of the dev split
    >>> problems = check_file("parts/ce_1.jsonl", texts)

The gold files live in ``tidings/eval/gold/`` (format and guidelines in its README). Each
line names one text of a shared data set by id; every span must slice that text exactly.
``python -m tidings.eval.event_gold FILE...`` checks files and prints each problem on one
line, then a count of texts and events.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tidings.errors import DataNotFoundError, Messages
from tidings.eval.datasets import data_dir as resolve_data_dir
from tidings.eval.events import TYPES as PLOVER_TYPES
from tidings.model import TextSpan

__all__ = ["GOLD_DIR", "GoldActor", "GoldEvent", "GoldSpan", "GoldText", "SharedText",
           "check_file", "load_gold", "load_texts"]

T = TypeVar("T")

GOLD_DIR = Path(__file__).with_name("gold")
SPLITS = ("dev", "test")
TYPES = frozenset(PLOVER_TYPES)
DATASET_FILES = {
    "current_events": ("current_events", "events.jsonl"),
    "wikinews_en": ("wikinews_en", "articles.jsonl"),
    "press_releases": ("press_releases", "articles.jsonl"),
}


@dataclass(frozen=True, slots=True)
class SharedText:
    dataset: str
    id: str
    text: str
    title: str | None
    published: str | None


#: A span of the shared text: the model's own span record.
GoldSpan = TextSpan


@dataclass(frozen=True, slots=True)
class GoldActor:
    start: int
    end: int
    text: str
    name: str


@dataclass(frozen=True, slots=True)
class GoldEvent:
    type: str
    mode: str | None
    trigger: GoldSpan
    mentions: tuple[GoldSpan, ...]
    source: tuple[GoldActor, ...]
    target: tuple[GoldActor, ...]
    mutual: bool
    location: GoldSpan | None
    date: tuple[str, str] | None  # (value, basis)
    asserted_by: GoldActor | None
    negated: bool
    hypothetical: bool
    future: bool
    main: bool


@dataclass(frozen=True, slots=True)
class GoldText:
    dataset: str
    id: str
    kind: str
    text: SharedText
    events: tuple[GoldEvent, ...]


def load_texts(
    data_dir: str | Path | None, wanted: Iterable[tuple[str, str]] | None = None
) -> dict[tuple[str, str], SharedText]:
    """Shared texts by ``(dataset, id)``; only the ``wanted`` ones when given."""
    root = resolve_data_dir(data_dir)
    keep = set(wanted) if wanted is not None else None
    found: dict[tuple[str, str], SharedText] = {}
    for dataset, parts in DATASET_FILES.items():
        if keep is not None and not any(d == dataset for d, _ in keep):
            continue
        path = root.joinpath(*parts)
        if not path.is_file():
            raise DataNotFoundError(Messages.NO_DATA.format(path=path))
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                key = (dataset, record["id"])
                if keep is not None and key not in keep:
                    continue
                found[key] = SharedText(
                    dataset=dataset, id=record["id"], text=record["text"],
                    title=record.get("title"),
                    published=record.get("published") or record.get("date"),
                )
    return found


def gold_files(split: str) -> list[Path]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: choose one of {', '.join(SPLITS)}")
    return [GOLD_DIR / f"events_{split}.jsonl"]


def read_lines(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_gold(split: str, texts: dict[tuple[str, str], SharedText] | None = None,
              data_dir: str | Path | None = None) -> list[GoldText]:
    """The gold texts of one split, with their shared texts; raises on a broken span."""
    records = [r for path in gold_files(split) for r in read_lines(path)]
    return build_checked(records, f"{split} gold", texts, data_dir, check_record, _gold_text)


def build_checked(
    records: list[dict[str, Any]], what: str,
    texts: dict[tuple[str, str], SharedText] | None, data_dir: str | Path | None,
    check: Callable[[dict[str, Any], dict[tuple[str, str], SharedText]], list[str]],
    build: Callable[[dict[str, Any], SharedText], T],
) -> list[T]:
    """Gold lines checked against their shared texts and built into records; raises on
    the first broken line."""
    if texts is None:
        texts = load_texts(data_dir, [(r["dataset"], r["id"]) for r in records])
    golds = []
    for record in records:
        problems = check(record, texts)
        if problems:
            raise ValueError(f"{what}, {record.get('id')}: {problems[0]}")
        golds.append(build(record, texts[(record["dataset"], record["id"])]))
    return golds


def gold_span(raw: dict[str, Any]) -> GoldSpan:
    return GoldSpan(raw["start"], raw["end"], raw["text"])


def _actor(raw: dict[str, Any]) -> GoldActor:
    return GoldActor(raw["start"], raw["end"], raw["text"], raw.get("name") or raw["text"])


def _gold_text(record: dict[str, Any], text: SharedText) -> GoldText:
    events = []
    for raw in record.get("events", ()):
        date = raw.get("date")
        events.append(GoldEvent(
            type=raw["type"],
            mode=raw.get("mode"),
            trigger=gold_span(raw["trigger"]),
            mentions=tuple(gold_span(m) for m in raw.get("mentions") or ()),
            source=tuple(_actor(a) for a in raw.get("source") or ()),
            target=tuple(_actor(a) for a in raw.get("target") or ()),
            mutual=bool(raw.get("mutual")),
            location=gold_span(raw["location"]) if raw.get("location") else None,
            date=(date["value"], date.get("basis", "explicit")) if date else None,
            asserted_by=_actor(raw["asserted_by"]) if raw.get("asserted_by") else None,
            negated=bool(raw.get("negated")),
            hypothetical=bool(raw.get("hypothetical")),
            future=bool(raw.get("future")),
            main=bool(raw.get("main")),
        ))
    return GoldText(record["dataset"], record["id"], record.get("kind", "short"), text,
                    tuple(events))


def span_problems(text: str, raw: Any, what: str) -> list[str]:
    """Why ``raw`` is no span of ``text`` (offsets that slice to its words); [] if it is."""
    if not isinstance(raw, dict) or not {"start", "end", "text"} <= raw.keys():
        return [f"{what}: not a span with start, end and text"]
    start, end = raw["start"], raw["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return [f"{what}: offsets {start}-{end} out of range"]
    if text[start:end] != raw["text"]:
        return [f"{what}: text[{start}:{end}] is {text[start:end]!r}, not {raw['text']!r}"]
    return []


def record_text(record: dict[str, Any], texts: dict[tuple[str, str], SharedText]) -> str | None:
    """The shared text a gold line points into, or None when there is none."""
    shared = texts.get((record.get("dataset"), record.get("id")))  # type: ignore[arg-type]
    return shared.text if shared is not None else None


def check_record(record: dict[str, Any], texts: dict[tuple[str, str], SharedText]) -> list[str]:
    """Every problem of one gold line, each as one sentence; [] when it is sound."""
    text = record_text(record, texts)
    if text is None:
        return [f"no shared text {record.get('dataset')}/{record.get('id')}"]
    problems: list[str] = []

    def span(raw: Any, what: str, named: bool = False) -> None:
        problems.extend(span_problems(text, raw, what))
        if not isinstance(raw, dict):
            return
        if named and not (isinstance(raw.get("name"), str) and raw["name"].strip()):
            problems.append(f"{what}: no name, or a name that is not text")

    events = record.get("events")
    if not isinstance(events, list):
        return [*problems, "events is not a list"]
    mains = sum(1 for e in events if isinstance(e, dict) and e.get("main"))
    if events and mains != 1:
        problems.append(f"{mains} main events, not 1")
    for n, event in enumerate(events):
        what = f"event {n}"
        if event.get("type") not in TYPES:
            problems.append(f"{what}: unknown type {event.get('type')!r}")
        span(event.get("trigger"), f"{what} trigger")
        for m in event.get("mentions") or ():
            span(m, f"{what} mention")
        for side in ("source", "target"):
            for actor in event.get(side) or ():
                span(actor, f"{what} {side}", named=True)
        if event.get("location"):
            span(event["location"], f"{what} location")
        if event.get("asserted_by"):
            span(event["asserted_by"], f"{what} asserted_by", named=True)
        date = event.get("date")
        if date:
            value = str(date.get("value", ""))
            if not (len(value) in (4, 7, 10) and value[:4].isdigit()):
                problems.append(f"{what} date: value {value!r} is not YYYY, YYYY-MM or "
                                "YYYY-MM-DD")
            if date.get("basis") not in ("explicit", "relative"):
                problems.append(f"{what} date: basis must be explicit or relative")
            if "start" in date:
                span(date, f"{what} date")
    return problems


def check_file(path: str | Path, texts: dict[tuple[str, str], SharedText]) -> list[str]:
    problems = []
    for lineno, record in enumerate(read_lines(Path(path)), 1):
        problems += [f"{path}:{lineno} {record.get('id')}: {p}"
                     for p in check_record(record, texts)]
    return problems


def main(argv: list[str]) -> int:
    texts = load_texts(None)
    bad = 0
    for path in argv:
        problems = check_file(path, texts)
        for problem in problems:
            print(problem)
        bad += len(problems)
        records = read_lines(Path(path))
        print(f"{path}: {len(records)} texts, "
              f"{sum(len(r.get('events', ())) for r in records)} events, {len(problems)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
