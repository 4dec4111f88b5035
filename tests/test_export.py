"""Stored events: the store's event query, `tidings events`, and the PLOVER and CSV exports.

Documents here are built by hand, so these tests need no language model.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.export import CSV_COLUMNS, plover_records, write_csv, write_plover
from tidings.model import (
    Document,
    Entity,
    Event,
    EventActor,
    EventDate,
    Evidence,
    Place,
    Statement,
    TextSpan,
)
from tidings.store import Corpus

TEXT = ("The ministers met in Astana on Monday. "
        "The EU imposed sanctions on Rusneft. "
        "Police dispersed protesters in Bishkek, the ministry said.")


def _span(text: str, word: str) -> TextSpan:
    start = text.index(word)
    return TextSpan(start, start + len(word), word)


def _event(doc_id: str, n: int, type_: str, trigger: str, *, date=None, location=None,
           actors=(), mode=None, asserted_by=None, future=False, negated=False) -> Event:
    span = _span(TEXT, trigger)
    sentence_start = TEXT.rfind(". ", 0, span.start)
    start = 0 if sentence_start < 0 else sentence_start + 2
    return Event(
        id=f"{doc_id}-v{n}", type=type_, mode=mode, context=("diplomatic",), trigger=span,
        source=tuple(a.entity for a in actors if a.role == "source" and a.entity),
        target=tuple(a.entity for a in actors if a.role == "target" and a.entity),
        location=location, date=date, asserted_by=asserted_by, negated=negated,
        hypothetical=False, confidence=0.8, evidence=Evidence(start, TEXT.index(".", span.end) + 1),
        future=future, actors=tuple(actors),
    )


@pytest.fixture()
def doc() -> Document:
    d = "doc1"
    entities = (
        Entity(f"{d}-e1", "NORP", "Kazakh", mentions=(_span(TEXT, "ministers"),)),
        Entity(f"{d}-e2", "GPE", "Astana", mentions=(_span(TEXT, "Astana"),),
               place=Place(51.18, 71.45, "KAZ", "P.PPLC", "geonames:1526273")),
        Entity(f"{d}-e3", "ORG", "European Union", aliases=("EU",), mentions=(_span(TEXT, "EU"),)),
        Entity(f"{d}-e4", "ORG", "Rusneft", mentions=(_span(TEXT, "Rusneft"),)),
        Entity(f"{d}-e5", "GPE", "Bishkek", mentions=(_span(TEXT, "Bishkek"),)),
        Entity(f"{d}-e6", "ORG", "Interior Ministry", mentions=(_span(TEXT, "ministry"),)),
    )
    statement = Statement(f"{d}-s1", f"{d}-e6", _span(TEXT, "said"),
                          _span(TEXT, "Police dispersed protesters in Bishkek"), False)
    events = (
        _event(d, 1, "CONSULT", "met", mode="multilateral", location=f"{d}-e2",
               date=EventDate("2024-03-11", "day", "relative"),
               actors=(EventActor(f"{d}-e1", "source", "Kazakh ministers", "KAZ", "GOV"),)),
        _event(d, 2, "SANCTION", "sanctions", date=EventDate("2024-03-14", "day", "publication"),
               actors=(EventActor(f"{d}-e3", "source", "The EU", None, None),
                       EventActor(f"{d}-e4", "target", "Rusneft", "RUS", "BUS"))),
        _event(d, 3, "COERCE", "dispersed", location=f"{d}-e5", asserted_by=f"{d}-s1",
               date=EventDate("2025-01-02", "day", "explicit"),
               actors=(EventActor(None, "source", "Police", "KGZ", "COP"),
                       EventActor(None, "target", "protesters", None, "CVL"))),
    )
    return Document(id=d, url="https://example.org/a", outlet="Wire", title="Three events",
                    published="2024-03-14", language="en", text=TEXT, entities=entities,
                    statements=(statement,), events=events)


@pytest.fixture()
def db(tmp_path: Path, doc: Document) -> str:
    path = tmp_path / "t.db"
    with Corpus(path) as corpus:
        corpus.add(doc)
    return str(path)


# --- the store ----------------------------------------------------------------------------


def test_store_round_trips_events_with_actor_attributes(db: str, doc: Document) -> None:
    with Corpus(db) as corpus:
        assert corpus.get(doc.id) == doc
        assert corpus.count("events") == 3
        (row,) = corpus.events(type="consult")
    assert row.location == "Astana" and row.mode == "multilateral"
    assert [(a.role, a.name, a.country, a.sector) for a in row.actors] == [
        ("source", "Kazakh", "KAZ", "GOV")]
    assert row.evidence == "The ministers met in Astana on Monday."


@pytest.mark.parametrize(("query", "triggers"), [
    ({}, ["dispersed", "sanctions", "met"]),
    ({"actor": "european"}, ["sanctions"]),
    ({"actor": "eu"}, ["sanctions"]),
    ({"actor": "police"}, ["dispersed"]),
    ({"country": "rus"}, ["sanctions"]),
    ({"country": "KAZ"}, ["met"]),
    ({"since": "2024-03-12"}, ["dispersed", "sanctions"]),
    ({"until": "2024-03"}, ["sanctions", "met"]),
    ({"since": "2025", "until": "2025-01-02"}, ["dispersed"]),
    ({"place": "bishkek"}, ["dispersed"]),
    ({"type": ["SANCTION", "COERCE"]}, ["dispersed", "sanctions"]),
    ({"actor": "nobody at all"}, []),
])
def test_store_event_filters(db: str, query: dict, triggers: list[str]) -> None:
    with Corpus(db) as corpus:
        assert [e.trigger for e in corpus.events(**query)] == triggers


def test_store_event_names_the_speaker_of_a_claim(db: str) -> None:
    with Corpus(db) as corpus:
        (row,) = corpus.events(type="COERCE")
    assert row.asserted_by == "Interior Ministry"
    assert row.to_dict()["actors"][0]["sector"] == "COP"


# --- the exports --------------------------------------------------------------------------


def test_plover_record_uses_the_specification_field_names(doc: Document) -> None:
    records = list(plover_records([doc]))
    assert len(records) == 3
    consult, sanction, coerce = records
    for field in ("id", "date", "source", "recipient", "event", "mode", "context",
                  "event_loc", "event_text", "quad_code", "text", "text_info", "cite_info",
                  "coder"):
        assert field in consult
    assert consult["event"] == ["CONSULT"] and consult["quad_code"] == 1
    assert consult["event_loc"]["cc3"] == "KAZ" and consult["event_loc"]["name"] == "Astana"
    assert consult["source"][0] == {"code": "KAZ", "sector": "GOV",
                                    "actor_text": "Kazakh ministers",
                                    "identifier_id": "doc1-e1", "identifier_text": "Kazakh"}
    assert sanction["source"][0]["code"] == "IGO"  # the EU is an international body
    assert sanction["recipient"][0]["code"] == "RUS"
    assert sanction["cameo"] == ["16"] and sanction["quad_code"] == 3
    assert coerce["asserted_by"] == {"statement": "doc1-s1", "speaker": "Interior Ministry"}
    assert coerce["source"][0]["identifier_id"] is None
    assert coerce["text"] == TEXT[coerce["text_info"]["start"] : coerce["text_info"]["end"]]


def test_plover_jsonl_and_csv_have_one_row_per_event(doc: Document) -> None:
    out = io.StringIO()
    assert write_plover([doc], out) == 3
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["doc1-v1", "doc1-v2", "doc1-v3"]
    out = io.StringIO()
    assert write_csv([doc], out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1]["source"] == "European Union" and rows[1]["target_codes"] == "RUS"
    assert rows[2]["asserted_by"] == "Interior Ministry"


# --- the commands -------------------------------------------------------------------------


def test_cli_events_table_and_json(db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["events", "--db", db, "--type", "COERCE"])
    assert result.exit_code == 0, result.output
    assert "dispersed" in result.output and "claimed" in result.output
    result = runner.invoke(main, ["events", "--db", db, "--country", "KAZ", "--json"])
    assert [e["trigger"] for e in json.loads(result.output)] == ["met"]
    result = runner.invoke(main, ["events", "--db", db, "--actor", "nobody"])
    assert result.output.strip() == "no events match"


def test_cli_events_rejects_a_malformed_date(db: str) -> None:
    result = CliRunner().invoke(main, ["events", "--db", db, "--since", "March"])
    assert result.exit_code != 0
    assert "YYYY" in result.output


def test_cli_export_writes_plover_and_csv_files(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "events.jsonl"
    result = runner.invoke(main, ["export", "--db", db, "--format", "plover", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    result = runner.invoke(main, ["export", "--db", db, "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("id,doc_id,date")


def test_cli_export_on_a_missing_store_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "tidings ingest" in result.output


def test_cli_export_parquet_geojson_and_graphml(db: str, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    import pyarrow.parquet as pq

    def export(fmt: str) -> Path:
        out = tmp_path / f"out.{fmt}"
        result = CliRunner().invoke(main, ["export", "--db", db, "--format", fmt,
                                           "--out", str(out)])
        assert result.exit_code == 0, result.output
        return out

    table = pq.read_table(export("parquet"))
    assert table.column_names == list(CSV_COLUMNS) and table.num_rows == 3
    assert table.column("confidence").type == "double"
    assert sorted(table.column("type").to_pylist()) == ["COERCE", "CONSULT", "SANCTION"]
    # Only the meeting has a place with coordinates (Astana); Bishkek has none.
    [feature] = json.loads(export("geojson").read_text())["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [71.45, 51.18]}
    assert feature["properties"]["type"] == "CONSULT"
    [place] = json.loads(export("places-geojson").read_text())["features"]
    assert place["properties"] == {"name": "Astana", "country": "KAZ", "feature": "P.PPLC",
                                   "gazetteer_id": "geonames:1526273", "documents": 1,
                                   "events": 1}
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.parse(export("graphml")).getroot().find("g:graph", ns)
    # One event has a named source and a named target: the EU sanctions Rusneft.
    [edge] = graph.findall("g:edge", ns)
    names = {n.get("id"): n.find("g:data[@key='name']", ns).text
             for n in graph.findall("g:node", ns)}
    assert (names[edge.get("source")], names[edge.get("target")]) == (
        "European Union", "Rusneft")
    assert edge.find("g:data[@key='types']", ns).text == "SANCTION 1"
