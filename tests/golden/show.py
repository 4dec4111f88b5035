"""Print what Tidings finds in an article, to compare by hand with a golden file.

    python tests/golden/show.py tests/golden/uza_two_spellings.json
    python tests/golden/show.py samples/kabar_tashiev_yatimov_border_talks.txt [YYYY-MM-DD]
    python tests/golden/show.py samples/wire_feed_2024.jsonl:2

For a golden file it also lists the case's problems (what the test would report).
Never paste this output into a golden file: expectations are written from the article.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_golden import check, describe_entity, load_case, run_case  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 2
    target = argv[0]
    if target.endswith(".json"):
        case = load_case(Path(target))
    else:
        case = {"article": target, "published": argv[1] if len(argv) > 1 else None}
    doc = run_case(case)
    if not hasattr(doc, "entities"):
        print(f"REJECTED: {json.dumps(doc.to_dict())}")
        return 1
    print(f"article:   {case['article']}")
    print(f"published: {doc.published}   outlet: {doc.outlet}   title: {doc.title}")
    print("--- text ---")
    print(doc.text)
    print("--- entities ---")
    for entity in sorted(doc.entities, key=lambda e: (e.type, e.name)):
        print(" ", describe_entity(entity))
        for role in entity.roles:
            org = next((e.name for e in doc.entities if e.id == role.organization), None)
            print(f"      role: rank={role.rank!r} title={role.title!r} organization={org!r} "
                  f"country={role.country}")
    print("--- dates ---")
    for date in doc.dates:
        print(f"  {date.text!r:32} {date.value:12} {date.precision}")
    if "must" in case or "must_not" in case:
        problems = check(case, doc)
        print(f"--- golden: {len(problems)} problem(s) ---")
        for problem in problems:
            print(" ", problem)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
