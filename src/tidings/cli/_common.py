"""Helpers the store commands share: ``--db``/``--json`` options, JSON output, checks
of free-text filter values, plurals, and turning the library's errors into one-line CLI
errors.

    @click.command("show")
    @db_option
    @json_option
    def command(db: str, as_json: bool) -> None:
        with open_store(db) as corpus, cli_errors():
            ...
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from tidings import settings
from tidings.errors import Messages, TidingsError
from tidings.store import Corpus
from tidings.store.corpus import FilterError, NotAStoreError
from tidings.store.filters import check_country, check_text

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        default=lambda: settings.get("db"),
        show_default="setting db (TIDINGS_DB)",
        help="SQLite store file.",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def limit_option(default: int) -> Callable[[F], F]:
    return click.option(
        "--limit", type=click.IntRange(min=1), default=default, show_default=True,
        help="Show at most this many.",
    )


def checked(check: Callable[[str], str]) -> Callable[..., str | None]:
    """A click callback running one of ``tidings.store.filters``' checks: its
    ``FilterError`` is a usage error (exit status 2)."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return check(value)
        except FilterError as exc:
            raise click.BadParameter(str(exc)) from None

    return callback


#: A free-text filter (a name, a query): at most ``MAX_FILTER_CHARS`` characters.
text_filter = checked(check_text)
#: An ISO 3166 alpha-3 code in any case; whether it is known is checked with the store.
country_option = checked(check_country)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "mention")`` → "1 mention"; ``plural(2, "mention")`` → "2 mentions"."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contextmanager
def cli_errors() -> Iterator[None]:
    """Library errors become a one-line message and exit status 1."""
    try:
        yield
    except TidingsError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def open_store(db: str, *, create: bool = False) -> Iterator[Corpus]:
    """Open the store; a read command on a missing file is an error, not a new file.

    A file that is not a Tidings store (``NotAStoreError``) is a usage error of ``--db``
    (exit status 2) for every command, ``ingest`` included: the file is left as it was.
    """
    if not create and not Path(db).exists():
        raise click.ClickException(Messages.NO_STORE.format(path=db))
    with cli_errors():
        try:
            corpus = Corpus(db)
        except NotAStoreError as exc:
            raise click.BadParameter(str(exc), param_hint="'--db'") from None
    with cli_errors(), corpus:
        yield corpus
