"""Messy input a new user feeds Tidings, item by item (issue 10): each input is read,
rejected in one line, or stored with a warning, and the batch goes on.

Items 4 (deep recursion, time budget) are in test_pathological_input.py; items 7 and 10
(filter values, the events listing) in test_cli_filters.py.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.batch import ingest
from tidings.cli import main
from tidings.ingest.published import Published, read_published
from tidings.ingest.readers import article_from_bytes, article_from_string, iter_articles
from tidings.model import RawArticle, Rejected, content_id
from tidings.store import Corpus

ROOT = Path(__file__).resolve().parents[1]
GOOD = (
    "Foreign ministers of Kazakhstan and Uzbekistan met in Tashkent on Monday to discuss "
    "water sharing on the Syr Darya, the ministry said."
)
OTHER = (
    "President Ilham Aliyev received the Georgian Prime Minister in Baku on Tuesday, and "
    "the two leaders discussed transport links across the South Caucasus."
)


def stored_ids(db: Path) -> set[str]:
    with Corpus(db) as corpus:
        return {d.id for d in corpus.documents()}


def failures(db: Path) -> list[tuple[str, str]]:
    with Corpus(db) as corpus:
        return [(Path(f.source).name, f.code) for f in corpus.failures()]


# 1. A control character before <style> made lxml refuse the page and stop the run.

@pytest.mark.parametrize("where", ["file", "jsonl"])
def test_control_character_in_html_does_not_stop_the_batch(
    tmp_path: Path, extractor, where: str
) -> None:
    page = "<p>\x01<style>p{}</style>" + OTHER + "</p>"
    if where == "file":
        (tmp_path / "bad.html").write_text(page)
    else:
        (tmp_path / "feed.jsonl").write_text(json.dumps({"html": page}) + "\n")
    (tmp_path / "good.txt").write_text(GOOD)
    db = tmp_path / "t.db"
    with Corpus(db) as corpus:
        report = ingest([str(tmp_path)], corpus, extractor=extractor, progress=False)
    assert report.failed == 0
    assert stored_ids(db) == {content_id(GOOD), content_id(OTHER)}


def test_any_exception_while_reading_one_input_is_its_rejection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tidings.ingest import readers

    (tmp_path / "a.html").write_text("<p>" + GOOD + "</p>")
    (tmp_path / "b.txt").write_text(OTHER)

    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("lxml broke")

    monkeypatch.setattr(readers, "article_from_html", broken)
    results = list(iter_articles([str(tmp_path)]))
    assert [type(r).__name__ for r in results] == ["Rejected", "RawArticle"]
    assert results[0].code == "error" and "KeyError" in results[0].reason


# 2. Symbolic links: each real file once, loops end, a loop named directly says so.

def test_folder_with_links_to_itself_reads_each_file_once(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD)
    (folder / "sub" / "b.txt").write_text(OTHER)
    (folder / "x").symlink_to(".")
    (folder / "sub" / "up").symlink_to("..")
    (folder / "again.txt").symlink_to("a.txt")
    results = list(iter_articles([str(folder), str(folder / "a.txt")]))
    assert sorted(r.text for r in results) == sorted([GOOD, OTHER])


def test_symlink_loop_named_directly_is_a_link_loop_not_missing(tmp_path: Path) -> None:
    (tmp_path / "one").symlink_to(tmp_path / "two")
    (tmp_path / "two").symlink_to(tmp_path / "one")
    [result] = list(iter_articles([str(tmp_path / "one")]))
    assert isinstance(result, Rejected)
    assert result.code == "unreadable"
    assert "symbolic link" in result.reason and "no such file" not in result.reason


# 3. Publication dates in every common form; an unreadable one is a warning.

@pytest.mark.parametrize(
    ("given", "value", "precision"),
    [
        ("Tue, 14 Mar 2024 10:00:00 GMT", "2024-03-14T10:00:00+00:00", "time"),
        ("Thu, 14 Mar 2024 10:00:00 +0500", "2024-03-14T10:00:00+05:00", "time"),
        ("2024-03-14", "2024-03-14", "day"),
        ("2024-03-14T10:00:00Z", "2024-03-14T10:00:00+00:00", "time"),
        ("2024-03-14 10:00", "2024-03-14T10:00:00", "time"),
        ("2024-03", "2024-03-01", "month"),
        ("2024", "2024-01-01", "year"),
        ("March 2024", "2024-03-01", "month"),
        ("14 March 2024", "2024-03-14", "day"),
        ("March 14, 2024", "2024-03-14", "day"),
        ("2024/03/14", "2024-03-14", "day"),
        ("14.03.2024", "2024-03-14", "day"),
        ("20240314", "2024-03-14", "day"),
    ],
)
def test_published_common_forms(given: str, value: str, precision: str) -> None:
    assert read_published(given) == Published(value, precision)


@pytest.mark.parametrize(
    "given", ["2024-02-30", "2024-13", "x", "", "Tue, 30 Feb 2024 10:00:00 GMT", "03/04/2024"]
)
def test_impossible_or_unreadable_published_is_none(given: str) -> None:
    assert read_published(given) is None


def test_unreadable_published_is_a_warning_and_the_article_is_stored(
    tmp_path: Path, extractor
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"text": GOOD, "published": "2024-02-30"}) + "\n"
        + json.dumps({"text": OTHER, "published": "Tue, 14 Mar 2024 10:00:00 GMT"}) + "\n"
    )
    db = tmp_path / "t.db"
    with Corpus(db) as corpus:
        report = ingest([str(feed)], corpus, extractor=extractor, progress=False)
        assert (report.stored, report.warnings, report.rejected) == (2, 1, 0)
        assert corpus.get(content_id(GOOD)).published is None
        dated = corpus.get(content_id(OTHER))
        assert (dated.published, dated.published_precision) == (
            "2024-03-14T10:00:00+00:00", "time")
    assert failures(db) == [("feed.jsonl:1", "bad_published")]


def test_month_precision_is_kept_and_does_not_date_weekdays(extractor) -> None:
    [(_, doc)] = list(extractor.run([RawArticle("a.txt", GOOD, published="2024-03")]))
    assert (doc.published, doc.published_precision) == ("2024-03-01", "month")
    assert [d.value for d in doc.dates if d.text == "Monday"] == []


def test_extract_with_an_unreadable_published_is_a_one_line_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    result = CliRunner().invoke(main, ["extract", str(path), "--published", "x"])
    assert result.exit_code == 2
    assert "'x' is not a date" in result.output
    assert "Traceback" not in result.output


# 5. Piped JSONL with one bad line; JSONL, JSON and databases given to extract or walked.

def test_piped_jsonl_with_a_bad_line_keeps_the_good_lines() -> None:
    stdin = io.BytesIO(
        (json.dumps({"text": GOOD}) + "\nnot json at all\n" + json.dumps({"text": OTHER}))
        .encode()
    )
    results = list(iter_articles(["-"], stdin=stdin))
    assert [type(r).__name__ for r in results] == ["RawArticle", "Rejected", "RawArticle"]
    assert results[1].source == "-:2" and results[1].code == "bad_json"


def test_extract_of_a_feed_points_to_ingest(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": GOOD}) + "\n" + json.dumps({"text": OTHER}) + "\n")
    result = CliRunner().invoke(main, ["extract", str(feed)])
    assert result.exit_code == 1
    assert "holds 2 records" in result.output and "tidings ingest" in result.output


def test_extract_reads_a_json_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": GOOD, "published": "14 March 2024"}))
    result = CliRunner().invoke(main, ["extract", str(path), "--compact"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert (doc["text"], doc["published"]) == (GOOD, "2024-03-14")


def test_a_database_is_not_an_article(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    Corpus(db).close()
    result = article_from_bytes(db.read_bytes(), str(db))
    assert isinstance(result, Rejected)
    assert (result.code, result.reason) == ("binary", "binary input: the file is not text "
                                            "(SQLite database)")


def test_folder_walk_passes_over_data_files_and_counts_them(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "meta.json").write_text("{}")
    (tmp_path / "old.db").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "notes.md").write_text("# notes")
    from tidings.ingest.readers import WalkNotes

    notes = WalkNotes()
    results = list(iter_articles([str(tmp_path)], notes=notes))
    assert [r.text for r in results] == [GOOD]
    assert notes.summary() == "passed over 3 files that are not articles (.db, .json, .md)"


# 6. A lone surrogate in JSONL text.

def test_lone_surrogate_in_jsonl_text_is_replaced_and_stored(tmp_path: Path, extractor) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "' + OTHER.replace("Baku", "Baku \\ud800") + '"}\n')
    db = tmp_path / "t.db"
    with Corpus(db) as corpus:
        report = ingest([str(feed)], corpus, extractor=extractor, progress=False)
        assert report.stored == 1, report.problems
        [summary] = corpus.documents()
        assert "Baku \ufffd" in corpus.get(summary.id).text


def test_surrogates_keep_offsets_in_place() -> None:
    raw = article_from_string("Talks \udc80in Baku.", "s")
    assert isinstance(raw, RawArticle)
    assert raw.text == "Talks \ufffdin Baku."


# 8. Reasons that say what is wrong.

def test_random_binary_is_called_binary_not_bad_utf8() -> None:
    data = bytes((n * 7919 + 13) % 256 for n in range(5000))  # every byte value, mixed
    result = article_from_bytes(data, "x.bin")
    assert isinstance(result, Rejected) and result.code == "binary"


def test_cp1251_text_is_still_read() -> None:
    result = article_from_bytes("Переговоры в Баку продолжились.".encode("cp1251"), "a.txt")
    assert isinstance(result, RawArticle) and "Баку" in result.text


def nested(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + f"<p>{GOOD}</p>" + "</div>" * depth + "</body></html>"


def test_deeply_nested_html_is_read() -> None:
    result = article_from_string(nested(400), "deep.html")
    assert isinstance(result, RawArticle) and GOOD in result.text


def test_html_nested_beyond_any_parser_says_so() -> None:
    result = article_from_string(nested(3000), "deeper.html")
    assert isinstance(result, Rejected)
    assert result.code == "too_deep" and "nested too deeply" in result.reason


# 9. Exit codes.

def test_exit_codes_of_ingest(tmp_path: Path, extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    from tidings import batch

    monkeypatch.setattr(batch, "_default_extractor", lambda size: extractor)
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "empty.txt").write_text("")
    db = str(tmp_path / "t.db")
    runner = CliRunner()

    def code(*paths: str) -> int:
        return runner.invoke(main, ["ingest", *paths, "--db", db, "-q"]).exit_code

    assert code(str(tmp_path / "good.txt")) == 0
    assert code(str(tmp_path / "good.txt")) == 0  # already stored is not a problem
    assert code(str(tmp_path / "good.txt"), str(tmp_path / "empty.txt")) == 1
    assert code(str(tmp_path / "empty.txt")) == 2
    assert code(str(tmp_path / "missing")) == 2
    assert "Exit status" in runner.invoke(main, ["ingest", "--help"]).output


def test_internal_error_is_one_line_and_debug_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tidings.store import Corpus as StoreCorpus

    db = tmp_path / "t.db"
    StoreCorpus(db).close()

    def broken(self: object, **kwargs: object) -> object:
        raise ZeroDivisionError("bug in a query")

    monkeypatch.setattr(StoreCorpus, "entities", broken)
    runner = CliRunner()
    plain = runner.invoke(main, ["entities", "--db", str(db)])
    assert plain.exit_code == 3
    assert plain.output.strip().splitlines() == [
        "Error: internal error (ZeroDivisionError: bug in a query); rerun with --debug for "
        "the traceback"
    ]
    debug = runner.invoke(main, ["--debug", "entities", "--db", str(db)])
    assert isinstance(debug.exception, ZeroDivisionError)


# 11. What a newcomer reads.

def test_readme_says_where_the_development_data_comes_from() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "## Development data" in readme and "../shared/data" in readme
    assert "skipped" in readme
    for link in ("docs/document.md", "docs/accuracy.md", "docs/speed.md"):
        assert link in readme and (ROOT / link).is_file()
    assert "DESIGN.md" not in readme


def test_demo_says_the_samples_are_invented(tmp_path: Path, extractor) -> None:
    db = tmp_path / "t.db"
    with Corpus(db) as corpus:
        ingest([str(ROOT / "samples" / "kabar_tashiev_yatimov_border_talks.txt")], corpus,
               extractor=extractor, progress=False)
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0
    assert "1 document came from the samples folder" in result.output
    assert "corpus view: " in result.output and "1 story," in result.output
    assert "invented events about real public figures" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_folder_is_a_rejection(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        [result] = list(iter_articles([str(locked)]))
    finally:
        locked.chmod(0o755)
    assert isinstance(result, Rejected) and result.code == "unreadable"


# Any exception inside one article's NLP is that article's failure, in extract too.

def test_exception_inside_the_nlp_is_a_rejection_not_a_traceback(
    extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tidings import extraction

    real = extraction.doc_to_document

    def broken(doc, item):  # noqa: ANN001, ANN202
        if "Baku" in doc.text:
            raise IndexError("a stage broke")
        return real(doc, item)

    monkeypatch.setattr(extraction, "doc_to_document", broken)
    results = [doc for _, doc in extractor.run(
        [RawArticle("a.txt", OTHER), RawArticle("b.txt", GOOD)])]
    assert isinstance(results[0], Rejected)
    assert (results[0].stage, results[0].code) == ("nlp", "error")
    assert results[0].reason == "IndexError: a stage broke"
    assert results[1].text == GOOD


def test_a_name_ending_in_a_particle_keeps_a_name() -> None:
    from tidings import Document, extract

    doc = extract("They met Gloria La-la in Rome on Monday.", require_english=False)
    assert isinstance(doc, Document)
    assert "Gloria La-la" in [e.name for e in doc.entities]


@pytest.mark.parametrize("html", ["<body><!--</body>", "<body><?xml version='1.0'?></div>"])
def test_markup_that_parses_to_a_comment_has_no_body(html: str) -> None:
    result = article_from_string(html, "c.html")
    assert isinstance(result, Rejected) and result.code == "no_body"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_text_not_binary(codec: str) -> None:
    import codecs

    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    result = article_from_bytes(bom + GOOD.encode(codec), "a.txt")
    assert isinstance(result, RawArticle) and result.text == GOOD
