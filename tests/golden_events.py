"""Event expectations of golden files (``must.events``, ``must.events_absent``).

An expected event gives any of these keys; each key given must hold:

- ``type``, ``mode``: equal; ``trigger``: a case-insensitive substring of the trigger text;
- ``location``: the location entity's name, one of its aliases or mention texts;
- ``source_includes`` / ``target_includes``: names (or aliases or mention texts) of
  entities that must all be among the source (target) entities; for an actor without an
  entity ("riot police") the actor's text counts;
- ``actors_include``: items with ``name``, ``role``, ``country``, ``sector`` (each given key
  must hold) that must each match one of the event's actors;
- ``asserted_by``: true when the event must be asserted by a statement, false when not;
- ``negated``, ``hypothetical``, ``future``, ``main``: equal;
- ``date``: the date value starts with this string, or null for no date; ``date_basis``:
  equal to the date's basis.

``events_absent`` lists events no emitted event may match (same keys).
"""

from __future__ import annotations

from typing import Any

KEYS = frozenset(
    {"type", "mode", "trigger", "location", "source_includes", "target_includes",
     "actors_include", "asserted_by", "negated", "hypothetical", "future", "main", "date",
     "date_basis", "note"}
)  # fmt: skip


def _names(entity) -> set[str]:
    return {entity.name, *entity.aliases, *(m.text for m in entity.mentions)}


def _actor_names(event, role: str, entities: dict) -> set[str]:
    found: set[str] = set()
    for actor in getattr(event, "actors", ()):
        if actor.role != role:
            continue
        if actor.entity is not None and actor.entity in entities:
            found |= _names(entities[actor.entity])
        else:
            found.add(actor.text)
    for entity_id in getattr(event, role):
        if entity_id in entities:
            found |= _names(entities[entity_id])
    return found


def _actor_matches(expected: dict[str, Any], actor, entities: dict) -> bool:
    if "role" in expected and expected["role"] != actor.role:
        return False
    if "country" in expected and expected["country"] != actor.country:
        return False
    if "sector" in expected and expected["sector"] != actor.sector:
        return False
    if "name" in expected:
        names = _names(entities[actor.entity]) if actor.entity in entities else {actor.text}
        if expected["name"] not in names:
            return False
    return True


def event_matches(expected: dict[str, Any], event, entities: dict) -> bool:
    for key in ("type", "mode", "negated", "hypothetical", "future", "main"):
        if key in expected and expected[key] != getattr(event, key):
            return False
    if "trigger" in expected and expected["trigger"].lower() not in event.trigger.text.lower():
        return False
    if "location" in expected:
        place = entities.get(event.location)
        if expected["location"] is None:
            if place is not None:
                return False
        elif place is None or expected["location"] not in _names(place):
            return False
    for key, role in (("source_includes", "source"), ("target_includes", "target")):
        if key in expected:
            names = _actor_names(event, role, entities)
            if not all(name in names for name in expected[key]):
                return False
    if "actors_include" in expected:
        for want in expected["actors_include"]:
            if not any(_actor_matches(want, a, entities) for a in getattr(event, "actors", ())):
                return False
    if "asserted_by" in expected and expected["asserted_by"] != (event.asserted_by is not None):
        return False
    if "date" in expected:
        if expected["date"] is None:
            if event.date is not None:
                return False
        elif event.date is None or not event.date.value.startswith(expected["date"]):
            return False
    if "date_basis" in expected:
        if event.date is None or event.date.basis != expected["date_basis"]:
            return False
    return True


def describe_event(event, entities: dict) -> str:
    def name(entity_id):
        return entities[entity_id].name if entity_id in entities else entity_id

    date = f"{event.date.value}/{event.date.basis}" if event.date else None
    flags = [k for k in ("negated", "hypothetical", "future") if getattr(event, k)]
    return (
        f"{event.type}/{event.mode} {event.trigger.text!r} source={[name(e) for e in event.source]}"
        f" target={[name(e) for e in event.target]} location={name(event.location)} "
        f"date={date} asserted_by={event.asserted_by} {' '.join(flags)}"
    )


def event_problems(must: dict[str, Any], doc) -> list[str]:
    """Every way ``doc``'s events fall short of ``must``'s event keys, one line each."""
    problems: list[str] = []
    entities = {e.id: e for e in doc.entities}
    for exp in must.get("events", ()):
        if not any(event_matches(exp, ev, entities) for ev in doc.events):
            emitted = [describe_event(ev, entities) for ev in doc.events
                       if ev.type == exp.get("type", ev.type)]
            problems.append(f"missing event {exp}; emitted: {emitted}")
    for exp in must.get("events_absent", ()):
        for ev in doc.events:
            if event_matches(exp, ev, entities):
                problems.append(f"unwanted event {exp}: {describe_event(ev, entities)}")
    return problems
