"""`tidings ingest --engine dask` and `tidings load` (issue 13) on a real Dask
LocalCluster of 2 worker processes: the shards hold the same Documents as an ingest in
one process, loading them gives the same store, and loading again changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from web_server import SAMPLES

from tidings import batch
from tidings.cli import main
from tidings.store import Corpus


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, host="127.0.0.1") as local:
        yield local.scheduler_address


def documents(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in conn.execute("SELECT json FROM documents"))
    finally:
        conn.close()


def test_shards_from_a_cluster_load_into_the_store_of_one_process(
        cluster: str, extractor, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "empty.txt").write_text(" \n", encoding="utf-8")
    shards = tmp_path / "shards"
    result = CliRunner().invoke(main, [
        "ingest", str(SAMPLES), str(inputs), "--engine", "dask", "--scheduler", cluster,
        "--out", str(shards), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] >= 20 and report["failures"] == 1
    files = sorted(shards.glob("*.parquet"))
    rows = sum(pq.read_table(f).num_rows for f in files)
    assert rows == report["documents"] + report["failures"]

    loaded = tmp_path / "loaded.db"
    result = CliRunner().invoke(main, ["load", str(shards), "--db", str(loaded), "--json"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)
    assert first["stored"] == report["documents"] and first["failures"] == 1
    again = json.loads(CliRunner().invoke(
        main, ["load", str(shards), "--db", str(loaded), "--json"]).stdout)
    assert again["stored"] == 0 and again["skipped"] == report["documents"]
    assert again["failures"] == 0

    direct = tmp_path / "direct.db"
    with Corpus(direct) as corpus:
        batch.ingest([str(SAMPLES), str(inputs)], corpus, extractor=extractor, progress=False)
    assert documents(loaded) == documents(direct)
    with Corpus(loaded) as corpus:
        assert corpus.count("stories") >= 1 and corpus.has_corpus_events()


def test_the_dask_engine_needs_a_scheduler_and_a_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(SAMPLES), "--engine", "dask"])
    assert result.exit_code == 2 and "--scheduler ADDR and --out DIR" in result.output
    result = CliRunner().invoke(main, ["load", str(tmp_path / "none"), "--db",
                                       str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "no such file or folder" in result.output
