"""Does placing new articles in the corpus view cost the same in a big store?

Times the corpus-linking stage of ingest (copies, stories, actors, corpus events:
``tidings.store.linking.CorpusLinker``) for 1,000 new articles placed into an empty store
and into a store already holding 100,000, and prints both times and their ratio. The
target is a ratio of at most 1.2: every linker finds its candidates by indexed key
lookups, so the work per article must not grow with the corpus.

The articles are synthetic ``Document`` records, built directly (no spaCy): people with
posts and countries, organisations, places with gazetteer ids, PLOVER events between
them, and text, all drawn from word lists, grouped in happenings of a few articles over
a few days, with some syndicated copies. The background covers two years; the new
articles are the following week, as news arrives.

    .venv/bin/python benchmarks/corpus_scale.py                      # 100,000 + 1,000
    .venv/bin/python benchmarks/corpus_scale.py --background 5000    # a quick look

The background store is built once and kept (``--work``); later runs copy it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from tidings.model import (
    DateMention,
    Document,
    Entity,
    Event,
    EventDate,
    Evidence,
    Place,
    Role,
    Statement,
    TextSpan,
    content_id,
)
from tidings.store import Corpus
from tidings.store.linking import CorpusLinker

BATCH = 32  # the ingest job's default batch
BUILD_BATCH = 500  # the background store's batches (see ``place``)
START = date(2022, 1, 1)
BACKGROUND_DAYS = 730
NEW_DAYS = 7

COUNTRIES = ["USA", "GBR", "FRA", "DEU", "RUS", "CHN", "IND", "BRA", "KAZ", "UZB", "TUR",
             "IRN", "ISR", "UKR", "POL", "JPN", "KOR", "EGY", "NGA", "ZAF", "MEX", "ARG",
             "CAN", "AUS", "IDN", "PAK", "AFG", "SAU", "ARE", "KGZ"]
POSTS = ["president", "prime minister", "foreign minister", "defence minister", "governor",
         "mayor", "spokesman", "general", "ambassador", "finance minister", "senator",
         "chief executive", "party leader", "minister of energy", "police chief"]
EVENT_TYPES = ["CONSULT", "ASSAULT", "ACCUSE", "AGREE", "SUPPORT", "COERCE", "PROTEST",
               "REQUEST", "THREATEN", "SANCTION", "MOBILIZE", "AID", "RETREAT", "REJECT"]
TRIGGERS = {"CONSULT": "met", "ASSAULT": "attacked", "ACCUSE": "accused", "AGREE": "agreed",
            "SUPPORT": "backed", "COERCE": "arrested", "PROTEST": "protested",
            "REQUEST": "asked", "THREATEN": "threatened", "SANCTION": "sanctioned",
            "MOBILIZE": "deployed", "AID": "sent aid", "RETREAT": "withdrew",
            "REJECT": "rejected"}
ORG_WORDS = ["National", "Bank", "Party", "Council", "Union", "Ministry", "Army", "Agency",
             "Front", "Company", "Institute", "Committee", "Alliance", "Guard", "Fund"]


def _syllables(rng: random.Random, n: int) -> str:
    consonants, vowels = "bdfghklmnprstvz", "aeiou"
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(n))


class World:
    """The word lists: people, organisations, places, vocabulary."""

    def __init__(self, seed: int = 11) -> None:
        rng = random.Random(seed)
        given = sorted({_syllables(rng, rng.randint(2, 3)).title() for _ in range(1500)})
        surnames = sorted({_syllables(rng, rng.randint(2, 4)).title() for _ in range(6000)})
        self.people = [(rng.choice(given), rng.choice(surnames), rng.choice(POSTS),
                        rng.choice(COUNTRIES)) for _ in range(20000)]
        self.orgs = sorted({f"{_syllables(rng, 2).title()} {rng.choice(ORG_WORDS)}"
                            for _ in range(3000)})
        self.places = [(_syllables(rng, rng.randint(2, 3)).title(), rng.choice(COUNTRIES),
                        f"geonames:{100000 + i}") for i in range(4000)]
        self.words = sorted({_syllables(rng, rng.randint(2, 4)) for _ in range(20000)})
        self.common = self.words[:300]


def _happenings(world: World, rng: random.Random, first: date, days: int,
                count: int) -> Iterator[tuple[date, dict]]:
    for _ in range(count):
        day = first + timedelta(days=rng.randrange(days))
        # Popular people and places come up far more often than others.
        people = [world.people[min(int(rng.paretovariate(1.1)) - 1, len(world.people) - 1)
                               if rng.random() < 0.3 else rng.randrange(len(world.people))]
                  for _ in range(rng.randint(1, 3))]
        yield day, {
            "people": people,
            "org": rng.choice(world.orgs),
            "place": world.places[rng.randrange(len(world.places))],
            "type": rng.choice(EVENT_TYPES),
            "words": rng.sample(world.words, 12),
        }


def _document(world: World, rng: random.Random, day: date, what: dict, n: int,
              rich: bool = False) -> Document:
    words = [rng.choice(what["words"]) for _ in range(25)]
    words += [rng.choice(world.common) for _ in range(25)]
    words += rng.sample(world.words, 8)
    rng.shuffle(words)
    lead = []
    entities = []
    for i, (given, surname, post, country) in enumerate(what["people"]):
        form = f"{given} {surname}" if rng.random() < 0.8 else f"{given[0]}. {surname}"
        lead.append(f"{post.title()} {form} of {country}")
        entities.append(Entity(
            f"e{i + 1}", "PERSON", form, aliases=(surname,),
            mentions=(TextSpan(0, 1, "x"),),
            roles=(Role(post.title(), None, None, country, Evidence(0, 1)),)))
    org = Entity(f"e{len(entities) + 1}", "ORG", what["org"], mentions=(TextSpan(0, 1, "x"),))
    name, country, gid = what["place"]
    place = Entity(f"e{len(entities) + 2}", "GPE", name, mentions=(TextSpan(0, 1, "x"),),
                   place=Place(0.0, 0.0, country, "PPL", gid))
    entities += [org, place]
    trigger = TRIGGERS[what["type"]]
    sentence = f"{lead[0]} {trigger} the {org.name} in {name} on {day.isoformat()}."
    text = sentence + " " + " ".join(words) + f" ({n})."
    events = (Event(
        id="v1", type=what["type"], mode=None, context=(),
        trigger=TextSpan(0, len(trigger), trigger), source=("e1",), target=(org.id,),
        location=place.id, date=EventDate(day.isoformat(), "day", "explicit"),
        asserted_by=None, negated=False, hypothetical=False, confidence=0.8,
        evidence=Evidence(0, len(sentence))),)
    dates: tuple[DateMention, ...] = ()
    statements: tuple[Statement, ...] = ()
    if rich:
        text, dates, statements, more = _rich_parts(rng, text, sentence, day, entities)
        events += more
    doc_id = content_id(text)
    return Document(
        id=doc_id, url=None, outlet=f"outlet-{rng.randrange(400)}", title=" ".join(words[:6]),
        published=day.isoformat(), language="en", text=text, entities=tuple(entities),
        events=events, dates=dates, statements=statements)


def _rich_parts(rng: random.Random, text: str, sentence: str, day: date,
                entities: list[Entity]) -> tuple[str, tuple[DateMention, ...],
                                                 tuple[Statement, ...], tuple[Event, ...]]:
    """What a real article has beside its main event (the latency benchmarks): the date
    it names, a quotation of its first person, and four more events between its
    entities, about the number per article that real news gives."""
    day_text = day.isoformat()
    at = sentence.index(day_text)
    dates = (DateMention(at, at + len(day_text), day_text, day_text, "day"),)
    quote = " ".join(rng.choice(text.split()) for _ in range(8))
    cue_at = len(text) + len(quote) + 5
    text = f'{text} "{quote}," said {entities[0].name}.'
    statements = (Statement("s1", "e1", TextSpan(cue_at, cue_at + 4, "said"),
                            TextSpan(cue_at - len(quote) - 3, cue_at - 3, quote), True),)
    people = [e for e in entities if e.type == "PERSON"]
    others = [e for e in entities if e.type != "GPE"]
    place = entities[-1]
    more = tuple(Event(
        id=f"v{n}", type=rng.choice(EVENT_TYPES), mode=None, context=(),
        trigger=TextSpan(0, 1, text[0]), source=(rng.choice(people).id,),
        target=(rng.choice(others).id,), location=place.id if rng.random() < 0.6 else None,
        date=EventDate(day_text, "day", "explicit") if rng.random() < 0.5 else None,
        asserted_by="s1" if n == 5 else None, negated=False, hypothetical=False,
        confidence=round(rng.uniform(0.4, 0.95), 2), evidence=Evidence(0, len(sentence)))
        for n in range(2, 6))
    return text, dates, statements, more


def documents(world: World, seed: int, first: date, days: int, total: int,
              rich: bool = False) -> list[Document]:
    rng = random.Random(seed)
    docs: list[Document] = []
    happenings = list(_happenings(world, rng, first, days, total // 6 + 1))
    n = 0
    while len(docs) < total:
        day, what = happenings[rng.randrange(len(happenings))]
        when = day + timedelta(days=rng.randint(0, 2))
        if docs and rng.random() < 0.03:  # a syndicated copy under a new headline
            original = docs[rng.randrange(max(0, len(docs) - 200), len(docs))]
            text = "Breaking news. " + original.text
            docs.append(Document(
                id=content_id(text), url=None, outlet=f"outlet-{rng.randrange(400)}",
                title="Breaking news", published=original.published, language="en",
                text=text, entities=original.entities, events=original.events))
            continue
        n += 1
        docs.append(_document(world, rng, when, what, n, rich))
    docs.sort(key=lambda d: d.published or "")
    return docs


def place(db: Path, docs: list[Document], batch: int = BATCH, build: bool = False) -> float:
    """Seconds to place ``docs`` in the store at ``db``, ``batch`` at a time.

    ``build`` is for the background store only: no fsync (``synchronous=OFF``; a crash
    would leave a damaged file, which is then built again). The linker, and so every
    table and index it fills, is the same as for an ingest; only the batches are
    larger, and a batch places its documents one by one, in order, as smaller ones do.
    """
    with Corpus(db) as corpus:
        conn = corpus._conn
        if build:
            conn.execute("PRAGMA synchronous=OFF")
        started = time.perf_counter()
        for start in range(0, len(docs), batch):
            conn.execute("BEGIN IMMEDIATE")
            CorpusLinker(conn).link(docs[start : start + batch])
            conn.execute("COMMIT")
            if build and start // batch % 20 == 19:
                done = start + batch
                print(f"  {done:,} placed, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--background", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tidings-corpus-scale"))
    parser.add_argument("--rounds", type=int, default=3,
                        help="paired rounds (empty, then big); the median ratio is the result")
    parser.add_argument("--build-batch", type=int, default=BUILD_BATCH,
                        help="documents per batch when building the background store")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    world = World()
    new = documents(world, 2, START + timedelta(days=BACKGROUND_DAYS), NEW_DAYS, args.new)
    background_db = args.work / f"background-{args.background}.db"
    if not background_db.exists():
        print(f"building a store of {args.background:,} articles (once) ...", file=sys.stderr)
        background = documents(world, 1, START, BACKGROUND_DAYS, args.background)
        partial = background_db.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        seconds = place(partial, background, batch=args.build_batch, build=True)
        partial.rename(background_db)
        print(f"  placed in {seconds:.0f} s", file=sys.stderr)
    # The first run pays for imports and caches; it is not counted.
    place(args.work / "warm.db", new[:64])
    Path(args.work / "warm.db").unlink()
    rounds = [one_round(args.work, background_db, new) for _ in range(args.rounds)]
    ratios = sorted(big / empty for empty, big in rounds)
    print(f"{args.new:,} new articles into an empty store / into a store of "
          f"{args.background:,}, {args.rounds} paired rounds:")
    for n, (empty, big) in enumerate(rounds, 1):
        print(f"  round {n}: {empty:.2f} s / {big:.2f} s, ratio {big / empty:.2f}")
    print(f"median ratio: {statistics.median(ratios):.2f} (target <= 1.2)")


def one_round(work: Path, background_db: Path, new: list[Document]) -> tuple[float, float]:
    """Seconds to place ``new`` into an empty store and into a fresh copy of the
    background, one after the other."""
    big, empty = work / "big.db", work / "empty.db"
    for path in (big, empty):
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(background_db, big)
    os.sync()  # the copy's dirty pages are written back now, not during a timed run
    return place(empty, new), place(big, new)

if __name__ == "__main__":
    main()
