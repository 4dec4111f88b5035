"""Score coreference links and roles against hand-checked golden cases.

    $ python -m tidings.eval.coref tests/golden/*coref*.json tests/golden/*roles*.json

A golden case (the format of ``tests/golden/*.json``) may list the links a reader makes,
at the top level (measured) or under ``must`` (measured and required by the tests)::

    "links": [
      {"mention": "He", "context": "He stressed that the", "entity": "Kamchybek Tashiev"},
      {"mention": "them", "context": "instructed them to", "entity": ["A B", "C D"]},
      {"mention": "they", "context": "they said", "entity": null}
    ]

``context`` is a snippet of the cleaned text; the link's mention is the first whole-word
occurrence of ``mention`` inside it. ``entity`` names the entity (or entities, for a
plural) the mention refers to, or null when it refers to no entity. A link is correct
when the entities that have a mention at exactly that span are exactly the expected
ones (none for null). Links are grouped by kind: pronoun, description (starts with a
determiner or possessive) or name (a surname alone).

Roles: every ``roles`` item of an expected entity counts as one gold role (recall);
where a case says ``"all_roles": true``, its expected entities list every post in the
article, and each emitted role of a person must match one of them (precision).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.model import Document, Entity, Role

__all__ = [
    "LinkResult",
    "locate",
    "role_matches",
    "score_links",
    "score_roles",
]

PRONOUNS = frozenset(
    {"he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them",
     "their", "theirs", "themselves", "it", "its", "itself"}
)
_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "both", "his", "her",
                          "their", "its"})


@dataclass(frozen=True, slots=True)
class LinkResult:
    mention: str
    context: str
    kind: str  # pronoun | description | name
    expected: tuple[str, ...]
    predicted: tuple[str, ...]
    found: bool  # the mention was located in the text

    @property
    def correct(self) -> bool:
        return self.found and set(self.expected) == set(self.predicted)


def link_kind(mention: str) -> str:
    words = mention.lower().split()
    if len(words) == 1 and words[0] in PRONOUNS:
        return "pronoun"
    if words and words[0] in _DETERMINERS:
        return "description"
    return "name"


def locate(text: str, mention: str, context: str) -> tuple[int, int] | None:
    """Offsets of the first whole-word ``mention`` inside the first ``context``."""
    at = text.find(context)
    if at < 0:
        return None
    found = re.search(rf"(?<!\w){re.escape(mention)}(?!\w)", context)
    if found is None:
        return None
    return at + found.start(), at + found.end()


def _expected_names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def score_links(doc: Document, links: Iterable[dict[str, Any]]) -> list[LinkResult]:
    results = []
    for link in links:
        span = locate(doc.text, link["mention"], link["context"])
        predicted: tuple[str, ...] = ()
        if span is not None:
            predicted = tuple(
                e.name for e in doc.entities
                if any((m.start, m.end) == span for m in e.mentions)
            )
        results.append(
            LinkResult(link["mention"], link["context"], link_kind(link["mention"]),
                       _expected_names(link.get("entity")), predicted, span is not None)
        )
    return results


def role_matches(expected: dict[str, Any], role: Role, names: dict[str, str]) -> bool:
    """Each key given must hold; ``organization`` is compared by the entity's name."""
    for key, value in expected.items():
        got = getattr(role, key)
        if key == "organization" and got is not None:
            got = names.get(got, got)
        if got != value:
            return False
    return True


def _entity_matches(expected: dict[str, Any], entity: Entity) -> bool:
    if "type" in expected and expected["type"] != entity.type:
        return False
    return "name" not in expected or expected["name"] == entity.name


@dataclass(slots=True)
class RoleScore:
    gold: int = 0
    found: int = 0  # gold roles matched by some emitted role
    emitted: int = 0  # emitted roles in cases with all_roles
    emitted_correct: int = 0


