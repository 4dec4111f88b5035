"""Listings read only what they show (issue 12's latency, migrations 0008 and 0010): the
counts, posts and dates the store keeps equal a recount from the tables, and every event
filter and listing is answered through an index, never by reading every event or entity.

Uses the session's store of the sample articles (``web_store``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tidings.store import Corpus


def test_kept_entity_counts_equal_a_recount(web_store: Path) -> None:
    conn = sqlite3.connect(web_store)
    kept = dict((r[0], (r[1], r[2])) for r in conn.execute(
        "SELECT id, n_docs, n_mentions FROM entities"))
    recount = dict((r[0], (r[1], r[2])) for r in conn.execute(
        "SELECT e.id, (SELECT count(DISTINCT de.doc_id) FROM doc_entities de "
        "WHERE de.corpus_entity_id = e.id), (SELECT count(*) FROM doc_entities de "
        "JOIN mentions m ON m.doc_id = de.doc_id AND m.entity_id = de.entity_id "
        "WHERE de.corpus_entity_id = e.id) FROM entities e"))
    conn.close()
    assert len(kept) > 100 and kept == recount


def test_kept_event_days_are_the_event_or_publication_day(web_store: Path) -> None:
    conn = sqlite3.connect(web_store)
    rows = conn.execute(
        "SELECT e.sort_day, e.date_value, d.published FROM events e "
        "JOIN documents d ON d.id = e.doc_id").fetchall()
    conn.close()
    assert rows and any(r[1] is None and r[2] for r in rows)  # some dated by publication
    assert all(day == (value if value else (published or "")[:10])
               for day, value, published in rows)


@pytest.mark.parametrize("filters", [
    {}, {"type": "CONSULT"}, {"country": "KAZ"}, {"actor": "saidov"}, {"place": "astana"},
    {"since": "2024-01", "until": "2024-06"}, {"type": "AGREE", "country": "UZB"},
])
def test_event_filters_never_read_every_event(web_store: Path, filters: dict) -> None:
    with Corpus(web_store, read_only=True) as corpus:
        where, params = corpus._event_filter(filters.get("type"), filters.get("actor"),
                                             filters.get("country"), filters.get("since"),
                                             filters.get("until"), filters.get("place"))
        plan = [row[3] for row in corpus._conn.execute(
            "EXPLAIN QUERY PLAN SELECT e.doc_id FROM events e "
            f"WHERE {where} ORDER BY e.date_value IS NULL, e.sort_day DESC, e.doc_id, "
            "e.trigger_start LIMIT 51", params)]
    # Reading the listing-order index in order ("SCAN e USING INDEX events_latest")
    # stops at the page's last row; any other scan of events or event actors reads them
    # all, except the partial index of unnamed actors' words. Names are matched as
    # substrings, so entities ("ce") and aliases ("al") are scanned: names, not events.
    scans = [p for p in plan if p.startswith("SCAN")]
    allowed = ("SCAN e USING INDEX events_latest", "SCAN a USING INDEX event_actors_unnamed",
               "SCAN ce", "SCAN al")
    assert all(p.startswith(allowed) for p in scans), plan


@pytest.mark.parametrize("query", [
    "SELECT id FROM entities e ORDER BY e.n_mentions DESC, e.n_docs DESC, e.name LIMIT 51",
    "SELECT id FROM entities e WHERE e.type IN ('PERSON') ORDER BY "
    "e.n_mentions DESC, e.n_docs DESC, e.name LIMIT 51",
    "SELECT id FROM documents ORDER BY ingested_at DESC, rowid DESC LIMIT 51",
    "SELECT id FROM actors a ORDER BY a.n_mentions DESC, a.n_docs DESC, a.name, a.id LIMIT 51",
    "SELECT value FROM dates GROUP BY value, text ORDER BY value DESC, text DESC LIMIT 5",
    "SELECT rowid FROM events WHERE type = 'CONSULT' "
    "ORDER BY confidence DESC, sort_day DESC, rowid LIMIT 1",
])
def test_listings_read_their_order_from_an_index(web_store: Path, query: str) -> None:
    conn = sqlite3.connect(web_store)
    plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + query))
    conn.close()
    assert "USE TEMP B-TREE" not in plan and "INDEX" in plan, plan


def test_kept_row_counts_event_types_and_folders_equal_a_recount(web_store: Path) -> None:
    with Corpus(web_store, read_only=True) as corpus:
        kept, types, folders = corpus.counts(), corpus.event_types(), corpus.source_folders()
        conn = corpus._conn
        recount = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in kept}
        type_recount = dict(conn.execute("SELECT type, count(*) FROM events GROUP BY type"))
        sources = [r[0] for r in conn.execute("SELECT source FROM documents")]
    folder_recount: dict[str, int] = {}
    for source in filter(None, sources):
        path = source.split(":")[0]
        folder = path[: path.rfind("/") + 1]
        folder_recount[folder] = folder_recount.get(folder, 0) + 1
    assert kept["documents"] > 5 and kept["events"] > 5 and kept == recount
    assert types == type_recount and list(types.values()) == sorted(types.values(), reverse=True)
    assert folders == folder_recount and any(f.endswith("samples/") for f in folders)


def test_kept_posts_equal_the_posts_gathered_from_every_role(web_store: Path) -> None:
    with Corpus(web_store, read_only=True) as corpus:
        conn = corpus._conn
        checked = 0
        for (entity_id,) in conn.execute("SELECT id FROM entities").fetchall():
            docs: dict[tuple, set[str]] = {}
            for *post, doc_id in conn.execute(
                    "SELECT r.title, r.rank, COALESCE(oe.name, od.name, r.organization), "
                    "r.country, r.doc_id FROM roles r JOIN doc_entities de "
                    "ON r.doc_id = de.doc_id AND r.entity_id = de.entity_id "
                    "LEFT JOIN doc_entities od ON od.doc_id = r.doc_id "
                    "AND od.entity_id = r.organization "
                    "LEFT JOIN entities oe ON oe.id = od.corpus_entity_id "
                    "WHERE de.corpus_entity_id = ?", (entity_id,)):
                docs.setdefault(tuple(post), set()).add(doc_id)
            # A post without a country gives way to the same post with one; with one
            # such country, its documents count there.
            for bare in [k for k in docs if k[3] is None]:
                with_country = [k for k in docs if k[:3] == bare[:3] and k[3] is not None]
                if with_country:
                    moved = docs.pop(bare)
                    if len(with_country) == 1:
                        docs[with_country[0]] |= moved
            expected = {(*k, len(v)) for k, v in docs.items()}
            kept = {(p.title, p.rank, p.organization, p.country, p.document_count)
                    for p in corpus._posts(entity_id)}
            assert kept == expected, entity_id
            checked += bool(expected)
    assert checked > 5


def test_the_text_is_stored_once(web_store: Path) -> None:
    conn = sqlite3.connect(web_store)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    rows = conn.execute("SELECT id, text, json FROM documents").fetchall()
    conn.close()
    assert "documents_fts_content" not in tables  # the index reads documents.text
    assert rows and not any("text" in json.loads(fields) for *_, fields in rows)
    with Corpus(web_store, read_only=True) as corpus:
        assert all(corpus.get(doc_id).text == text for doc_id, text, _ in rows)


def test_actor_filters_read_the_profiles_narrow_indexes(web_store: Path) -> None:
    conn = sqlite3.connect(web_store)
    for profiles in ("p.names_key LIKE '%a%'", "(' ' || p.countries || ' ') LIKE '% UZB %'"):
        plan = " ".join(r[3] for r in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT p.id FROM actor_profiles p WHERE {profiles}"))
        assert "COVERING INDEX" in plan, plan  # not the table, with each profile's JSON
    conn.close()


def test_corpus_events_in_a_date_range_are_those_of_the_events_in_it(web_store: Path) -> None:
    with Corpus(web_store, read_only=True) as corpus:
        conn = corpus._conn
        kept = conn.execute(
            "SELECT count(*) FROM corpus_event_members m JOIN events e "
            "ON e.doc_id = m.doc_id AND e.id = m.event_id WHERE m.sort_day != e.sort_day"
        ).fetchone()[0]
        checked = 0
        for since, until in (("2024", "2024"), ("2024-03", "2024-11"), ("2025-01-01", None),
                             (None, "2023")):
            found = {e.id for e in corpus.corpus_events(since=since, until=until)}
            expected = {corpus.corpus_events_of(e.doc_id)[e.id][0]
                        for e in corpus.events(since=since, until=until)
                        if e.id in corpus.corpus_events_of(e.doc_id)}
            assert found == expected, (since, until)
            checked += len(found)
    assert kept == 0 and checked > 10


def test_statements_are_listed_latest_published_first_and_by_speaker(web_store: Path) -> None:
    with Corpus(web_store, read_only=True) as corpus:
        rows = corpus._conn.execute(
            "SELECT s.doc_id, s.id, d.published, s.cue_start, ce.id FROM statements s "
            "JOIN documents d ON d.id = s.doc_id LEFT JOIN doc_entities de "
            "ON de.doc_id = s.doc_id AND de.entity_id = s.speaker "
            "LEFT JOIN entities ce ON ce.id = de.corpus_entity_id").fetchall()
        rows.sort(key=lambda r: (r[3], r[0]))  # cue order within a document ...
        rows.sort(key=lambda r: r[0])
        rows.sort(key=lambda r: r[2] or "", reverse=True)  # ... latest published first
        rows.sort(key=lambda r: r[2] is None)
        assert [(s.doc_id, s.id) for s in corpus.statements()] == [r[:2] for r in rows]
        assert [(s.doc_id, s.id) for s in corpus.statements(limit=3, offset=2)] == [
            r[:2] for r in rows[2:5]]
        speaker = corpus.entities(type="PERSON", limit=1)[0]
        spoken = {r[:2] for r in rows if r[4] == speaker.id}
        by_speaker = corpus.statements(speaker=speaker.name)
    found = {(s.doc_id, s.id) for s in by_speaker}
    assert len(rows) > 10 and spoken and spoken <= found
    assert all(speaker.name in (s.speaker or "") for s in by_speaker)


@pytest.mark.parametrize("filters", [
    {"since": "2024"}, {"until": "2024-06"}, {"country": "KAZ"}, {"actor": "a"},
    {"type": "CONSULT", "since": "2023"}, {"place": "astana"},
])
def test_both_plans_of_a_filtered_corpus_event_listing_give_the_same_pages(
        web_store: Path, filters: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from tidings.store import views

    with Corpus(web_store, read_only=True) as corpus:
        every = [e.id for e in corpus.corpus_events(**filters)]  # gathered and sorted
        pages = {}
        for tested in (10_000, 0):  # the latest tested one by one; none: gathered
            monkeypatch.setattr(views, "TESTED_PER_ROW", tested)
            pages[tested] = [[e.id for e in corpus.corpus_events(**filters, limit=3,
                                                                 offset=start)]
                             for start in range(0, len(every), 3)]
    assert every and pages[10_000] == pages[0]
    assert [i for page in pages[0] for i in page] == every
