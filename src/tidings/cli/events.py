"""`tidings events`: stored events, filtered by type, actor, country, dates and place.

    $ tidings events --type CONSULT --country KAZ --since 2024-01
    $ tidings events --actor mirziyoyev --place astana --json
"""

from __future__ import annotations

import re

import click

from tidings.cli._common import db_option, json_option, limit_option, open_store, print_json
from tidings.cli.entities import table
from tidings.store import EventRow

_HEADERS = ("date", "type", "mode", "source", "target", "place", "status", "conf", "trigger")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _date_option(value: str | None) -> str | None:
    if value is not None and not _DATE.match(value):
        raise click.BadParameter("use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


@click.command("events")
@click.option("--type", "type_", metavar="T", help="PLOVER type, e.g. CONSULT, ASSAULT.")
@click.option("--actor", metavar="NAME", help="A source or target whose name contains NAME.")
@click.option("--country", metavar="ISO3", help="An actor's country, or the place's country.")
@click.option("--since", metavar="DATE", callback=lambda c, p, v: _date_option(v),
              help="On or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", callback=lambda c, p, v: _date_option(v),
              help="On or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--place", metavar="NAME", help="Where the event happened (name or alias).")
@limit_option(100)
@db_option
@json_option
def command(
    type_: str | None, actor: str | None, country: str | None, since: str | None,
    until: str | None, place: str | None, limit: int, db: str, as_json: bool,
) -> None:
    """List stored events, latest first: who did what to whom, where and when."""
    with open_store(db) as corpus:
        found = corpus.events(
            type=type_, actor=actor, country=country, since=since, until=until,
            place=place, limit=limit,
        )
    if as_json:
        print_json([e.to_dict() for e in found])
    elif not found:
        click.echo("no events match")
    else:
        click.echo("\n".join(table([row(e) for e in found], _HEADERS)))


def row(event: EventRow) -> tuple[str, ...]:
    status = [
        flag for flag, on in (
            ("negated", event.negated), ("hypothetical", event.hypothetical),
            ("future", event.future), ("claimed", event.asserted_by is not None),
        ) if on
    ]
    return (
        event.date or "",
        event.type,
        event.mode or "",
        ", ".join(event.names("source")),
        ", ".join(event.names("target")),
        event.location or "",
        ", ".join(status),
        f"{event.confidence:.2f}",
        event.trigger,
    )
