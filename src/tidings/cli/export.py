"""`tidings export`: the store's events, places or actor network as files that open in
pandas, DuckDB, Excel, QGIS and Gephi.

    $ tidings export --format plover --out events.jsonl
    $ tidings export --format csv > events.csv
    $ tidings export --format parquet --out events.parquet
    $ tidings export --format geojson --out events.geojson
    $ tidings export --format places-geojson --out places.geojson
    $ tidings export --format graphml --out actors.graphml
"""

from __future__ import annotations

import sys
from typing import IO, Any

import click

from tidings.cli._common import db_option, open_store, plural
from tidings.export import FORMATS
from tidings.store.exports import export_store

#: What each format counts, for the closing line.
_UNITS = {"places-geojson": "place", "graphml": "edge"}


@click.command("export")
@click.option(
    "--format", "format_", type=click.Choice(sorted(FORMATS)), default="plover",
    show_default=True,
    help="plover: PLOVER JSON lines, one event a line; csv, parquet: one row per event; "
         "geojson: located events as points; places-geojson: places with counts; "
         "graphml: actors linked by the events between them.",
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to FILE instead of standard output.")
@db_option
def command(format_: str, out: str | None, db: str) -> None:
    """Export the store: events with actors, places, dates and confidence; places; or
    the actor network."""
    binary = FORMATS[format_][2]
    with open_store(db) as corpus:
        if out is None:
            stream = sys.stdout.buffer if binary else sys.stdout
            count = export_store(corpus, format_, stream)
        else:
            try:
                handle: IO[Any] = (open(out, "wb") if binary
                                   else open(out, "w", encoding="utf-8", newline=""))
            except OSError as exc:
                raise click.ClickException(f"cannot write {out}: {exc.strerror}") from None
            with handle:
                count = export_store(corpus, format_, handle)
    if out is not None:
        click.echo(f"{plural(count, _UNITS.get(format_, 'event'))} written to {out}", err=True)

