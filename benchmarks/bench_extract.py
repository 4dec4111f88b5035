"""Throughput, memory and cold start of Tidings next to the raw spaCy model, paired.

    $ .venv/bin/python benchmarks/bench_extract.py          # 150 + 3 articles, 3 rounds
    $ .venv/bin/python benchmarks/bench_extract.py --n 30 --long 1 --rounds 1   # a quick check

Texts: real news of ``../shared/data``, read with ``corpus_file`` of
``benchmarks/ingest_workers.py``: ``--n`` articles (default 150) sampled with a fixed
``--seed`` from every Wikinews article and press release (2,220 full articles, in their
natural length distribution; the one-to-three-sentence current-events reports, which
are summaries rather than articles, are left out), plus the ``--long`` (default 3)
longest of the other articles of at most ``--long-max-words`` words (default 8,000).
Every text is used once, none repeated; the length distribution is printed.

Throughput, in ``--rounds`` paired rounds (default 3). Each round runs three sides
back to back, each in its own fresh subprocess so that its peak RSS (``ru_maxrss``) is
its own; odd rounds run them in the order below, even rounds in the reverse order:

- ``spacy``: the installed base model (``load_base``), ``nlp.pipe`` over the texts;
- ``tidings``: ``Extractor.run`` over the same articles (with their URL, title and
  date), cleaning and the language check on, as in production;
- ``tidings+store``: the real ingest path, ``batch.ingest_articles`` into a fresh SQLite
  store (a ``Corpus`` on a temporary file, progress off): extraction, the store writes
  and the corpus view's placing of each batch, up to closing the store.

What each process loads once (the model, the language identifier, the gazetteer, the
store's schema) and one warm-up article are timed apart, as ``load_s``; the rest is
``seconds``, and words/s is the texts' words (split on white space) over ``seconds``.
Reported: each round's words/s of every side, the ratio of each Tidings side's words/s
to spaCy's of the same round, and the median of those per-round ratios; the headline
is the median for ``tidings``.

Cold start: a fresh ``python -c`` process that imports spaCy, loads the same installed
model and parses one file, beside a fresh ``tidings extract FILE`` of the same file;
each run ``COLD_RUNS`` times, alternately, and the medians compared.

Targets (issue 13): the median Tidings/spaCy words/s ratio >= 0.8; peak RSS < 1.5 GB;
cold ``tidings extract`` < 3 s.

Places (each in its own fresh subprocess): (c) ``gazetteer``: with an empty cache, the
time to build the gazetteer from the packages, to build its lazily built parts (spelling
and fuzzy indexes, subdivision points) and to write its cache file; then, in a second
process, to read the cache (``get_gazetteer``); each with the peak RSS and the RSS
before loading;
(d) ``places``: the same texts through ``Extractor.run`` with the ``tidings_places``
component disabled and enabled, alternately, best of ``PLACES_ROUNDS`` each, the
gazetteer loaded beforehand: the resolution share of extract time.
Targets: gazetteer load < 3 s and < 500 MB RSS; resolution adds < 10 % to extract time.

Prints a table and writes benchmarks/results/latest.json (``--places-only``: only the
places figures, printed).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.extraction import Extractor
    from tidings.model import RawArticle

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
SAMPLE = ROOT / "samples" / "usgov_centcom_eager_lion.txt"
TARGETS = {"words_per_s_ratio_min": 0.8, "peak_rss_mb_max": 1536, "cold_extract_s_max": 3.0}
PLACES_TARGETS = {"gazetteer_load_s_max": 3.0, "gazetteer_rss_mb_max": 500,
                  "places_share_max": 0.10}  # fmt: skip
PLACES_ROUNDS = 2
COLD_RUNS = 5
SIDES = ("spacy", "tidings", "tidings+store")
#: Read once per process before the clock starts: it loads what the first article needs
#: (the language identifier, the gazetteer) and pays the pipeline's first-call costs.
WARM_TEXT = ("Foreign Minister Bakhtiyor Saidov met his Kazakh counterpart in Tashkent on "
             "Monday, the ministry said.")  # fmt: skip
#: The cold spaCy process: import, load the model named by argv[1], parse the file argv[2].
SPACY_COLD = ("import sys, spacy; nlp = spacy.load(sys.argv[1]); "
              "nlp(open(sys.argv[2], encoding='utf-8').read())")  # fmt: skip


# --- the texts -------------------------------------------------------------------------


def choose_texts(folder: Path, n: int, long: int, long_max: int, seed: int) -> Path:
    """Write the benchmark's articles to ``folder/texts.jsonl`` and return its path.

    ``n`` sampled with ``seed`` from every Wikinews article and press release, then the
    ``long`` longest of the rest with at most ``long_max`` words; no text twice.
    """
    # Imported here, not at the top: the child processes need none of the store.
    from ingest_workers import DATA, SOURCES, corpus_file

    full_articles = sum(1 for name in SOURCES[:2] for _ in open(DATA / name, encoding="utf-8"))
    pool_path, _ = corpus_file(folder, full_articles)  # the first two sources, in order
    records = list({r["text"]: r for r in map(json.loads, open(pool_path, encoding="utf-8"))}
                   .values())  # fmt: skip
    sampled = random.Random(seed).sample(records, min(n, len(records)))
    chosen = {r["text"] for r in sampled}
    rest = [r for r in records if r["text"] not in chosen and words_of(r["text"]) <= long_max]
    longest = sorted(rest, key=lambda r: words_of(r["text"]), reverse=True)[:long]
    path = folder / "texts.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record in sampled + longest:
            out.write(json.dumps(record) + "\n")
    return path


def words_of(text: str) -> int:
    return len(text.split())


def read_texts(path: Path) -> list[dict]:
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def raw_articles(records: list[dict]) -> list[RawArticle]:
    from tidings.model import RawArticle

    return [RawArticle(source=f"bench:{i}", text=r["text"], url=r.get("url"),
                       title=r.get("title"), published=r.get("published"))
            for i, r in enumerate(records)]  # fmt: skip


def length_mix(records: list[dict], sampled: int, seed: int) -> dict:
    """The words per article of the chosen texts (the sampled ones first, as written)."""
    counts = [words_of(r["text"]) for r in records]
    sampled = min(sampled, len(counts))
    return {
        "articles": len(counts),
        "sampled": sampled,
        "seed": seed,
        "long_words": counts[sampled:],
        "words": sum(counts),
        "mean": round(statistics.mean(counts), 1),
        "median": statistics.median(counts),
        "p90": round(statistics.quantiles(counts, n=10, method="inclusive")[-1], 1),
        "max": max(counts),
    }


# --- one side, in its own process ------------------------------------------------------


def peak_rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def warmed_extractor() -> Extractor:
    """The production extractor, with what its first article loads already loaded."""
    from tidings import settings
    from tidings.extraction import Extractor
    from tidings.model import RawArticle

    extractor = Extractor(batch_size=settings.get_int("batch_size"))
    for _ in extractor.run([RawArticle(source="bench:warm", text=WARM_TEXT)]):
        pass
    return extractor


def spacy_side(records: list[dict], db: Path | None) -> Callable[[], dict]:
    from tidings import settings
    from tidings.nlp.pipeline import load_base

    nlp = load_base()
    nlp(WARM_TEXT)
    texts = [r["text"] for r in records]
    size = settings.get_int("batch_size")

    def run() -> dict:
        for _ in nlp.pipe(texts, batch_size=size):
            pass
        return {}

    return run


def tidings_side(records: list[dict], db: Path | None) -> Callable[[], dict]:
    from tidings.model import Document

    extractor = warmed_extractor()
    raws = raw_articles(records)

    def run() -> dict:
        rejected = sum(not isinstance(result, Document) for _, result in extractor.run(raws))
        return {"rejected": rejected}

    return run


def store_side(records: list[dict], db: Path | None) -> Callable[[], dict]:
    from tidings.batch import ingest_articles
    from tidings.store import Corpus

    assert db is not None and not db.exists(), "the store side needs a fresh --db path"
    extractor = warmed_extractor()
    raws = raw_articles(records)
    corpus = Corpus(db)

    def run() -> dict:
        try:
            report = ingest_articles(raws, corpus, extractor=extractor, progress=False)
        finally:
            corpus.close()
        return {"stored": report.stored, "rejected": report.rejected + report.failed,
                "store_mb": round(db.stat().st_size / 2**20, 1)}  # fmt: skip

    return run


SIDE_RUNNERS = {"spacy": spacy_side, "tidings": tidings_side, "tidings+store": store_side}


def run_side(side: str, texts: Path, db: Path | None) -> dict:
    """Load one side, then time it over the texts, in this (fresh) process."""
    records = read_texts(texts)
    words = sum(words_of(r["text"]) for r in records)
    t0 = time.perf_counter()
    run = SIDE_RUNNERS[side](records, db)
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    extra = run()
    seconds = time.perf_counter() - t1
    return {
        "side": side,
        "articles": len(records),
        "words": words,
        "load_s": round(load_s, 3),
        "seconds": round(seconds, 3),
        "articles_per_s": round(len(records) / seconds, 2),
        "words_per_s": round(words / seconds, 1),
        **extra,
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


def run_places(texts: Path) -> dict:
    """Extract time with and without the places component, on the same texts."""
    from tidings.extraction import Extractor
    from tidings.places import get_gazetteer

    raws = raw_articles(read_texts(texts))
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
        "articles": len(raws),
        "without_places_s": round(base, 3),
        "with_places_s": round(full, 3),
        "places_share": round((full - base) / base, 4),
        "component_s": round(inside[best], 3),
        "component_share": round(inside[best] / (full - inside[best]), 4),
        "runs_without_s": [round(x, 3) for x in without],
        "runs_with_s": [round(x, 3) for x in with_],
    }


def run_in_subprocess(side: str, texts: Path | None = None, db: Path | None = None,
                      env: dict[str, str] | None = None) -> dict:  # fmt: skip
    """Run one side in a fresh Python process; its last stdout line is its JSON."""
    cmd = [sys.executable, __file__, "--side", side]
    if texts:
        cmd += ["--texts", str(texts)]
    if db:
        cmd += ["--db", str(db)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})})  # fmt: skip
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"side": side, "error": tail}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the parts of a run ----------------------------------------------------------------


def paired_rounds(rounds: int, texts: Path, folder: Path) -> list[dict]:
    """``rounds`` rounds of the three sides back to back, the order reversed every
    other round, each side's words/s compared with spaCy's of the same round."""
    out = []
    for number in range(1, max(1, rounds) + 1):
        order = SIDES if number % 2 else SIDES[::-1]
        round_: dict = {"round": number, "order": list(order)}
        for side in order:
            db = folder / f"round{number}.db" if side == "tidings+store" else None
            round_[side] = run_in_subprocess(side, texts, db)
            print(f"  round {number}: {side} done", file=sys.stderr, flush=True)
        base = round_["spacy"].get("words_per_s")
        for side in SIDES[1:]:
            ours = round_[side].get("words_per_s")
            round_[f"{side}/spacy"] = round(ours / base, 3) if base and ours else None
        out.append(round_)
    return out


def cold_start(sample: Path, model: str) -> dict:
    """Wall time of a fresh spaCy process (import, load ``model``, parse ``sample``) and
    of a fresh ``tidings extract sample``, ``COLD_RUNS`` each, alternately; medians."""
    commands = {
        "spacy": [sys.executable, "-c", SPACY_COLD, model, str(sample)],
        "tidings_extract": [str(Path(sys.executable).parent / "tidings"), "extract", str(sample)],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    errors: dict[str, str] = {}
    for run in range(COLD_RUNS):
        for name in list(commands)[:: 1 if run % 2 == 0 else -1]:
            t0 = time.perf_counter()
            proc = subprocess.run(commands[name], capture_output=True, text=True, cwd=ROOT)
            walls[name].append(time.perf_counter() - t0)
            if proc.returncode != 0:
                errors[name] = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    out: dict = {"file": str(sample.relative_to(ROOT)), "model": model}
    for name, times in walls.items():
        out[name] = {"wall_s": round(statistics.median(times), 3),
                     "runs_s": [round(t, 3) for t in times], "rc": 0 if name not in errors else 1}
        if name in errors:
            out[name]["error"] = errors[name]
    out["difference_s"] = round(out["tidings_extract"]["wall_s"] - out["spacy"]["wall_s"], 3)
    return out


def installed_model() -> str:
    """The package ``load_base`` loads: the ``model`` setting, or its PyPI copy when the
    official small English model is not installed."""
    import spacy.util

    from tidings import settings
    from tidings.nlp.pipeline import FALLBACK_MODEL

    name = settings.get("model")
    if name == "en_core_web_sm" and not spacy.util.is_package(name):
        return FALLBACK_MODEL
    return name


def places_figures(texts: Path) -> dict:
    """The gazetteer's first build and cached load, and the places share of extract time."""
    with tempfile.TemporaryDirectory() as cache:  # an empty cache: the first build
        env = {"XDG_CACHE_HOME": cache}
        build = run_in_subprocess("gazetteer-build", env=env)
        cached = run_in_subprocess("gazetteer", env=env)
    return {
        "gazetteer_first_build": build,
        "gazetteer": cached,
        "resolution": run_in_subprocess("places", texts),
        "targets": PLACES_TARGETS,
    }


