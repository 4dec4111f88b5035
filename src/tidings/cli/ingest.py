"""`tidings ingest` and `tidings failures`.

    $ tidings ingest samples/ feed.jsonl --db tidings.db
    $ tidings ingest archive/ --workers 2       # the NLP in two processes
    stored 12, skipped 0 already stored, rejected 1 (see failures), failed 0
    $ tidings failures --db tidings.db
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from tidings.batch import ingest
from tidings.cli._common import (
    db_option,
    json_option,
    limit_option,
    open_store,
    plural,
    print_json,
)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--quiet", "-q", is_flag=True,
              help="No progress (bar or log lines), no rejection lines.")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes that run the NLP, each loading the model once (about 0.5 GB "
                   "each); this process stores the results in order.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="dask: run the NLP on the Dask cluster at --scheduler and write Parquet "
                   "shards to --out (store them with tidings load).")
@click.option("--scheduler", metavar="ADDR", help="The Dask scheduler, e.g. tcp://head:8786.")
@click.option("--out", "out", type=click.Path(file_okay=False), metavar="DIR",
              help="With --engine dask: the folder for the shards, the same path on "
                   "every machine.")
@json_option
def command(paths: tuple[str, ...], db: str, quiet: bool, workers: int, engine: str,
            scheduler: str | None, out: str | None, as_json: bool) -> None:
    """Read articles from PATHS (files, folders, globs, JSONL; "-" for stdin) into the
    store. Articles already stored are skipped; rejected inputs are recorded in
    failures and the run goes on. Folder walks read .txt, .html, .jsonl and files
    without an ending, each real file once; other files are counted and passed over.

    Progress goes to stderr: articles done out of those counted in PATHS, the rate and
    the time left, as a bar on a terminal or, in a log, a line every 10 seconds.
    Stdin and web archives are not counted beforehand: then only the rate is shown.

    Exit status: 0 every input stored or already stored, 1 some inputs rejected,
    2 nothing readable (no such path, or every input rejected).
    """
    if engine == "dask":
        _ingest_on_cluster(paths, scheduler, out, quiet, as_json)
        return
    with open_store(db, create=True) as corpus:
        # "-" reads sys.stdin.buffer, which click's test runner also replaces.
        report = ingest(list(paths), corpus, progress=not quiet, workers=workers)
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


def _ingest_on_cluster(paths: tuple[str, ...], scheduler: str | None, out: str | None,
                       quiet: bool, as_json: bool) -> None:
    if not scheduler or not out:
        raise click.UsageError("--engine dask needs --scheduler ADDR and --out DIR")
    from tidings.cluster import ingest_on_cluster

    try:
        shards, rejected = ingest_on_cluster(list(paths), out, scheduler)
    except OSError as exc:  # no scheduler there, or the folder cannot be written
        raise click.ClickException(f"cannot run on {scheduler}: {exc}") from None
    documents = sum(s.documents for s in shards)
    failures = sum(s.failures for s in shards) + len(rejected)
    if as_json:
        print_json({"shards": [dataclasses.asdict(s) for s in shards],
                    "documents": documents, "failures": failures})
    else:
        if not quiet:
            for problem in rejected:
                click.echo(f"{problem.source}: {problem.reason}", err=True)
        click.echo(f"{plural(len(shards), 'shard')} in {out}: {plural(documents, 'document')}, "
                   f"{plural(failures, 'failure')}; store them with tidings load {out} --db ...")


@click.command("load")
@click.argument("shards", nargs=-1, required=True)
@db_option
@json_option
def load_command(shards: tuple[str, ...], db: str, as_json: bool) -> None:
    """Store the Parquet shards of `tidings ingest --engine dask` (files, or folders of
    them): Documents placed in the corpus view, failures as rows. Loading again changes
    nothing."""
    from tidings.cluster import load_shards, shard_files

    missing = [s for s in shards if not Path(s).exists()]
    if missing:
        raise click.BadParameter(f"no such file or folder: {missing[0]}", param_hint="SHARDS")
    if not shard_files(shards):
        raise click.BadParameter("no .parquet shards there", param_hint="SHARDS")
    with open_store(db, create=True) as corpus:
        report = load_shards(shards, corpus)
    if as_json:
        print_json(dataclasses.asdict(report))
    else:
        click.echo(f"{plural(report.shards, 'shard')}: stored {report.stored}, skipped "
                   f"{report.skipped} already stored, {plural(report.failures, 'failure')} "
                   "recorded")
