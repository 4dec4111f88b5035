"""`tidings actors`, `tidings actor`, `tidings merge`, `tidings split`: corpus actors,
one person or body across every article, and the manual decisions about them.

    $ tidings actors --name saidov --country UZB
    $ tidings actor A3f0c1d2e4b5a6978 --json
    $ tidings merge A3f0c1d2e4b5a6978 A0a1b2c3d4e5f6a7b     # the second becomes the first
    $ tidings split A3f0c1d2e4b5a6978 4c1f0e2d3b4a5968:e2   # doc_id:entity_id ...
"""

from __future__ import annotations

import re

import click

from tidings.cli._common import (
    country_option,
    db_option,
    json_option,
    limit_option,
    open_store,
    plural,
    print_json,
    text_filter,
)
from tidings.cli.entities import table
from tidings.corpus.actors import TYPE_FAMILY
from tidings.store.filters import shown
from tidings.store.linking import DecisionError
from tidings.store.views import ActorRecord, ActorSummary

_HEADERS = ("id", "type", "name", "spellings", "docs", "mentions", "countries", "posts")
_ACTOR_ID = re.compile(r"^A[0-9a-f]{15}$")
_MENTION = re.compile(r"^([^:\s]+):([^:\s]+)$")


def _type_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    if value.upper() not in TYPE_FAMILY:
        raise click.BadParameter(
            f"'{shown(value)}' is not an entity type; one of {', '.join(sorted(TYPE_FAMILY))}")
    return value.upper()


def _actor_id(value: str) -> str:
    if not _ACTOR_ID.match(value):
        raise click.BadParameter(
            f"'{shown(value)}' is not an actor id (A and 15 hex digits; see `tidings actors`)")
    return value


def _actor_argument(ctx: click.Context, param: click.Parameter, value: str) -> str:
    return _actor_id(value)


def _mentions_argument(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> list[tuple[str, str]]:
    found = []
    for item in value:
        match = _MENTION.match(item)
        if not match:
            raise click.BadParameter(
                f"'{shown(item)}' is not a mention; give DOC_ID:ENTITY_ID (see `tidings actor ID`)")
        found.append((match.group(1), match.group(2)))
    return found


@click.command("actors")
@click.option("--name", metavar="N", callback=text_filter,
              help="A spelling contains N (any case, accents; % and _ are plain characters).")
@click.option("--country", metavar="ISO3", callback=country_option,
              help="A post's or the place's country (ISO 3166 alpha-3, any case).")
@click.option("--type", "type_", metavar="T", callback=_type_option,
              help="Entity type, e.g. PERSON, ORG, GPE.")
@limit_option(50)
@db_option
@json_option
def command(name: str | None, country: str | None, type_: str | None, limit: int, db: str,
            as_json: bool) -> None:
    """List corpus actors (one person or body across all articles), most mentioned
    first, with every spelling linked to them."""
    with open_store(db) as corpus:
        found = corpus.actors(name=name, country=country, type=type_, limit=limit)
    if as_json:
        print_json([a.to_dict() for a in found])
    elif not found:
        click.echo("no actors match")
    else:
        click.echo("\n".join(table([_row(a) for a in found], _HEADERS)))


def _row(actor: ActorSummary) -> tuple[str, ...]:
    return (actor.id, actor.type, actor.name, ", ".join(actor.spellings),
            str(actor.document_count), str(actor.mention_count), " ".join(actor.countries),
            "; ".join(actor.posts))


@click.command("actor")
@click.argument("actor_id", metavar="ID", callback=_actor_argument)
@db_option
@json_option
def actor_command(actor_id: str, db: str, as_json: bool) -> None:
    """One actor: spellings, posts over time with their evidence, statements, events
    (with their corpus event and its sources), co-actors and manual decisions."""
    with open_store(db) as corpus:
        record = corpus.actor(actor_id)
    if record is None:
        raise click.ClickException(f"no actor {actor_id} (see `tidings actors`)")
    if as_json:
        print_json(record.to_dict())
    else:
        click.echo("\n".join(_describe(record)))


def _describe(record: ActorRecord) -> list[str]:
    lines = [f"{record.name} ({record.type}) {record.id}",
             f"spellings: {', '.join(f'{s} ×{n}' for s, n in record.spellings)}",
             f"mentions: {plural(len(record.mentions), 'mention')} in "
             f"{plural(len({m[0] for m in record.mentions}), 'document')}"]
    lines.append("posts:")
    for p in record.posts:
        what = ", ".join(x for x in (p.rank, p.title, p.organization, p.country) if x)
        lines.append(f"  {p.published or '?':10}  {what}  [{p.doc_id}] “{p.evidence}”")
    lines.append("statements:")
    for s in record.statements:
        lines.append(f"  {s.published or '?':10}  {s.cue}: “{s.content}”  [{s.doc_id}]")
    lines.append("events:")
    for e in record.events:
        sources = f"{plural(e.n_sources, 'source')}" if e.n_sources else "no corpus event"
        lines.append(f"  {e.date or e.published or '?':10}  {e.type} ({e.role}) "
                     f"“{e.trigger}”  [{e.doc_id}] {e.corpus_event_id or ''} {sources}")
    lines.append("co-actors:")
    for c in record.co_actors:
        lines.append(f"  {c.name} ({c.type}) {c.id}: {plural(c.shared_events, 'event')}")
    for d in record.decisions:
        lines.append(f"decision: {d['kind']} {d['actor']} {d['other']} at {d['created_at']}")
    for doc_id, entity_id, reason, score in record.mentions:
        lines.append(f"  mention {doc_id}:{entity_id} ({score:.2f}) {reason}")
    return lines


@click.command("merge")
@click.argument("kept", metavar="A", callback=_actor_argument)
@click.argument("absorbed", metavar="B", callback=_actor_argument)
@db_option
def merge_command(kept: str, absorbed: str, db: str) -> None:
    """Make actor B part of actor A. Recorded, and respected by later ingests; undo
    with `tidings split A` and B's mentions (B's id comes back)."""
    with open_store(db) as corpus:
        try:
            decision = corpus.merge_actors(kept, absorbed)
        except DecisionError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"merged {decision.absorbed} into {decision.kept} "  # type: ignore[union-attr]
               f"({plural(len(decision.absorbed_mentions), 'mention')} moved)")  # type: ignore[union-attr]


@click.command("split")
@click.argument("actor_id", metavar="ID", callback=_actor_argument)
@click.argument("mentions", metavar="MENTION...", nargs=-1, required=True,
                callback=_mentions_argument)
@db_option
def split_command(actor_id: str, mentions: list[tuple[str, str]], db: str) -> None:
    """Make MENTIONs (DOC_ID:ENTITY_ID, as `tidings actor ID` lists them) of actor ID an
    actor of their own. Recorded, and respected by later ingests."""
    with open_store(db) as corpus:
        try:
            decision = corpus.split_actor(actor_id, mentions)
        except DecisionError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"split {plural(len(decision.mentions), 'mention')} of "  # type: ignore[union-attr]
               f"{decision.actor} into {decision.new_actor}")  # type: ignore[union-attr]