def median_of(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def summarise(rounds: list[dict], texts: dict, cold: dict) -> dict:
    """The run's figures: rounds, median ratios, peak memory, cold start, targets met."""
    ratios = {side: [r[f"{side}/spacy"] for r in rounds if r[f"{side}/spacy"] is not None]
              for side in SIDES[1:]}  # fmt: skip
    peaks = {side: max((r[side]["peak_rss_mb"] for r in rounds if "peak_rss_mb" in r[side]),
                       default=None) for side in SIDES}  # fmt: skip
    result: dict = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "texts": texts,
        "rounds": rounds,
        "words_per_s_ratios": ratios["tidings"],
        "words_per_s_ratio": median_of(ratios["tidings"]),
        "store_words_per_s_ratios": ratios["tidings+store"],
        "store_words_per_s_ratio": median_of(ratios["tidings+store"]),
        "peak_rss_mb": peaks,
        "cold_start": cold,
        "targets": TARGETS,
    }
    tidings_peak = max((p for s, p in peaks.items() if s != "spacy" and p), default=None)
    extract = cold["tidings_extract"]
    result["meets"] = {
        "throughput": result["words_per_s_ratio"] is not None
        and result["words_per_s_ratio"] >= TARGETS["words_per_s_ratio_min"],
        "memory": tidings_peak is not None and tidings_peak < TARGETS["peak_rss_mb_max"],
        "cold_extract": extract["rc"] == 0 and extract["wall_s"] < TARGETS["cold_extract_s_max"],
    }
    return result


