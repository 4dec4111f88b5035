"""`tidings entities`: corpus entities with their spellings, counts and posts.

    $ tidings entities --type PERSON --name mirziyoev
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from tidings.cli._common import (
    db_option,
    json_option,
    limit_option,
    open_store,
    print_json,
    text_filter,
)
from tidings.store import CorpusEntity

_HEADERS = ("type", "name", "aliases", "docs", "mentions", "posts")
_MAX_CELL = 48


@click.command("entities")
@click.option("--type", "type_", metavar="T", callback=text_filter,
              help="Only this type, e.g. PERSON, ORG, GPE.")
@click.option("--name", metavar="N", callback=text_filter,
              help="Name or alias contains N (any case, accents; punctuation, % and _ "
                   "included, counts as a space).")
@limit_option(50)
@db_option
@json_option
def command(type_: str | None, name: str | None, limit: int, db: str, as_json: bool) -> None:
    """List corpus entities, most mentioned first.

    Posts: a post also known with a country is shown once, with the country.
    """
    with open_store(db) as corpus:
        found = corpus.entities(type=type_, name=name, limit=limit)
    if as_json:
        print_json([e.to_dict() for e in found])
    elif not found:
        click.echo("no entities match")
    else:
        click.echo("\n".join(table([row(e) for e in found], _HEADERS)))


def row(entity: CorpusEntity) -> tuple[str, ...]:
    return (
        entity.type,
        entity.name,
        ", ".join(entity.aliases),
        str(entity.document_count),
        str(entity.mention_count),
        "; ".join(p.describe() for p in entity.roles),
    )


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> list[str]:
    """Plain aligned columns; long cells are cut with an ellipsis."""
    cells = [[_cut(c) for c in r] for r in (headers, *rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]


def _cut(cell: str) -> str:
    return cell if len(cell) <= _MAX_CELL else cell[: _MAX_CELL - 1] + "…"
