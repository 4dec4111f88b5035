"""Listings read only what they show (issue 12's latency, migration 0008): the counts
and dates the store keeps equal a recount from the tables, and every event filter and
listing is answered through an index, never by reading every event or entity.

Uses the session's store of the sample articles (``web_store``).
"""

from __future__ import annotations

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


def test_entity_and_document_listings_read_their_order_from_an_index(web_store: Path) -> None:
    conn = sqlite3.connect(web_store)
    for query in ("SELECT id FROM entities e ORDER BY e.n_mentions DESC, e.n_docs DESC, "
                  "e.name LIMIT 51",
                  "SELECT id FROM entities e WHERE e.type IN ('PERSON') ORDER BY "
                  "e.n_mentions DESC, e.n_docs DESC, e.name LIMIT 51",
                  "SELECT id FROM documents ORDER BY ingested_at DESC, rowid DESC LIMIT 51"):
        plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + query))
        assert "USE TEMP B-TREE" not in plan and "INDEX" in plan, (query, plan)
    conn.close()
