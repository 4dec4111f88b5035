"""How long does each `tidings` listing take on a store of 100,000 documents?

Runs every listing command of the CLI, in this process through click's test runner (so
the time is the command's own: opening the store, its queries and printing, without
the interpreter's start), each several times, and prints p50 and p95 per command
against the target of issue 13 (p95 <= 100 ms for every listing).

The store is the one ``corpus_scale_ingest.py`` builds (100,000 synthetic documents,
stored and placed in the corpus view; built here when missing, about 7 minutes). It
has no failures of its own: 5,000 rejections are added once, so that ``tidings
failures`` lists a real table.

    .venv/bin/python benchmarks/cli_latency.py
    .venv/bin/python benchmarks/cli_latency.py --db other.db --repeats 10
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from pathlib import Path

from click.testing import CliRunner
from web_latency import percentile, sample_values, store_arguments

from tidings.cli import main as tidings
from tidings.model import Rejected
from tidings.store import Corpus

TARGET_MS = 100.0
ADDED_FAILURES = 5_000


def add_failures(db: Path) -> None:
    with Corpus(db) as corpus:
        if corpus.count("failures"):
            return
        with corpus.transaction():
            for n in range(ADDED_FAILURES):
                corpus.add_failure(Rejected(
                    source=f"feeds/day-{n // 500}.jsonl:{n % 500 + 1}", stage="read",
                    code="bad_json", reason="line is not a JSON object", content_id=None))


def listings(db: Path) -> dict[str, list[str]]:
    """Each listing's arguments, with filter values that exist in the store."""
    values = sample_values(db)
    conn = sqlite3.connect(db)
    actor_id = conn.execute("SELECT id FROM actors ORDER BY n_mentions DESC "
                            "LIMIT 1 OFFSET 50").fetchone()[0]
    doc_id = conn.execute("SELECT id FROM documents LIMIT 1 OFFSET 50000").fetchone()[0]
    conn.close()
    actor, place, country = values["actor"], values["place"], values["country"]
    event_filters = {
        "": [], " --type": ["--type", "CONSULT"], " --country": ["--country", country],
        " --actor": ["--actor", actor], " --place": ["--place", place],
        " --since --until": ["--since", "2023-03", "--until", "2023-04"],
        " --type --country --since": ["--type", "ASSAULT", "--country", country,
                                      "--since", "2023"],
    }
    found = {f"events{name}": ["events", *args] for name, args in event_filters.items()}
    found |= {f"events --members{name}": ["events", "--members", *args]
              for name, args in event_filters.items()}
    found |= {
        "entities": ["entities"],
        "entities --type": ["entities", "--type", "PERSON"],
        "entities --name": ["entities", "--name", actor],
        "actors": ["actors"],
        "actors --name": ["actors", "--name", actor],
        "actors --country": ["actors", "--country", country],
        "actors --type": ["actors", "--type", "ORG"],
        "actor ID": ["actor", actor_id],
        "stories": ["stories"],
        "search": ["search", place],
        "failures": ["failures"],
        "show ID": ["show", doc_id],
        "demo": ["demo"],
        "demo --json": ["demo", "--json"],
    }
    return found


def time_command(runner: CliRunner, db: Path, args: list[str]) -> float:
    started = time.perf_counter()
    result = runner.invoke(tidings, [*args, "--db", str(db)])
    elapsed = (time.perf_counter() - started) * 1000
    if result.exit_code != 0:
        raise SystemExit(f"tidings {' '.join(args)} failed ({result.exit_code}): "
                         f"{result.output[-500:]}")
    return elapsed


def main() -> None:
    args = store_arguments(__doc__.splitlines()[0])
    add_failures(args.db)  # also upgrades an older store, as any command would
    runner = CliRunner()
    commands = listings(args.db)
    time_command(runner, args.db, ["stories"])  # warm: imports, page cache
    results: dict[str, dict[str, float]] = {}
    for name, command in commands.items():
        times = [time_command(runner, args.db, command) for _ in range(args.repeats)]
        results[name] = {"p50": round(statistics.median(times), 1),
                         "p95": round(percentile(times, 0.95), 1)}
        print(f"tidings {name:34s} p50 {results[name]['p50']:8.1f} ms   "
              f"p95 {results[name]['p95']:8.1f} ms", flush=True)
    worst = max(results, key=lambda n: results[n]["p95"])
    with sqlite3.connect(args.db) as conn:
        documents = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    print(json.dumps({"documents": documents, "repeats": args.repeats, "results": results}))
    print(f"worst p95: tidings {worst}, {results[worst]['p95']:.1f} ms "
          f"(target <= {TARGET_MS:.0f} ms for every listing)")


if __name__ == "__main__":
    main()
