"""Choose the real-news texts of the PLOVER event gold set (issue 8), reproducibly.

    python scripts/select_event_gold.py [DATA_DIR] > selection.tsv

Prints one line per chosen text: split, dataset, id, kind (short/article), words. Texts
are drawn with a fixed seed from the genre-relevant items of three shared sets:
``current_events`` (short dated reports, by category), ``wikinews_en`` and
``press_releases`` (full articles of 100-550 words). The split is fixed by the id alone
(a hash), so it never depends on what Tidings does with a text.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

SEED = 20261201
#: Short reports per Current-events category: mostly the security and diplomacy genre,
#: a few disasters and accidents where no actor acts (events that must not be coded).
CURRENT_EVENTS = {
    "Armed conflicts and attacks": 33,
    "International relations": 25,
    "Politics and elections": 17,
    "Law and crime": 20,
    "Disasters and accidents": 5,
}
WIKINEWS_TOPICS = {"conflict_military", "terrorism_security", "diplomacy", "protest_unrest",
                   "crime_law", "elections_politics", "human_rights"}
WIKINEWS_ARTICLES = 30
PRESS_RELEASES = 25
#: A second draw of full articles, with its own seed, made when the first 155 texts held
#: fewer than the 400 events the gold set needs (355).
EXTRA_SEED = 20261202
EXTRA_WIKINEWS = 6
EXTRA_PRESS_RELEASES = 12


#: A third draw (session 2 of issue 8), for the dev split only, so that the frozen test
#: split stays exactly as first measured: more development text, weighted to the press
#: releases and long articles where test figures fell furthest below dev.
DEV_SEED = 20261203
DEV_CURRENT_EVENTS = {"Armed conflicts and attacks": 20, "International relations": 20,
                      "Politics and elections": 10, "Law and crime": 10}
DEV_WIKINEWS = 20
DEV_PRESS_RELEASES = 30
#: A fourth draw, dev only, annotated for the next round of work: measured first, before
#: any rule is written from it, it is a second held-out estimate of how the rules carry.
DEV_SEED_2 = 20261204


def split_of(text_id: str) -> str:
    """``test`` for two ids in five, ``dev`` for the rest."""
    return "test" if int(hashlib.sha1(text_id.encode()).hexdigest(), 16) % 5 < 2 else "dev"


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def select(data_dir: Path) -> list[tuple[str, str, str, int]]:
    rng = random.Random(SEED)
    chosen: list[tuple[str, str, str, int]] = []
    reports = _read(data_dir / "current_events" / "events.jsonl")
    for category, count in CURRENT_EVENTS.items():
        pool = [r for r in reports if r["category"] == category
                and (r.get("genre_relevant") or category == "Disasters and accidents")]
        for r in rng.sample(pool, count):
            chosen.append(("current_events", r["id"], "short", len(r["text"].split())))
    wiki = [a for a in _read(data_dir / "wikinews_en" / "articles.jsonl")
            if set(a.get("topics") or ()) & WIKINEWS_TOPICS and 120 <= a["n_words"] <= 550]
    for a in rng.sample(wiki, WIKINEWS_ARTICLES):
        chosen.append(("wikinews_en", a["id"], "article", a["n_words"]))
    releases = [a for a in _read(data_dir / "press_releases" / "articles.jsonl")
                if a.get("genre_relevant") and 100 <= a["n_words"] <= 450]
    for a in rng.sample(releases, PRESS_RELEASES):
        chosen.append(("press_releases", a["id"], "article", a["n_words"]))
    extra = random.Random(EXTRA_SEED)
    taken = {text_id for _, text_id, _, _ in chosen}
    for dataset, pool, count in (("wikinews_en", wiki, EXTRA_WIKINEWS),
                                 ("press_releases", releases, EXTRA_PRESS_RELEASES)):
        for a in extra.sample([a for a in pool if a["id"] not in taken], count):
            chosen.append((dataset, a["id"], "article", a["n_words"]))
    return chosen


def select_dev_extra(data_dir: Path, taken: set[str],
                     seed: int = DEV_SEED) -> list[tuple[str, str, str, int]]:
    """A dev-only draw (the third, or with ``DEV_SEED_2`` the fourth): texts not chosen
    before."""
    rng = random.Random(seed)
    chosen: list[tuple[str, str, str, int]] = []
    reports = [r for r in _read(data_dir / "current_events" / "events.jsonl")
               if r["id"] not in taken and r.get("genre_relevant")]
    for category, count in DEV_CURRENT_EVENTS.items():
        pool = [r for r in reports if r["category"] == category]
        for r in rng.sample(pool, count):
            chosen.append(("current_events", r["id"], "short", len(r["text"].split())))
    wiki = [a for a in _read(data_dir / "wikinews_en" / "articles.jsonl")
            if a["id"] not in taken and set(a.get("topics") or ()) & WIKINEWS_TOPICS
            and 120 <= a["n_words"] <= 550]
    for a in rng.sample(wiki, DEV_WIKINEWS):
        chosen.append(("wikinews_en", a["id"], "article", a["n_words"]))
    releases = [a for a in _read(data_dir / "press_releases" / "articles.jsonl")
                if a["id"] not in taken and a.get("genre_relevant") and 100 <= a["n_words"] <= 450]
    for a in rng.sample(releases, DEV_PRESS_RELEASES):
        chosen.append(("press_releases", a["id"], "article", a["n_words"]))
    return chosen


def main() -> None:
    data_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    first = select(data_dir)
    for dataset, text_id, kind, words in first:
        print(f"{split_of(text_id)}\t{dataset}\t{text_id}\t{kind}\t{words}")
    third = select_dev_extra(data_dir, {c[1] for c in first})
    fourth = select_dev_extra(data_dir, {c[1] for c in [*first, *third]}, DEV_SEED_2)
    for dataset, text_id, kind, words in [*third, *fourth]:
        print(f"dev\t{dataset}\t{text_id}\t{kind}\t{words}")


if __name__ == "__main__":
    main()
