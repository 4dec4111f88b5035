"""The SQLite store and the ingest job, with hand-built Documents and a stand-in NLP."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.batch import ingest_articles
from tidings.errors import DocumentNotFoundError
from tidings.model import (
    DateMention,
    Document,
    Entity,
    Event,
    EventDate,
    Evidence,
    OffsetSegment,
    Place,
    RawArticle,
    Rejected,
    Role,
    Statement,
    TextSpan,
    content_id,
)
from tidings.store import Corpus, fts_query, normalize_name
from tidings.store.schema import MIGRATIONS, Migration, migrate

TEXT = (
    "President Shavkat Mirziyoyev met Emmanuel Macron in Paris on March 3, 2019. "
    "Mirziyoev said the talks with O'Brien were useful."
)


def make_doc(text: str = TEXT, title: str | None = "Talks in Paris", **kw: object) -> Document:
    person = Entity(
        id="e1",
        type="PERSON",
        name="Shavkat Mirziyoyev",
        aliases=("Mirziyoev",),
        mentions=(TextSpan(18, 28, text[18:28]), TextSpan(77, 86, text[77:86])),
        roles=(Role("President", None, "e3", "UZB", Evidence(0, 28)),),
    )
    paris = Entity(
        id="e2", type="GPE", name="Paris", mentions=(TextSpan(53, 58, text[53:58]),),
        place=Place(48.85, 2.35, "FRA", "PPLC", "2988507"),
    )
    uzbekistan = Entity(id="e3", type="GPE", name="Uzbekistan")
    fields: dict[str, object] = dict(
        id=content_id(text), url="https://example.org/a", outlet="example.org", title=title,
        published="2019-03-04", language="en", text=text,
        entities=(person, paris, uzbekistan),
        dates=(DateMention(62, 75, text[62:75], "2019-03-03", "day"),),
        source="a.txt",
    )
    fields.update(kw)
    return Document(**fields)  # type: ignore[arg-type]


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Corpus]:
    with Corpus(tmp_path / "t.db") as c:
        yield c


# -- schema -------------------------------------------------------------------------


def test_store_uses_wal_foreign_keys_and_records_migrations(corpus: Corpus) -> None:
    assert corpus.pragma("journal_mode") == "wal"
    assert corpus.pragma("foreign_keys") == 1
    conn = sqlite3.connect(corpus.path)
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations")]
    assert names == [m.name for m in MIGRATIONS]


def test_reopening_store_applies_no_migration_twice(tmp_path: Path) -> None:
    Corpus(tmp_path / "t.db").close()
    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    assert migrate(conn) == []


def test_failed_migration_leaves_no_trace(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    bad = Migration(1, "0001_bad", ("CREATE TABLE t (x)", "NOT SQL"))
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, (bad,))
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 't'").fetchone() is None
    assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == 0


# -- documents ----------------------------------------------------------------------


def test_add_then_get_returns_equal_document(corpus: Corpus) -> None:
    doc = make_doc()
    assert corpus.add(doc) is True
    assert corpus.has(doc.id)
    assert corpus.get(doc.id) == doc


def test_add_same_document_twice_is_a_no_op(corpus: Corpus) -> None:
    doc = make_doc()
    corpus.add(doc)
    assert corpus.add(doc) is False
    assert corpus.count("documents") == 1
    assert corpus.count("mentions") == 3


def test_get_unknown_id_raises_not_found_with_message(corpus: Corpus) -> None:
    with pytest.raises(DocumentNotFoundError, match="no document with id 'nope'"):
        corpus.get("nope")


def test_documents_lists_summaries(corpus: Corpus) -> None:
    corpus.add(make_doc())
    corpus.add(make_doc(TEXT + " More.", title="Second"))
    assert {d.title for d in corpus.documents()} == {"Talks in Paris", "Second"}
    assert len(corpus.documents(limit=1)) == 1


_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_opt = st.none() | _words
_span = st.builds(TextSpan, st.integers(0, 10**6), st.integers(0, 10**6), _words)
_evidence = st.builds(Evidence, st.integers(0, 10**6), st.integers(0, 10**6))
_float = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(st.text(min_size=1, max_size=200))
    n_entities = draw(st.integers(0, 4))
    entities = tuple(
        Entity(
            id=f"e{i}",
            type=draw(st.sampled_from(["PERSON", "ORG", "GPE", "LOC"])),
            name=draw(_words),
            aliases=tuple(draw(st.lists(_words, max_size=3))),
            mentions=tuple(draw(st.lists(_span, max_size=3))),
            roles=tuple(draw(st.lists(
                st.builds(Role, _opt, _opt, _opt, _opt, _evidence), max_size=2))),
            place=draw(st.none() | st.builds(Place, _float, _float, _opt, _words, _words)),
        )
        for i in range(n_entities)
    )
    statements = tuple(
        Statement(f"s{i}", draw(_opt), draw(_span), draw(_span), draw(st.booleans()))
        for i in range(draw(st.integers(0, 2)))
    )
    events = tuple(
        Event(
            id=f"v{i}", type=draw(_words), mode=draw(_opt),
            context=tuple(draw(st.lists(_words, max_size=2))), trigger=draw(_span),
            source=tuple(draw(st.lists(_words, max_size=2))),
            target=tuple(draw(st.lists(_words, max_size=2))),
            location=draw(_opt),
            date=draw(st.none() | st.builds(
                EventDate, _words, _words, st.sampled_from(["explicit", "relative"]))),
            asserted_by=draw(_opt), negated=draw(st.booleans()),
            hypothetical=draw(st.booleans()), confidence=draw(_float), evidence=draw(_evidence),
            main=draw(st.booleans()),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    return Document(
        id=content_id(text) + draw(st.text("abc", max_size=4)),
        url=draw(_opt), outlet=draw(_opt), title=draw(_opt), published=draw(_opt),
        language="en", text=text, entities=entities,
        dates=tuple(draw(st.lists(st.builds(
            DateMention, st.integers(0, 999), st.integers(0, 999), _words, _words,
            st.sampled_from(["day", "month", "year"]),
        ), max_size=3))),
        statements=statements, events=events,
        topics=tuple(draw(st.lists(_words, max_size=2))),
        offset_map=tuple(draw(st.lists(st.builds(
            OffsetSegment, st.integers(0, 999), st.integers(0, 999), st.integers(0, 999)),
            max_size=2))),
        source=draw(_opt),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_the_main_flag_is_a_column_of_events(tmp_path_factory: pytest.TempPathFactory,
                                             doc: Document) -> None:
    with Corpus(tmp_path_factory.mktemp("m") / "t.db") as corpus:
        corpus.add(doc)
        path = corpus.path
    rows = sqlite3.connect(path).execute("SELECT id, main FROM events").fetchall()
    assert dict(rows) == {e.id: int(e.main) for e in doc.events}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_any_document_survives_write_then_read(tmp_path_factory: pytest.TempPathFactory,
                                               doc: Document) -> None:
    with Corpus(tmp_path_factory.mktemp("h") / "t.db") as corpus:
        corpus.add(doc)
        assert corpus.get(doc.id) == doc


# -- failures -----------------------------------------------------------------------


def test_failure_recorded_once_across_reruns(corpus: Corpus) -> None:
    rejected = Rejected("x.txt", "read", "empty", "empty input: the file has no text")
    assert corpus.add_failure(rejected) is True
    assert corpus.add_failure(rejected) is False
    corpus.add_failure(Rejected("y.txt", "read", "empty", "empty input"))
    assert [(f.source, f.code) for f in corpus.failures()] == [
        ("x.txt", "empty"), ("y.txt", "empty")]


# -- entities -----------------------------------------------------------------------


def test_entities_filter_by_type(corpus: Corpus) -> None:
    corpus.add(make_doc())
    assert {e.name for e in corpus.entities(type="gpe")} == {"Paris", "Uzbekistan"}
    assert [e.name for e in corpus.entities(type="PERSON")] == ["Shavkat Mirziyoyev"]


def test_entities_name_filter_matches_alias_ignoring_case_and_accents(corpus: Corpus) -> None:
    corpus.add(make_doc())
    found = corpus.entities(name="MIRZIYÓEV")
    assert [e.name for e in found] == ["Shavkat Mirziyoyev"]
    assert found[0].aliases == ("Mirziyoev",)


def test_entity_name_filter_of_punctuation_or_wildcards_matches_nothing(
    corpus: Corpus,
) -> None:
    corpus.add(make_doc())
    assert corpus.entities(name="%") == []
    assert corpus.entities(name="_") == []
    assert [e.name for e in corpus.entities(name="r%is")] == []


def test_same_name_across_documents_is_one_corpus_entity(corpus: Corpus) -> None:
    corpus.add(make_doc())
    other = TEXT.replace("Paris", "Rome!")
    corpus.add(make_doc(other, entities=(Entity("x9", "PERSON", "shavkat mirziyóyev.",
                                                mentions=(TextSpan(0, 9, other[0:9]),)),)))
    [person] = corpus.entities(type="PERSON")
    assert (person.document_count, person.mention_count) == (2, 3)
    assert "shavkat mirziyóyev." in person.aliases


def test_entity_posts_name_the_organization(corpus: Corpus) -> None:
    corpus.add(make_doc())
    [person] = corpus.entities(type="PERSON")
    [post] = person.roles
    assert (post.title, post.organization, post.country) == ("President", "Uzbekistan", "UZB")
    assert post.describe() == "President (Uzbekistan, UZB)"


def test_normalize_name_drops_case_accents_and_punctuation() -> None:
    assert normalize_name("  Mirziyóyev, Sh.  ") == "mirziyoyev sh"


# -- search -------------------------------------------------------------------------


@pytest.mark.parametrize("query", ['"', "AND (", "*", "NEAR(", "", "   ", "a OR", "-x", ":"])
def test_search_with_awkward_query_does_not_raise(corpus: Corpus, query: str) -> None:
    corpus.add(make_doc())
    assert isinstance(corpus.search(query), list)


def test_search_finds_quote_in_name_and_prefix(corpus: Corpus) -> None:
    doc = make_doc()
    corpus.add(doc)
    [hit] = corpus.search("o'brien")
    assert hit.doc_id == doc.id and "[O'Brien]" in hit.snippet
    assert [h.doc_id for h in corpus.search("mirzi*")] == [doc.id]
    assert corpus.search("paris talks")[0].title == "Talks in Paris"
    assert corpus.search("paris nowhere") == []


@settings(max_examples=80, deadline=None)
@given(query=st.text(max_size=30))
def test_search_accepts_any_text(tmp_path_factory: pytest.TempPathFactory, query: str) -> None:
    with Corpus(tmp_path_factory.mktemp("s") / "t.db") as corpus:
        corpus.search(query)


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('say "hi" pre*') == '"say" """hi""" "pre"*'
    assert fts_query("* ( )") is None


# -- stats --------------------------------------------------------------------------


def test_stats_counts_and_top_entities(corpus: Corpus) -> None:
    corpus.add(make_doc())
    corpus.add_failure(Rejected("b.bin", "read", "binary", "binary input"))
    stats = corpus.stats()
    assert (stats["documents"], stats["mentions"], stats["dates"], stats["failures"]) == (
        1, 3, 1, 1)
    assert stats["top_entities"]["PERSON"][0]["name"] == "Shavkat Mirziyoyev"


# -- the ingest job -----------------------------------------------------------------


@dataclass(frozen=True)
class FakePrepared:
    raw: RawArticle
    id: str
    warnings: tuple[Rejected, ...] = ()


def fake_prepare(raw: RawArticle) -> FakePrepared | Rejected:
    if not raw.text.strip():
        return Rejected(raw.source, "clean", "empty", "empty input")
    return FakePrepared(raw, content_id(raw.text))


class FakeExtractor:
    """Stands in for the NLP: one PERSON per article; raises on request."""

    def __init__(self, fail_on: str | None = None, interrupt_after: int | None = None):
        self.fail_on = fail_on
        self.interrupt_after = interrupt_after
        self.seen: list[str] = []

    def run_prepared(self, items: Iterable[FakePrepared]) -> Iterator[tuple[object, object]]:
        for item in items:
            if self.interrupt_after is not None and len(self.seen) >= self.interrupt_after:
                raise KeyboardInterrupt
            if self.fail_on and self.fail_on in item.raw.text:
                raise ValueError(f"cannot convert\n{item.raw.source}")
            self.seen.append(item.raw.source)
            text = item.raw.text
            yield item, Document(
                id=item.id, url=None, outlet=None, title=item.raw.title, published=None,
                language="en", text=text, source=item.raw.source,
                entities=(Entity("e1", "PERSON", text.split()[0],
                                 mentions=(TextSpan(0, len(text.split()[0]), text.split()[0]),)),),
            )


def articles(n: int, extra: str = "") -> list[RawArticle]:
    return [RawArticle(f"a{i}.txt", f"Person{i} spoke {extra}about item {i}.") for i in range(n)]


def run(corpus: Corpus, items: list[RawArticle | Rejected], extractor: FakeExtractor,
        batch_size: int = 3):
    return ingest_articles(items, corpus, extractor=extractor, prepare=fake_prepare,
                           progress=False, batch_size=batch_size)


def test_ingest_stores_each_article_once_even_when_repeated(corpus: Corpus) -> None:
    items = articles(4)
    report = run(corpus, [*items, items[0]], FakeExtractor())
    assert (report.read, report.stored, report.skipped) == (5, 4, 1)
    again = run(corpus, items, extractor := FakeExtractor())
    assert (again.stored, again.skipped) == (0, 4)
    assert extractor.seen == []  # skipped before the NLP
    assert corpus.count("documents") == 4


def test_ingest_resumes_after_a_kill(corpus: Corpus) -> None:
    items = articles(10)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, items, FakeExtractor(interrupt_after=7), batch_size=3)
    assert corpus.count("documents") == 6  # two whole batches were committed
    extractor = FakeExtractor()
    report = run(corpus, items, extractor, batch_size=3)
    assert (report.stored, report.skipped) == (4, 6)
    assert extractor.seen == [f"a{i}.txt" for i in range(6, 10)]
    assert corpus.count("documents") == 10


def test_bad_document_in_batch_fails_alone(corpus: Corpus) -> None:
    items = articles(5)
    items[2] = RawArticle("bad.txt", "Bad article BOOM here.")
    report = run(corpus, items, FakeExtractor(fail_on="BOOM"), batch_size=5)
    assert (report.stored, report.failed) == (4, 1)
    [failure] = corpus.failures()
    assert (failure.source, failure.stage, failure.code) == ("bad.txt", "nlp", "error")
    assert failure.reason == "ValueError: cannot convert bad.txt"
    assert failure.content_id == content_id("Bad article BOOM here.")


def test_ingest_records_rejections_and_goes_on(corpus: Corpus) -> None:
    items: list[RawArticle | Rejected] = [
        Rejected("x.bin", "read", "binary", "binary input"),
        RawArticle("blank.txt", "   "),
        *articles(2),
    ]
    report = run(corpus, items, FakeExtractor())
    assert (report.read, report.stored, report.rejected) == (4, 2, 2)
    assert [p.source for p in report.problems] == ["x.bin", "blank.txt"]
    assert corpus.count("failures") == 2
    run(corpus, items, FakeExtractor())
    assert corpus.count("failures") == 2


def test_store_error_on_one_document_keeps_the_batch(corpus: Corpus, monkeypatch) -> None:
    original = Corpus.add

    def add(self: Corpus, doc: Document) -> bool:
        if doc.source == "a1.txt":
            raise sqlite3.IntegrityError("broken")
        return original(self, doc)

    monkeypatch.setattr(Corpus, "add", add)
    report = run(corpus, articles(3), FakeExtractor())
    assert (report.stored, report.failed) == (2, 1)
    assert corpus.failures()[0].stage == "store"
