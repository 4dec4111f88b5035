"""Throughput and memory of Tidings' extraction next to the raw spaCy model.

    $ .venv/bin/python benchmarks/bench_extract.py --n 300

Texts are the re3d and MEANTIME documents (under the ``data_dir`` setting), cycled to
``--n`` articles. Each side runs in its own fresh subprocess, so its peak RSS
(``ru_maxrss``) is its own: (a) ``spacy``: the base model's ``nlp.pipe``; (b) ``tidings``:
``Extractor().run`` with cleaning and the language check on, as in production. Model
loading is timed apart from the run. The two sides alternate for ``--rounds`` rounds
(default 3) and each side's fastest run is reported, with all run times beside it. Then one cold ``tidings extract FILE`` is timed
(wall clock, a fresh process). Prints a table and writes benchmarks/results/latest.json.

Targets: Tidings words/s >= 0.8 x spaCy's; peak RSS < 1.5 GB; cold extract < 3 s.

Places (each in its own fresh subprocess): (c) ``gazetteer``: with an empty cache, the
time to build the gazetteer from the packages, to build its lazily built parts (spelling
and fuzzy indexes, subdivision points) and to write its cache file; then, in a second
process, to read the cache (``get_gazetteer``); each with the peak RSS and the RSS
before loading;
(d) ``places``: the same texts through ``Extractor.run`` with the ``tidings_places``
component disabled and enabled, alternately, best of ``PLACES_ROUNDS`` each, the
gazetteer loaded beforehand: the resolution share of extract time.
Targets: gazetteer load < 3 s and < 500 MB RSS; resolution adds < 10 % to extract time.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
SAMPLE = ROOT / "samples" / "usgov_centcom_eager_lion.txt"
TARGETS = {"words_per_s_ratio_min": 0.8, "peak_rss_mb_max": 1536, "cold_extract_s_max": 3.0}
PLACES_TARGETS = {"gazetteer_load_s_max": 3.0, "gazetteer_rss_mb_max": 500,
                  "places_share_max": 0.10}  # fmt: skip
PLACES_ROUNDS = 2


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


def run_gazetteer(cached: bool) -> dict:
    """Load the gazetteer in this (fresh) process: time and memory.

    ``cached``: read the cache file an earlier process wrote (the usual case); else build
    it from the packages, build its lazy parts, and write the cache file, each timed.
    """
    from tidings.places import _gazetteer

    rss_before = peak_rss_mb()
    if cached:
        t0 = time.perf_counter()
        gazetteer = _gazetteer.get_gazetteer()
        load_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        gazetteer.warm()  # already built: the cache holds the lazy parts
        out = {"load_s": round(load_s, 3), "lazy_parts_s": round(time.perf_counter() - t1, 3)}
    else:
        gc.disable()  # as get_gazetteer does
        t0 = time.perf_counter()
        gazetteer = _gazetteer.Gazetteer()
        t1 = time.perf_counter()
        gazetteer.warm()
        t2 = time.perf_counter()
        _gazetteer._save_cached(gazetteer, _gazetteer.cache_path())
        t3 = time.perf_counter()
        gc.enable()
        out = {"load_s": round(t1 - t0, 3), "lazy_parts_s": round(t2 - t1, 3),
               "cache_write_s": round(t3 - t2, 3)}  # fmt: skip
    out["total_s"] = round(out["load_s"] + out["lazy_parts_s"], 3)
    return {
        "side": "gazetteer (cached)" if cached else "gazetteer (first build)",
        **out,
        "rss_before_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def run_places(n: int, data_dir: str | None) -> dict:
    """Extract time with and without the places component, on the same texts."""
    from tidings.extraction import Extractor
    from tidings.model import RawArticle
    from tidings.places import get_gazetteer

    texts = load_texts(n, data_dir)
    raws = [RawArticle(source=f"bench:{i}", text=t) for i, t in enumerate(texts)]
    extractor = Extractor()
    get_gazetteer().warm()
    for _ in extractor.run(raws[:5]):  # warm the pipeline and the places caches' first use
        pass
    # The component's own time inside the enabled runs: on a shared machine the
    # difference between two whole runs is mostly noise, this is not.
    component = extractor.nlp.get_pipe("tidings_places")
    own = [0.0]
    plain_call = type(component).__call__

    def timed_call(self, doc):  # noqa: ANN001
        t = time.perf_counter()
        result = plain_call(self, doc)
        own[0] += time.perf_counter() - t
        return result

    without, with_, inside = [], [], []
    for _ in range(PLACES_ROUNDS):
        with extractor.nlp.select_pipes(disable=["tidings_places"]):
            t0 = time.perf_counter()
            for _ in extractor.run(raws):
                pass
            without.append(time.perf_counter() - t0)
        own[0] = 0.0
        type(component).__call__ = timed_call
        try:
            t0 = time.perf_counter()
            for _ in extractor.run(raws):
                pass
            with_.append(time.perf_counter() - t0)
        finally:
            type(component).__call__ = plain_call
        inside.append(own[0])
    base, full = min(without), min(with_)
    best = with_.index(full)
    return {
        "side": "places",
        "articles": len(texts),
        "without_places_s": round(base, 3),
        "with_places_s": round(full, 3),
        "places_share": round((full - base) / base, 4),
        "component_s": round(inside[best], 3),
        "component_share": round(inside[best] / (full - inside[best]), 4),
        "runs_without_s": [round(x, 3) for x in without],
        "runs_with_s": [round(x, 3) for x in with_],
    }


def run_in_subprocess(
    side: str, n: int, data_dir: str | None, env: dict[str, str] | None = None
) -> dict:
    cmd = [sys.executable, __file__, "--side", side, "--n", str(n)]
    if data_dir:
        cmd += ["--data-dir", data_dir]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})})  # fmt: skip
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
    for side in ("spacy", "tidings"):
        if result[side].get("runs_s"):
            print(f"{side} run times (s), fastest counted: {result[side]['runs_s']}")
    if "words_per_s_ratio" in result:
        print(f"tidings/spacy words/s: {result['words_per_s_ratio']:.3f} (target >= 0.8)")
    cold = result["cold_extract"]
    status = "" if cold["rc"] == 0 else f" (failed: {cold.get('error')})"
    print(
        f"cold `tidings extract {cold['file']}`: median {cold['wall_s']:.2f} s of "
        f"{cold.get('runs_s')}{status} (target < 3 s)"
    )


def print_places(places: dict) -> None:
    res = places["resolution"]
    for gaz in (places["gazetteer_first_build"], places["gazetteer"]):
        if "error" in gaz:
            print(f"gazetteer failed: {gaz['error']}")
            continue
        write = ""
        if "cache_write_s" in gaz:
            write = f", then {gaz['cache_write_s']:.2f} s writing the cache"
        print(f"{gaz['side']}: load {gaz['load_s']:.2f} s + lazy parts "
              f"{gaz['lazy_parts_s']:.2f} s = {gaz['total_s']:.2f} s{write} (target < 3 s); "
              f"peak RSS {gaz['peak_rss_mb']:.0f} MB, {gaz['rss_before_mb']:.0f} MB before "
              "(target < 500 MB)")
    if "error" in res:
        print(f"places resolution failed: {res['error']}")
    else:
        print(f"extract {res['articles']} articles: {res['without_places_s']:.2f} s without "
              f"places, {res['with_places_s']:.2f} s with: {res['places_share']:+.1%} (run to "
              f"run); the component itself {res['component_s']:.2f} s: "
              f"+{res['component_share']:.1%} of the rest (target < 10 %)")


def best_of_rounds(rounds: int, n: int, data_dir: str | None) -> tuple[dict, dict]:
    """Run the two sides alternately ``rounds`` times and keep each side's fastest run.

    The machines this runs on are shared virtual machines whose speed drifts by 10-30 %
    within minutes; alternating the sides exposes both to the same drift, and the
    fastest run is the one least disturbed by other work.
    """
    runs: dict[str, list[dict]] = {"spacy": [], "tidings": []}
    for _ in range(max(1, rounds)):
        for side in ("spacy", "tidings"):
            runs[side].append(run_in_subprocess(side, n, data_dir))
    best = {}
    for side, results in runs.items():
        ok = [r for r in results if "seconds" in r]
        best[side] = dict(min(ok, key=lambda r: r["seconds"])) if ok else results[-1]
        best[side]["runs_s"] = [r.get("seconds") for r in results]
        best[side]["peak_rss_mb"] = max((r["peak_rss_mb"] for r in ok), default=None)
    return best["spacy"], best["tidings"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles per side (default 300)")
    parser.add_argument("--data-dir", default=None, help="default: setting data_dir")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--side", choices=("spacy", "tidings", "gazetteer", "gazetteer-build",
                                           "places"),
                        help=argparse.SUPPRESS)  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating spacy/tidings runs; the fastest of each counts")
    parser.add_argument("--places-only", action="store_true",
                        help="only the gazetteer and places figures")  # fmt: skip
    args = parser.parse_args()
    if args.side:  # the child process: one side, one JSON line
        if args.side in ("gazetteer", "gazetteer-build"):
            print(json.dumps(run_gazetteer(cached=args.side == "gazetteer")))
        elif args.side == "places":
            print(json.dumps(run_places(args.n, args.data_dir)))
        else:
            print(json.dumps(run_side(args.side, args.n, args.data_dir)))
        return
    with tempfile.TemporaryDirectory() as cache:  # an empty cache: the first build
        env = {"XDG_CACHE_HOME": cache}
        build = run_in_subprocess("gazetteer-build", args.n, args.data_dir, env)
        cached = run_in_subprocess("gazetteer", args.n, args.data_dir, env)
    places = {
        "gazetteer_first_build": build,
        "gazetteer": cached,
        "resolution": run_in_subprocess("places", args.n, args.data_dir),
        "targets": PLACES_TARGETS,
    }
    if args.places_only:
        result = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "places": places}
        print_places(places)
        print(json.dumps(result))
        return
    spacy, tidings = best_of_rounds(args.rounds, args.n, args.data_dir)
    result = report(spacy, tidings, cold_extract(SAMPLE))
    result["places"] = places
    print_table(result)
    print_places(places)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
