"""Loaders for the annotated NER sets under the ``data_dir`` setting.

    >>> from tidings.eval.datasets import load
    >>> doc = next(load("re3d"))
    >>> doc.text[doc.spans[0].start:doc.spans[0].end]

Each loader yields ``GoldDoc(id, text, spans)``; every span is ``(start, end, label)`` with
Python string offsets into ``text`` and a label from one common set:

=========  =============================  ==========================================
label      MEANTIME ``ent_type``          re3d ``type``
=========  =============================  ==========================================
PER        PER                            Person
ORG        ORG                            Organisation
LOC        LOC                            Location
NORP       (not annotated)                Nationality
skipped    PRO, FIN, MIX                  Temporal, Quantity, Money, Weapon, Vehicle,
                                          MilitaryPlatform, DocumentReference,
                                          CommsIdentifier, Frequency, Coordinate, Url
=========  =============================  ==========================================

spaCy's side of the mapping (PERSON→PER, GPE/LOC/FAC→LOC, ...) is in ``tidings.eval.ner``.
A dataset is only scored on the labels it annotates (``LABELS``): MEANTIME has no
nationality layer, so a NORP prediction there is neither right nor wrong.

MEANTIME (CAT XML). The text is rebuilt from the tokens: tokens of one sentence are
joined by one space, except that no space goes before closing punctuation and clitics
(``, . ; : ! ? ) ] % 's n't``) or after opening brackets and ``$``; sentences are
joined by ``\\n`` (sentence 0 is the headline, sentence 1 the date line). A mention's
span runs from the start of its first token to the end of its last, so it always slices
to its tokens as joined above. Mentions get their type from the ENTITY their
REFERS_TO relation points to. Only named mentions are kept: ``syntactic_type`` NAM and
PRE.NAM (a name used as a premodifier, "US" in "US airtanker"). Nominal (NOM),
pronominal (PRO), appositive and conjunction mentions are dropped: a NER system is not
meant to find "the company" or "he". About half the mentions (those added in the
cross-document pass) have an empty or no ``syntactic_type``; of these we keep the ones
that look like names: every word capitalised, a digit or a connector (of, and, &, ...),
after an optional leading "the" ("Boeing", "the United States Air Force"; not "he",
"the aircraft", "EADS chief executive Louis Gallois"). MEANTIME name extents include
titles and descriptors ("Spokeswoman Sandy Angers"), which exact matching counts as
misses for any NER system. MEANTIME annotates only the entities that take part in the
events it annotates ("Toulouse", "France", "Ron Sugar" in 100911 are not annotated at
all), so ``GoldDoc.judged`` lists every annotated entity mention (of any kind) and the
scorer leaves unjudged a prediction that overlaps none of them; without this, precision
would count correct names as false positives. We read
``intra_cross-doc_annotation`` (a superset of ``intra-doc_annotation``).

re3d (mongoexport JSON lines). Offsets are the recorded ``begin``/``end``. re3d does not
mark names apart from descriptions ("the camp", "rebels" are Location/Organisation), so
spans without an upper-case letter are dropped as non-names. A span annotated with two
mapped types keeps the one with the higher ``confidence`` (first in the file on a tie).
Entities whose recorded ``value`` does not equal the text at their offsets are dropped.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from tidings import settings
from tidings.errors import DataNotFoundError, Messages

#: Datasets by name, with the folder under ``data_dir`` each is read from.
FOLDERS: dict[str, str] = {"meantime": "meantime_en", "re3d": "re3d"}

#: The labels each dataset annotates; only these are scored on it.
LABELS: dict[str, tuple[str, ...]] = {
    "meantime": ("PER", "ORG", "LOC"),
    "re3d": ("PER", "ORG", "LOC", "NORP"),
}

MEANTIME_TYPES: dict[str, str] = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
MEANTIME_NAMED: frozenset[str] = frozenset({"NAM", "PRE.NAM"})
#: MEANTIME's event layer is complete up to this sentence number (headline = 0).
MEANTIME_EVENT_SENTENCES = 5

RE3D_TYPES: dict[str, str] = {
    "Person": "PER",
    "Organisation": "ORG",
    "Location": "LOC",
    "Nationality": "NORP",
}

_NAME_CONNECTORS = frozenset({"of", "and", "&", "-", ".", "de", "'s", "for"})
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "'"})
_NO_SPACE_AFTER = frozenset({"(", "[", "$"})


class Span(NamedTuple):
    """``text[start:end]`` is a gold name of type ``label``."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One annotated document: ``text[span.start:span.end]`` is each gold name."""

    id: str
    text: str
    spans: tuple[Span, ...]
    #: Where annotation is partial: the (start, end) of every annotated mention of any
    #: kind. A prediction overlapping none of them is not judged. None = all judged.
    judged: tuple[tuple[int, int], ...] | None = None


