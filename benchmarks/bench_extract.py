"""Throughput and memory of Tidings' extraction next to the raw spaCy model.

    $ .venv/bin/python benchmarks/bench_extract.py --n 300

Texts are the re3d and MEANTIME documents (under the ``data_dir`` setting), cycled to
``--n`` articles. Each side runs in its own fresh subprocess, so its peak RSS
(``ru_maxrss``) is its own: (a) ``spacy``: the base model's ``nlp.pipe``; (b) ``tidings``:
``Extractor().run`` with cleaning and the language check on, as in production. Model
loading is timed apart from the run. Then one cold ``tidings extract FILE`` is timed
(wall clock, a fresh process). Prints a table and writes benchmarks/results/latest.json.

Targets: Tidings words/s >= 0.8 x spaCy's; peak RSS < 1.5 GB; cold extract < 3 s.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
SAMPLE = ROOT / "samples" / "usgov_centcom_eager_lion.txt"
TARGETS = {"words_per_s_ratio_min": 0.8, "peak_rss_mb_max": 1536, "cold_extract_s_max": 3.0}


def load_texts(n: int, data_dir: str | None) -> list[str]:
    from tidings.eval.datasets import load

    texts = [doc.text for name in ("re3d", "meantime") for doc in load(name, data_dir)]
    return list(itertools.islice(itertools.cycle(texts), n))


def peak_rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def run_side(side: str, n: int, data_dir: str | None) -> dict:
    """Run one side in this process and return its measurements."""
    texts = load_texts(n, data_dir)
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    rejected = 0
    if side == "spacy":
        from tidings.nlp.pipeline import load_base

        nlp = load_base()
        load_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
    else:
        from tidings.extraction import Extractor
        from tidings.model import Document, RawArticle

        extractor = Extractor()
        load_s = time.perf_counter() - t0
        raws = [RawArticle(source=f"bench:{i}", text=t) for i, t in enumerate(texts)]
        t1 = time.perf_counter()
        for _, result in extractor.run(raws):
            rejected += not isinstance(result, Document)
    seconds = time.perf_counter() - t1
    return {
        "side": side,
        "articles": len(texts),
        "words": words,
        "load_s": round(load_s, 3),
        "seconds": round(seconds, 3),
        "articles_per_s": round(len(texts) / seconds, 2),
        "words_per_s": round(words / seconds, 1),
        "rejected": rejected,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def run_in_subprocess(side: str, n: int, data_dir: str | None) -> dict:
    cmd = [sys.executable, __file__, "--side", side, "--n", str(n)]
    if data_dir:
        cmd += ["--data-dir", data_dir]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"side": side, "error": tail}
    return json.loads(proc.stdout.strip().splitlines()[-1])


COLD_RUNS = 5


def cold_extract(sample: Path) -> dict:
    """Median wall time of COLD_RUNS fresh `tidings extract` processes (one is noisy)."""
    exe = Path(sys.executable).parent / "tidings"
    walls = []
    for _ in range(COLD_RUNS):
        t0 = time.perf_counter()
        proc = subprocess.run([str(exe), "extract", str(sample)], capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            break
    out = {
        "file": str(sample.relative_to(ROOT)),
        "wall_s": round(statistics.median(walls), 3),
        "runs_s": [round(w, 3) for w in walls],
        "rc": proc.returncode,
    }
    if proc.returncode != 0:
        out["error"] = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return out


def report(spacy: dict, tidings: dict, cold: dict) -> dict:
    result: dict = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "spacy": spacy,
        "tidings": tidings,
        "cold_extract": cold,
        "targets": TARGETS,
    }
    if "words_per_s" in spacy and "words_per_s" in tidings:
        ratio = tidings["words_per_s"] / spacy["words_per_s"]
        result["words_per_s_ratio"] = round(ratio, 3)
        result["meets"] = {
            "throughput": ratio >= TARGETS["words_per_s_ratio_min"],
            "memory": tidings["peak_rss_mb"] < TARGETS["peak_rss_mb_max"],
            "cold_extract": cold.get("rc") == 0
            and cold["wall_s"] < TARGETS["cold_extract_s_max"],
        }
    return result


def print_table(result: dict) -> None:
    cols = ("articles", "words", "load_s", "seconds", "articles_per_s", "words_per_s",
            "peak_rss_mb")
    print(f"{'side':8}" + "".join(f"{c:>15}" for c in cols))
    for side in ("spacy", "tidings"):
        row = result[side]
        if "error" in row:
            print(f"{side:8} failed: {row['error']}")
            continue
        print(f"{side:8}" + "".join(f"{row[c]:>15}" for c in cols))
    if "words_per_s_ratio" in result:
        print(f"tidings/spacy words/s: {result['words_per_s_ratio']:.3f} (target >= 0.8)")
    cold = result["cold_extract"]
    status = "" if cold["rc"] == 0 else f" (failed: {cold.get('error')})"
    print(
        f"cold `tidings extract {cold['file']}`: median {cold['wall_s']:.2f} s of "
        f"{cold.get('runs_s')}{status} (target < 3 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles per side (default 300)")
    parser.add_argument("--data-dir", default=None, help="default: setting data_dir")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--side", choices=("spacy", "tidings"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:  # the child process: one side, one JSON line
        print(json.dumps(run_side(args.side, args.n, args.data_dir)))
        return
    spacy = run_in_subprocess("spacy", args.n, args.data_dir)
    tidings = run_in_subprocess("tidings", args.n, args.data_dir)
    result = report(spacy, tidings, cold_extract(SAMPLE))
    print_table(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
