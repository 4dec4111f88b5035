"""`tidings show ID`: one stored document, as a person reads it or as its JSON.

    $ tidings show 3f2a9c0d1e4b5a6c --db tidings.db
"""

from __future__ import annotations

from collections import defaultdict

import click

from tidings.cli._common import (
    cli_errors,
    db_option,
    json_option,
    open_store,
    plural,
    print_json,
)
from tidings.model import Document, Entity, Event, Role, Statement


@click.command("show")
@click.argument("doc_id", metavar="ID")
@db_option
@json_option
def command(doc_id: str, db: str, as_json: bool) -> None:
    """Show the stored document ID: entities, aliases, posts, dates, statements, events.

    A post also given with a country is shown once, with the country.
    """
    with open_store(db) as corpus, cli_errors():
        doc = corpus.get(doc_id)
    if as_json:
        print_json(doc.to_dict())
    else:
        click.echo("\n".join(render(doc)))


def render(doc: Document) -> list[str]:
    lines = [doc.title or "(untitled)"]
    meta = " · ".join(x for x in (doc.outlet, doc.published, doc.id) if x)
    lines.append(meta)
    if doc.url or doc.source:
        lines.append(doc.url or doc.source or "")
    names = {e.id: e.name for e in doc.entities}
    by_type: dict[str, list[Entity]] = defaultdict(list)
    for entity in doc.entities:
        by_type[entity.type].append(entity)
    for type_ in sorted(by_type):
        lines += ["", type_]
        for entity in sorted(by_type[type_], key=lambda e: -len(e.mentions)):
            lines += _entity_lines(entity, names)
    if doc.dates:
        lines += ["", "DATES"]
        lines += [f"  {d.text} → {d.value} ({d.precision})" for d in doc.dates]
    if doc.statements:
        lines += ["", "STATEMENTS"]
        lines += [_statement_line(s, names) for s in doc.statements]
    if doc.events:
        speakers = {s.id: names.get(s.speaker or "", "an unnamed source") for s in doc.statements}
        lines += ["", "EVENTS"]
        lines += [_event_line(e, names, speakers) for e in doc.events]
    return lines


def _event_line(event: Event, names: dict[str, str], speakers: dict[str, str]) -> str:
    """``  CONSULT/visit 'talks': A → B, in Baku, 2024-03-11 (relative) [future] 0.78``."""
    kind = event.type + (f"/{event.mode}" if event.mode else "")
    who = ", ".join(names.get(i, i) for i in event.source) or "?"
    whom = ", ".join(names.get(i, i) for i in event.target)
    parts = [f"  {kind} {event.trigger.text!r}: {who}" + (f" → {whom}" if whom else "")]
    if event.location:
        parts.append(f"in {names.get(event.location, event.location)}")
    if event.date:
        parts.append(f"{event.date.value} ({event.date.basis})")
    flags = [
        flag
        for flag, on in (
            (f"claimed by {speakers.get(event.asserted_by or '', '?')}", event.asserted_by),
            ("negated", event.negated),
            ("hypothetical", event.hypothetical),
            ("future", event.future),
            ("main event", event.main),
        )
        if on
    ]
    line = ", ".join(parts)
    if flags:
        line += f" [{'; '.join(flags)}]"
    return f"{line} {event.confidence:.2f}"


def _statement_line(statement: Statement, names: dict[str, str]) -> str:
    """``  Kamchybek Tashiev — noted: the parties had managed ...`` (quoted when direct)."""
    speaker = names.get(statement.speaker or "", "(speaker not named)")
    words = statement.content.text
    content = f"“{words}”" if statement.direct else words
    return f"  {speaker} — {statement.cue.text}: {content}"


def _entity_lines(entity: Entity, names: dict[str, str]) -> list[str]:
    aka = f" (also {', '.join(entity.aliases)})" if entity.aliases else ""
    lines = [f"  {entity.name}{aka} — {plural(len(entity.mentions), 'mention')}"]
    shown = [_describe_role(role, names) for role in _distinct_posts(entity.roles)]
    lines += [f"    post: {post}" for post in dict.fromkeys(shown)]
    return lines


def _distinct_posts(roles: tuple[Role, ...]) -> list[Role]:
    """The roles less those without a country whose post (title, rank, organization) is
    also given with a country, as the store lists an entity's posts."""
    with_country = {(r.title, r.rank, r.organization) for r in roles if r.country}
    return [
        r for r in roles if r.country or (r.title, r.rank, r.organization) not in with_country
    ]


def _describe_role(role: Role, names: dict[str, str]) -> str:
    head = ", ".join(x for x in (role.rank, role.title) if x) or "post"
    org = names.get(role.organization or "", role.organization)
    tail = ", ".join(x for x in (org, role.country) if x)
    return f"{head} ({tail})" if tail else head
