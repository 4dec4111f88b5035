"""Golden files: hand-checked facts that whole sample articles must (and must not) yield.

Each ``tests/golden/*.json`` is one test case, named after the file. Format::

    {
      "article": "samples/xyz.txt",        # path from the repo root; for one record of a
                                           # JSONL file: "samples/feed.jsonl:2" (line 2)
      "published": null | "YYYY-MM-DD",    # used only when the article itself has none
      "note": "...",                       # optional: what the case is about
      "must": {
        "published": "2024-03-14",         # Document.published starts with this
        "outlet": "Trend.az",              # Document.outlet equals this
        "entities": [                      # each must match at least one entity
          {"type": "PERSON", "name": "Shavkat Mirziyoyev", "aliases": ["Mirziyoev"]},
          {"type": "GPE", "mention": "Astana"}
        ],
        "dates": [{"text": "March 3, 2019", "value": "2019-03-03", "precision": "day"}],
        "text_lacks": ["A+ A-", "We use cookies"],   # not in the cleaned text
        "text_has": ["Bayramov noted that"]          # in the cleaned text
      },
      "must_not": {
        "entities": [{"mention": "A+"}, {"type": "PERSON", "mention": "Astana"}],
        "dates": [{"text": "31st"}]        # no emitted date may match
      }
    }

Matching rules:

- An expected entity matches a Document entity when every key it gives holds:
  ``type`` equals ``entity.type``; ``name`` equals ``entity.name``; ``mention`` is the
  text of one of the entity's mentions (for ORG, a leading "the " is ignored on both
  sides, so "the Council of ..." and "Council of ..." match); every string in
  ``aliases`` is in ``entity.aliases`` or is ``entity.name``. A ``must_not`` entity
  fails the case if any entity matches it.
- An expected date matches an emitted date when ``text`` is exactly the date's text (no
  containment: "Monday" does not match "on Monday"; goldens write the expression without
  a leading preposition, e.g. "Monday", "last year", "March 3, 2019") and, when given,
  ``value`` and ``precision`` are equal. A ``must_not`` date matches on the keys it gives.

Every expected value was written by reading the article, never copied from program
output. To compare by hand: ``python tests/golden/show.py tests/golden/<case>.json``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLDEN_FILES = sorted(GOLDEN_DIR.glob("*.json"))


def load_case(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def read_article(spec: str, published: str | None):
    """The RawArticle (or Rejected) for a golden ``article`` value."""
    from tidings.ingest.readers import article_from_bytes, iter_articles
    from tidings.model import Rejected

    rel, _, line = spec.partition(":")
    path = ROOT / rel
    if line:
        wanted = f"{path}:{int(line)}"
        raw = next(a for a in iter_articles([str(path)]) if a.source == wanted)
    else:
        raw = article_from_bytes(path.read_bytes(), rel)
    if not isinstance(raw, Rejected) and raw.published is None and published:
        raw = dataclasses.replace(raw, published=published)
    return raw


def run_case(case: dict[str, Any], extractor=None):
    """Extract the case's article: a Document, or a Rejected from reading or extracting."""
    from tidings.model import Rejected

    raw = read_article(case["article"], case.get("published"))
    if isinstance(raw, Rejected):
        return raw
    if extractor is None:
        from tidings import Extractor

        extractor = Extractor()
    ((_, result),) = list(extractor.run([raw]))
    return result


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def entity_matches(expected: dict[str, Any], entity) -> bool:
    if "type" in expected and expected["type"] != entity.type:
        return False
    if "name" in expected and expected["name"] != entity.name:
        return False
    if "mention" in expected:
        texts = {m.text for m in entity.mentions}
        want = expected["mention"]
        if entity.type == "ORG":
            if _strip_the(want) not in {_strip_the(t) for t in texts}:
                return False
        elif want not in texts:
            return False
    known = set(entity.aliases) | {entity.name}
    return all(alias in known for alias in expected.get("aliases", ()))


def date_matches(expected: dict[str, Any], date) -> bool:
    return all(getattr(date, key) == value for key, value in expected.items())


def describe_entity(entity) -> str:
    mentions = sorted({m.text for m in entity.mentions})
    return f"{entity.type} {entity.name!r} aliases={list(entity.aliases)} mentions={mentions}"


def check(case: dict[str, Any], doc) -> list[str]:
    """Every way ``doc`` falls short of the case, one line each (empty when it passes)."""
    problems: list[str] = []
    must, must_not = case.get("must", {}), case.get("must_not", {})
    if "published" in must and not (doc.published or "").startswith(must["published"]):
        problems.append(f"published: want {must['published']!r}, got {doc.published!r}")
    if "outlet" in must and doc.outlet != must["outlet"]:
        problems.append(f"outlet: want {must['outlet']!r}, got {doc.outlet!r}")
    for exp in must.get("entities", ()):
        if not any(entity_matches(exp, e) for e in doc.entities):
            problems.append(f"missing entity {exp}")
    for exp in must_not.get("entities", ()):
        for e in doc.entities:
            if entity_matches(exp, e):
                problems.append(f"unwanted entity {exp}: {describe_entity(e)}")
    for exp in must.get("dates", ()):
        if not any(date_matches(exp, d) for d in doc.dates):
            near = [(d.text, d.value, d.precision) for d in doc.dates if d.text == exp["text"]]
            problems.append(f"missing date {exp}" + (f" (emitted: {near})" if near else ""))
    for exp in must_not.get("dates", ()):
        for d in doc.dates:
            if date_matches(exp, d):
                problems.append(f"unwanted date {exp}: {(d.text, d.value, d.precision)}")
    for snippet in must.get("text_lacks", ()):
        if snippet in doc.text:
            problems.append(f"cleaned text still has {snippet!r}")
    for snippet in must.get("text_has", ()):
        if snippet not in doc.text:
            problems.append(f"cleaned text lost {snippet!r}")
    return problems


@pytest.mark.parametrize("golden", GOLDEN_FILES, ids=[p.stem for p in GOLDEN_FILES])
def test_golden_article(golden: Path, extractor) -> None:
    from tidings.model import Rejected

    case = load_case(golden)
    doc = run_case(case, extractor)
    if isinstance(doc, Rejected):
        pytest.fail(f"{case['article']} rejected at {doc.stage}: {doc.code}: {doc.reason}")
    problems = check(case, doc)
    assert not problems, f"{case['article']}:\n  " + "\n  ".join(problems)


def test_golden_files_are_well_formed() -> None:
    assert len(GOLDEN_FILES) >= 8
    for path in GOLDEN_FILES:
        case = load_case(path)
        assert (ROOT / case["article"].partition(":")[0]).is_file(), path.name
        assert set(case) <= {"article", "published", "note", "must", "must_not"}, path.name
        assert set(case.get("must", {})) <= {
            "published", "outlet", "entities", "dates", "text_lacks", "text_has"
        }, path.name
        assert set(case.get("must_not", {})) <= {"entities", "dates"}, path.name
