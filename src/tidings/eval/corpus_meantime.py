"""Cross-document entity and event links on MEANTIME, scored with B³.

MEANTIME (English, ``intra_cross-doc_annotation``) has 4 sub-corpora of 30 Wikinews
articles. Each entity or event mention points (``REFERS_TO``) at an ENTITY or EVENT
whose ``instance_id`` is shared across documents: that id is the gold cluster.

Tidings runs on every article's text (rebuilt from the tokens, cleaning off so offsets
hold), all 120 articles are linked together by ``ActorLinker`` as one corpus would be,
and each gold mention is aligned to the Tidings mention that covers its head token
(the last token before a post-modifier: "the CEO of GM" → "CEO"); a coordinated mention
("GM and Chrysler") has no one head and is never aligned. Scores:

- ``aligned``: B³ over the gold mentions aligned to a Tidings mention;
- ``named`` and ``every``: B³ over all gold mentions that are names, or all of them
  (pronouns and descriptions too), a mention Tidings missed counting as a singleton;
- coverage: the share of gold mentions aligned.

The baseline in the same run puts the entities with one normalised name
(``tidings.store.normalize_name``) into one actor. Events: Tidings events sharing a
PLOVER type and a corpus actor, on compatible dates, are one event; the baseline puts
the triggers with one lemma together.

The split is frozen: ``corpus_stock`` is test, the other three are dev.

    >>> rows = evaluate_meantime("/path/to/data", splits=("dev",))
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.corpus.actors import ActorLinker
from tidings.eval.cluster_metrics import PRF, b_cubed
from tidings.eval.datasets import MEANTIME_NAMED, join_tokens
from tidings.model import Document
from tidings.store.corpus import normalize_name

SPLITS: dict[str, tuple[str, ...]] = {
    "dev": ("corpus_airbus", "corpus_apple", "corpus_gm"),
    "test": ("corpus_stock",),
}
TARGET_B_CUBED_F1 = 0.85
ANNOTATION_FOLDER = "intra_cross-doc_annotation"

#: Tokens after which a mention's head has ended ("the CEO of GM", "Ford, which").
_POST_MODIFIER_OPENERS = frozenset(
    {"of", ",", "(", "who", "which", "that", "--", "in", "at", "for", "from", "with", "to"}
)
_COORDINATORS = frozenset({"and", "or"})
_NAME_CONNECTORS = frozenset({"of", "and", "&", "-", ".", "de", "'s", "for"})
_PRONOUNS = frozenset(
    {"he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "we", "us",
     "our", "i", "me", "my", "you", "your", "both", "itself", "themselves"}
)


# --- gold -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldMention:
    doc_id: str
    m_id: str
    start: int  # character offsets into the rebuilt text
    end: int
    head_start: int  # the head token's offsets
    head_end: int
    instance: str  # the cross-document instance id: the gold cluster
    kind: str  # "entity" | "event"
    named: bool  # a name rather than a pronoun or a description
    coordinated: bool = False  # "GM and Chrysler": no one head, so never aligned


@dataclass(frozen=True, slots=True)
class GoldArticle:
    doc_id: str
    subcorpus: str
    text: str
    published: str | None
    mentions: tuple[GoldMention, ...]

    def of_kind(self, kind: str) -> list[GoldMention]:
        return [m for m in self.mentions if m.kind == kind]


def parse_article(xml_text: str, subcorpus: str = "") -> GoldArticle:
    """One MEANTIME file's text and its mentions that have a cross-document instance."""
    root = ET.fromstring(xml_text)
    tokens = [(t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "")
              for t in root.iter("token")]
    text, offsets = join_tokens(tokens)
    words = {t_id: word for t_id, _, word in tokens}
    doc_id = root.get("doc_id") or ""
    markables = root.find("Markables")
    instances: dict[str, tuple[str, str]] = {}  # target m_id → (kind, instance id)
    anchors: dict[str, tuple[str, list[str], str | None]] = {}
    for element in markables if markables is not None else ():
        m_id = element.get("m_id", "")
        if element.tag in ("ENTITY", "EVENT") and element.get("instance_id"):
            instances[m_id] = (element.tag.lower(), element.get("instance_id", ""))
        elif element.tag in ("ENTITY_MENTION", "EVENT_MENTION"):
            ids = [a.get("t_id", "") for a in element.findall("token_anchor")]
            if ids and m_id not in anchors:
                anchors[m_id] = (element.tag, ids, element.get("syntactic_type"))
    mentions: list[GoldMention] = []
    for relation in root.iter("REFERS_TO"):
        target = next((t.get("m_id", "") for t in relation.findall("target")
                       if t.get("m_id", "") in instances), None)
        if target is None:
            continue
        kind, instance = instances[target]
        for source in relation.findall("source"):
            found = anchors.get(source.get("m_id", ""))
            if found is None or found[0] != f"{kind.upper()}_MENTION":
                continue
            _, ids, syntactic_type = found
            ids = [i for i in ids if i in offsets]
            if not ids:
                continue
            head = _head_token(ids, words)
            mentions.append(GoldMention(
                doc_id=doc_id, m_id=source.get("m_id", ""),
                start=min(offsets[i][0] for i in ids), end=max(offsets[i][1] for i in ids),
                head_start=offsets[head][0], head_end=offsets[head][1],
                instance=instance, kind=kind,
                named=kind == "entity" and _is_name(syntactic_type, ids, words),
                coordinated=syntactic_type == "CONJ"
                or any(words[i].lower() in _COORDINATORS for i in ids[1:-1]),
            ))
    return GoldArticle(doc_id, subcorpus, text, _creation_time(root), tuple(mentions))


