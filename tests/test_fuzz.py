"""Hostile input, generated: nothing a user feeds Tidings raises, every offset slices
the text, and a batch mixing bad inputs with good articles stores the good ones.

Bounded to well under a minute; ``benchmarks/fuzz.py`` runs the same kinds of input by the
hundred thousand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_extract_properties import WORDS, check_offsets

from tidings import Document, Rejected, extract
from tidings.batch import ingest
from tidings.cli import main
from tidings.extraction import prepare
from tidings.ingest.published import read_published
from tidings.ingest.readers import article_from_bytes, article_from_string
from tidings.model import RawArticle, content_id
from tidings.store import Corpus

# Characters that break naive text handling: lone surrogates, bidi controls, zero-width
# marks, C0/C1 controls, BOMs and non-characters.
HOSTILE = [
    "\ud800", "\udfff", "\udc80", "\u202e", "\u202d", "\u2066", "\u200b", "\u200c", "\u200d",
    "\u200f", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\x00", "\x01", "\x08",
    "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\U0001f600", "\u0301", "\u05d0", "\u0627",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.sampled_from(WORDS), st.characters()),
    max_size=120,
).map("".join)
TAGS = ["p", "div", "style", "script", "html", "body", "head", "title", "a", "br", "span"]
html_fragment = st.lists(
    st.one_of(
        st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
        st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#xD800;", "<p class='"]),
        hostile_text,
    ),
    max_size=40,
).map("".join)
DATE_PARTS = [
    "2024", "-", "03", "14", "T", "10:00", ":00", "Z", "+05:00", "Tue,", " ", "Mar", "March",
    "/", ".", "30", "02", "GMT", "13", "99", "0000", "x", "9999999999",
]
published_value = st.one_of(
    st.lists(st.sampled_from(DATE_PARTS), max_size=8).map("".join), hostile_text
)
GOOD = [
    "Foreign ministers of Kazakhstan and Uzbekistan met in Tashkent on Monday to discuss "
    "water sharing on the Syr Darya, the ministry said.",
    "President Ilham Aliyev received the Georgian Prime Minister in Baku on Tuesday, "
    "and the two leaders discussed transport links across the South Caucasus.",
]

bounded = settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def assert_one_line(rejected: Rejected) -> None:
    assert rejected.reason and "\n" not in rejected.reason


@bounded
@given(text=st.one_of(hostile_text, html_fragment), published=published_value)
def test_extract_survives_hostile_text_and_dates(text: str, published: str) -> None:
    result = extract(text, published=published, require_english=False)
    assert isinstance(result, (Document, Rejected))
    if isinstance(result, Rejected):
        assert_one_line(result)
    else:
        check_offsets(result)
        result.to_dict()
        json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")


@bounded
@given(data=st.binary(max_size=400))
def test_random_bytes_are_read_or_rejected_in_one_line(data: bytes) -> None:
    result = article_from_bytes(data, "x.bin")
    assert isinstance(result, (RawArticle, Rejected))
    if isinstance(result, Rejected):
        assert_one_line(result)


@settings(max_examples=3000, deadline=None)
@given(value=published_value)
def test_published_is_an_iso_value_or_nothing(value: str) -> None:
    found = read_published(value)
    if found is not None:
        assert found.precision in ("time", "day", "month", "year")
        assert found.value[:4].isdigit() and found.value[4] == "-"


@bounded
@given(value=published_value)
def test_an_unreadable_published_never_loses_the_article(value: str) -> None:
    raw = article_from_string(GOOD[0], "a.txt", published=value)
    assert isinstance(raw, RawArticle)
    outcome = prepare(raw)
    assert not isinstance(outcome, Rejected)
    if read_published(value) is None and value.strip():
        assert [w.code for w in outcome.warnings] == ["bad_published"]


def jsonl_line(draw_value: object) -> str:
    return json.dumps(draw_value, ensure_ascii=False)


jsonl_record = st.one_of(
    st.fixed_dictionaries(
        {}, optional={
            "text": hostile_text, "html": html_fragment, "published": published_value,
            "url": hostile_text, "title": hostile_text, "outlet": st.integers(),
        },
    ).map(jsonl_line),
    hostile_text.map(lambda t: t.replace("\n", " ")),
    st.sampled_from(["{", "[]", "null", '{"text": 5}', '"text"', "{}"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(
    bad_files=st.lists(
        st.one_of(
            st.binary(max_size=300),
            html_fragment.map(lambda h: h.encode("utf-8", "surrogatepass")),
        ),
        max_size=4,
    ),
    bad_lines=st.lists(jsonl_record, max_size=5),
)
def test_ingest_of_a_mixed_batch_stores_the_good_articles(
    tmp_path_factory: pytest.TempPathFactory, extractor, bad_files: list[bytes],
    bad_lines: list[str],
) -> None:
    folder = tmp_path_factory.mktemp("mixed")
    for n, data in enumerate(bad_files):
        (folder / f"bad{n}.html").write_bytes(data)
    (folder / "good.txt").write_text(GOOD[0], encoding="utf-8")
    lines = [*bad_lines[:2], json.dumps({"text": GOOD[1]}), *bad_lines[2:]]
    (folder / "feed.jsonl").write_bytes(
        "\n".join(lines).encode("utf-8", "surrogatepass")
    )
    with Corpus(folder / "t.db") as corpus:
        report = ingest([str(folder)], corpus, extractor=extractor, progress=False)
        assert report.failed == 0, report.problems
        for text in GOOD:
            assert corpus.has(content_id(text)), report.problems


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory, extractor) -> str:
    path = tmp_path_factory.mktemp("store") / "t.db"
    with Corpus(path) as corpus:
        folder = tmp_path_factory.mktemp("good")
        for n, text in enumerate(GOOD):
            (folder / f"{n}.txt").write_text(text, encoding="utf-8")
        ingest([str(folder)], corpus, extractor=extractor, progress=False)
    return str(path)


filter_value = st.one_of(
    hostile_text.filter(lambda v: "\x00" not in v),
    st.sampled_from(["%", "_", "\\", "%_%", "'", '"', "*", "a" * 50_000, "--", ";"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(value=filter_value)
def test_cli_filters_take_any_value_without_a_traceback(small_store: str, value: str) -> None:
    runner = CliRunner()
    for args in (
        ["entities", "--name", value], ["events", "--actor", value],
        ["events", "--place", value], ["events", "--type", value],
        ["events", "--since", value], ["search", value],
    ):
        result = runner.invoke(main, [*args, "--db", small_store])
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), (args, result.exception)


def test_folder_of_only_non_articles_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "data.json").write_text("{}")
    (folder / "store.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 2
    assert "passed over 2 files that are not articles (.db, .json)" in result.output
