"""Does ingesting real articles cost the same in a store of 100,000 as in an empty one?

``corpus_scale.py`` times the corpus-linking stage alone. This times the whole ingest
job (``tidings.batch.ingest_articles``: reading, cleaning, language check, the NLP, the
document rows and the full-text index, and the corpus view) of 1,000 real articles from
``../shared/data`` (every Wikinews article, then press releases) into an empty store and
into a copy of a store already holding 100,000 documents.

The NLP does not read the store, so it runs once, before the timed runs, and its time
is counted in both: each timed run replays those Documents through the ingest job
(``Replay``), which does everything else exactly as ``tidings ingest`` does. The ratio
printed last is (NLP + ingest into the big store) / (NLP + ingest into the empty one);
the ratio of the store work alone is printed beside it.

The background store is built once under ``--work`` from the synthetic Documents of
``corpus_scale.py`` (stored as documents and placed in the corpus view, 500 per batch,
without fsync), about 15 minutes for 100,000.

    .venv/bin/python benchmarks/corpus_scale_ingest.py
    .venv/bin/python benchmarks/corpus_scale_ingest.py --background 5000 --new 300
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from corpus_scale import BACKGROUND_DAYS, START, World, documents

from tidings.batch import ingest_articles
from tidings.extraction import Extractor, Prepared
from tidings.ingest.readers import iter_articles
from tidings.model import Document, Rejected
from tidings.store import Corpus
from tidings.store.linking import CorpusLinker

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SOURCES = ("wikinews_en/articles.jsonl", "press_releases/articles.jsonl")


class Replay:
    """A batch extractor that gives back Documents extracted before, by article id."""

    def __init__(self, extracted: dict[str, Document | Rejected]) -> None:
        self._extracted = extracted

    def run_prepared(self, items: Iterable[Prepared]
                     ) -> Iterator[tuple[Prepared, Document | Rejected]]:
        for item in items:
            yield item, self._extracted[item.id]


def real_articles(count: int) -> list:
    files = [str(DATA / name) for name in SOURCES]
    return list(itertools.islice(iter_articles(files), count))


def extract_once(articles: list) -> tuple[dict[str, Document | Rejected], float]:
    """The NLP of every article, by id, and its seconds."""
    from tidings.extraction import prepare

    extractor = Extractor()
    prepared = [p for a in articles if isinstance(p := prepare(a), Prepared)]
    started = time.perf_counter()
    extracted = {item.id: result for item, result in extractor.run_prepared(prepared)}
    return extracted, time.perf_counter() - started


def build_background(path: Path, total: int, batch: int = 500, rich: bool = False) -> None:
    """A store of ``total`` synthetic documents, stored and placed; ``rich``: with the
    dates, quotations and five events an article has (``corpus_scale._rich_parts``)."""
    world = World()
    docs = documents(world, 1, START, BACKGROUND_DAYS, total, rich)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    with Corpus(partial) as corpus:
        conn = corpus._conn
        conn.execute("PRAGMA synchronous=OFF")
        for start in range(0, len(docs), batch):
            chunk = docs[start : start + batch]
            with corpus.transaction():
                stored = [doc for doc in chunk if corpus.add(doc)]
                CorpusLinker(conn).link(stored)
            if start // batch % 20 == 19:
                print(f"  {start + batch:,} stored, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr)
    partial.rename(path)


def ingest_seconds(path: Path, articles: list, extracted: dict) -> tuple[float, int]:
    with Corpus(path) as corpus:
        started = time.perf_counter()
        report = ingest_articles(articles, corpus, extractor=Replay(extracted),
                                 progress=False)
        return time.perf_counter() - started, report.stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--background", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tidings-corpus-scale"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    background = args.work / f"full-{args.background}.db"
    if not background.exists():
        print(f"building a store of {args.background:,} documents (once) ...",
              file=sys.stderr)
        build_background(background, args.background)
    articles = real_articles(args.new)
    extracted, nlp = extract_once(articles)
    big, empty = args.work / "full-big.db", args.work / "full-empty.db"
    for path in (big, empty):
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(background, big)
    with Corpus(big):  # migrations of an older background run here, untimed
        pass
    os.sync()  # the copy's dirty pages are written back now, not during a timed run
    into_empty, stored_empty = ingest_seconds(empty, articles, extracted)
    into_big, stored_big = ingest_seconds(big, articles, extracted)
    result = {
        "articles": len(articles), "stored_empty": stored_empty, "stored_big": stored_big,
        "nlp_s": round(nlp, 2), "store_empty_s": round(into_empty, 2),
        "store_big_s": round(into_big, 2),
        "store_ratio": round(into_big / into_empty, 3),
        "ingest_ratio": round((nlp + into_big) / (nlp + into_empty), 3),
    }
    print(json.dumps(result))
    print(f"NLP of {len(articles):,} real articles: {nlp:.1f} s")
    print(f"the rest of ingest, into an empty store: {into_empty:.2f} s; into a store of "
          f"{args.background:,}: {into_big:.2f} s (ratio {result['store_ratio']:.2f})")
    print(f"whole ingest ratio: {result['ingest_ratio']:.3f} (target <= 1.2)")


if __name__ == "__main__":
    main()
