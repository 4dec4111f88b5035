"""The actor network as GraphML, for Gephi, Cytoscape desktop, networkx or igraph.

    >>> write_graphml(documents, out, actors=corpus.actors_of)

Nodes are actors: corpus actors when ``actors`` gives them (a store's corpus view),
else one node per normalised name. A directed edge runs from each source of an event to
each of its targets; its ``weight`` is the number of such events and ``types`` their
PLOVER types, most frequent first ("CONSULT 3; ACCUSE 1"). A node carries its name,
entity type and number of events. Events that are negated or hypothetical are left out:
they did not happen.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from tidings.model import Document, Entity
from tidings.store.corpus import normalize_name

#: Document id → its entities' corpus actors: entity id → (actor id, name, type).
ActorLookup = Callable[[str], Mapping[str, tuple[str, str, str]]]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def actor_network(docs: Iterable[Document], actors: ActorLookup | None = None
                  ) -> tuple[dict[str, dict], dict[tuple[str, str], Counter[str]]]:
    """Nodes (id → name, type, events) and edges ((source, target) → type counts)."""
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc in docs:
        known = actors(doc.id) if actors is not None else {}
        entities = {e.id: e for e in doc.entities}
        for event in doc.events:
            if event.negated or event.hypothetical:
                continue
            sources = [n for e in event.source if (n := _node(e, known, entities, nodes))]
            targets = [n for e in event.target if (n := _node(e, known, entities, nodes))]
            for source in sources:
                for target in targets:
                    if source != target:
                        edges[(source, target)][event.type] += 1
    return nodes, edges


def _node(entity_id: str, known: Mapping[str, tuple[str, str, str]],
          entities: Mapping[str, Entity], nodes: dict[str, dict]) -> str | None:
    """The node of one event participant, counted once more; None for an actor that
    is not an entity of the document or has no name."""
    if entity_id in known:
        actor_id, name, type_ = known[entity_id]
    elif entity_id in entities:
        entity = entities[entity_id]
        key = normalize_name(entity.name)
        if not key:
            return None
        actor_id, name, type_ = "name:" + key, entity.name, entity.type
    else:
        return None
    found = nodes.setdefault(actor_id, {"name": name, "type": type_, "events": 0})
    found["events"] += 1
    return actor_id


def write_graphml(docs: Iterable[Document], out: TextIO,
                  actors: ActorLookup | None = None) -> int:
    """Write the network; return the number of edges."""
    nodes, edges = actor_network(docs, actors)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
              '  <key id="name" for="node" attr.name="name" attr.type="string"/>\n'
              '  <key id="type" for="node" attr.name="type" attr.type="string"/>\n'
              '  <key id="events" for="node" attr.name="events" attr.type="int"/>\n'
              '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>\n'
              '  <key id="types" for="edge" attr.name="types" attr.type="string"/>\n'
              '  <graph id="actors" edgedefault="directed">\n')
    for actor_id, data in sorted(nodes.items()):
        out.write(f'    <node id={quoteattr(_NOT_XML.sub("", actor_id))}>'
                  f'<data key="name">{_xml_text(data["name"])}</data>'
                  f'<data key="type">{_xml_text(data["type"])}</data>'
                  f'<data key="events">{data["events"]}</data></node>\n')
    for n, ((source, target), types) in enumerate(sorted(edges.items())):
        described = "; ".join(f"{t} {c}" for t, c in types.most_common())
        out.write(f'    <edge id="e{n}" source={quoteattr(_NOT_XML.sub("", source))} '
                  f'target={quoteattr(_NOT_XML.sub("", target))}>'
                  f'<data key="weight">{sum(types.values())}</data>'
                  f'<data key="types">{_xml_text(described)}</data></edge>\n')
    out.write("  </graph>\n</graphml>\n")
    return len(edges)
