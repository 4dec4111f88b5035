"""`tidings extract FILE|-`: print one article's Document JSON."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from tidings.model import RawArticle, Rejected


def _published_option(value: str | None) -> str | None:
    from tidings.ingest.published import read_published

    if value is not None and read_published(value) is None:
        raise click.BadParameter(
            f"{value!r} is not a date; use e.g. 2024-03-14, 2024-03, "
            "'Tue, 14 Mar 2024 10:00:00 GMT' or '14 March 2024'"
        )
    return value


@click.command("extract")
@click.argument("source", type=click.Path(allow_dash=True, dir_okay=False))
@click.option(
    "--published", callback=lambda c, p, v: _published_option(v),
    help="Publication date when the article has none: ISO (2024-03-14, 2024-03, "
    "2024-03-14T10:00Z), RFC 2822 or written ('14 March 2024').",
)
@click.option("--url", help="The article's address, when the input does not carry it.")
@click.option("--no-clean", is_flag=True, help="Keep the text exactly as given (no chrome removal).")
@click.option("--any-language", is_flag=True, help="Do not reject non-English text.")
@click.option("--compact", is_flag=True, help="One line of JSON instead of indented output.")
def command(
    source: str, published: str | None, url: str | None, no_clean: bool, any_language: bool,
    compact: bool,
) -> None:
    """Extract entities, dates and more from one article and print its Document JSON.

    SOURCE is a text or HTML file, a JSON/JSONL file holding one article record, or -
    for standard input. Exit status 1 when the article is rejected (the reason is
    printed), 2 for a usage error.
    """
    if not any_language:
        from tidings.ingest.language import preload

        preload()  # decompresses the language model while spaCy imports
    from tidings.extraction import Extractor

    raw = _read_one(source)
    if url or published:
        from tidings.ingest.outlet import outlet_from_url

        raw = dataclasses.replace(
            raw, url=url or raw.url, published=published or raw.published,
            outlet=raw.outlet or outlet_from_url(url),
        )
    extractor = Extractor(clean=not no_clean, require_english=not any_language, batch_size=1)
    for _, result in extractor.run([raw]):
        if isinstance(result, Rejected):
            raise click.ClickException(f"{source}: {result.reason}")
        indent = None if compact else 2
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=indent))


def _read_one(source: str) -> RawArticle:
    """The one article in SOURCE, or a one-line error saying why there is none."""
    from tidings.ingest.readers import articles_from_bytes, iter_articles

    if source == "-":
        results = list(articles_from_bytes(sys.stdin.buffer.read(), "-"))
    else:
        results = list(iter_articles([source]))
    articles = [r for r in results if isinstance(r, RawArticle)]
    if len(results) > 1:
        raise click.ClickException(
            f"{source} holds {len(results)} records ({len(articles)} readable); "
            f"tidings extract reads one article: use tidings ingest {source}"
        )
    if not results:
        raise click.ClickException(f"{source}: no article in it")
    [result] = results
    if isinstance(result, Rejected):
        raise click.ClickException(f"{result.source}: {result.reason}")
    return result
