"""`tidings demo`: what the store holds, at a glance (run after `tidings ingest samples/`).

    $ make demo
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from tidings.cli._common import db_option, json_option, open_store, plural, print_json
from tidings.store import PLACE_TYPES, Corpus, CorpusEntity
from tidings.store.corpus import EventRow

_SECTIONS = (("People", ("PERSON",)), ("Organizations", ("ORG",)), ("Places", PLACE_TYPES))
_TOP = 5
#: What the store gives as ``asserted_by`` when the statement has no speaker entity.
_STATEMENT_ID = re.compile(r"[0-9a-f]+-s\d+")


@click.command("demo")
@db_option
@json_option
def command(db: str, as_json: bool) -> None:
    """Summarize the store: counts, top people, organizations and places, dates."""
    with open_store(db) as corpus:
        if as_json:
            print_json(corpus.stats(top=_TOP))
        else:
            click.echo("\n".join(summary(corpus)))


def summary(corpus: Corpus) -> list[str]:
    counts = corpus.counts()
    lines = [
        f"{plural(counts['documents'], 'document')}, "
        f"{plural(counts['entities'], 'entity', 'entities')}, "
        f"{plural(counts['mentions'], 'mention')}, {plural(counts['failures'], 'failure')} "
        f"(store {corpus.path})"
    ]
    view = corpus.corpus_counts()
    if view["stories"]:
        lines.append(
            f"corpus view: {plural(view['actors'], 'actor')}, "
            f"{plural(view['stories'], 'story', 'stories')}, "
            f"{plural(view['copies'], 'copy', 'copies')}, "
            f"{plural(view['corpus_events'], 'corpus event')} "
            "(tidings actors / stories / events)"
        )
    for title, types in _SECTIONS:
        top = corpus.entities(type=types, limit=_TOP)
        if top:
            lines += ["", f"{title}:"] + [line for e in top for line in _entity_lines(e)]
    by_type = corpus.event_types()
    if by_type:
        lines += [
            "", f"Events ({plural(counts['statements'], 'statement')}; "
            f"{plural(counts['events'], 'event')}):",
        ]
        lines.append("  " + ", ".join(f"{t} {n}" for t, n in by_type.items()))
        lines += [_event_line(e) for e in _examples(corpus, by_type)]
    dates = corpus.dates(limit=_TOP)
    if dates:
        lines += ["", "Dates:"] + [f"  {d.value} ({d.precision}): {d.text!r}" for d in dates]
    if counts["failures"]:
        lines += ["", "See why inputs were rejected: tidings failures"]
    samples = _from_samples(corpus)
    if samples:
        lines += [
            "",
            f"{plural(samples, 'document')} came from the samples folder: articles the Tidings "
            "team wrote, with invented events about real public figures (samples/SOURCES.md).",
        ]
    return lines


def _from_samples(corpus: Corpus) -> int:
    """Documents read from the project's samples folder (the one with SOURCES.md)."""
    folders = {Path(folder or "."): n for folder, n in corpus.source_folders().items()}
    return sum(n for folder, n in folders.items()
               if folder.name == "samples" and (folder / "SOURCES.md").is_file())


def _examples(corpus: Corpus, by_type: dict[str, int]) -> list[EventRow]:
    """The most confident event of each of the commonest types."""
    best = (corpus.most_confident_event(t) for t in list(by_type)[:_TOP])
    return [event for event in best if event is not None]


def _event_line(event: EventRow) -> str:
    who = ", ".join(event.names("source")) or "?"
    whom = ", ".join(event.names("target"))
    parts = [f"  {event.type}{'/' + event.mode if event.mode else ''}: {who}"]
    if whom:
        parts.append(f"→ {whom}")
    if event.location:
        parts.append(f"in {event.location}")
    if event.date:
        parts.append(f"on {event.date}")
    source = event.asserted_by or ""
    if _STATEMENT_ID.fullmatch(source):
        source = "an unnamed source"
    flags = [f for f, on in (("claimed by " + source, event.asserted_by),
                             ("negated", event.negated), ("future", event.future)) if on]  # fmt: skip
    if flags:
        parts.append(f"[{'; '.join(flags)}]")
    return " ".join(parts) + f"  ({event.trigger!r})"


def _entity_lines(entity: CorpusEntity) -> list[str]:
    aka = f" (also {', '.join(entity.aliases[:4])})" if entity.aliases else ""
    lines = [
        f"  {entity.name}{aka}: {plural(entity.mention_count, 'mention')} in "
        f"{plural(entity.document_count, 'document')}"
    ]
    lines += [f"    post: {post.describe()}" for post in entity.roles[:3]]
    return lines