def _head_token(ids: list[str], words: dict[str, str]) -> str:
    """The last token before a post-modifier opens; "GM 's package" → "package"."""
    for n in range(1, len(ids)):
        if words[ids[n]].lower() in _POST_MODIFIER_OPENERS:
            return ids[n - 1]
    return ids[-1]


def _is_name(syntactic_type: str | None, ids: list[str], words: dict[str, str]) -> bool:
    if syntactic_type in MEANTIME_NAMED:
        return True
    if syntactic_type:  # NOM, PRO, APP, ...: typed as not a plain name
        return False
    tokens = [words[i] for i in ids]
    if tokens[0].lower() == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    if len(tokens) == 1 and tokens[0].lower() in _PRONOUNS:
        return False
    return tokens[0][:1].isupper() and all(
        t[:1].isupper() or t[:1].isdigit() or t in _NAME_CONNECTORS for t in tokens)


def _creation_time(root: ET.Element) -> str | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value") or ""
            return value[:10] if len(value) >= 10 else None
    return None


def annotation_dir(data_dir: str | Path | None) -> Path:
    """The ``intra_cross-doc_annotation`` folder under ``data_dir`` (or the settings')."""
    if data_dir is None:
        from tidings import settings

        data_dir = settings.get("data_dir")
    base = Path(data_dir)
    for folder in (base / "meantime_en" / ANNOTATION_FOLDER, base / ANNOTATION_FOLDER, base):
        if (folder / SPLITS["test"][0]).is_dir():
            return folder
    raise FileNotFoundError(f"MEANTIME {ANNOTATION_FOLDER} not found under {base}")


def load_articles(data_dir: str | Path | None,
                  subcorpora: Iterable[str] | None = None) -> list[GoldArticle]:
    folder = annotation_dir(data_dir)
    names = list(subcorpora) if subcorpora is not None else [
        s for split in SPLITS.values() for s in split]
    return [parse_article(path.read_text(encoding="utf-8"), name)
            for name in names for path in sorted((folder / name).glob("*.xml"))]


# --- alignment ------------------------------------------------------------------------


def align_entities(article: GoldArticle, doc: Document) -> dict[str, str]:
    """Gold entity mention id → the id of the Tidings entity whose mention covers its head."""
    spans = [(m.start, m.end, e.id) for e in doc.entities for m in e.mentions]
    return {g.m_id: entity for g in article.of_kind("entity")
            if (entity := _covering(g, spans)) is not None}


def align_events(article: GoldArticle, doc: Document) -> dict[str, str]:
    """Gold event mention id → the id of the Tidings event whose trigger covers its head."""
    spans = [(e.trigger.start, e.trigger.end, e.id) for e in doc.events]
    return {g.m_id: event for g in article.of_kind("event")
            if (event := _covering(g, spans)) is not None}


