"""`tidings export`: every stored event as PLOVER-style JSON lines or CSV.

    $ tidings export --format plover --out events.jsonl
    $ tidings export --format csv > events.csv
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

from tidings.cli._common import db_option, open_store, plural
from tidings.export import write_csv, write_plover
from tidings.model import Document
from tidings.store import Corpus


@click.command("export")
@click.option(
    "--format", "format_", type=click.Choice(["plover", "csv"]), default="plover",
    show_default=True, help="PLOVER JSON lines (one event a line) or CSV.",
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to FILE instead of standard output.")
@db_option
def command(format_: str, out: str | None, db: str) -> None:
    """Export the events of the store, with actors, places, dates and confidence."""
    writer = write_plover if format_ == "plover" else write_csv
    with open_store(db) as corpus:
        if out is None:
            count = writer(_documents(corpus), sys.stdout, corpus.corpus_events_of)
        else:
            try:
                handle = open(out, "w", encoding="utf-8", newline="")
            except OSError as exc:
                raise click.ClickException(f"cannot write {out}: {exc.strerror}") from None
            with handle:
                count = writer(_documents(corpus), handle, corpus.corpus_events_of)
    if out is not None:
        click.echo(f"{plural(count, 'event')} written to {out}", err=True)


def _documents(corpus: Corpus) -> Iterator[Document]:
    for summary in reversed(corpus.documents()):  # oldest ingested first
        yield corpus.get(summary.id)
