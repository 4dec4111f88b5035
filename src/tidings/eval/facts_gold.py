"""The project's entity, post, statement and page-fact gold on real news (issue 9).

    >>> texts = load_texts(None)
    >>> golds = load_facts("dev", texts)            # FactsText records of the dev split
    >>> record = resolve(draft, texts)              # an annotator's draft → offsets

The gold lives beside the event gold in ``tidings/eval/gold/`` (``facts_dev.jsonl``,
``facts_test.jsonl``; format and guidelines in ``gold/FACTS.md``) and covers texts of the
event gold, split the same way. Annotators write *drafts*: spans as the words they
cover plus which occurrence (``{"text": "Putin", "nth": 0}``), entities as a name and
the other forms the text uses. ``resolve`` turns a draft into the stored form: every span
with offsets, every entity with all whole-word occurrences of its name and forms as its
mentions. ``python -m tidings.eval.facts_gold resolve DRAFT.jsonl OUT.jsonl`` does that
and prints each problem on one line; ``check FILE...`` verifies stored files.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.countries import load_countries
from tidings.eval.event_gold import (
    GOLD_DIR,
    SPLITS,
    GoldSpan,
    SharedText,
    build_checked,
    gold_span,
    load_texts,
    read_lines,
    record_text,
    span_problems,
)

__all__ = ["ENTITY_TYPES", "FactsEntity", "FactsPost", "FactsStatement", "FactsText",
           "check_record", "load_facts", "resolve"]

ENTITY_TYPES = ("PER", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class FactsEntity:
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[GoldSpan, ...]


@dataclass(frozen=True, slots=True)
class FactsPost:
    person: str
    title: str
    organization: str | None
    country: str | None
    evidence: GoldSpan


@dataclass(frozen=True, slots=True)
class FactsStatement:
    speaker: GoldSpan | None       # the words that name the speaker in the attribution
    speaker_name: str | None       # the gold entity the speaker is, when it is one
    cue: GoldSpan | None
    content: GoldSpan
    direct: bool


@dataclass(frozen=True, slots=True)
class FactsText:
    dataset: str
    id: str
    kind: str
    text: SharedText
    published: str | None
    entities: tuple[FactsEntity, ...]
    posts: tuple[FactsPost, ...]
    statements: tuple[FactsStatement, ...]


def facts_file(split: str) -> Path:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: choose one of {', '.join(SPLITS)}")
    return GOLD_DIR / f"facts_{split}.jsonl"


def load_facts(split: str, texts: dict[tuple[str, str], SharedText] | None = None,
               data_dir: str | Path | None = None) -> list[FactsText]:
    """The facts gold of one split with its shared texts; raises on a broken line."""
    return build_checked(read_lines(facts_file(split)), f"{split} facts gold", texts,
                         data_dir, check_record, _facts_text)


def _facts_text(record: dict[str, Any], text: SharedText) -> FactsText:
    entities = tuple(
        FactsEntity(e["name"], e["type"], tuple(e.get("aliases") or ()),
                    tuple(gold_span(m) for m in e["mentions"]))
        for e in record.get("entities") or ())
    posts = tuple(
        FactsPost(p["person"], p["title"], p.get("organization"), p.get("country"),
                  gold_span(p["evidence"]))
        for p in record.get("posts") or ())
    statements = []
    for s in record.get("statements") or ():
        speaker = s.get("speaker")
        statements.append(FactsStatement(
            speaker=gold_span(speaker) if speaker else None,
            speaker_name=(speaker or {}).get("name"),
            cue=gold_span(s["cue"]) if s.get("cue") else None,
            content=gold_span(s["content"]),
            direct=bool(s.get("direct")),
        ))
    return FactsText(record["dataset"], record["id"], record.get("kind", "short"), text,
                     record.get("published"), entities, posts, tuple(statements))


# --- drafts → stored records -------------------------------------------------------------

def _occurrences(text: str, form: str) -> list[int]:
    pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
    return [m.start() for m in pattern.finditer(text)]


def _resolve_span(text: str, raw: Any, what: str, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"]:
        problems.append(f"{what}: not a span with text")
        return None
    words = raw["text"]
    if isinstance(raw.get("start"), int):
        start = raw["start"]
        if text[start:start + len(words)] != words:
            problems.append(f"{what}: text at {start} is not {words!r}")
            return None
    else:
        starts = [m.start() for m in re.finditer(re.escape(words), text)]
        nth = raw.get("nth", 0)
        if not isinstance(nth, int) or nth < 0 or nth >= len(starts):
            problems.append(f"{what}: {words!r} occurs {len(starts)} times, no occurrence {nth}")
            return None
        start = starts[nth]
    resolved = {"start": start, "end": start + len(words), "text": words}
    if raw.get("name"):
        resolved["name"] = raw["name"]
    return resolved


def _drop_nested_mentions(entities: list[dict[str, Any]]) -> None:
    """A name inside another entity's longer mention ("Uzbekistan" in "Ministry of
    Foreign Affairs of Uzbekistan") is part of that name, not a mention of its own."""
    spans = [(m["start"], m["end"]) for e in entities for m in e["mentions"]]
    for entity in entities:
        entity["mentions"] = [
            m for m in entity["mentions"]
            if not any(s <= m["start"] and m["end"] <= e and (s, e) != (m["start"], m["end"])
                       for s, e in spans)]