def score_roles(doc: Document, case: dict[str, Any], score: RoleScore) -> list[str]:
    """Adds this case to ``score``; returns one line per gold role missed or role wrong."""
    names = {e.id: e.name for e in doc.entities}
    problems = []
    expected = [e for e in case.get("must", {}).get("entities", ()) if "roles" in e]
    for exp in expected:
        for want in exp["roles"]:
            score.gold += 1
            if any(role_matches(want, r, names) for e in doc.entities
                   if _entity_matches(exp, e) for r in e.roles):
                score.found += 1
            else:
                problems.append(f"missed role of {exp.get('name')}: {want}")
    if case.get("all_roles"):
        for entity in doc.entities:
            for role in entity.roles:
                score.emitted += 1
                if any(_entity_matches(exp, entity) and any(role_matches(w, role, names)
                       for w in exp["roles"]) for exp in expected):
                    score.emitted_correct += 1
                else:
                    problems.append(f"unexpected role of {entity.name}: {_describe(role, names)}")
    return problems


def _describe(role: Role, names: dict[str, str]) -> str:
    org = names.get(role.organization or "", role.organization)
    return f"rank={role.rank!r} title={role.title!r} organization={org!r} country={role.country}"


def case_links(case: dict[str, Any]) -> list[dict[str, Any]]:
    return [*case.get("must", {}).get("links", ()), *case.get("links", ())]


def _extract(case: dict[str, Any], root: Path, extractor: Any) -> Document | None:
    from tidings.ingest.readers import article_from_bytes, iter_articles
    from tidings.model import Rejected

    rel, _, line = case["article"].partition(":")
    path = root / rel
    if line:
        wanted = f"{path}:{int(line)}"
        raw = next(a for a in iter_articles([str(path)]) if a.source == wanted)
    else:
        raw = article_from_bytes(path.read_bytes(), rel)
    if isinstance(raw, Rejected):
        return None
    if raw.published is None and case.get("published"):
        raw = dataclasses.replace(raw, published=case["published"])
    ((_, doc),) = list(extractor.run([raw]))
    return None if isinstance(doc, Rejected) else doc


def _ratio(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "n/a"


def report(paths: Sequence[Path], root: Path, verbose: bool = False) -> dict[str, Any]:
    from tidings import Extractor

    extractor = Extractor()
    results: list[LinkResult] = []
    roles = RoleScore()
    lines: list[str] = []
    for path in paths:
        case = json.loads(path.read_text(encoding="utf-8"))
        doc = _extract(case, root, extractor)
        if doc is None:
            lines.append(f"{path.name}: rejected")
            continue
        found = score_links(doc, case_links(case))
        results += found
        problems = score_roles(doc, case, roles)
        for r in found:
            if not r.correct:
                problems.append(f"{r.kind} {r.mention!r} in {r.context!r}: want "
                                f"{list(r.expected) or None}, got {list(r.predicted) or None}")
        if verbose:
            lines += [f"{path.name}: {p}" for p in problems]
    total = Counter(r.kind for r in results)
    correct = Counter(r.kind for r in results if r.correct)
    summary = {
        "cases": len(paths),
        "links": {k: {"correct": correct[k], "total": total[k]} for k in sorted(total)},
        "link_accuracy": sum(correct.values()) / max(1, sum(total.values())),
        "pronoun_accuracy": correct["pronoun"] / max(1, total["pronoun"]),
        "roles": dataclasses.asdict(roles),
    }
    summary["lines"] = lines
    return summary


def format_report(summary: dict[str, Any]) -> str:
    out = [f"coreference and roles: {summary['cases']} golden cases"]
    for kind, n in summary["links"].items():
        out.append(f"  {kind:12} links  accuracy {_ratio(n['correct'], n['total'])}")
    all_correct = sum(n["correct"] for n in summary["links"].values())
    all_total = sum(n["total"] for n in summary["links"].values())
    out.append(f"  {'all':12} links  accuracy {_ratio(all_correct, all_total)}")
    r = summary["roles"]
    out.append(f"  roles recall    {_ratio(r['found'], r['gold'])}")
    out.append(f"  roles precision {_ratio(r['emitted_correct'], r['emitted'])}"
               "  (cases that list every post)")
    out += [f"  - {line}" for line in summary["lines"]]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tidings.eval.coref", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="+", type=Path, help="golden case files (JSON)")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="folder the cases' article paths start from (default: .)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    summary = report(sorted(set(args.cases)), args.root, args.verbose)
    print(json.dumps(summary, indent=2) if args.json else format_report(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
