"""`tidings extract FILE|-`: print one article's Document JSON."""

from __future__ import annotations

import json
import sys

import click


@click.command("extract")
@click.argument("source", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--published", help="Publication date (YYYY-MM-DD) when the article has none.")
@click.option("--url", help="The article's address, when the input does not carry it.")
@click.option("--no-clean", is_flag=True, help="Keep the text exactly as given (no chrome removal).")
@click.option("--any-language", is_flag=True, help="Do not reject non-English text.")
@click.option("--compact", is_flag=True, help="One line of JSON instead of indented output.")
def command(
    source: str, published: str | None, url: str | None, no_clean: bool, any_language: bool,
    compact: bool,
) -> None:
    """Extract entities, dates and more from one article and print its Document JSON.

    SOURCE is a text or HTML file, or - for standard input.
    """
    if not any_language:
        from tidings.ingest.language import preload

        preload()  # decompresses the language model while spaCy imports
    from tidings.extraction import Extractor
    from tidings.ingest.readers import article_from_bytes
    from tidings.model import Rejected

    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise click.ClickException(f"cannot read {source}: {exc.strerror}") from None
    raw = article_from_bytes(data, source, url=url, published=published)
    if isinstance(raw, Rejected):
        raise click.ClickException(f"{source}: {raw.reason}")
    extractor = Extractor(clean=not no_clean, require_english=not any_language, batch_size=1)
    for _, result in extractor.run([raw]):
        if isinstance(result, Rejected):
            raise click.ClickException(f"{source}: {result.reason}")
        indent = None if compact else 2
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=indent))