# --- printing --------------------------------------------------------------------------


def print_texts(texts: dict) -> None:
    long = texts["long_words"]
    added = f", plus the {len(long)} long ones of {long} words" if long else ""
    print(f"texts: {texts['articles']} real articles ({texts['sampled']} sampled with seed "
          f"{texts['seed']}{added}), {texts['words']:,} words; words per article: mean "
          f"{texts['mean']:,.0f}, median {texts['median']:,.0f}, p90 {texts['p90']:,.0f}, "
          f"max {texts['max']:,}")


def print_rounds(result: dict) -> None:
    cols = ("articles", "words", "load_s", "seconds", "words_per_s", "peak_rss_mb")
    print(f"{'round':>5}  {'side':14}" + "".join(f"{c:>12}" for c in cols) + f"{'/spacy':>9}")
    for r in result["rounds"]:
        for side in r["order"]:
            row = r[side]
            if "error" in row:
                print(f"{r['round']:>5}  {side:14} failed: {row['error']}")
                continue
            ratio = r.get(f"{side}/spacy")
            print(f"{r['round']:>5}  {side:14}" + "".join(f"{row[c]:>12}" for c in cols)
                  + (f"{ratio:>9.3f}" if ratio is not None else ""))  # fmt: skip
    for side, key, target in (("tidings", "words_per_s_ratio", " (target >= 0.8)"),
                              ("tidings+store", "store_words_per_s_ratio", "")):  # fmt: skip
        per_round = ", ".join(f"{x:.3f}" for x in result[key + "s"])
        median = "none" if result[key] is None else f"{result[key]:.3f}"
        print(f"{side}/spacy words/s, median of per-round ratios: {median} "
              f"(rounds: {per_round}){target}")
    peaks = ", ".join(f"{side} {mb:.0f} MB" for side, mb in result["peak_rss_mb"].items() if mb)
    print(f"peak RSS, highest of the rounds: {peaks} (target < 1536 MB)")


