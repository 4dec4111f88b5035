"""`tidings demo`: what the store holds, at a glance (run after `tidings ingest samples/`).

    $ make demo
"""

from __future__ import annotations

import click

from tidings.cli._common import db_option, json_option, open_store, print_json
from tidings.store import PLACE_TYPES, Corpus, CorpusEntity

_SECTIONS = (("People", ("PERSON",)), ("Organizations", ("ORG",)), ("Places", PLACE_TYPES))
_TOP = 5


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
    counts = {t: corpus.count(t) for t in ("documents", "entities", "mentions", "failures")}
    lines = [
        f"{counts['documents']} documents, {counts['entities']} entities, "
        f"{counts['mentions']} mentions, {counts['failures']} failures "
        f"(store {corpus.path})"
    ]
    for title, types in _SECTIONS:
        top = corpus.entities(type=types, limit=_TOP)
        if top:
            lines += ["", f"{title}:"] + [line for e in top for line in _entity_lines(e)]
    dates = corpus.dates(limit=_TOP)
    if dates:
        lines += ["", "Dates:"] + [f"  {d.value} ({d.precision}): {d.text!r}" for d in dates]
    if counts["failures"]:
        lines += ["", "See why inputs were rejected: tidings failures"]
    return lines


def _entity_lines(entity: CorpusEntity) -> list[str]:
    aka = f" (also {', '.join(entity.aliases[:4])})" if entity.aliases else ""
    lines = [
        f"  {entity.name}{aka}: {entity.mention_count} mentions in "
        f"{entity.document_count} document{'s' if entity.document_count != 1 else ''}"
    ]
    lines += [f"    post: {post.describe()}" for post in entity.roles[:3]]
    return lines
