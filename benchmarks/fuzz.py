"""Hostile input by the hundred thousand: does anything escape, does any offset miss?

    $ .venv/bin/python benchmarks/fuzz.py --n 100000 [--seed 1]

Generates ``--n`` inputs from a seeded random source, in five equal kinds, and feeds
each to the public entry point a user would reach it through:

- ``text``: random unicode with lone surrogates, bidi and zero-width marks, C0/C1
  controls and BOMs mixed into news words → ``tidings.extract`` (language check off,
  so every input that has letters reaches the NLP stages);
- ``html``: random tag soup around such text, deep nesting, broken comments →
  ``tidings.extract``;
- ``bytes``: random bytes, and text in random encodings with damage → the file reader,
  then ``extract`` for what it reads;
- ``jsonl``: random JSONL lines (good, broken, wrong types, random fields and dates)
  → the reader of piped input and ``prepare``, then ``extract`` for what it reads;
- ``filter``: random values for the listing filters (name, actor, place, type, dates,
  search) → the store's query methods, and for every tenth value the CLI commands too,
  on a store made of the samples.

Counted: exceptions that escaped, offsets that do not slice the text to their recorded
characters, internal errors caught and recorded as failures (code "error"), outcomes,
and the slowest input with its time. Writes benchmarks/results/fuzz.json. A raw spaCy
``nlp(text)`` over the same ``text`` inputs gives the baseline time per input.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "fuzz.json"
KINDS = ("text", "html", "bytes", "jsonl", "filter")
WORDS = (
    "President Shavkat Mirziyoyev met Kazakh Foreign Minister Murat Nurtleu in Astana on "
    "Monday March 3, 2019 the Council of Ministers said that Major General Tashiev "
    "accused Tbilisi Georgia's Uzbek Bishkek 31st session yesterday last year \"quote\" "
    "( ) , . ; : — – - 's O'Brien al-Assad Jean-Noël Barrot USD 89.12 ASTANA"
).split()
HOSTILE = (
    "\ud800", "\udfff", "\udc80", "\u202e", "\u202d", "\u2066", "\u200b", "\u200c",
    "\u200d", "\u200f", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\x00", "\x01",
    "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\U0001f600", "\u0301", "\u05d0",
    "\u0627", "\u0431", "\u4e2d", "\n", "\n\n", "\t", " ", "  ",
)
TAGS = ("p", "div", "style", "script", "html", "body", "head", "title", "a", "br", "span",
        "table", "td", "noscript", "article", "h1", "meta", "iframe")  # fmt: skip
DATE_PARTS = ("2024", "-", "03", "14", "T", "10:00", ":00", "Z", "+05:00", "Tue,", " ",
              "Mar", "March", "/", ".", "30", "02", "GMT", "13", "99", "0000", "x",
              "9999999999", "yesterday", "1e9", "−")  # fmt: skip
FILTER_SPECIALS = ("%", "_", "\\", "%_%", "'", '"', "*", "--", ";", "[", "]", "(", ")",
                   "NEAR", "AND", "OR", "NOT", "^", ":", "{", "}")  # fmt: skip
ENCODINGS = ("utf-8", "utf-16", "cp1251", "cp1252", "latin-1", "koi8-r", "shift_jis",
             "utf-32", "gb18030")  # fmt: skip


def hostile_text(rng: random.Random, size: int) -> str:
    parts = []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.55:
            parts.append(rng.choice(WORDS) + " ")
        elif roll < 0.85:
            parts.append(rng.choice(HOSTILE))
        else:
            parts.append(chr(rng.randrange(0x20, 0x110000)))
    return "".join(parts)


def html_text(rng: random.Random) -> str:
    if rng.random() < 0.05:
        depth = rng.choice((300, 2500))
        return "<div>" * depth + hostile_text(rng, 30) + "</div>" * depth
    parts = []
    for _ in range(rng.randrange(1, 40)):
        roll = rng.random()
        tag = rng.choice(TAGS)
        if roll < 0.3:
            parts.append(f"<{tag}>")
        elif roll < 0.5:
            parts.append(f"</{tag}>")
        elif roll < 0.6:
            parts.append(rng.choice(("<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#xD800;",
                                     "<p class='", "<?xml version='1.0'?>", "<!DOCTYPE html>")))
        else:
            parts.append(hostile_text(rng, rng.randrange(1, 15)))
    return "".join(parts)


def random_bytes(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.4:
        return rng.randbytes(rng.randrange(0, 600))
    text = hostile_text(rng, rng.randrange(1, 60))
    data = text.encode(rng.choice(ENCODINGS), "replace") if roll < 0.8 else text.encode(
        "utf-8", "surrogatepass")
    if rng.random() < 0.3 and data:
        cut = rng.randrange(len(data))
        data = data[:cut] + rng.randbytes(rng.randrange(1, 8)) + data[cut:]
    return data


def published_value(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return hostile_text(rng, rng.randrange(0, 8))
    return "".join(rng.choice(DATE_PARTS) for _ in range(rng.randrange(0, 8)))


def jsonl_line(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.15:
        return hostile_text(rng, rng.randrange(0, 20)).encode("utf-8", "surrogatepass")
    if roll < 0.25:
        return rng.choice((b"{", b"[]", b"null", b'{"text": 5}', b'"text"', b"{}", b"\xff{"))
    record: dict[str, object] = {}
    for key in ("text", "html", "published", "url", "title", "outlet"):
        if rng.random() < 0.5:
            record[key] = {
                "text": lambda: hostile_text(rng, rng.randrange(0, 60)),
                "html": lambda: html_text(rng),
                "published": lambda: published_value(rng),
            }.get(key, lambda: rng.choice((hostile_text(rng, 5), 7, None, [], {"a": 1})))()
    return json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def filter_value(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return "".join(rng.choice(FILTER_SPECIALS) for _ in range(rng.randrange(1, 6)))
    if roll < 0.35:
        return rng.choice(WORDS) * rng.randrange(1, 20_000)
    if roll < 0.5:
        return published_value(rng)
    return hostile_text(rng, rng.randrange(0, 10)).replace("\x00", "")


class Tally:
    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.escaped: list[dict[str, str]] = []
        self.offset_errors: list[dict[str, str]] = []
        self.internal: list[dict[str, str]] = []
        self.slowest: tuple[float, str, str] = (0.0, "", "")
        self.count = 0

    def run(self, kind: str, sample: object, fn: Callable[[], str]) -> None:
        self.count += 1
        started = time.perf_counter()
        try:
            outcome = fn()
        except Exception as exc:  # the thing being counted
            outcome = "escaped"
            self.escaped.append({"kind": kind, "input": repr(sample)[:300],
                                 "error": traceback.format_exc(limit=-3)[-600:]})
            del exc
        seconds = time.perf_counter() - started
        if seconds > self.slowest[0]:
            self.slowest = (seconds, kind, repr(sample)[:200])
        self.outcomes[f"{kind}:{outcome}"] += 1


def check_document(doc, tally: Tally, sample: object) -> str:  # noqa: ANN001
    from tidings import Document, Rejected

    if isinstance(doc, Rejected):
        if doc.code == "error":
            tally.internal.append({"input": repr(sample)[:300], "reason": doc.reason})
        if "\n" in doc.reason or not doc.reason:
            tally.offset_errors.append({"input": repr(sample)[:300], "error": "reason lines"})
        return f"rejected/{doc.code}"
    assert isinstance(doc, Document)
    text = doc.text
    spans = [(m.start, m.end, m.text) for e in doc.entities for m in e.mentions]
    spans += [(d.start, d.end, d.text) for d in doc.dates]
    spans += [(s.start, s.end, s.text) for st in doc.statements for s in (st.cue, st.content)]
    spans += [(e.trigger.start, e.trigger.end, e.trigger.text) for e in doc.events]
    for start, end, expected in spans:
        if not (0 <= start <= end <= len(text)) or text[start:end] != expected:
            tally.offset_errors.append({"input": repr(sample)[:300],
                                        "error": f"{start}:{end} {expected!r}"})
            break
    json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")
    return "document"


def make_store(folder: Path) -> str:
    from tidings.batch import ingest
    from tidings.store import Corpus

    path = folder / "fuzz.db"
    with Corpus(path) as corpus:
        ingest([str(ROOT / "samples")], corpus, progress=False)
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from click.testing import CliRunner

    from tidings import extract
    from tidings.cli import main as cli
    from tidings.extraction import prepare
    from tidings.ingest.readers import article_from_bytes, articles_from_bytes
    from tidings.model import RawArticle
    from tidings.nlp.pipeline import get_nlp
    from tidings.store import Corpus

    rng = random.Random(args.seed)
    tally = Tally()
    runner = CliRunner()
    extract("Warm-up: ministers met in Baku.", require_english=False)
    nlp = get_nlp()
    spacy_seconds = 0.0
    spacy_inputs = 0
    per_kind = args.n // len(KINDS)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = make_store(Path(tmp))
        corpus = Corpus(db)

        def read_then_extract(raw: object) -> str:
            if not isinstance(raw, RawArticle):
                return check_document(raw, tally, raw)
            outcome = prepare(raw, require_english=False)
            if not hasattr(outcome, "cleaned"):
                return check_document(outcome, tally, raw)
            return check_document(
                extract(raw.text, published=raw.published, require_english=False),
                tally, raw,
            )

        for n in range(per_kind):
            text = hostile_text(rng, rng.randrange(0, 120))
            t0 = time.perf_counter()
            try:
                nlp(text.encode("utf-8", "replace").decode("utf-8"))
                spacy_seconds += time.perf_counter() - t0
                spacy_inputs += 1
            except Exception:  # noqa: BLE001 - the baseline may fail; Tidings must not
                pass
            published = published_value(rng) if n % 3 == 0 else None
            tally.run("text", text, lambda t=text, p=published: check_document(
                extract(t, published=p, require_english=False), tally, t))

            html = html_text(rng)
            tally.run("html", html, lambda h=html: check_document(
                extract(h, require_english=False), tally, h))

            data = random_bytes(rng)
            tally.run("bytes", data, lambda d=data: read_then_extract(
                article_from_bytes(d, "fuzz.bin")))

            line = jsonl_line(rng)
            tally.run("jsonl", line, lambda x=line: "".join(
                read_then_extract(r) for r in articles_from_bytes(x, "-")) or "blank")

            value = filter_value(rng)
            use_cli = n % 10 == 0
            tally.run("filter", value, lambda v=value, c=use_cli: run_filters(
                v, corpus, runner if c else None, cli, db))
            if (n + 1) % 2000 == 0:
                print(f"  {(n + 1) * len(KINDS):,} inputs, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr)
        corpus.close()
    report = {
        "inputs": tally.count,
        "seed": args.seed,
        "escaped_exceptions": len(tally.escaped),
        "offset_errors": len(tally.offset_errors),
        "internal_errors_recorded": len(tally.internal),
        "slowest_input_s": round(tally.slowest[0], 3),
        "slowest_kind": tally.slowest[1],
        "slowest_input": tally.slowest[2],
        "seconds": round(time.perf_counter() - started, 1),
        "raw_spacy_ms_per_text_input": round(1000 * spacy_seconds / max(spacy_inputs, 1), 2),
        "outcomes": dict(sorted(tally.outcomes.items())),
        "examples": {
            "escaped": tally.escaped[:5],
            "offset_errors": tally.offset_errors[:5],
            "internal_errors": tally.internal[:5],
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    for key in ("inputs", "escaped_exceptions", "offset_errors", "internal_errors_recorded",
                "slowest_input_s", "slowest_kind", "seconds", "raw_spacy_ms_per_text_input"):
        print(f"{key:28} {report[key]}")
    print(f"{'slowest_input':28} {report['slowest_input'][:100]}")
    print(f"written to {RESULTS.relative_to(ROOT)}")


def run_filters(value: str, corpus, runner, cli, db: str) -> str:  # noqa: ANN001
    from tidings.errors import TidingsError

    try:
        corpus.entities(name=value, limit=5)
        corpus.events(actor=value, place=value, limit=5)
        corpus.search(value, limit=5)
        library = "ok"
    except (TidingsError, ValueError):
        library = "refused"
    if runner is None:
        return library
    codes = []
    for args in (["entities", "--name", value], ["events", "--actor", value, "--place", value],
                 ["events", "--type", value], ["events", "--since", value],
                 ["search", value]):
        result = runner.invoke(cli, [*args, "--db", db])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        codes.append(str(result.exit_code))
    return f"{library}/{''.join(codes)}"


if __name__ == "__main__":
    main()
