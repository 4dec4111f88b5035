"""The HTTP API and the pages over a real store, through a real uvicorn server on
127.0.0.1 (issue 12): every endpoint, pagination, the event filters and their errors in
one JSON shape, read-only unless --writable, exports that open in their tools, the
security headers, and the offline API docs.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from web_server import HOSTILE, serving

from tidings.export import CSV_COLUMNS


def fetch(url: str, data: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get_json(url: str, data: dict | None = None) -> tuple[int, dict]:
    status, _, body = fetch(url, data)
    return status, json.loads(body)


def assert_error(status: int, body: dict, expected: int) -> str:
    assert status == expected, body
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == expected and body["error"]["message"]
    return body["error"]["message"]


def count_rows(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_pages_of_documents_follow_each_other(web_server: str, web_store: Path) -> None:
    status, first = get_json(f"{web_server}/api/documents?limit=5")
    assert status == 200 and len(first["items"]) == 5 and first["next_offset"] == 5
    _, second = get_json(f"{web_server}/api/documents?limit=5&offset=5")
    _, both = get_json(f"{web_server}/api/documents?limit=10")
    assert [d["id"] for d in first["items"] + second["items"]] == [
        d["id"] for d in both["items"]]
    total = count_rows(web_store, "documents")
    _, last = get_json(f"{web_server}/api/documents?limit=5&offset={total - 2}")
    assert len(last["items"]) == 2 and last["next_offset"] is None


def test_a_document_comes_whole_with_its_place_in_the_corpus_view(web_server: str) -> None:
    _, listing = get_json(f"{web_server}/api/documents?limit=50")
    doc_id = next(d["id"] for d in listing["items"] if d["title"] == HOSTILE["title"])
    status, found = get_json(f"{web_server}/api/documents/{doc_id}")
    assert status == 200
    document = found["document"]
    assert document["id"] == doc_id and document["title"] == HOSTILE["title"]
    assert document["url"] == HOSTILE["url"]  # data is data: the API returns it as stored
    saidov = [e for e in document["entities"] if "Saidov" in e["name"]]
    assert saidov and found["actors"][saidov[0]["id"]]["name"]
    for entity in document["entities"]:
        for mention in entity["mentions"]:
            assert document["text"][mention["start"]:mention["end"]] == mention["text"]


def test_event_filters_are_those_of_the_cli(web_server: str) -> None:
    _, members = get_json(f"{web_server}/api/events?members=true&limit=500")
    types = {e["type"] for e in members["items"]}
    assert len(types) >= 3
    chosen = sorted(types)[0]
    _, only = get_json(f"{web_server}/api/events?members=true&type={chosen.lower()}&limit=500")
    assert only["items"] and {e["type"] for e in only["items"]} == {chosen}
    assert len(only["items"]) == sum(e["type"] == chosen for e in members["items"])
    _, grouped = get_json(f"{web_server}/api/events?type={chosen}&limit=500")
    assert grouped["items"] and all(e["n_sources"] >= 1 for e in grouped["items"])
    assert {e["type"] for e in grouped["items"]} == {chosen}
    _, since = get_json(f"{web_server}/api/events?members=true&since=2024-01-01&limit=500")
    assert all(e["effective_date"] >= "2024-01-01" for e in since["items"])


@pytest.mark.parametrize("query, status, words", [
    ("type=bogus", 400, "unknown event type"),
    ("country=XY", 400, "3-letter"),
    ("since=2024-02-30", 400, "calendar date"),
    ("since=2024-05&until=2024-01", 400, "no date can match"),
    ("limit=0", 422, "limit"),
    ("limit=100000", 422, "limit"),
    ("actor=" + "x" * 201, 400, "limit is 200"),
])
def test_a_bad_filter_is_one_json_error(web_server: str, query: str, status: int,
                                        words: str) -> None:
    code, body = get_json(f"{web_server}/api/events?{query}")
    assert words in assert_error(code, body, status)


def test_missing_things_are_404_in_the_same_shape(web_server: str) -> None:
    for path in ("/api/documents/nope", "/api/actors/Anope", "/api/nothing-here",
                 "/api/export/xlsx"):
        code, body = get_json(web_server + path)
        assert_error(code, body, 404)


def test_every_listing_answers(web_server: str) -> None:
    _, stats = get_json(f"{web_server}/api/stats")
    assert stats["documents"] >= 20 and stats["failures"] >= 1
    _, actors = get_json(f"{web_server}/api/actors?limit=5")
    assert len(actors["items"]) == 5
    status, actor = get_json(f"{web_server}/api/actors/{actors['items'][0]['id']}")
    assert status == 200 and actor["name"] == actors["items"][0]["name"]
    _, entities = get_json(f"{web_server}/api/entities?type=PERSON&limit=5")
    assert entities["items"] and {e["type"] for e in entities["items"]} == {"PERSON"}
    _, statements = get_json(f"{web_server}/api/statements?limit=5")
    assert statements["items"] and all(s["content"] for s in statements["items"])
    _, hits = get_json(f"{web_server}/api/search?q=minister&limit=3")
    assert hits["items"] and all("minister" in (h["snippet"] + (h["title"] or "")).lower()
                                 for h in hits["items"])
    _, stories = get_json(f"{web_server}/api/stories?limit=3")
    assert stories["items"] and stories["items"][0]["size"] >= 1
    _, failures = get_json(f"{web_server}/api/failures")
    assert any(f["code"] == "empty" for f in failures["items"])
    _, points = get_json(f"{web_server}/api/events/points")
    assert points["items"] and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180
                                   for p in points["items"])


def test_exports_open_in_their_tools(web_server: str, web_store: Path) -> None:
    status, headers, body = fetch(f"{web_server}/api/export/csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == count_rows(web_store, "events")
    _, _, parquet = fetch(f"{web_server}/api/export/parquet")
    table = pq.read_table(io.BytesIO(parquet))
    assert table.num_rows == len(rows) and str(table.schema.field("confidence").type) == "double"
    _, _, geojson = fetch(f"{web_server}/api/export/geojson")
    collection = json.loads(geojson)
    assert collection["type"] == "FeatureCollection" and collection["features"]
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and feature["properties"]["type"]
    _, _, places = fetch(f"{web_server}/api/export/places-geojson")
    assert all(f["properties"]["documents"] >= 1 for f in json.loads(places)["features"])
    _, _, graphml = fetch(f"{web_server}/api/export/graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.fromstring(graphml).find("g:graph", ns)
    nodes = {n.get("id") for n in graph.findall("g:node", ns)}
    edges = graph.findall("g:edge", ns)
    assert edges and all(e.get("source") in nodes and e.get("target") in nodes for e in edges)
    assert all(float(e.find("g:data[@key='weight']", ns).text) >= 1 for e in edges)


def test_the_store_is_read_only_unless_writable(web_server: str, web_store: Path,
                                                tmp_path: Path) -> None:
    before = count_rows(web_store, "documents")
    article = {"text": "Uzbek Foreign Minister Bakhtiyor Saidov met Chinese officials in "
                       "Beijing on Tuesday to discuss the railway.", "title": "Talks"}
    code, body = get_json(f"{web_server}/api/documents", article)
    assert "--writable" in assert_error(code, body, 403)
    status, extracted = get_json(f"{web_server}/api/extract", article)
    assert status == 200 and any("Saidov" in e["name"] for e in extracted["entities"])
    assert count_rows(web_store, "documents") == before
    code, body = get_json(f"{web_server}/api/extract", {"text": ""})
    assert_error(code, body, 422)
    copy = tmp_path / "copy.db"
    shutil.copyfile(web_store, copy)
    with serving(copy, writable=True) as url:
        status, stored = get_json(f"{url}/api/documents", article)
        assert status == 201 and stored["stored"]
        status, again = get_json(f"{url}/api/documents", article)
        assert status == 201 and not again["stored"]  # already there: stored once
    assert count_rows(copy, "documents") == before + 1


def test_every_response_carries_a_strict_policy(web_server: str) -> None:
    for path in ("/", "/api/stats", "/events", "/docs"):
        _, headers, _ = fetch(web_server + path)
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(
            "script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"


def test_the_api_docs_are_served_from_this_server(web_server: str) -> None:
    status, _, page = fetch(f"{web_server}/docs")
    assert status == 200
    html = page.decode("utf-8")
    sources = [urllib.parse.urljoin(web_server + "/docs", s) for s in
               __import__("re").findall(r'(?:src|href)="([^"]+)"', html)]
    assert sources and all(s.startswith(web_server) for s in sources), sources
    for source in sources:
        assert fetch(source)[0] == 200, source
    _, schema = get_json(f"{web_server}/openapi.json")
    assert {"/api/events", "/api/documents/{doc_id}", "/api/export/{format}"} <= set(
        schema["paths"])


def test_pages_answer_and_escape_what_articles_carry(web_server: str) -> None:
    _, listing = get_json(f"{web_server}/api/documents?limit=50")
    doc_id = next(d["id"] for d in listing["items"] if d["title"] == HOSTILE["title"])
    status, _, page = fetch(f"{web_server}/documents/{doc_id}")
    html = page.decode("utf-8")
    assert status == 200
    assert "<script>window.pwned" not in html and "&lt;script&gt;window.pwned" in html
    assert "<img src=x" not in html and 'href="javascript:' not in html
    for path in ("/", "/events", "/actors", "/documents", "/stories", "/search?q=minister",
                 "/failures", "/paste", "/events?type=CONSULT&members=true"):
        status, headers, _ = fetch(web_server + path)
        assert status == 200 and headers["content-type"].startswith("text/html"), path
    request = urllib.request.Request(f"{web_server}/documents/nope",
                                     headers={"Accept": "text/html"})
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(request, timeout=30)
    assert missing.value.code == 404
    page = missing.value.read().decode("utf-8")
    assert "<h1>Error 404</h1>" in page and "no document &#39;nope&#39;" in page
