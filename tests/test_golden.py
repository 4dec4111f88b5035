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

Places (optional key): an expected entity may give ``place``, e.g.
``{"country": "KAZ", "gazetteer_id": "geonames:1526273"}``: the entity's place must have
every field given (``country``, ``gazetteer_id``, ``feature``, ``name``); ``"place": null``
wants an entity without a place. In ``must_not`` it names a place the entity must not get.

Roles and coreference (optional keys):

- an expected entity may give ``roles``: each item (keys ``title``, ``rank``,
  ``organization``, ``country``; a key left out is not checked, ``null`` must be None)
  must match one of the entity's roles; ``organization`` is the organisation entity's
  name. ``mentions_include``: texts that must each be the text of one of its mentions
  ("he", "the minister").
- ``must.links``: coreference links that must hold, each ``{"mention", "context",
  "entity"}``: the first whole-word ``mention`` inside the text snippet ``context`` is a
  mention of exactly the named entity (a list for a plural; null for none). Top-level
  ``links`` have the same form and are only measured (``python -m tidings.eval.coref``),
  as is ``"all_roles": true`` (the case lists every post in the article: role precision).

Events (optional keys): ``must.events`` lists events that must be emitted and
``must.events_absent`` events that must not, matched by type, mode, trigger text, location
and actor names, flags and date; the keys are documented in ``tests/golden_events.py``.

Statements (optional keys): ``must.statements`` lists statements that must be emitted and
``must_not.statements`` statements that must not, matched by speaker name, cue text,
content (exact, or how it starts / ends) and ``direct``; the keys are documented in
``tests/golden_statements.py``.

Every expected value was written by reading the article, never copied from program
output. To compare by hand: ``python tests/golden/show.py tests/golden/<case>.json``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from golden_events import KEYS as EVENT_KEYS
from golden_events import event_problems
from golden_statements import STATEMENT_KEYS, statement_problems

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


def entity_matches(expected: dict[str, Any], entity, names: dict[str, str] | None = None) -> bool:
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
    if not all(alias in known for alias in expected.get("aliases", ())):
        return False
    if "place" in expected and not place_matches(expected["place"], entity.place):
        return False
    texts = {m.text for m in entity.mentions}
    if not all(text in texts for text in expected.get("mentions_include", ())):
        return False
    from tidings.eval.coref import role_matches

    return all(
        any(role_matches(want, role, names or {}) for role in entity.roles)
        for want in expected.get("roles", ())
    )


def place_matches(expected: dict[str, Any] | None, place) -> bool:
    """``null`` wants no place; otherwise every key given equals the place's field."""
    if expected is None or place is None:
        return expected is None and place is None
    return all(getattr(place, key) == value for key, value in expected.items())


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
    names = {e.id: e.name for e in doc.entities}
    for exp in must.get("entities", ()):
        if not any(entity_matches(exp, e, names) for e in doc.entities):
            problems.append(f"missing entity {exp}")
    for exp in must_not.get("entities", ()):
        for e in doc.entities:
            if entity_matches(exp, e, names):
                problems.append(f"unwanted entity {exp}: {describe_entity(e)}")
    if must.get("links"):
        from tidings.eval.coref import score_links

        for link in score_links(doc, must["links"]):
            if not link.correct:
                problems.append(
                    f"link {link.mention!r} in {link.context!r}: want "
                    f"{list(link.expected) or None}, got {list(link.predicted) or None}"
                    + ("" if link.found else " (mention not found in the text)")
                )
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
    problems += event_problems(must, doc)
    problems += statement_problems(case, doc)
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
        assert set(case) <= {
            "article", "published", "note", "must", "must_not", "links", "all_roles"
        }, path.name
        assert set(case.get("must", {})) <= {
            "published", "outlet", "entities", "dates", "text_lacks", "text_has", "links",
            "events", "events_absent", "statements",
        }, path.name
        for exp in [*case.get("must", {}).get("events", ()),
                    *case.get("must", {}).get("events_absent", ())]:
            assert set(exp) <= EVENT_KEYS, (path.name, exp)
        assert set(case.get("must_not", {})) <= {"entities", "dates", "statements"}, path.name
        for exp in [*case.get("must", {}).get("statements", ()),
                    *case.get("must_not", {}).get("statements", ())]:
            assert set(exp) <= STATEMENT_KEYS, (path.name, exp)
