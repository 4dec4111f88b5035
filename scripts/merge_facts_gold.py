"""Merge annotators' resolved part files into the two split files of the facts gold.

    python scripts/merge_facts_gold.py PART.jsonl...

A text goes to the split its event gold line is in (``events_test.jsonl`` →
``facts_test.jsonl``), so the frozen test split is the same texts for both golds. Lines
keep the order of the event gold files; a text already in a facts file is replaced by
the part's version.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

GOLD = Path(__file__).parent.parent / "src" / "tidings" / "eval" / "gold"


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def main(parts: list[str]) -> None:
    records = {r["id"]: r for split in ("dev", "test")
               for r in _lines(GOLD / f"facts_{split}.jsonl")}
    for part in parts:
        records |= {r["id"]: r for r in _lines(Path(part))}
    for split in ("dev", "test"):
        order = [r["id"] for r in _lines(GOLD / f"events_{split}.jsonl")]
        chosen = [records[i] for i in order if i in records]
        with (GOLD / f"facts_{split}.jsonl").open("w", encoding="utf-8") as out:
            for record in chosen:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{split}: {len(chosen)} texts, "
              f"{sum(len(r['entities']) for r in chosen)} entities, "
              f"{sum(len(r['posts']) for r in chosen)} posts, "
              f"{sum(len(r['statements']) for r in chosen)} statements, "
              f"{sum(1 for r in chosen if r.get('published'))} articles with a date")


if __name__ == "__main__":
    main(sys.argv[1:])
