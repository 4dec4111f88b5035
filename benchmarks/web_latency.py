"""How fast does `tidings serve` answer on a store of 100,000 documents?

Starts the real server (uvicorn, read-only, 127.0.0.1) on a big store and times, from
the server's own ``Server-Timing`` header, each API listing with and without filters
and the article page of random documents, each several times; prints p50 and p95 per
query and checks them against the targets of issue 12 (event queries with filters p95
< 100 ms, article page < 300 ms).

The store is the one ``corpus_scale_ingest.py`` builds (100,000 synthetic documents,
stored and placed in the corpus view); it is built here when missing (about 7 minutes).

    .venv/bin/python benchmarks/web_latency.py
    .venv/bin/python benchmarks/web_latency.py --db other.db --repeats 10
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import sys
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus_scale_ingest import build_background  # noqa: E402
from web_server import serving  # noqa: E402

from tidings.store import Corpus  # noqa: E402

DEFAULT_DB = Path("/tmp/tidings-corpus-scale/rich-100000.db")
EVENT_TARGET_MS, ARTICLE_TARGET_MS = 100.0, 300.0


def server_ms(url: str) -> float:
    with urllib.request.urlopen(url, timeout=600) as response:
        response.read()
        timing = response.headers["Server-Timing"]
    return float(re.search(r"dur=([\d.]+)", timing).group(1))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sample_values(db: Path) -> dict[str, str]:
    """Filter values that exist in the store: a frequent actor, a place, a country."""
    conn = sqlite3.connect(db)
    actor = conn.execute("SELECT name FROM actors WHERE type = 'PERSON' "
                         "ORDER BY n_mentions DESC LIMIT 1 OFFSET 50").fetchone()[0]
    place = conn.execute("SELECT name FROM doc_entities WHERE type = 'GPE' "
                         "LIMIT 1 OFFSET 5000").fetchone()[0]
    conn.close()
    return {"actor": actor.split()[-1], "place": place, "country": "KAZ"}


def store_arguments(description: str) -> argparse.Namespace:
    """``--db`` (the big store, built when missing) and ``--repeats``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.db} (once) ...", file=sys.stderr)
        build_background(args.db, 100_000, rich=True)
    return args


def main() -> None:
    args = store_arguments(__doc__.splitlines()[0])
    with Corpus(args.db):  # upgrades an older store, as tidings serve does
        pass
    values = sample_values(args.db)
    event_queries = {
        "events": "",
        "events type": "type=CONSULT",
        "events country": f"country={values['country']}",
        "events actor": "actor=" + urllib.parse.quote(values["actor"]),
        "events place": "place=" + urllib.parse.quote(values["place"]),
        "events since..until": "since=2023-03&until=2023-04",
        "events type+country+since": f"type=ASSAULT&country={values['country']}&since=2023",
    }
    queries = {name: f"/api/events?{q}" for name, q in event_queries.items()}
    queries |= {f"{name} (members)": f"/api/events?members=true&{q}"
                for name, q in event_queries.items()}
    queries |= {
        "documents": "/api/documents", "entities": "/api/entities",
        "entities type+name": "/api/entities?type=PERSON&name=" + urllib.parse.quote(
            values["actor"]),
        "actors": "/api/actors", "actors name": "/api/actors?name=" + urllib.parse.quote(
            values["actor"]),
        "statements": "/api/statements", "stories": "/api/stories",
        "search": "/api/search?q=" + urllib.parse.quote(values["place"]),
        "failures": "/api/failures", "stats": "/api/stats",
        "map points": "/api/events/points", "page: overview": "/",
        "page: events explorer": "/events?type=CONSULT",
    }
    conn = sqlite3.connect(args.db)
    ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
    conn.close()
    rng = random.Random(1)
    results: dict[str, dict[str, float]] = {}
    with serving(args.db) as base:
        server_ms(base + "/api/stats")  # warm: imports, first connection
        for name, path in queries.items():
            times = [server_ms(base + path) for _ in range(args.repeats)]
            results[name] = {"p50": statistics.median(times), "p95": percentile(times, 0.95)}
            print(f"{name:34s} p50 {results[name]['p50']:8.1f} ms   p95 "
                  f"{results[name]['p95']:8.1f} ms", flush=True)
        pages = [server_ms(f"{base}/documents/{doc}") for doc in rng.sample(ids, 50)]
        results["article page"] = {"p50": statistics.median(pages),
                                   "p95": percentile(pages, 0.95), "max": max(pages)}
        print(f"{'article page (50 documents)':34s} p50 {results['article page']['p50']:8.1f}"
              f" ms   p95 {results['article page']['p95']:8.1f} ms   max "
              f"{max(pages):.1f} ms")
    worst_event = max(v["p95"] for k, v in results.items()
                      if k.startswith("events ") and "=" in queries[k])
    print(json.dumps({"documents": len(ids), "worst_filtered_event_p95_ms": worst_event,
                      "article_p95_ms": results["article page"]["p95"]}))
    print(f"event queries with filters: worst p95 {worst_event:.1f} ms "
          f"(target < {EVENT_TARGET_MS:.0f}); article page p95 "
          f"{results['article page']['p95']:.1f} ms (target < {ARTICLE_TARGET_MS:.0f})")


if __name__ == "__main__":
    main()