def print_cold(cold: dict) -> None:
    spacy, ours = cold["spacy"], cold["tidings_extract"]
    for label, row in ((f"spaCy ({cold['model']}: import, load, parse)", spacy),
                       ("`tidings extract`", ours)):  # fmt: skip
        failed = f" (failed: {row['error']})" if "error" in row else ""
        print(f"cold {label} on {cold['file']}: median {row['wall_s']:.2f} s of "
              f"{row['runs_s']}{failed}")
    print(f"cold start, tidings extract - spaCy: {cold['difference_s']:+.2f} s "
          f"(target: tidings extract < 3 s)")


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


# --- main ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=150,
                        help="articles sampled from the real ones (default 150)")
    parser.add_argument("--long", type=int, default=3,
                        help="long articles added: the longest of the rest (default 3)")
    parser.add_argument("--long-max-words", type=int, default=8000,
                        help="the long articles' most words (default 8000)")
    parser.add_argument("--seed", type=int, default=13, help="the sample's seed (default 13)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="paired rounds of spacy, tidings and tidings+store (default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--places-only", action="store_true",
                        help="only the gazetteer and places figures")
    parser.add_argument("--side", choices=(*SIDES, "gazetteer", "gazetteer-build", "places"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()  # fmt: skip
    if args.side:  # the child process: one side, one JSON line
        if args.side in ("gazetteer", "gazetteer-build"):
            print(json.dumps(run_gazetteer(cached=args.side == "gazetteer")))
        elif args.side == "places":
            print(json.dumps(run_places(args.texts)))
        else:
            print(json.dumps(run_side(args.side, args.texts, args.db)))
        return
    with tempfile.TemporaryDirectory() as folder:
        texts_path = choose_texts(Path(folder), args.n, args.long, args.long_max_words,
                                  args.seed)  # fmt: skip
        texts = length_mix(read_texts(texts_path), args.n, args.seed)
        print_texts(texts)
        places = places_figures(texts_path)
        if args.places_only:
            print_places(places)
            print(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "places": places}))
            return
        rounds = paired_rounds(args.rounds, texts_path, Path(folder))
    result = summarise(rounds, texts, cold_start(SAMPLE, installed_model()))
    result["places"] = places
    print_rounds(result)
    print_cold(result["cold_start"])
    print_places(places)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
