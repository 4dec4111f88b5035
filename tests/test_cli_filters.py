"""The filters of the store commands: checked values, literal wildcards, a file that is
not a store, event dates and order, posts and plurals (issue 10, items 7, 10 and 11).

One real store per module, built by ingesting a few articles with the session's
``extractor`` (the spaCy model loads once per test run), plus one hand-built document.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tidings import batch
from tidings.cli import main
from tidings.model import (
    Document,
    Entity,
    Event,
    EventDate,
    Evidence,
    Role,
    TextSpan,
    content_id,
)
from tidings.store import Corpus
from tidings.store.corpus import MAX_FILTER_CHARS, FilterError, NotAStoreError

ARTICLES = [
    {
        "text": "TASHKENT, March 4. Uzbek President Shavkat Mirziyoyev met Kazakh President "
        "Kassym-Jomart Tokayev in Tashkent on March 3, 2024, the presidential press service "
        "said. Mirziyoyev praised the growing trade between the two countries.",
        "title": "Mirziyoyev meets Tokayev", "published": "2024-03-04", "outlet": "UzA",
    },
    {   # a negated event: no date of its own, published after every dated event
        "text": "BISHKEK, March 14. The rebels did not attack the convoy near Osh, police said.",
        "title": "No attack near Osh", "published": "2024-03-14", "outlet": "Kabar",
    },
    {   # "President" without a country
        "text": "President Shavkat Mirziyoyev spoke at a forum on trade.",
        "title": "Forum on trade", "published": "2024-02-10", "outlet": "UzA",
    },
]

POSTS_TEXT = "Former Prime Minister Kassym-Jomart Tokayev, now President of Kazakhstan, spoke."


def posts_doc() -> Document:
    """Tokayev with a post given with and without a country, and a distinct post."""
    name = TextSpan(22, 43, POSTS_TEXT[22:43])
    tokayev = Entity(
        "e1", "PERSON", "Kassym-Jomart Tokayev", mentions=(name,),
        roles=(
            Role("Prime Minister", None, None, None, Evidence(0, 43)),
            Role("President", None, None, "KAZ", Evidence(45, 74)),
            Role("President", None, None, None, Evidence(45, 61)),
        ),
    )
    return Document(
        id=content_id(POSTS_TEXT), url=None, outlet="Kazinform", title="Tokayev's posts",
        published="2023-05-01", language="en", text=POSTS_TEXT, entities=(tokayev,),
    )


@pytest.fixture(scope="module")
def db(extractor, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("filters")
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    path = str(folder / "t.db")
    with Corpus(path) as corpus:
        report = batch.ingest([str(feed)], corpus, extractor=extractor, progress=False)
        assert report.stored == len(ARTICLES), report.problems
        corpus.add(posts_doc())
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, list(args))


def usage_error(result: Result) -> str:
    """The one-line error of a usage error (exit status 2, no traceback)."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ")
    return last


