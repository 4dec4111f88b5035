"""`tidings search QUERY`: full-text search over stored titles and texts.

    $ tidings search "summit astana"
"""

from __future__ import annotations

import dataclasses

import click

from tidings.cli._common import (
    db_option,
    json_option,
    limit_option,
    open_store,
    print_json,
    text_filter,
)
from tidings.store.corpus import MAX_FILTER_CHARS


@click.command(
    "search",
    help="Find documents containing every word of QUERY (a trailing * matches a prefix; "
    f"QUERY is at most {MAX_FILTER_CHARS} characters).",
)
@click.argument("query", callback=text_filter)
@limit_option(20)
@db_option
@json_option
def command(query: str, limit: int, db: str, as_json: bool) -> None:
    with open_store(db) as corpus:
        hits = corpus.search(query, limit=limit)
    if as_json:
        print_json([dataclasses.asdict(h) for h in hits])
        return
    if not hits:
        click.echo(f"no documents match {query!r}")
    for hit in hits:
        click.echo(f"{hit.doc_id}  {hit.title or '(untitled)'}")
        click.echo(f"    {' '.join(hit.snippet.split())}")