def data_dir(path: str | Path | None = None) -> Path:
    """The evaluation data folder: ``path`` if given, else the ``data_dir`` setting."""
    folder = Path(path) if path is not None else Path(settings.get("data_dir"))
    if not folder.is_dir():
        raise DataNotFoundError(Messages.NO_DATA.format(path=folder))
    return folder.resolve()


def dataset_dir(name: str, path: str | Path | None = None) -> Path:
    if name not in FOLDERS:
        raise ValueError(Messages.UNKNOWN_DATASET.format(name=name, opts=", ".join(FOLDERS)))
    folder = data_dir(path) / FOLDERS[name]
    if not folder.is_dir():
        raise DataNotFoundError(Messages.NO_DATA.format(path=folder))
    return folder


def load(name: str, path: str | Path | None = None, limit: int | None = None) -> Iterator[GoldDoc]:
    """Gold documents of one dataset, in a stable order, at most ``limit`` of them."""
    folder = dataset_dir(name, path)
    loader = load_meantime if name == "meantime" else load_re3d
    for i, doc in enumerate(loader(folder)):
        if limit is not None and i >= limit:
            return
        yield doc


# --- MEANTIME -------------------------------------------------------------------------


def join_tokens(tokens: list[tuple[str, int, str]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Rebuild text from ``(t_id, sentence, token)`` triples in order.

    Returns the text and each token's ``(start, end)`` in it.
    """
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos = 0
    prev_sentence: int | None = None
    prev_token = ""
    for t_id, sentence, token in tokens:
        if prev_sentence is None:
            sep = ""
        elif sentence != prev_sentence:
            sep = "\n"
        elif token in _NO_SPACE_BEFORE or prev_token in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep)
        pos += len(sep)
        offsets[t_id] = (pos, pos + len(token))
        parts.append(token)
        pos += len(token)
        prev_sentence, prev_token = sentence, token
    return "".join(parts), offsets


def read_meantime_file(path: Path) -> GoldDoc:
    root = ET.parse(path).getroot()
    tokens = [
        (t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "")
        for t in root.iter("token")
    ]
    text, offsets = join_tokens(tokens)
    words = {t_id: token for t_id, _, token in tokens}
    entity_type = {
        e.get("m_id"): MEANTIME_TYPES.get(e.get("ent_type") or "")
        for e in root.iter("ENTITY")
    }
    mention_type: dict[str, str] = {}
    for rel in root.iter("REFERS_TO"):
        targets = [entity_type.get(t.get("m_id")) for t in rel.findall("target")]
        label = next((t for t in targets if t), None)
        if label is None:
            continue
        for source in rel.findall("source"):
            mention_type.setdefault(source.get("m_id", ""), label)
    spans: set[Span] = set()
    judged: set[tuple[int, int]] = set()
    for mention in root.iter("ENTITY_MENTION"):
        anchored = [offsets[a.get("t_id", "")] for a in mention.findall("token_anchor")]
        if anchored:
            judged.add((min(a[0] for a in anchored), max(a[1] for a in anchored)))
        label = mention_type.get(mention.get("m_id", ""))
        ids = [a.get("t_id", "") for a in mention.findall("token_anchor")]
        if label is None or not ids or not _is_named(mention.get("syntactic_type"), ids, words):
            continue
        anchors = [offsets[t_id] for t_id in ids]
        spans.add(Span(min(a[0] for a in anchors), max(a[1] for a in anchors), label))
    doc_id = root.get("doc_id") or path.stem
    return GoldDoc(
        f"meantime:{doc_id}", text, tuple(sorted(spans, key=_span_key)), tuple(sorted(judged))
    )


def _is_named(syntactic_type: str | None, ids: list[str], words: dict[str, str]) -> bool:
    """NAM/PRE.NAM; or, for untyped mentions, a span of capitalised words ("Boeing")."""
    if syntactic_type in MEANTIME_NAMED:
        return True
    if syntactic_type:  # NOM, PRO, APP, CONJ, ...: typed as not a plain name
        return False
    tokens = [words[t_id] for t_id in ids]
    if tokens[0].lower() == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    return tokens[0][:1].isupper() and all(
        t[:1].isupper() or t[:1].isdigit() or t in _NAME_CONNECTORS for t in tokens
    )


def load_meantime(folder: Path) -> Iterator[GoldDoc]:
    files = sorted((folder / "intra_cross-doc_annotation").glob("*/*.xml"))
    if not files:
        raise DataNotFoundError(Messages.NO_DATA.format(path=folder / "intra_cross-doc_annotation"))
    for path in files:
        yield read_meantime_file(path)


def read_meantime_events(path: Path) -> GoldDoc:
    """A MEANTIME file's EVENT_MENTION annotations as spans labelled ``EVENT``, the text
    rebuilt as for NER. MEANTIME marks every event mention only in the headline and the
    first five sentences of the body (sentences 0 to 5; 1 is the date line), and a few
    later ones from the cross-document pass, so ``judged`` is the character range of
    sentences 0 to 5: a prediction or gold mention outside it is not scored."""
    root = ET.parse(path).getroot()
    tokens = [
        (t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "")
        for t in root.iter("token")
    ]
    text, offsets = join_tokens(tokens)
    spans: set[Span] = set()
    for mention in root.iter("EVENT_MENTION"):
        anchors = [offsets[a.get("t_id", "")] for a in mention.findall("token_anchor")
                   if a.get("t_id", "") in offsets]
        if anchors:
            spans.add(Span(min(a[0] for a in anchors), max(a[1] for a in anchors), "EVENT"))
    in_judged = [offsets[t_id] for t_id, sentence, _ in tokens
                 if sentence <= MEANTIME_EVENT_SENTENCES and t_id in offsets]
    judged = ((0, max(end for _, end in in_judged)),) if in_judged else ()
    doc_id = root.get("doc_id") or path.stem
    return GoldDoc(
        f"meantime:{doc_id}", text, tuple(sorted(spans, key=_span_key)), judged
    )


def load_meantime_events(
    path: str | Path | None = None, limit: int | None = None
) -> Iterator[GoldDoc]:
    """MEANTIME documents with their event mentions (``read_meantime_events``)."""
    folder = dataset_dir("meantime", path) / "intra_cross-doc_annotation"
    files = sorted(folder.glob("*/*.xml"))
    if not files:
        raise DataNotFoundError(Messages.NO_DATA.format(path=folder))
    for i, file in enumerate(files):
        if limit is not None and i >= limit:
            return
        yield read_meantime_events(file)


# --- re3d -----------------------------------------------------------------------------


def _json_lines(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def read_re3d_source(folder: Path) -> Iterator[GoldDoc]:
    """The documents of one re3d source folder, with their mapped entity spans."""
    texts = {d["_id"]: d["text"] for d in _json_lines(folder / "documents.json")}
    best: dict[str, dict[tuple[int, int], tuple[float, str]]] = {doc_id: {} for doc_id in texts}
    for ent in _json_lines(folder / "entities.json"):
        label = RE3D_TYPES.get(ent.get("type", ""))
        text = texts.get(ent.get("documentId", ""))
        if label is None or text is None:
            continue
        start, end = int(ent["begin"]), int(ent["end"])
        value = text[start:end]
        if value != ent.get("value") or not any(c.isupper() for c in value):
            continue
        confidence = float(ent.get("confidence") or 0.0)
        spans = best[ent["documentId"]]
        if (start, end) not in spans or confidence > spans[(start, end)][0]:
            spans[(start, end)] = (confidence, label)
    for doc_id in sorted(texts):
        spans = [Span(s, e, label) for (s, e), (_, label) in best[doc_id].items()]
        spans.sort(key=_span_key)
        yield GoldDoc(f"re3d:{folder.name}:{doc_id}", texts[doc_id], tuple(spans))


def load_re3d(folder: Path) -> Iterator[GoldDoc]:
    sources = sorted(p.parent for p in folder.glob("*/documents.json"))
    if not sources:
        raise DataNotFoundError(Messages.NO_DATA.format(path=folder))
    for source in sources:
        yield from read_re3d_source(source)


def _span_key(span: Span) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)
