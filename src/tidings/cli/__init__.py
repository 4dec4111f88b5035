"""The ``tidings`` command line: one module per command.

    $ tidings extract article.txt
    $ tidings ingest samples/ --db tidings.db
"""

from __future__ import annotations

import click

from tidings.cli import demo, entities, events, export, extract, ingest, search, show
from tidings.cli import eval as eval_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tidings")
def main() -> None:
    """Tidings: news articles in, evidence-backed event data out."""


for _module in (extract, ingest, show, entities, search, eval_cmd, demo, events, export):
    main.add_command(_module.command)
main.add_command(ingest.failures_command)