def resolve(draft: dict[str, Any], texts: dict[tuple[str, str], SharedText]) -> tuple[
        dict[str, Any], list[str]]:
    """The stored form of one draft line, and its problems ([] when it is sound)."""
    key = (draft.get("dataset"), draft.get("id"))
    if key not in texts:
        return draft, [f"no shared text {key[0]}/{key[1]}"]
    shared = texts[key]  # type: ignore[index]
    text = shared.text
    problems: list[str] = []
    entities = []
    for n, raw in enumerate(draft.get("entities") or ()):
        forms = [raw.get("name", ""), *(raw.get("aliases") or ())]
        forms = [f for f in forms if isinstance(f, str) and f.strip()]
        if "mentions" in raw:
            mentions = [_resolve_span(text, m, f"entity {n} mention", problems)
                        for m in raw["mentions"]]
            spans = [m for m in mentions if m]
        else:
            taken: set[int] = set()
            spans = []
            for form in sorted(forms, key=len, reverse=True):
                for start in _occurrences(text, form):
                    if taken.isdisjoint(range(start, start + len(form))):
                        taken.update(range(start, start + len(form)))
                        spans.append({"start": start, "end": start + len(form), "text": form})
            spans.sort(key=lambda s: s["start"])
        entities.append({"name": raw.get("name"), "type": raw.get("type"),
                         "aliases": forms[1:], "mentions": spans})
    _drop_nested_mentions(entities)
    posts = []
    for n, raw in enumerate(draft.get("posts") or ()):
        evidence = _resolve_span(text, raw.get("evidence"), f"post {n} evidence", problems)
        posts.append({**{k: raw.get(k) for k in ("person", "title", "organization", "country")},
                      "evidence": evidence})
    statements = []
    for n, raw in enumerate(draft.get("statements") or ()):
        statement: dict[str, Any] = {"direct": bool(raw.get("direct"))}
        for part in ("speaker", "cue", "content"):
            if raw.get(part):
                statement[part] = _resolve_span(text, raw[part], f"statement {n} {part}",
                                                problems)
            else:
                statement[part] = None
        statements.append(statement)
    record = {"dataset": shared.dataset, "id": shared.id, "kind": draft.get("kind", "short"),
              "published": shared.published if draft.get("kind") == "article" else None,
              "entities": entities, "posts": posts, "statements": statements}
    if draft.get("notes"):
        record["notes"] = draft["notes"]
    if not problems:
        problems = check_record(record, texts)
    return record, problems


# --- checking stored records ---------------------------------------------------------------

def check_record(record: dict[str, Any], texts: dict[tuple[str, str], SharedText]) -> list[str]:
    """Every problem of one stored gold line, each as one sentence; [] when it is sound."""
    text = record_text(record, texts)
    if text is None:
        return [f"no shared text {record.get('dataset')}/{record.get('id')}"]
    problems: list[str] = []

    def span(raw: Any, what: str) -> None:
        problems.extend(span_problems(text, raw, what))

    names = set()
    for n, entity in enumerate(record.get("entities") or ()):
        what = f"entity {n} ({entity.get('name')})"
        if not isinstance(entity.get("name"), str) or not entity["name"].strip():
            problems.append(f"{what}: no name")
        if entity.get("type") not in ENTITY_TYPES:
            problems.append(f"{what}: type {entity.get('type')!r} is not one of "
                            f"{', '.join(ENTITY_TYPES)}")
        if not entity.get("mentions"):
            problems.append(f"{what}: no mention of the name or its forms in the text")
        for mention in entity.get("mentions") or ():
            span(mention, f"{what} mention")
        names.add(entity.get("name"))
    for n, post in enumerate(record.get("posts") or ()):
        what = f"post {n}"
        if post.get("person") not in names:
            problems.append(f"{what}: person {post.get('person')!r} is not a gold entity")
        if not isinstance(post.get("title"), str) or not post["title"].strip():
            problems.append(f"{what}: no title")
        if post.get("organization") and post["organization"] not in names:
            problems.append(f"{what}: organization {post['organization']!r} is not a gold "
                            "entity")
        if post.get("country") and post["country"] not in {c.iso3 for c in load_countries()}:
            problems.append(f"{what}: country {post['country']!r} is not an ISO 3166 alpha-3 "
                            "code in data/countries.tsv")
        span(post.get("evidence"), f"{what} evidence")
    for n, statement in enumerate(record.get("statements") or ()):
        what = f"statement {n}"
        span(statement.get("content"), f"{what} content")
        for part in ("speaker", "cue"):
            if statement.get(part):
                span(statement[part], f"{what} {part}")
        speaker = statement.get("speaker") or {}
        if speaker.get("name") and speaker["name"] not in names:
            problems.append(f"{what}: speaker name {speaker['name']!r} is not a gold entity")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "resolve":
        texts = load_texts(None)
        bad = 0
        with open(argv[2], "w", encoding="utf-8") as out:
            for lineno, draft in enumerate(read_lines(Path(argv[1])), 1):
                record, problems = resolve(draft, texts)
                for problem in problems:
                    print(f"{argv[1]}:{lineno} {draft.get('id')}: {problem}")
                bad += len(problems)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{argv[1]}: {bad} problems")
        return 1 if bad else 0
    if len(argv) >= 2 and argv[0] == "check":
        texts = load_texts(None)
        bad = 0
        for path in argv[1:]:
            records = read_lines(Path(path))
            for lineno, record in enumerate(records, 1):
                for problem in check_record(record, texts):
                    print(f"{path}:{lineno} {record.get('id')}: {problem}")
                    bad += 1
            print(f"{path}: {len(records)} texts, "
                  f"{sum(len(r.get('entities') or ()) for r in records)} entities, "
                  f"{sum(len(r.get('posts') or ()) for r in records)} posts, "
                  f"{sum(len(r.get('statements') or ()) for r in records)} statements, "
                  f"{bad} problems")
        return 1 if bad else 0
    print("usage: python -m tidings.eval.facts_gold resolve DRAFT.jsonl OUT.jsonl | "
          "check FILE...")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
