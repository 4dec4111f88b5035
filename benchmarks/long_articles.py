"""Does Tidings stay linear in the length of an article?

For articles of about 500, 8,000 and 100,000 words (real Wikinews text from
``../shared/data/wikinews_en``, joined end to end for the long ones), times the whole
Tidings pipeline and raw spaCy (the same installed model, ``load_base``) on the same
text, in paired rounds, and prints the words/s of each and their ratio per round and
its median. Linear means the ratio does not fall as articles grow; the target of
issue 13 is a ratio of at least 0.8 at every length. Per-component times of the last
round show where time goes.

    .venv/bin/python benchmarks/long_articles.py
    .venv/bin/python benchmarks/long_articles.py --sizes 500 8000 --rounds 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from tidings.nlp.pipeline import get_nlp, load_base

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wikinews_en"


def article_of(words: int, texts: list[str]) -> str:
    parts, count = [], 0
    for text in texts:
        parts.append(text)
        count += len(text.split())
        if count >= words:
            break
    return "\n\n".join(parts)


def seconds(nlp, text: str) -> tuple[float, dict[str, float]]:
    doc = nlp.make_doc(text)
    parts = {}
    started = time.perf_counter()
    for name, component in nlp.pipeline:
        began = time.perf_counter()
        doc = component(doc)
        parts[name] = time.perf_counter() - began
    return time.perf_counter() - started, parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 8000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in open(DATA / "articles.jsonl")]
    tidings, spacy = get_nlp(), load_base()
    for nlp in (tidings, spacy):
        nlp.max_length = 10_000_000
        seconds(nlp, article_of(2000, texts))  # warm: first-call costs are not counted
    results = {}
    for size in args.sizes:
        text = article_of(size, texts)
        words = len(text.split())
        ratios, parts = [], {}
        for _ in range(args.rounds):
            base, _ = seconds(spacy, text)
            ours, parts = seconds(tidings, text)
            ratios.append(base / ours)  # (words/ours) / (words/base)
        slowest = sorted(((v, k) for k, v in parts.items() if k.startswith("tidings")),
                         reverse=True)[:4]
        results[size] = {"words": words, "ratios": [round(r, 3) for r in ratios],
                         "median": round(statistics.median(ratios), 3)}
        print(f"{words:>7,} words: Tidings/spaCy words/s ratio per round "
              f"{', '.join(f'{r:.3f}' for r in ratios)}; median {statistics.median(ratios):.3f}"
              f"  (slowest Tidings stages: "
              f"{', '.join(f'{k[8:]} {v:.2f} s' for v, k in slowest)})", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
