"""Merge annotators' part files into the two split files of the event gold.

    python scripts/merge_event_gold.py PART.jsonl...

Each text goes to ``events_dev.jsonl`` or ``events_test.jsonl`` as the selection says:
``split_of`` (a hash of its id) for the first two draws, dev for the third, so that the
frozen test split never changes. Texts already in a split file are replaced by the
part's version. Lines are kept in the order of the selection.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from select_event_gold import DEV_SEED_2, select, select_dev_extra, split_of  # noqa: E402

GOLD = Path(__file__).parent.parent / "src" / "tidings" / "eval" / "gold"


def main(parts: list[str]) -> None:
    records: dict[str, dict] = {}
    for split in ("dev", "test"):
        path = GOLD / f"events_{split}.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    records[record["id"]] = record
    for part in parts:
        for line in Path(part).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["id"]] = record
    data = Path("../shared/data")
    first = select(data)
    third = select_dev_extra(data, {c[1] for c in first})
    extra = [*third, *select_dev_extra(data, {c[1] for c in [*first, *third]}, DEV_SEED_2)]
    split_by_id = {c[1]: split_of(c[1]) for c in first} | {c[1]: "dev" for c in extra}
    order = {text_id: n for n, (_, text_id, _, _) in enumerate([*first, *extra])}
    for split in ("dev", "test"):
        chosen = sorted((r for r in records.values() if split_by_id[r["id"]] == split),
                        key=lambda r: order.get(r["id"], len(order)))
        with (GOLD / f"events_{split}.jsonl").open("w", encoding="utf-8") as out:
            for record in chosen:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        events = sum(len(r["events"]) for r in chosen)
        print(f"{split}: {len(chosen)} texts, {events} events")


if __name__ == "__main__":
    main(sys.argv[1:])
