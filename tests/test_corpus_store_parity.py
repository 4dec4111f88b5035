"""The store places documents as the in-memory indexes do (issue 11, scale).

``store/linking/`` reads only the state a document needs (candidate stories, actors
under its keys, thinned actor profiles) and keeps it for a batch; whatever it skips or
keeps, the stories and actors it chooses must be those of ``StoryIndex`` and
``ActorLinker`` holding every document. About thirty synthetic Documents (no spaCy):
happenings of a few reports each, some in the same week, a syndicated copy, and a
foreign minister reported over two years, so that his dated profiles are thinned.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from tidings.corpus.actors import ActorLinker
from tidings.corpus.copies import CopyIndex
from tidings.corpus.stories import StoryIndex, StorySettings, story_features
from tidings.model import (
    Document,
    Entity,
    Event,
    EventDate,
    Evidence,
    Place,
    Role,
    TextSpan,
    content_id,
)
from tidings.store import Corpus
from tidings.store.linking import CorpusLinker, story_id_for

WORDS = [w + s for w in ("harbor", "wheat", "pipeline", "border", "tariff", "vaccine",
                         "reactor", "ferry", "drought", "census", "strike", "bridge")
         for s in ("", "man", "field", "ton")]
COMMON = ["government", "official", "country", "meeting", "report", "statement", "people",
          "week", "region", "security", "talk", "plan"]
PEOPLE = [("Bakhtiyor", "Saidov", "foreign minister", "UZB"),
          ("Baxtiyor", "Saidov", "foreign minister", "UZB"),
          ("Olena", "Kovalenko", "prime minister", "UKR"),
          ("Dilnoza", "Saidova", "mayor", "UZB"),
          ("Marat", "Tokayev", "governor", "KAZ"),
          ("Aziz", "Rahimov", "spokesman", "TJK")]
PLACES = [("Tashkent", "UZB", "geonames:1512569"), ("Kyiv", "UKR", "geonames:703448"),
          ("Almaty", "KAZ", "geonames:1526384"), ("Dushanbe", "TJK", "geonames:1221874")]


def _document(rng: random.Random, day: date, people: list[int], place: int, type_: str,
              words: list[str], n: int) -> Document:
    text_words = [rng.choice(words) for _ in range(30)] + rng.sample(COMMON, 6)
    rng.shuffle(text_words)
    entities = []
    for i, p in enumerate(people):
        given, surname, post, country = PEOPLE[p]
        entities.append(Entity(
            f"e{i + 1}", "PERSON", f"{given} {surname}", aliases=(surname,),
            mentions=(TextSpan(0, 1, "x"),),
            roles=(Role(post.title(), None, None, country, Evidence(0, 1)),)))
    name, country, gid = PLACES[place]
    entities.append(Entity(f"e{len(entities) + 1}", "GPE", name,
                           mentions=(TextSpan(0, 1, "x"),),
                           place=Place(0.0, 0.0, country, "PPL", gid)))
    sentence = f"{entities[0].name} spoke in {name} on {day.isoformat()}."
    text = sentence + " " + " ".join(text_words) + f" ({n})."
    event = Event(
        id="v1", type=type_, mode=None, context=(), trigger=TextSpan(0, 5, "spoke"),
        source=("e1",), target=(), location=entities[-1].id,
        date=EventDate(day.isoformat(), "day", "explicit"), asserted_by=None,
        negated=False, hypothetical=False, confidence=0.8,
        evidence=Evidence(0, len(sentence)))
    return Document(
        id=content_id(text), url=None, outlet=f"outlet-{n % 5}", title=" ".join(text_words[:5]),
        published=day.isoformat(), language="en", text=text, entities=tuple(entities),
        events=(event,))


def corpus_documents() -> list[Document]:
    rng = random.Random(7)
    start = date(2023, 1, 9)
    happenings = [  # (day offset, people, place, type); three in one week
        (0, [0, 3], 0, "CONSULT"), (2, [2], 1, "ASSAULT"), (4, [4, 5], 2, "AGREE"),
        (90, [1], 0, "CONSULT"), (200, [0, 2], 1, "ACCUSE"), (380, [1, 4], 2, "SUPPORT"),
        (381, [3], 0, "PROTEST"), (600, [0], 3, "CONSULT"), (720, [1, 5], 0, "REQUEST"),
    ]
    docs = []
    for h, (offset, people, place, type_) in enumerate(happenings):
        words = WORDS[(h * 5) % len(WORDS):][:6] + rng.sample(WORDS, 2)
        for k in range(3):
            day = start + timedelta(days=offset + k % 2)
            docs.append(_document(rng, day, people, place, type_, words, 10 * h + k))
    original = docs[4]
    text = "Breaking news. " + original.text
    docs.insert(6, Document(
        id=content_id(text), url=None, outlet="outlet-copy", title="Breaking news",
        published=original.published, language="en", text=text,
        entities=original.entities, events=original.events))
    return docs


def _partition(groups: dict[str, str]) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for doc_id, group in groups.items():
        members.setdefault(group, set()).add(doc_id)
    return {frozenset(m) for m in members.values()}


def test_the_store_chooses_the_stories_and_actors_of_the_in_memory_indexes(
        tmp_path: Path) -> None:
    docs = corpus_documents()
    assert len(docs) == 28
    copies, stories, actors = CopyIndex(), StoryIndex(), ActorLinker()
    story_of, actor_of = {}, {}
    for doc in docs:
        copy = copies.add(doc.id, doc.text)
        placed = stories.add(story_features(doc, copy_of=copy.original if copy else None))
        story_of[doc.id] = placed.story
        for link in actors.add_document(doc):
            actor_of[link.mention] = (link.actor_id, link.reason)

    db = tmp_path / "store.db"
    with Corpus(db) as corpus:
        for start in range(0, len(docs), 4):  # small batches: most actors come from the store
            corpus.link(docs[start : start + 4])
    conn = sqlite3.connect(db)
    stored_story = dict(conn.execute("SELECT doc_id, story_id FROM story_members"))
    stored_actor = {(d, e): (a, r) for d, e, a, r in conn.execute(
        "SELECT doc_id, entity_id, actor_id, reason FROM actor_links")}
    copied = conn.execute("SELECT count(*) FROM copies").fetchone()[0]
    saidov = conn.execute(
        "SELECT count(*) FROM actor_profile_counts WHERE actor_id = ?",
        (actor_of[(docs[0].id, "e1")][0],)).fetchone()[0]
    conn.close()

    assert copied == 1
    assert _partition(stored_story) == _partition(story_of)
    assert len(_partition(story_of)) >= 8  # the three happenings of one week stay apart
    assert stored_actor == actor_of
    assert len({a for a, _ in actor_of.values()}) < len(actor_of)  # actors do link
    assert saidov >= 6  # the minister's dated profiles, thinned when he is loaded



@pytest.mark.parametrize("refresh", [0.02, 0.5])
def test_the_store_keeps_the_story_norms_and_scores_of_the_in_memory_index(
        tmp_path: Path, refresh: float) -> None:
    # The kept norms (stale IDF, computed afresh after some growth) are the same
    # numbers in both, so the store scores each document exactly as the index does.
    settings = StorySettings(norm_refresh=refresh)
    docs = corpus_documents()
    copies, stories = CopyIndex(), StoryIndex(settings)
    score_of = {}
    for doc in docs:
        copy = copies.add(doc.id, doc.text)
        placed = stories.add(story_features(doc, copy_of=copy.original if copy else None))
        score_of[doc.id] = round(placed.score, 4)

    db = tmp_path / "store.db"
    with Corpus(db) as corpus:
        conn = corpus._conn
        for start in range(0, len(docs), 3):
            conn.execute("BEGIN IMMEDIATE")
            CorpusLinker(conn, settings).link(docs[start : start + 3])
            conn.execute("COMMIT")
    conn = sqlite3.connect(db)
    stored_score = dict(conn.execute("SELECT doc_id, score FROM story_members"))
    stored_norm = {sid: (n, d) for sid, n, d in conn.execute(
        "SELECT id, sq_norm, norm_documents FROM stories")}
    conn.close()

    assert stored_score == score_of
    assert stored_norm == {story_id_for(s.members[0]): (s.sq_norm, s.norm_documents)
                           for s in stories.stories.values()}
