"""`tidings ingest` and `tidings failures`.

    $ tidings ingest samples/ feed.jsonl --db tidings.db
    stored 12, skipped 0 already stored, rejected 1 (see failures), failed 0
    $ tidings failures --db tidings.db
"""

from __future__ import annotations

import dataclasses
import sys

import click

from tidings.batch import ingest
from tidings.cli._common import db_option, json_option, limit_option, open_store, print_json


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no rejection lines.")
@json_option
def command(paths: tuple[str, ...], db: str, quiet: bool, as_json: bool) -> None:
    """Read articles from PATHS (files, folders, globs, JSONL; "-" for stdin) into the
    store. Articles already stored are skipped; rejected inputs are recorded in
    failures and the run goes on. Folder walks read .txt, .html, .jsonl and files
    without an ending, each real file once; other files are counted and passed over.

    Exit status: 0 every input stored or already stored, 1 some inputs rejected,
    2 nothing readable (no such path, or every input rejected).
    """
    with open_store(db, create=True) as corpus:
        # "-" reads sys.stdin.buffer, which click's test runner also replaces.
        report = ingest(list(paths), corpus, progress=not quiet)
    if as_json:
        print_json(report.to_dict())
    else:
        if not quiet:
            for problem in report.problems:
                click.echo(f"{problem.source}: {problem.reason}", err=True)
        click.echo(report.summary())
    sys.exit(report.exit_code)


@click.command("failures")
@db_option
@limit_option(100)
@json_option
def failures_command(db: str, limit: int, as_json: bool) -> None:
    """List inputs that gave no Document, with the stage and the reason."""
    with open_store(db) as corpus:
        failures = corpus.failures(limit=limit)
    if as_json:
        print_json([dataclasses.asdict(f) for f in failures])
        return
    if not failures:
        click.echo("no failures")
    for f in failures:
        click.echo(f"{f.source}: [{f.stage}/{f.code}] {f.reason}")
