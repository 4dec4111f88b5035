"""Ingest progress (issue 13): the inputs counted before they are read, and the articles
done, the rate and the time left on stderr, as a bar on a terminal or as lines in a log."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import batch, progress
from tidings.batch import ingest
from tidings.cli import main
from tidings.ingest.count import count_articles, count_jsonl_records
from tidings.ingest.readers import iter_articles
from tidings.model import Document, RawArticle, Rejected, content_id
from tidings.progress import ProgressMeter, progress_line
from tidings.store import Corpus

LINE = re.compile(
    r"tidings: (\d+) of (\d+) articles, [\d,]+\.\d articles/s, about \w+ left")

# -- counting ----------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Articles as a folder walk finds them, with what it must not count twice or at all."""
    root = tmp_path / "in"
    (root / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("Alice met Bob in Paris.")
    (root / "b.html").write_text("<html><body><p>Carol spoke in Rome.</p></body></html>")
    (root / "deeper" / "c").write_text("Dora arrived in Oslo.")  # no ending: read
    (root / "empty.txt").write_text("")  # read, and rejected: one result all the same
    (root / "notes.md").write_text("# not an article")  # passed over
    (root / "again.txt").symlink_to(root / "a.txt")  # the same real file: read once
    (root / "wire.jsonl").write_text(
        '{"text": "Erin met Frank."}\n\n   \n{"text": "Gita left."}\nnot json\n'
    )
    return root


def test_count_of_a_folder_is_the_number_of_results_its_walk_gives(folder: Path) -> None:
    results = list(iter_articles([str(folder)]))
    assert len(results) == 7  # a, b, c, empty, and three JSONL lines (one a rejection)
    assert count_articles([str(folder)]) == len(results)
    # A file reached again by a glob or named twice is read, and counted, once.
    inputs = [str(folder), str(folder / "*.txt"), str(folder / "a.txt")]
    assert count_articles(inputs) == len(list(iter_articles(inputs))) == 7


def test_count_of_a_jsonl_file_is_its_non_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    records = [json.dumps({"text": f"Person{n} spoke about item {n}."}) for n in range(250)]
    path.write_text("\n".join(records[:100]) + "\n\n \t\r\n" + "\n".join(records[100:]))
    assert count_jsonl_records(path) == 250
    assert count_articles([str(path)]) == len(list(iter_articles([str(path)]))) == 250


def test_count_of_feeds_and_sitemaps_is_their_entries(tmp_path: Path) -> None:
    rss = tmp_path / "wire.rss"
    rss.write_text(
        '<rss version="2.0"><channel><title>Wire</title>'
        + "".join(f"<item><title>{n}</title><description>Talks in Baku, day {n}.</description>"
                  "</item>" for n in range(3))
        + "</channel></rss>"
    )
    atom = tmp_path / "steppe"  # no ending: known by its first bytes
    atom.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Steppe</title>'
        '<entry><content type="text">Budget approved in Astana.</content></entry></feed>'
    )
    sitemap = tmp_path / "news-sitemap.xml"
    sitemap.write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://cw.example/1</loc></url><url><loc>https://cw.example/2</loc></url>"
        "</urlset>"
    )
    quiet = tmp_path / "quiet.rss"
    quiet.write_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    for path, entries in ((rss, 3), (atom, 1), (sitemap, 2), (quiet, 1)):
        assert count_articles([str(path)]) == len(list(iter_articles([str(path)]))) == entries