def _covering(gold: GoldMention, spans: Sequence[tuple[int, int, str]]) -> str | None:
    if gold.coordinated:
        return None
    hits = [(start, end, ident) for start, end, ident in spans
            if start < gold.head_end and gold.head_start < end]
    if not hits:
        return None
    # The span ending with the gold mention's head, then the one closest in length.
    best = min(hits, key=lambda h: (h[1] != gold.head_end,
                                    abs((h[1] - h[0]) - (gold.end - gold.start)), h[0]))
    return best[2]


# --- system clusterings ---------------------------------------------------------------


def link_actors(docs: Sequence[Document]) -> dict[tuple[str, str], str]:
    linker = ActorLinker()
    for doc in docs:
        linker.add_document(doc)
    return linker.actor_ids()


def link_by_normalised_name(docs: Sequence[Document]) -> dict[tuple[str, str], str]:
    return {(d.id, e.id): f"{e.type}:{normalize_name(e.name)}" for d in docs for e in d.entities}


def link_events(docs: Sequence[Document],
                actors: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Events of one PLOVER type that share a corpus actor and a compatible date are one."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key: dict[tuple[str, str], list[tuple[tuple[str, str], str | None]]] = defaultdict(list)
    for doc in docs:
        for event in doc.events:
            me = (doc.id, event.id)
            parent[me] = me
            day = event.date.value if event.date and event.date.precision == "day" else None
            for entity in (*event.source, *event.target):
                actor = actors.get((doc.id, entity))
                if actor is None:
                    continue
                for other, other_day in by_key[(event.type, actor)]:
                    if day is None or other_day is None or day == other_day:
                        parent[find(me)] = find(other)
                by_key[(event.type, actor)].append((me, day))
    return {event: "|".join(find(event)) for event in parent}


def lemma_clusters(docs: Sequence[Document]) -> dict[tuple[str, str], str]:
    """Each Tidings event under the lemma of its trigger's last word."""
    from tidings.nlp.pipeline import get_nlp

    nlp = get_nlp()
    keep = [p for p in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")
            if p in nlp.pipe_names]
    events = [(d, e) for d in docs for e in d.events]
    out: dict[tuple[str, str], str] = {}
    with nlp.select_pipes(enable=keep):
        parsed = nlp.pipe([d.text for d in docs])
        by_doc = {d.id: p for d, p in zip(docs, parsed, strict=True)}
    for doc, event in events:
        span = by_doc[doc.id].char_span(event.trigger.start, event.trigger.end,
                                        alignment_mode="expand")
        lemma = span[-1].lemma_.lower() if span is not None and len(span) else \
            event.trigger.text.lower()
        out[(doc.id, event.id)] = lemma
    return out


# --- scoring --------------------------------------------------------------------------


def _scores(gold: dict[Hashable, str], aligned: dict[Hashable, Hashable],
            system: dict[Any, str]) -> PRF:
    """B³ of gold clusters against the system clusters of the aligned mentions; a gold
    mention with no aligned system item is a singleton of its own."""
    predicted = {m: system[aligned[m]] if m in aligned else ("<missed>", m) for m in gold}
    return b_cubed(gold, predicted)


def _row(task: str, split: str, baseline: PRF, tidings: PRF, target: float | None,
         **extra: Any) -> dict[str, Any]:
    return {
        "task": task, "split": split,
        "baseline_precision": round(baseline.precision, 4),
        "baseline_recall": round(baseline.recall, 4),
        "baseline_f1": round(baseline.f1, 4),
        "tidings_precision": round(tidings.precision, 4),
        "tidings_recall": round(tidings.recall, 4),
        "tidings_f1": round(tidings.f1, 4),
        "target": target,
        **extra,
    }


def evaluate_meantime(data_dir: str | Path | None = None,
                      splits: Sequence[str] = ("dev", "test"),
                      extractor: Any = None) -> dict[str, Any]:
    """Link all 120 articles as one corpus; score the gold mentions of ``splits``.

    Returns ``{"rows": [...], "documents": n, "seconds": s}``; each row has ``task``,
    ``split``, baseline and Tidings precision/recall/F1 and ``target``.
    """
    import time

    from tidings.model import RawArticle

    started = time.perf_counter()
    articles = load_articles(data_dir)
    if extractor is None:
        from tidings.extraction import Extractor

        extractor = Extractor(clean=False, require_english=False)
    raws = [RawArticle(source=f"meantime:{a.doc_id}", text=a.text, published=a.published)
            for a in articles]
    docs: list[Document] = []
    for (raw, doc), article in zip(extractor.run(raws), articles, strict=True):
        if not isinstance(doc, Document):
            raise RuntimeError(f"{raw.source}: Tidings rejected the article: {doc}")
        if doc.text != article.text:
            raise RuntimeError(f"{raw.source}: the text changed on the way through Tidings")
        docs.append(doc)
    tidings_actors = link_actors(docs)
    baseline_actors = link_by_normalised_name(docs)
    tidings_events = link_events(docs, tidings_actors)
    baseline_events = lemma_clusters(docs)

    rows: list[dict[str, Any]] = []
    for split in splits:
        chosen = [(a, d) for a, d in zip(articles, docs, strict=True)
                  if a.subcorpus in SPLITS[split]]
        rows += _entity_rows(split, chosen, tidings_actors, baseline_actors)
        rows += _event_rows(split, chosen, tidings_events, baseline_events)
    return {"rows": rows, "documents": len(docs),
            "seconds": round(time.perf_counter() - started, 1)}


def _entity_rows(split: str, chosen: list[tuple[GoldArticle, Document]],
                 tidings: dict[Any, str], baseline: dict[Any, str]) -> list[dict[str, Any]]:
    gold: dict[Hashable, str] = {}
    named: set[Hashable] = set()
    aligned: dict[Hashable, Hashable] = {}
    for article, doc in chosen:
        found = align_entities(article, doc)
        for g in article.of_kind("entity"):
            key = (g.doc_id, g.m_id)
            gold[key] = g.instance
            if g.named:
                named.add(key)
            if g.m_id in found:
                aligned[key] = (doc.id, found[g.m_id])
    scopes = {
        "aligned gold mentions": {k: v for k, v in gold.items() if k in aligned},
        "all named gold mentions": {k: v for k, v in gold.items() if k in named},
        "all gold mentions": gold,
    }
    rows = []
    for scope, gold_part in scopes.items():
        covered = sum(1 for k in gold_part if k in aligned)
        rows.append(_row(
            f"cross-doc entity linking, B³ on {scope}", split,
            _scores(gold_part, aligned, baseline), _scores(gold_part, aligned, tidings),
            TARGET_B_CUBED_F1 if scope == "aligned gold mentions" else None,
            gold_mentions=len(gold_part),
            coverage=round(covered / len(gold_part), 4) if gold_part else 0.0,
        ))
    return rows


def _event_rows(split: str, chosen: list[tuple[GoldArticle, Document]],
                tidings: dict[Any, str], baseline: dict[Any, str]) -> list[dict[str, Any]]:
    gold: dict[Hashable, str] = {}
    aligned: dict[Hashable, Hashable] = {}
    for article, doc in chosen:
        found = align_events(article, doc)
        for g in article.of_kind("event"):
            key = (g.doc_id, g.m_id)
            gold[key] = g.instance
            if g.m_id in found:
                aligned[key] = (doc.id, found[g.m_id])
    gold_aligned = {k: v for k, v in gold.items() if k in aligned}
    return [_row("cross-doc event linking, B³ on aligned gold mentions", split,
                 _scores(gold_aligned, aligned, baseline), _scores(gold_aligned, aligned, tidings),
                 None, gold_mentions=len(gold),
                 coverage=round(len(gold_aligned) / len(gold), 4) if gold else 0.0)]


def table(result: dict[str, Any]) -> str:
    lines = [f"MEANTIME cross-document links: {result['documents']} documents linked "
             f"together, {result['seconds']} s",
             f"{'task':58} {'split':5} {'gold':>5} {'cover':>6}  "
             f"{'baseline P/R/F1':^20}  {'Tidings P/R/F1':^20}  target"]
    for r in result["rows"]:
        lines.append(
            f"{r['task']:58} {r['split']:5} {r['gold_mentions']:>5} {r['coverage']:6.3f}  "
            f"{r['baseline_precision']:.3f}/{r['baseline_recall']:.3f}/{r['baseline_f1']:.3f}  "
            f"{r['tidings_precision']:.3f}/{r['tidings_recall']:.3f}/{r['tidings_f1']:.3f}  "
            f"{r['target'] if r['target'] is not None else '-'}")
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?")
    parser.add_argument("--split", action="append", choices=sorted(SPLITS))
    args = parser.parse_args()
    print(table(evaluate_meantime(args.data_dir, splits=args.split or ("dev",))))
