"""`tidings events`: stored events, filtered by type, actor, country, dates and place.

    $ tidings events --type CONSULT --country KAZ --since 2024-01
    $ tidings events --actor mirziyoev --place astana --json
"""

from __future__ import annotations

import click

from tidings.cli._common import (
    checked,
    country_option,
    db_option,
    json_option,
    limit_option,
    open_store,
    print_json,
    text_filter,
)
from tidings.cli.entities import table
from tidings.countries import country_by_iso3
from tidings.errors import Messages
from tidings.store import EventRow, FilterError
from tidings.store.filters import check_date, check_dates_in_order, check_event_type
from tidings.store.views import CorpusEventRow

_HEADERS = ("date", "type", "mode", "source", "target", "place", "status", "conf", "trigger")
#: Marks, in the date column, an event dated only by its article's publication day.
PUBLISHED_MARK = "(published)"


@click.command("events")
@click.option("--type", "type_", metavar="T", callback=checked(check_event_type),
              help="PLOVER type in any case, e.g. CONSULT, assault.")
@click.option("--actor", metavar="NAME", callback=text_filter,
              help="A source or target whose name contains NAME (any case, accents; "
                   "% and _ are plain characters).")
@click.option("--country", metavar="ISO3", callback=country_option,
              help="An actor's country, or the place's country (ISO 3166 alpha-3, any case).")
@click.option("--since", metavar="DATE", callback=checked(check_date),
              help="On or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", callback=checked(check_date),
              help="On or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--place", metavar="NAME", callback=text_filter,
              help="Where the event happened (name or alias contains NAME).")
@click.option("--members", is_flag=True,
              help="List the events of each article (the members of corpus events).")
@limit_option(100)
@db_option
@json_option
def command(
    type_: str | None, actor: str | None, country: str | None, since: str | None,
    until: str | None, place: str | None, members: bool, limit: int, db: str,
    as_json: bool,
) -> None:
    """List corpus events: one happening with the number of its sources (distinct
    outlets) and articles, latest reported first; a corpus event matches the filters
    when one of its member events does. With --members (and in a store that has no
    corpus events, made without `tidings ingest`), list the events of each article:
    who did what to whom, where and when.

    Events with a date of their own come first, latest first; then events without one,
    dated by the day their article was published, latest first, their date marked
    "(published)" (in --json: effective_date and effective_date_source). --since and
    --until compare these same dates.
    """
    try:
        check_dates_in_order(since, until)
    except FilterError as exc:
        raise click.UsageError(str(exc)) from None
    with open_store(db) as corpus:
        if country and country_by_iso3(country) is None and (
            country not in corpus.event_countries()
        ):
            raise click.BadParameter(
                Messages.UNKNOWN_COUNTRY.format(code=country), param_hint="'--country'"
            )
        filters = dict(type=type_, actor=actor, country=country, since=since, until=until,
                       place=place, limit=limit)
        if not members and corpus.has_corpus_events():
            grouped = corpus.corpus_events(**filters)  # type: ignore[arg-type]
            if as_json:
                print_json([e.to_dict() for e in grouped])
            elif not grouped:
                click.echo("no events match")
            else:
                click.echo("\n".join(table([corpus_row(e) for e in grouped], _CORPUS_HEADERS)))
            return
        found = corpus.events(**filters)  # type: ignore[arg-type]
    if as_json:
        print_json([e.to_dict() for e in found])
    elif not found:
        click.echo("no events match")
    else:
        click.echo("\n".join(table([row(e) for e in found], _HEADERS)))


_CORPUS_HEADERS = ("id", "reported", "type", "sources", "articles", "source", "target",
                   "place", "claimed by", "trigger")


def corpus_row(event: CorpusEventRow) -> tuple[str, ...]:
    first, last = event.first_reported or "", event.last_reported or ""
    return (
        event.id,
        first if first == last else f"{first}..{last}",
        event.type,
        str(event.n_sources),
        str(event.n_articles),
        ", ".join(event.source),
        ", ".join(event.target),
        event.place or "",
        event.claimed_by or "",
        event.trigger,
    )


def date_cell(event: EventRow) -> str:
    """The event's date, or its article's publication day marked as such."""
    if event.effective_date_source == "published":
        return f"{event.effective_date} {PUBLISHED_MARK}"
    return event.date or ""


def row(event: EventRow) -> tuple[str, ...]:
    status = [
        flag for flag, on in (
            ("negated", event.negated), ("hypothetical", event.hypothetical),
            ("future", event.future), ("claimed", event.asserted_by is not None),
        ) if on
    ]
    return (
        date_cell(event),
        event.type,
        event.mode or "",
        ", ".join(event.names("source")),
        ", ".join(event.names("target")),
        event.location or "",
        ", ".join(status),
        f"{event.confidence:.2f}",
        event.trigger,
    )
