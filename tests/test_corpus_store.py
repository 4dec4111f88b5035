"""The corpus view in the store (issue 11): copies, stories, actors and corpus events
placed by the ingest job, read through the CLI, kept by manual decisions.

Real SQLite files, the session's spaCy extractor, short invented articles about real
public figures.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import batch
from tidings.cli import main
from tidings.corpus.actors import ActorLinker, MemorySource, mentions_from_document
from tidings.model import Document, RawArticle
from tidings.store import MIGRATIONS, Corpus
from tidings.store import corpus as store_corpus
from tidings.store import writer as store_writer
from tidings.store.schema import migrate

ATTACK = [  # three outlets report one attack
    ("Reuters", "2024-03-12", "Gunmen attack police post in Kandahar",
     "Taliban fighters attacked a police checkpoint in Kandahar on March 12, 2024, killing "
     "four officers. The attack began before dawn and lasted two hours. Local officials said "
     "the checkpoint guarded the main road to the airport. Residents heard heavy gunfire "
     "across the eastern district."),
    ("Associated Press", "2024-03-12", "Four officers killed in Kandahar checkpoint raid",
     "Taliban fighters attacked a police checkpoint in Kandahar on March 12, 2024, and killed "
     "four officers. Witnesses described a fierce firefight near the airport road. Hospital "
     "staff in the city treated several wounded men. The provincial governor promised an "
     "investigation into the security lapse."),
    ("AFP", "2024-03-13", "Afghanistan: deadly assault on Kandahar police",
     "The Taliban attacked a police checkpoint in Kandahar on 12 March 2024. Four officers "
     "died in the fighting near the airport road. Shopkeepers closed their stores as the "
     "shooting spread through the district. The government sent reinforcements from Kabul "
     "by evening."),
]

#: The Reuters report again, under another outlet's headline, with a credit line.
COPY = ("Kabul Times", "2024-03-12", "Police checkpoint overrun near Kandahar airport",
        ATTACK[0][3] + " Reporting by staff writers.")

MINISTER = {  # one minister, three romanisations
    "saidov1.txt": "Uzbek Foreign Minister Bakhtiyor Saidov met his Kazakh counterpart in "
                   "Astana on Monday. Saidov said the two countries would expand trade along "
                   "the railway.",
    "saidov2.txt": "Foreign Minister Baxtiyor Saidov of Uzbekistan arrived in Beijing on "
                   "Tuesday for talks on transport. Saidov met Chinese officials at the "
                   "ministry.",
    "saidov3.txt": "Uzbekistan's Foreign Minister Bakhtiyar Saidov visited Berlin on Friday. "
                   "Saidov discussed energy projects with German business leaders.",
}

BIDENS = ("President Joe Biden signed a bill on veterans' health care at the White House "
          "on Monday. First Lady Jill Biden attended a school event in Ohio on the same day.")

ERDOGAN = {
    "erdogan1.txt": "Turkish President Recep Tayyip Erdogan met NATO leaders in Brussels on "
                    "Thursday. Erdogan called for closer cooperation on security.",
    "erdogan2.txt": "Tayyip Erdogan told reporters in Ankara on Saturday that the economy "
                    "was growing. Erdogan praised the central bank.",
}
ERDOGAN_LATER = ("Tayyip Erdogan opened a new bridge over the Bosphorus in Istanbul on "
                 "Sunday. Erdogan thanked the engineers.")


def write_feed(folder: Path, name: str, items: list[tuple[str, str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(
        json.dumps({"outlet": o, "published": p, "title": t, "text": x}) + "\n"
        for o, p, t, x in items), encoding="utf-8")
    return path


def write_texts(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


def ingest(paths: list[Path], db: Path, extractor) -> batch.IngestReport:
    with Corpus(db) as corpus:
        report = batch.ingest([str(p) for p in paths], corpus, extractor=extractor,
                              progress=False)
    assert not report.failed, report.problems
    return report


def extract(extractor, text: str, **fields: str) -> Document:
    [(_, doc)] = list(extractor.run([RawArticle(source="test", text=text, **fields)]))
    assert isinstance(doc, Document), doc
    return doc


def cli(*args: str) -> list | dict | str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


def assault(db: Path) -> dict:
    [event] = [e for e in cli("events", "--db", str(db), "--json", "--type", "ASSAULT")]
    return event


def test_three_outlets_report_one_attack_as_one_corpus_event(extractor, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest([write_feed(tmp_path / "in", "attack.jsonl", ATTACK)], db, extractor)
    event = assault(db)
    assert (event["n_sources"], event["n_articles"]) == (3, 3)
    assert sorted(event["outlets"]) == ["AFP", "Associated Press", "Reuters"]
    assert event["source"] == ["Taliban"] and event["place"] == "Kandahar"
    table = cli("events", "--db", str(db), "--type", "assault")
    header, row = table.splitlines()[:2]
    assert "sources" in header and row.split()[3] == "3"
    # --members lists each article's event; the exports carry the corpus event
    members = cli("events", "--db", str(db), "--json", "--members", "--type", "ASSAULT")
    assert len(members) == 3
    out = tmp_path / "events.jsonl"
    cli("export", "--db", str(db), "--out", str(out))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    attacks = [r for r in records if r["event"] == ["ASSAULT"]]
    assert {(r["corpus_event_id"], r["n_sources"]) for r in attacks} == {(event["id"], 3)}


def test_syndicated_copy_with_a_new_headline_is_a_copy_and_an_extra_source(
    extractor, tmp_path: Path
) -> None:
    db = tmp_path / "t.db"
    ingest([write_feed(tmp_path / "in", "attack.jsonl", ATTACK)], db, extractor)
    ingest([write_feed(tmp_path / "later", "copy.jsonl", [COPY])], db, extractor)
    with Corpus(db) as corpus:
        copy_id, original_id = (
            next(d.id for d in corpus.documents() if d.outlet == outlet)
            for outlet in ("Kabul Times", "Reuters"))
        found = corpus.copy_of(copy_id)
        assert found is not None and found[0] == original_id and found[1] >= 0.8
        [story] = corpus.stories()
        assert (story.size, story.copies) == (4, 1)
        assert corpus.get(copy_id).events  # the copy's NLP ran: its Document is whole
    event = assault(db)
    assert (event["n_sources"], event["n_articles"]) == (4, 4)
    assert "Kabul Times" in event["outlets"]


def test_one_minister_spelled_three_ways_is_one_actor(extractor, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest([write_texts(tmp_path / "in", MINISTER)], db, extractor)
    [saidov] = cli("actors", "--db", str(db), "--json", "--name", "saidov")
    assert {"Bakhtiyor Saidov", "Baxtiyor Saidov", "Bakhtiyar Saidov"} <= set(
        saidov["spellings"])
    assert saidov["document_count"] == 3 and saidov["countries"] == ["UZB"]
    assert cli("actors", "--db", str(db), "--json", "--country", "uzb", "--type", "person")
    assert cli("actors", "--db", str(db), "--json", "--name", "saidov", "--country",
               "KAZ") == []
    record = cli("actor", saidov["id"], "--db", str(db), "--json")
    assert len({m["doc_id"] for m in record["mentions"]}) == 3
    assert {p["title"].casefold() for p in record["posts"]} == {"foreign minister"}
    assert all(p["evidence"] and p["doc_id"] for p in record["posts"])
    assert any("Saidov" in s["spelling"] for s in record["spellings"])


def test_two_people_sharing_a_surname_stay_two(extractor, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest([write_texts(tmp_path / "in", {"bidens.txt": BIDENS})], db, extractor)
    found = cli("actors", "--db", str(db), "--json", "--name", "biden", "--type", "PERSON")
    assert sorted(a["name"] for a in found) == ["Jill Biden", "Joe Biden"]
    assert len({a["id"] for a in found}) == 2


def test_merge_then_split_round_trips_and_a_later_ingest_respects_the_merge(
    extractor, tmp_path: Path
) -> None:
    db = tmp_path / "t.db"
    ingest([write_texts(tmp_path / "in", ERDOGAN)], db, extractor)
    found = cli("actors", "--db", str(db), "--json", "--name", "erdogan")
    by_name = {a["name"]: a["id"] for a in found}
    kept, absorbed = by_name["Recep Tayyip Erdogan"], by_name["Tayyip Erdogan"]
    absorbed_mentions = [f"{m['doc_id']}:{m['entity_id']}"
                         for m in cli("actor", absorbed, "--db", str(db), "--json")["mentions"]]

    assert "merged" in cli("merge", kept, absorbed, "--db", str(db))
    [merged] = cli("actors", "--db", str(db), "--json", "--name", "erdogan")
    assert merged["id"] == kept and merged["document_count"] == 2
    # split gives the absorbed actor back, under its own id
    assert absorbed in cli("split", kept, *absorbed_mentions, "--db", str(db))
    again = cli("actors", "--db", str(db), "--json", "--name", "erdogan")
    assert {a["id"] for a in again} == {kept, absorbed}
    # merged again, a later article's "Tayyip Erdogan" goes to the kept actor
    cli("merge", kept, absorbed, "--db", str(db))
    ingest([write_texts(tmp_path / "later", {"erdogan3.txt": ERDOGAN_LATER})], db, extractor)
    [after] = cli("actors", "--db", str(db), "--json", "--name", "erdogan")
    assert after["id"] == kept and after["document_count"] == 3
    decisions = cli("actor", kept, "--db", str(db), "--json")["decisions"]
    assert [d["kind"] for d in decisions] == ["merge", "split", "merge"]


def test_merge_and_split_refuse_bad_values_in_one_line(extractor, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest([write_texts(tmp_path / "in", ERDOGAN)], db, extractor)
    runner = CliRunner()
    for args in (["merge", "nope", "A0123456789abcde"], ["split", "A0123456789abcde", "x"],
                 ["actors", "--type", "PEOPLE"], ["actors", "--country", "Turkey"]):
        result = runner.invoke(main, [*args, "--db", str(db)])
        assert result.exit_code == 2, result.output
        assert result.stderr.strip().splitlines()[-1].startswith("Error: ")
    result = runner.invoke(main, ["merge", "A0123456789abcde", "A0123456789abcdf", "--db",
                                  str(db)])
    assert result.exit_code == 1 and "no actor" in result.output
    [actor] = cli("actors", "--db", str(db), "--json", "--name", "recep")
    result = runner.invoke(main, ["split", actor["id"], "abc:e1", "--db", str(db)])
    assert result.exit_code == 1 and "not a mention" in result.output


def test_reingesting_the_same_files_gives_the_same_ids(extractor, tmp_path: Path) -> None:
    inputs = [write_feed(tmp_path / "in", "attack.jsonl", ATTACK),
              write_texts(tmp_path / "txt", {**MINISTER, "bidens.txt": BIDENS})]

    def ids(db: Path) -> dict[str, set[str]]:
        conn = sqlite3.connect(db)
        try:
            return {table: {r[0] for r in conn.execute(f"SELECT id FROM {table}")}
                    for table in ("actors", "stories", "corpus_events")}
        finally:
            conn.close()

    first, second = tmp_path / "first.db", tmp_path / "second.db"
    ingest(inputs, first, extractor)
    ingest(inputs, second, extractor)
    assert ids(first) == ids(second) and all(ids(first).values())
    before = ids(first)
    report = ingest(inputs, first, extractor)  # everything already stored
    assert report.stored == 0 and ids(first) == before


def write_as_version(patch: pytest.MonkeyPatch, version: int) -> None:
    """Stores opened and written as by the version whose last migration is ``version``
    (as far as its tables go: those versions kept no post counts, which 0010_summaries
    counts from the roles)."""
    patch.setattr(store_corpus, "migrate", lambda conn: migrate(conn, MIGRATIONS[:version]))
    patch.setattr(store_writer, "_ENTITY_POSTS_OF_DOCUMENT", "SELECT ?")


def test_a_store_of_the_previous_schema_migrates_and_its_documents_are_placed(
    extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    with monkeypatch.context() as patch:  # a store as the previous version made it
        write_as_version(patch, 3)
        with Corpus(db) as corpus:
            for outlet, published, title, text in ATTACK[:2]:
                doc = extract(extractor, text, published=published, outlet=outlet,
                              title=title)
                assert corpus.add(doc)
    conn = sqlite3.connect(db)
    assert {r[0] for r in conn.execute("SELECT version FROM schema_migrations")} == {1, 2, 3}
    conn.close()
    with Corpus(db) as corpus:
        assert corpus.count("documents") == 2 and corpus.needs_placing()
    ingest([write_feed(tmp_path / "in", "afp.jsonl", ATTACK[2:])], db, extractor)
    with Corpus(db) as corpus:
        assert not corpus.needs_placing() and corpus.count("stories") == 1
    assert assault(db)["n_sources"] == 3


def test_a_linker_with_a_source_links_as_one_holding_everything(extractor) -> None:
    """The storage seam: an ActorLinker that loads actors by key from a source gives the
    links of one that holds the whole corpus in memory."""
    docs = [extract(extractor, text) for text in (*MINISTER.values(), BIDENS,
                                                 *ERDOGAN.values())]
    whole = ActorLinker()
    for doc in docs[:-2]:
        whole.add_document(doc)
    partial = ActorLinker(source=MemorySource(whole))
    reference = ActorLinker()
    for doc in docs[:-2]:
        reference.add_document(doc)
    for doc in docs[-2:]:
        assert [(link.actor_id, link.reason) for link in partial.add_document(doc)] == [
            (link.actor_id, link.reason) for link in reference.add_document(doc)]
    assert len(mentions_from_document(docs[0])) >= 2


#: The attack again, told without a date by an outlet that gives none.
UNDATED_ATTACK = ("Taliban fighters attacked a police checkpoint in Kandahar and killed four "
                  "officers near the airport road. The provincial governor promised an "
                  "investigation and the government sent reinforcements from Kabul.")


def _story_of_each(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    found = dict(conn.execute(
        "SELECT d.outlet, m.story_id FROM story_members m JOIN documents d ON d.id = m.doc_id"))
    conn.close()
    return found


def test_an_undated_report_joins_the_story_of_the_latest_news(extractor, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest([write_feed(tmp_path / "in", "dated.jsonl", ATTACK)], db, extractor)
    ingest([write_feed(tmp_path / "in2", "undated.jsonl",
                       [("Undated Wire", "", "Kandahar checkpoint attacked", UNDATED_ATTACK)])],
           db, extractor)
    stories = _story_of_each(db)
    assert len(set(stories.values())) == 1, stories


def test_undated_reports_find_each_other_in_a_store_with_no_dates(
        extractor, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    undated = [("Outlet A", "", "Kandahar attack", ATTACK[0][3]),
               ("Outlet B", "", "Kandahar checkpoint attacked", UNDATED_ATTACK)]
    ingest([write_feed(tmp_path / "in", "a.jsonl", undated[:1])], db, extractor)
    ingest([write_feed(tmp_path / "in2", "b.jsonl", undated[1:])], db, extractor)
    assert len(set(_story_of_each(db).values())) == 1


def test_story_postings_move_to_day_first_keys_row_for_row(
    extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    with monkeypatch.context() as patch:  # postings keyed by feature first, as 0006 left them
        write_as_version(patch, 6)
        ingest([write_feed(tmp_path / "in", "two.jsonl", ATTACK[:2])], db, extractor)
    conn = sqlite3.connect(db)
    before = set(conn.execute("SELECT feature, day, story_id FROM story_postings"))
    conn.close()
    assert before
    ingest([write_feed(tmp_path / "in2", "afp.jsonl", ATTACK[2:])], db, extractor)
    conn = sqlite3.connect(db)
    [(key_index,)] = conn.execute(
        "SELECT name FROM pragma_index_list('story_postings') WHERE origin = 'pk'")
    key = [r[0] for r in conn.execute("SELECT name FROM pragma_index_info(?)", (key_index,))]
    after = set(conn.execute("SELECT feature, day, story_id FROM story_postings"))
    conn.close()
    assert key == ["day", "feature", "story_id"]
    assert before < after  # every old posting kept, the third report's added
    assert len(set(_story_of_each(db).values())) == 1


def test_a_store_with_three_copies_of_the_text_migrates_to_one(
    extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    docs = [extract(extractor, text, published=published, outlet=outlet, title=title)
            for outlet, published, title, text in ATTACK]
    with monkeypatch.context() as patch:
        write_as_version(patch, 8)
        with Corpus(db) as corpus:
            for doc in docs:
                assert corpus.add(doc)
    conn = sqlite3.connect(db)  # the text in the JSON and in the full-text index, as 0008
    conn.execute("UPDATE documents SET json = json_set(json, '$.text', text)")
    conn.execute("INSERT INTO documents_fts (doc_id, title, text) "
                 "SELECT id, COALESCE(title, ''), text FROM documents")
    conn.commit()
    conn.close()
    with Corpus(db) as corpus:
        assert [corpus.get(doc.id) for doc in docs] == docs
        assert {hit.doc_id for hit in corpus.search("checkpoint")} == {d.id for d in docs}
        [hit] = corpus.search("witnesses", marks=("<", ">"))
        assert hit.doc_id == docs[1].id and "<Witnesses>" in hit.snippet
        assert [h.doc_id for h in corpus.search("deadly assault")] == [docs[2].id]  # title
        assert corpus.counts()["documents"] == 3
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    kept = [json.loads(r[0]) for r in conn.execute("SELECT json FROM documents")]
    conn.close()
    # One copy: documents.text; the JSON has every other field, the index no content.
    assert "documents_fts_content" not in tables
    assert all("text" not in fields and fields["entities"] for fields in kept)
