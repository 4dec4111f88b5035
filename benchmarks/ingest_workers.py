"""Articles per second into the store with 1 and 2 worker processes.

Ingests the same 5,000 real articles (every Wikinews article and press release of
``../shared/data``, then current-events reports) into a fresh store with
``ingest(..., workers=1)`` and with ``workers=2``, the whole job each time (reading,
cleaning, NLP, store, corpus view), and prints articles/s for each, their ratio (the
target of issue 13 is at least 1.7 on 2 cores), the machine's load before each run, and
the peak memory (VmHWM) of this process and of the worker processes.

    .venv/bin/python benchmarks/ingest_workers.py
    .venv/bin/python benchmarks/ingest_workers.py --articles 1000
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from tidings.batch import ingest
from tidings.store import Corpus

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SOURCES = ("wikinews_en/articles.jsonl", "press_releases/articles.jsonl",
           "current_events/events.jsonl")


def corpus_file(folder: Path, count: int) -> tuple[Path, int]:
    """``count`` articles as one JSONL file; and their words."""
    path, words, n = folder / "articles.jsonl", 0, 0
    with path.open("w", encoding="utf-8") as out:
        for name in SOURCES:
            for line in open(DATA / name, encoding="utf-8"):
                if n == count:
                    return path, words
                record = json.loads(line)
                article = {"text": record["text"], "url": record.get("url"),
                           "title": record.get("title"),
                           "published": record.get("published") or record.get("date")}
                out.write(json.dumps(article) + "\n")
                words += len(record["text"].split())
                n += 1
    return path, words


class PeakMemory:
    """The peak resident memory (VmHWM) of this process and of each child process,
    sampled every half second from /proc while a run goes on."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}  # pid → kB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.5):
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(line.split(":", 1) for line in status.read_text().splitlines()
                                  if ":" in line)
                except OSError:
                    continue
                pid = int(status.parent.name)
                if pid == me or int(fields.get("PPid", "0")) == me:
                    peak = int(fields.get("VmHWM", "0 kB").split()[0])
                    self.peaks[pid] = max(self.peaks.get(pid, 0), peak)

    def of_children(self) -> list[int]:
        return [kb // 1024 for pid, kb in self.peaks.items() if pid != os.getpid()]

    def of_self(self) -> int:
        return self.peaks.get(os.getpid(), 0) // 1024


def run(path: Path, db: Path, workers: int) -> tuple[float, int, PeakMemory]:
    with Corpus(db) as corpus, PeakMemory() as memory:
        started = time.perf_counter()
        report = ingest([str(path)], corpus, progress=False, workers=workers)
        return time.perf_counter() - started, report.stored, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path, words = corpus_file(Path(folder), args.articles)
        print(f"{args.articles:,} articles, {words:,} words; {os.cpu_count()} cores")
        results, peaks = {}, {}
        for workers in (1, 2):
            load = os.getloadavg()[0]
            seconds, stored, memory = run(path, Path(folder) / f"w{workers}.db", workers)
            results[workers] = args.articles / seconds
            peaks[workers] = (memory.of_self(), memory.of_children())
            print(f"{workers} worker(s): {seconds:.1f} s, {results[workers]:.2f} articles/s, "
                  f"{stored:,} stored (1-minute load before: {load:.2f}); peak RSS: this "
                  f"process {peaks[workers][0]} MB, worker processes "
                  f"{peaks[workers][1] or '-'} MB", flush=True)
    print(f"2 workers / 1: {results[2] / results[1]:.2f}x (target >= 1.7 on 2 cores)")
    print(json.dumps({"articles_per_s": results, "ratio": round(results[2] / results[1], 3),
                      "peak_mb": peaks}))


if __name__ == "__main__":
    main()