def test_no_total_for_stdin_web_archives_and_json_lists(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    (tmp_path / "list.json").write_text('[{"text": "One."}, {"text": "Two."}]')
    (tmp_path / "one.json").write_text('{"text": "One."}')
    assert count_articles(["-"]) is None
    assert count_articles([str(tmp_path / "crawl.warc.gz")]) is None
    assert count_articles([str(tmp_path / "list.json")]) is None
    assert count_articles([str(tmp_path / "one.json")]) == 1
    assert count_articles([str(tmp_path / "missing.txt"), str(tmp_path / "*.nothing")]) == 2


# -- what is shown -----------------------------------------------------------------------


def test_progress_line_says_done_total_rate_and_time_left() -> None:
    assert progress_line(1200, 5000, 50.4) == (
        "tidings: 1,200 of 5,000 articles, 23.8 articles/s, about 2m40s left")
    assert progress_line(30, 100_000, 10) == (
        "tidings: 30 of 100,000 articles, 3.0 articles/s, about 9h15m left")
    assert progress_line(1200, None, 50.4) == "tidings: 1,200 articles, 23.8 articles/s"
    # An estimated total that the run goes past gives no time left rather than a wrong one.
    assert progress_line(12, 10, 4) == "tidings: 12 articles, 3.0 articles/s"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_shows_the_total_and_the_rate() -> None:
    screen = Terminal()
    with ProgressMeter(5, log_every=0, stream=screen) as meter:
        meter.advance(2)
        meter.advance(3)
    assert "5/5" in screen.getvalue()
    assert "article/s" in screen.getvalue()
    assert "tidings:" not in screen.getvalue()  # no log lines on a terminal


# -- ingest, with the real readers and a stand-in NLP ------------------------------------


@dataclass(frozen=True)
class FakePrepared:
    raw: RawArticle
    id: str
    warnings: tuple[Rejected, ...] = ()


def fake_prepare(raw: RawArticle) -> FakePrepared:
    return FakePrepared(raw, content_id(raw.text))


class FakeExtractor:
    def run_prepared(self, items: Iterable[FakePrepared]) -> Iterator[tuple[object, object]]:
        for item in items:
            yield item, Document(
                id=item.id, url=None, outlet=None, title=None, published=None,
                language="en", text=item.raw.text, source=item.raw.source,
            )


@pytest.fixture
def five(tmp_path: Path) -> Path:
    """Four articles and, fourth in the walk, an empty file."""
    root = tmp_path / "five"
    root.mkdir()
    for name, text in (("a", "Alice met Bob."), ("b", "Carol spoke."), ("c", "Dora left."),
                       ("d", ""), ("e", "Erin arrived.")):
        (root / f"{name}.txt").write_text(text)
    return root


def test_log_lines_count_articles_as_their_batch_is_stored(
    five: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Corpus(str(tmp_path / "t.db")) as corpus:
        report = ingest([str(five)], corpus, extractor=FakeExtractor(), prepare=fake_prepare,
                        batch_size=2, progress_every=0)
    assert (report.stored, report.rejected) == (4, 1)
    lines = capsys.readouterr().err.splitlines()
    assert all(LINE.fullmatch(line) for line in lines), lines
    # a and b are done when their batch is stored, the empty d as it is read, and c with
    # e: never a count of what was only read (1, 2, 3, 4, 5).
    assert [LINE.fullmatch(line).groups() for line in lines] == [  # type: ignore[union-attr]
        ("2", "5"), ("3", "5"), ("5", "5")]


def test_no_progress_when_it_is_off(
    five: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Corpus(str(tmp_path / "t.db")) as corpus:
        ingest([str(five)], corpus, extractor=FakeExtractor(), prepare=fake_prepare,
               progress=False, progress_every=0)
    assert capsys.readouterr().err == ""


@pytest.fixture
def slow_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten seconds pass each time the progress looks at the clock: a line is due at
    every step, and the rate is known in advance."""
    ticks = iter(range(0, 10_000, 10))
    monkeypatch.setattr(progress, "monotonic", lambda: float(next(ticks)))
    monkeypatch.setattr(batch, "_default_extractor", lambda size: FakeExtractor())
    monkeypatch.setattr(batch, "_default_prepare", lambda extractor: fake_prepare)


@pytest.mark.usefixtures("slow_clock")
def test_cli_ingest_logs_progress_lines_unless_quiet(five: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "t.db")
    result = runner.invoke(main, ["ingest", str(five), "--db", db])
    assert result.exit_code == 1, result.output  # d.txt is empty
    # d.txt is done as it is read (at 10 s), the four others when their one batch is
    # stored (at 20 s).
    assert [line for line in result.stderr.splitlines() if line.startswith("tidings:")] == [
        "tidings: 1 of 5 articles, 0.1 articles/s, about 40s left",
        "tidings: 5 of 5 articles, 0.2 articles/s, about 0s left",
    ]
    quiet = runner.invoke(main, ["ingest", str(five), "--db", str(tmp_path / "q.db"), "-q"])
    assert quiet.exit_code == 1, quiet.output
    assert quiet.stderr == ""
