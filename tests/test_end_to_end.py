"""The whole path with real parts: files on disk → readers → spaCy pipeline → SQLite."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """Each bad input, and the failure code it must produce."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    with open(folder / "huge.txt", "wb") as handle:
        handle.write(b"The minister arrived in Baku on Monday. " * (20 * 1024 * 1024 // 40 + 1))
    (folder / "broken.txt").write_bytes(
        "The talks in Tbilisi – a café summit – ended. ".encode() + b"\xff\xfe\xfa broken"
    )
    (folder / "nobody.html").write_text(
        "<html><head><title>Empty</title></head><body></body></html>", encoding="utf-8"
    )
    (folder / "russian.txt").write_text(
        "Министр иностранных дел Казахстана провёл переговоры со своим узбекским коллегой "
        "в Ташкенте. Стороны обсудили вопросы торговли, транспорта и водных ресурсов.",
        encoding="utf-8",
    )
    good = json.dumps({
        "text": "Georgian Prime Minister Irakli Kobakhidze met Armenian Prime Minister "
        "Nikol Pashinyan in Tbilisi on Monday. Pashinyan said the talks were useful.",
        "url": "https://example.org/news/1", "published": "2024-05-14",
    })
    (folder / "feed.jsonl").write_text(good + "\n{not json\n", encoding="utf-8")
    return {
        "empty.txt": "empty",
        "picture.txt": "binary",
        "huge.txt": "too_large",
        "broken.txt": "invalid_utf8",
        "nobody.html": "no_body",
        "russian.txt": "not_english",
        "feed.jsonl:2": "bad_json",
    }


def test_batch_with_bad_inputs_stores_the_good_ones_and_records_each_failure(
    tmp_path: Path,
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLES / "kabar_tashiev_yatimov_border_talks.txt", inputs)
    shutil.copy(SAMPLES / "kazinform_nurtleu_eu_envoy_astana.html", inputs)
    expected_failures = write_bad_inputs(inputs)
    db = tmp_path / "t.db"

    result = CliRunner().invoke(main, ["ingest", str(inputs), "--db", str(db)])

    assert result.exit_code == 1, result.output  # some inputs were rejected
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        failures = conn.execute("SELECT source, code, reason FROM failures").fetchall()
    assert stored == 3
    by_name = {Path(source).name: (code, reason) for source, code, reason in failures}
    for name, code in expected_failures.items():
        assert name in by_name, (name, sorted(by_name))
        assert by_name[name][0] == code, (name, by_name[name])
        assert "\n" not in by_name[name][1] and by_name[name][1]
    for name in expected_failures:
        assert name in result.stderr or name.split(":")[0] in result.stderr

    again = CliRunner().invoke(main, ["ingest", str(inputs), "--db", str(db), "--quiet", "--json"])
    assert again.exit_code == 1, again.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == len(failures)


def test_stored_article_is_found_by_show_entities_and_search(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    article = SAMPLES / "uza_mirziyoyev_tokayev_astana.txt"
    assert runner.invoke(main, ["ingest", str(article), "--db", db, "--quiet"]).exit_code == 0

    people = runner.invoke(main, ["entities", "--type", "PERSON", "--name", "mirziyoev",
                                  "--db", db, "--json"])
    assert people.exit_code == 0, people.output
    [person] = json.loads(people.output)
    assert person["name"] == "Shavkat Mirziyoyev"
    assert "Mirziyoev" in person["aliases"]

    hits = runner.invoke(main, ["search", "Samarkand", "--db", db, "--json"])
    [hit] = json.loads(hits.output)
    shown = runner.invoke(main, ["show", hit["doc_id"], "--db", db, "--json"])
    document = json.loads(shown.output)
    assert document["outlet"] == "UzA"
    assert document["published"] == "2024-05-22"
    assert "A+ A-" not in document["text"]


def test_extract_command_prints_document_json() -> None:
    result = CliRunner().invoke(
        main, ["extract", str(SAMPLES / "trend_az_bayramov_nurtleu_baku.txt")]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["published"] == "2024-03-14"
    names = {e["name"] for e in document["entities"] if e["type"] == "PERSON"}
    assert {"Jeyhun Bayramov", "Murat Nurtleu"} <= names
    for entity in document["entities"]:
        for m in entity["mentions"]:
            assert document["text"][m["start"]:m["end"]] == m["text"]


def test_extract_command_rejects_binary_input_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(512))
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "binary" in result.output


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_ingest_killed_mid_run_resumes_without_duplicates(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    env = {**os.environ, "TIDINGS_BATCH_SIZE": "2"}
    command = [sys.executable, "-m", "tidings", "ingest", str(SAMPLES), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(db) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(db)
    assert partial >= 2

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    full = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    with sqlite3.connect(db) as conn:
        total = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        distinct = conn.execute("SELECT count(DISTINCT text) FROM documents").fetchone()[0]
    assert total == distinct == 25  # 19 .txt + 3 .html + 3 JSONL records in samples/
    assert "stored 0" in full.stdout
