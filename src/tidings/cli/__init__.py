"""The ``tidings`` command line: one module per command.

    $ tidings extract article.txt
    $ tidings ingest samples/ --db tidings.db
    $ tidings --debug ingest feed.jsonl     # full traceback on an internal error
    $ tidings serve --db tidings.db         # web app and API on http://127.0.0.1:8000

Exit status: 0 done; 1 some inputs were rejected (they are in ``tidings failures``) or
an error a person can fix; 2 a usage error, or nothing readable at all; 3 an internal
error (a bug: rerun with ``--debug`` and report the traceback).
"""

from __future__ import annotations

import os
from typing import Any

import click

from tidings.cli import (
    actors,
    demo,
    entities,
    events,
    export,
    extract,
    ingest,
    search,
    serve,
    show,
    stories,
)
from tidings.cli import eval as eval_cmd

INTERNAL_ERROR = 3


class _Tidings(click.Group):
    """Turns an unexpected exception into one line and exit status 3; ``--debug`` (or
    TIDINGS_DEBUG=1) lets the traceback through."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get("tidings.debug") or os.environ.get("TIDINGS_DEBUG") == "1":
                raise
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            click.echo(
                f"Error: internal error ({detail}); rerun with --debug for the traceback",
                err=True,
            )
            ctx.exit(INTERNAL_ERROR)


@click.group(cls=_Tidings, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tidings")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Tidings: news articles in, evidence-backed event data out.

    Exit status: 0 done; 1 some inputs rejected (see `tidings failures`) or an error
    you can fix; 2 usage error or nothing readable; 3 internal error (rerun with
    --debug).
    """
    ctx.meta["tidings.debug"] = debug


for _module in (extract, ingest, show, entities, search, eval_cmd, demo, events, export,
                actors, stories, serve):
    main.add_command(_module.command)
main.add_command(ingest.failures_command)
main.add_command(ingest.load_command)
for _command in (actors.actor_command, actors.merge_command, actors.split_command):
    main.add_command(_command)
