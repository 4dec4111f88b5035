"""Helpers the store commands share: ``--db``/``--json`` options, JSON output, and
turning the library's errors into one-line CLI errors.

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
    """Open the store; a read command on a missing file is an error, not a new file."""
    if not create and not Path(db).exists():
        raise click.ClickException(Messages.NO_STORE.format(path=db))
    with cli_errors(), Corpus(db) as corpus:
        yield corpus
