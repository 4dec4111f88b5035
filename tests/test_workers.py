"""`tidings ingest --workers N` (issue 13): the NLP in worker processes, one writer.
The store made with two workers holds the same records as the store made with one,
row for row; only ingestion times differ.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from web_server import SAMPLES

from tidings.cli import main

#: Columns that hold the time of the run, not what was stored.
TIMES = {"ingested_at", "created_at", "applied_at", "decided_at"}


def records(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows without the times of the run, in a fixed order."""
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'documents_fts%'")]
    found = {}
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                   if r[1] not in TIMES]
        found[table] = sorted(conn.execute(
            f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr)
    found["failures order"] = conn.execute(
        "SELECT source, code FROM failures ORDER BY id").fetchall()
    conn.close()
    return found


def test_two_workers_store_what_one_stores(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "empty.txt").write_text(" \n", encoding="utf-8")
    (inputs / "feed.jsonl").write_text(
        json.dumps({"text": "Uzbek Foreign Minister Bakhtiyor Saidov met Chinese officials "
                            "in Beijing on Tuesday.", "published": "2024-05-02"}) + "\n"
        + "{not json\n", encoding="utf-8")
    stores = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        result = CliRunner().invoke(main, [
            "ingest", str(SAMPLES), str(inputs), "--db", str(db), "--quiet", "--json",
            "--workers", str(workers)], env={"TIDINGS_BATCH_SIZE": "4"})
        report = json.loads(result.stdout)
        assert result.exit_code == 1 and report["stored"] >= 20, result.output
        assert report["rejected"] == 2
        stores[workers] = records(db)
    one, two = stores[1], stores[2]
    assert one.keys() == two.keys()
    for table in one:
        assert one[table] == two[table], table
    assert len(one["events"]) > 50 and len(one["story_members"]) >= 20


def test_a_rerun_with_nothing_new_starts_no_worker(tmp_path: Path, monkeypatch,
                                                   extractor) -> None:
    from tidings import batch, workers
    from tidings.store import Corpus

    db = tmp_path / "t.db"
    with Corpus(db) as corpus:
        batch.ingest([str(SAMPLES)], corpus, extractor=extractor, progress=False)

    def no_processes(*args, **kwargs):
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(workers.multiprocessing, "get_context", no_processes)
    with Corpus(db) as corpus:
        report = batch.ingest([str(SAMPLES)], corpus, progress=False, workers=2)
    assert report.stored == 0 and report.skipped >= 20


def test_a_model_the_workers_cannot_load_is_one_line_not_a_hang(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [
        "ingest", str(SAMPLES), "--db", str(tmp_path / "t.db"), "--quiet", "--workers", "2"],
        env={"TIDINGS_MODEL": "no_such_model_xyz"})
    assert result.exit_code == 1
    assert "no_such_model_xyz" in result.output and "Traceback" not in result.output
