"""The store commands through click's runner, in-process, on a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import batch
from tidings.cli import main
from tidings.cli.ingest import failures_command
from tidings.errors import ModelNotFoundError
from tidings.model import (
    DateMention,
    Document,
    Entity,
    Evidence,
    RawArticle,
    Rejected,
    Role,
    TextSpan,
    content_id,
)
from tidings.store import Corpus

TEXT = "Foreign Minister Murat Nurtleu arrived in Tashkent on March 3, 2019, said Nurtleu."


def stored_doc() -> Document:
    person = Entity(
        "e1", "PERSON", "Murat Nurtleu", aliases=("Nurtleu",),
        mentions=(TextSpan(17, 30, TEXT[17:30]), TextSpan(73, 80, TEXT[73:80])),
        roles=(Role("Foreign Minister", None, "e3", "KAZ", Evidence(0, 30)),),
    )
    city = Entity("e2", "GPE", "Tashkent", mentions=(TextSpan(42, 50, TEXT[42:50]),))
    country = Entity("e3", "GPE", "Kazakhstan")
    return Document(
        id=content_id(TEXT), url=None, outlet="Kazinform", title="Nurtleu in Tashkent",
        published="2019-03-04", language="en", text=TEXT,
        entities=(person, city, country),
        dates=(DateMention(54, 67, TEXT[54:67], "2019-03-03", "day"),),
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "t.db")
    with Corpus(path) as corpus:
        corpus.add(stored_doc())
        corpus.add_failure(Rejected("x.bin", "read", "binary", "binary input (PDF document)"))
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# -- ingest, with the real readers and a stand-in NLP ------------------------------------


@dataclass(frozen=True)
class FakePrepared:
    raw: RawArticle
    id: str
    warnings: tuple[Rejected, ...] = ()


class FakeExtractor:
    def run_prepared(self, items: Iterable[FakePrepared]) -> Iterator[tuple[object, object]]:
        for item in items:
            word = item.raw.text.split()[0]
            yield item, Document(
                id=item.id, url=None, outlet=None, title=None, published=None,
                language="en", text=item.raw.text, source=item.raw.source,
                entities=(Entity("e1", "PERSON", word, mentions=(TextSpan(0, len(word), word),)),),
            )


@pytest.fixture
def fake_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_default_extractor", lambda size: FakeExtractor())
    monkeypatch.setattr(
        batch, "_default_prepare",
        lambda extractor: lambda raw: FakePrepared(raw, content_id(raw.text)),
    )


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Alice met Bob in Paris.")
    (folder / "b.txt").write_text("Carol spoke in Rome.")
    (folder / "empty.txt").write_text("")
    return folder


@pytest.mark.usefixtures("fake_nlp")
def test_ingest_prints_summary_and_rejections_and_exits_1(
    runner: CliRunner, inputs: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "new.db")
    result = runner.invoke(main, ["ingest", str(inputs), "--db", db])
    assert result.exit_code == 1, result.output  # one input was rejected
    assert result.stdout.strip() == (
        "stored 2, skipped 0 already stored, rejected 1 (see failures), failed 0")
    assert f"{inputs / 'empty.txt'}: empty input: the file has no text" in result.stderr
    again = runner.invoke(main, ["ingest", str(inputs), "--db", db, "--quiet"])
    assert again.stdout.strip().startswith("stored 0, skipped 2 already stored")
    assert again.stderr == ""


@pytest.mark.usefixtures("fake_nlp")
def test_ingest_rerun_with_nothing_new_never_loads_the_nlp(
    runner: CliRunner, inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "new.db")
    runner.invoke(main, ["ingest", str(inputs), "--db", db, "--quiet"])

    def no_model(size: int) -> None:
        raise AssertionError("the NLP was loaded")

    monkeypatch.setattr(batch, "_default_extractor", no_model)
    result = runner.invoke(main, ["ingest", str(inputs), "--db", db, "--quiet"])
    assert result.exit_code == 1, result.output  # empty.txt again


@pytest.mark.usefixtures("fake_nlp")
def test_ingest_without_a_model_is_one_line_error(
    runner: CliRunner, inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model(size: int) -> None:
        raise ModelNotFoundError("spaCy model 'x' is not installed")

    monkeypatch.setattr(batch, "_default_extractor", no_model)
    result = runner.invoke(main, ["ingest", str(inputs), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == "Error: spaCy model 'x' is not installed"


@pytest.mark.usefixtures("fake_nlp")
def test_ingest_reads_stdin_dash(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "new.db")
    result = runner.invoke(main, ["ingest", "-", "--db", db, "--json"],
                           input="Dora arrived in Oslo today.")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 1
    with Corpus(db) as corpus:
        assert corpus.entities(name="dora")[0].name == "Dora"


def test_failures_command_lists_reasons(runner: CliRunner, db: str) -> None:
    result = runner.invoke(failures_command, ["--db", db])
    assert result.exit_code == 0
    assert result.stdout.strip() == "x.bin: [read/binary] binary input (PDF document)"
    as_json = json.loads(runner.invoke(failures_command, ["--db", db, "--json"]).stdout)
    assert as_json[0]["code"] == "binary"


# -- show ---------------------------------------------------------------------------


def test_show_prints_entities_by_type_with_aliases_posts_and_dates(
    runner: CliRunner, db: str
) -> None:
    result = runner.invoke(main, ["show", content_id(TEXT), "--db", db])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Nurtleu in Tashkent\nKazinform · 2019-03-04")
    assert "  Murat Nurtleu (also Nurtleu) — 2 mentions" in out
    assert "    post: Foreign Minister (Kazakhstan, KAZ)" in out
    assert out.index("GPE") < out.index("PERSON")
    assert "March 3, 2019 → 2019-03-03 (day)" in out


def test_show_json_is_the_document(runner: CliRunner, db: str) -> None:
    result = runner.invoke(main, ["show", content_id(TEXT), "--db", db, "--json"])
    assert Document.from_dict(json.loads(result.stdout)) == stored_doc()


def test_show_unknown_id_is_one_line_error(runner: CliRunner, db: str) -> None:
    result = runner.invoke(main, ["show", "nope", "--db", db])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: no document with id 'nope' in {db}"


def test_read_command_on_missing_store_says_how_to_create_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    missing = str(tmp_path / "none.db")
    result = runner.invoke(main, ["show", "x", "--db", missing])
    assert result.exit_code == 1
    assert "no store at" in result.stderr and "tidings ingest" in result.stderr
    assert not Path(missing).exists()


# -- entities, search, demo ----------------------------------------------------------


def test_entities_table_filters_by_type(runner: CliRunner, db: str) -> None:
    result = runner.invoke(main, ["entities", "--type", "PERSON", "--db", db])
    assert result.exit_code == 0, result.output
    header, row = result.stdout.strip().splitlines()
    assert header.split() == ["type", "name", "aliases", "docs", "mentions", "posts"]
    assert row.split()[:5] == ["PERSON", "Murat", "Nurtleu", "Nurtleu", "1"]
    assert "Foreign Minister (Kazakhstan, KAZ)" in row


def test_entities_json_filter_by_alias(runner: CliRunner, db: str) -> None:
    result = runner.invoke(main, ["entities", "--name", "NURTLÉU", "--db", db, "--json"])
    [entity] = json.loads(result.stdout)
    assert (entity["name"], entity["mention_count"]) == ("Murat Nurtleu", 2)
    empty = runner.invoke(main, ["entities", "--name", "zzz", "--db", db])
    assert empty.stdout.strip() == "no entities match"


@pytest.mark.parametrize("query", ['"', "AND (", "o'brien", "*", "NEAR(x"])
def test_search_with_awkward_query_exits_0(runner: CliRunner, db: str, query: str) -> None:
    result = runner.invoke(main, ["search", query, "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("no documents match")


def test_search_prints_hits_with_snippet(runner: CliRunner, db: str) -> None:
    result = runner.invoke(main, ["search", "tashkent", "--db", db])
    lines = result.stdout.splitlines()
    assert lines[0] == f"{content_id(TEXT)}  Nurtleu in Tashkent"
    assert "[Tashkent]" in lines[1]
    hits = json.loads(runner.invoke(main, ["search", "nurtleu", "--db", db, "--json"]).stdout)
    assert hits[0]["doc_id"] == content_id(TEXT)


def test_demo_summarizes_the_store(runner: CliRunner, db: str) -> None:
    result = runner.invoke(main, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("1 document, 3 entities, 3 mentions, 1 failure")
    assert "People:\n  Murat Nurtleu (also Nurtleu): 2 mentions in 1 document" in out
    assert "post: Foreign Minister (Kazakhstan, KAZ)" in out
    assert "Places:\n  Tashkent" in out
    assert "2019-03-03 (day): 'March 3, 2019'" in out
    stats = json.loads(runner.invoke(main, ["demo", "--db", db, "--json"]).stdout)
    assert stats["documents"] == 1
