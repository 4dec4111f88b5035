"""`tidings stories`: the stories of the store, the documents that report one happening.

    $ tidings stories --limit 20
"""

from __future__ import annotations

import click

from tidings.cli._common import db_option, json_option, limit_option, open_store, print_json
from tidings.cli.entities import table

_HEADERS = ("id", "first", "last", "docs", "copies", "titles")


@click.command("stories")
@limit_option(50)
@db_option
@json_option
def command(limit: int, db: str, as_json: bool) -> None:
    """List stories, latest first, with their first headlines."""
    with open_store(db) as corpus:
        found = corpus.stories(limit=limit)
    if as_json:
        print_json([s.to_dict() for s in found])
    elif not found:
        click.echo("no stories")
    else:
        rows = [(s.id, s.first_day or "", s.last_day or "", str(s.size), str(s.copies),
                 " | ".join(s.titles)) for s in found]
        click.echo("\n".join(table(rows, _HEADERS)))