def events_json(runner: CliRunner, db: str, *args: str) -> list[dict]:
    # The events of each article: the default listing is corpus events (issue 11).
    result = run(runner, "events", "--members", "--db", db, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- item 7: long values -------------------------------------------------------------

LONG = "a" * 50_000


@pytest.mark.parametrize(
    "args",
    [
        ("entities", "--name", LONG),
        ("entities", "--type", LONG),
        ("events", "--actor", LONG),
        ("events", "--place", LONG),
        ("search", LONG),
    ],
    ids=["entities-name", "entities-type", "events-actor", "events-place", "search"],
)
def test_overlong_filter_is_a_one_line_usage_error(
    runner: CliRunner, db: str, args: tuple[str, ...]
) -> None:
    line = usage_error(run(runner, *args, "--db", db))
    assert f"50000 characters long; the limit is {MAX_FILTER_CHARS}" in line


def test_filter_at_the_limit_is_accepted(runner: CliRunner, db: str) -> None:
    result = run(runner, "events", "--actor", "a" * MAX_FILTER_CHARS, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "no events match"


def test_store_methods_reject_overlong_values_with_filter_error(db: str) -> None:
    with Corpus(db) as corpus:
        for call in (
            lambda: corpus.entities(name=LONG),
            lambda: corpus.events(actor=LONG),
            lambda: corpus.events(place=LONG),
            lambda: corpus.search(LONG),
        ):
            with pytest.raises(FilterError, match="the limit is 200"):
                call()
        with pytest.raises(ValueError):  # FilterError is a ValueError too
            corpus.entities(name=LONG)


# -- item 7: LIKE wildcards are literal ------------------------------------------------


@pytest.mark.parametrize("value", ["%", "_", "\\", "%%", "_%_"])
@pytest.mark.parametrize(
    ("command", "option", "nothing"),
    [
        ("entities", "--name", "no entities match"),
        ("events", "--actor", "no events match"),
        ("events", "--place", "no events match"),
    ],
)
def test_like_wildcards_match_only_themselves(
    runner: CliRunner, db: str, command: str, option: str, nothing: str, value: str
) -> None:
    result = run(runner, command, option, value, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == nothing


def test_name_filters_still_match_names(runner: CliRunner, db: str) -> None:
    assert any(e["type"] == "CONSULT" for e in events_json(runner, db, "--actor", "MIRZIYOYEV"))
    assert events_json(runner, db, "--place", "tashkent")
    [rebels] = events_json(runner, db, "--actor", "rebels")  # an unnamed actor's text
    assert rebels["type"] == "ASSAULT"
    # "_" and "%" are not wildcards in an unnamed actor's text either
    assert events_json(runner, db, "--actor", "rebel_") == []
    assert events_json(runner, db, "--actor", "rebel%") == []


def test_store_api_treats_wildcards_as_characters(db: str) -> None:
    with Corpus(db) as corpus:
        assert corpus.events()  # the store has events ...
        for value in ("%", "_", "", " "):  # ... but none whose actor or place is these
            assert corpus.events(actor=value) == []
            assert corpus.events(place=value) == []
            assert corpus.entities(name=value) == []


# -- item 7: --db that is not a store ---------------------------------------------------


@pytest.fixture
def not_a_db(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    path.write_text("# Tidings\n\nNews articles in, event data out.\n" * 20)
    return path


@pytest.fixture
def other_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    return path


STORE_COMMANDS = [
    ("demo",), ("show", "x"), ("entities",), ("events",), ("search", "x"), ("failures",),
    ("export",), ("ingest", "article.txt"),
]


@pytest.mark.parametrize("args", STORE_COMMANDS, ids=lambda a: a[0])
def test_not_a_database_is_a_one_line_usage_error_and_left_alone(
    runner: CliRunner, not_a_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text("Protesters rallied in Bishkek on Monday.")
    before = not_a_db.read_bytes()
    line = usage_error(run(runner, *args, "--db", not_a_db.name))
    assert line.endswith("README.md is not a Tidings store (file is not a database)")
    assert not_a_db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "article.txt"]


@pytest.mark.parametrize("args", STORE_COMMANDS, ids=lambda a: a[0])
def test_other_sqlite_database_is_refused_and_left_alone(
    runner: CliRunner, other_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text("Protesters rallied in Bishkek on Monday.")
    before = other_sqlite.read_bytes()
    line = usage_error(run(runner, *args, "--db", str(other_sqlite)))
    assert "other.db is not a Tidings store (a SQLite database without the Tidings tables)" in line
    assert other_sqlite.read_bytes() == before


def test_corpus_refuses_a_file_that_is_not_a_store(not_a_db: Path, other_sqlite: Path) -> None:
    for path in (not_a_db, other_sqlite):
        before = path.read_bytes()
        with pytest.raises(NotAStoreError, match="is not a Tidings store"):
            Corpus(path)
        assert path.read_bytes() == before


def test_ingest_into_an_empty_file_creates_the_store(
    runner: CliRunner, extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "_default_extractor", lambda size: extractor)
    empty = tmp_path / "empty.db"
    empty.touch()
    article = tmp_path / "article.txt"
    article.write_text("Protesters rallied in Bishkek on Monday.")
    result = run(runner, "ingest", str(article), "--db", str(empty), "--quiet")
    assert result.exit_code == 0, result.output
    with Corpus(empty) as corpus:
        assert corpus.count("documents") == 1


# -- item 10: --since, --until, --type, --country ----------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--since", "2024-13-45", "not a calendar date"),
        ("--since", "2024-02-30", "not a calendar date"),
        ("--until", "2024-13", "not a calendar date"),
        ("--until", "0000", "not a calendar date"),
        ("--since", "March 2024", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("--since", "2024-3-1", "use YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_impossible_dates_are_usage_errors(
    runner: CliRunner, db: str, option: str, value: str, says: str
) -> None:
    line = usage_error(run(runner, "events", option, value, "--db", db))
    assert option in line and value in line and says in line


def test_real_dates_are_accepted(runner: CliRunner, db: str) -> None:
    assert events_json(runner, db, "--since", "2024-02-29", "--until", "2024")
    assert events_json(runner, db, "--since", "2024-03-03", "--until", "2024-03")


@pytest.mark.parametrize(("since", "until"), [("2024-04", "2024-03"), ("2025", "2024-12-31")])
def test_since_after_until_is_a_usage_error(
    runner: CliRunner, db: str, since: str, until: str
) -> None:
    line = usage_error(run(runner, "events", "--since", since, "--until", until, "--db", db))
    assert f"--since {since} is after --until {until}" in line


def test_unknown_type_names_the_valid_types(runner: CliRunner, db: str) -> None:
    line = usage_error(run(runner, "events", "--type", "FOO", "--db", db))
    assert "unknown event type 'FOO'" in line
    assert "CONSULT" in line and "ASSAULT" in line and "THREATEN" in line


def test_type_in_any_case(runner: CliRunner, db: str) -> None:
    found = events_json(runner, db, "--type", "consult")
    assert found and {e["type"] for e in found} == {"CONSULT"}
    assert found == events_json(runner, db, "--type", "CONSULT")


@pytest.mark.parametrize("value", ["KZ", "KAZAKHSTAN", "K4Z", "kaz "])
def test_country_must_be_three_letters(runner: CliRunner, db: str, value: str) -> None:
    line = usage_error(run(runner, "events", "--country", value, "--db", db))
    assert "--country" in line and "3-letter ISO 3166 country code" in line


def test_unknown_country_code_is_a_usage_error(runner: CliRunner, db: str) -> None:
    line = usage_error(run(runner, "events", "--country", "XYZ", "--db", db))
    assert "unknown country code 'XYZ'" in line


def test_country_in_lower_case(runner: CliRunner, db: str) -> None:
    found = events_json(runner, db, "--country", "kaz")
    assert found and found == events_json(runner, db, "--country", "KAZ")
    assert any("Kassym-Jomart Tokayev" in [a["name"] for a in e["actors"]] for e in found)


# -- item 10: the date shown is the date used; dated events first -------------------------


def test_undated_event_shows_the_publication_day_it_is_filtered_by(
    runner: CliRunner, db: str
) -> None:
    result = run(runner, "events", "--members", "--since", "2024-03-10", "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[0] == "date"
    [assault] = [line for line in lines if "ASSAULT" in line]
    assert assault.startswith("2024-03-14 (published)")
    [as_json] = events_json(runner, db, "--since", "2024-03-10", "--type", "assault")
    assert as_json["date"] is None
    assert as_json["effective_date"] == "2024-03-14"
    assert as_json["effective_date_source"] == "published"


def test_events_with_own_dates_come_first_then_by_publication(
    runner: CliRunner, db: str
) -> None:
    found = events_json(runner, db)
    sources = [e["effective_date_source"] for e in found]
    assert "event" in sources and "published" in sources
    assert sources == sorted(sources, key=["event", "published"].index)
    for source in ("event", "published"):
        dates = [e["effective_date"] for e in found if e["effective_date_source"] == source]
        assert dates == sorted(dates, reverse=True)
    for e in found:
        assert e["effective_date"] == (e["date"] or e["published"][:10])
    # the undated event of the latest article no longer comes before the dated ones
    assert found[0]["effective_date_source"] == "event"


def test_events_help_says_the_order(runner: CliRunner) -> None:
    help_text = " ".join(run(runner, "events", "--help").stdout.split())
    assert "Events with a date of their own come first" in help_text
    assert '"(published)"' in help_text


# -- item 11: posts without the country they are also given with; plurals -----------------


def test_entities_drop_a_post_also_known_with_a_country(runner: CliRunner, db: str) -> None:
    result = run(runner, "entities", "--name", "tokayev", "--db", db, "--json")
    [tokayev] = json.loads(result.stdout)
    posts = {(r["title"], r["country"]) for r in tokayev["roles"]}
    assert ("President", "KAZ") in posts
    assert ("Prime Minister", None) in posts  # a distinct post stays
    assert ("President", None) not in posts
    [president] = [r for r in tokayev["roles"] if r["title"] == "President"]
    assert president["document_count"] == 2  # the hand-built document and the article
    [mirziyoyev] = json.loads(
        run(runner, "entities", "--name", "mirziyoyev", "--db", db, "--json").stdout
    )
    presidents = [r for r in mirziyoyev["roles"] if r["title"] == "President"]
    assert [(r["country"], r["document_count"]) for r in presidents] == [("UZB", 2)]
    table = run(runner, "entities", "--name", "tokayev", "--db", db).stdout
    assert "President (KAZ)" in table and "President;" not in table
    assert not table.rstrip().endswith("; President")


def test_show_drops_a_post_also_given_with_a_country(runner: CliRunner, db: str) -> None:
    result = run(runner, "show", content_id(POSTS_TEXT), "--db", db)
    assert result.exit_code == 0, result.output
    posts = [line.strip() for line in result.stdout.splitlines() if "post:" in line]
    assert posts == ["post: Prime Minister", "post: President (KAZ)"]
    assert "Kassym-Jomart Tokayev — 1 mention\n" in result.stdout


def one_of_each() -> Document:
    text = "Nurtleu met Bayramov."
    nurtleu = Entity("e1", "PERSON", "Nurtleu", mentions=(TextSpan(0, 7, "Nurtleu"),))
    event = Event(
        id="v1", type="CONSULT", mode=None, context=(), trigger=TextSpan(8, 11, "met"),
        source=("e1",), target=(), location=None,
        date=EventDate("2024-03-03", "day", "explicit"), asserted_by=None, negated=False,
        hypothetical=False, confidence=0.9, evidence=Evidence(0, len(text)),
    )
    return Document(
        id=content_id(text), url=None, outlet=None, title="Talks", published="2024-03-04",
        language="en", text=text, entities=(nurtleu,), events=(event,),
    )


def test_demo_counts_in_the_singular(runner: CliRunner, tmp_path: Path) -> None:
    path = str(tmp_path / "one.db")
    with Corpus(path) as corpus:
        corpus.add(one_of_each())
    result = run(runner, "demo", "--db", path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("1 document, 1 entity, 1 mention, 0 failures (store ")
    assert "  Nurtleu: 1 mention in 1 document\n" in out
    assert "Events (0 statements; 1 event):" in out


def test_demo_counts_in_the_plural(runner: CliRunner, db: str) -> None:
    out = run(runner, "demo", "--db", db).stdout
    assert re.match(r"4 documents, \d+ entities, \d+ mentions, 0 failures \(store ", out)
    counted = re.findall(r": (\d+) (mentions?) in (\d+) (documents?)$", out, re.MULTILINE)
    assert len(counted) >= 4  # people and places
    for mentions, mention_word, documents, document_word in counted:
        assert mention_word == ("mention" if mentions == "1" else "mentions")
        assert document_word == ("document" if documents == "1" else "documents")
    assert re.search(r"\nEvents \(\d+ statements?; \d+ events\):", out)
