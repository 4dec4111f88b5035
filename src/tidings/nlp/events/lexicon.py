"""The event stage's word lists: triggers and contexts (the PLOVER standard tables, types,
modes, sectors and CAMEO roots, are in ``tidings.plover``, re-exported here).

    >>> lex = triggers()
    >>> [e.type for e in lex.single["shell"]]
    ['ASSAULT']
    >>> event_types()["CONSULT"].modes
    ('visit', 'third-party', 'multilateral', 'phone')

Each list is a TSV under ``tidings/data`` whose header comment documents its columns. A
malformed line raises ``LexiconError`` naming the file and line, when the list is first
loaded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from tidings.data import read_table
from tidings.plover import (
    EventType,
    LexiconError,
    SectorEntry,
    event_types,
    match_phrase,
    optional,
    sectors,
)

__all__ = [
    "Condition",
    "EventType",
    "LexiconError",
    "SectorEntry",
    "TriggerEntry",
    "TriggerLexicon",
    "context_cues",
    "event_types",
    "match_phrase",
    "sectors",
    "triggers",
]

POS_CODES = {"V": ("VERB",), "N": ("NOUN", "PROPN"), "A": ("ADJ",), "*": ()}
CONDITION_KINDS = (
    "obj", "notobj", "subj", "gov", "prep", "pobj", "mod", "nomod", "noobj", "xcomp",
)


@dataclass(frozen=True, slots=True)
class Condition:
    """One requirement on a trigger's head token; see the header of plover_triggers.tsv."""

    kind: str
    words: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()  # entity labels accepted ("ent:PERSON")
    any_word: bool = False
    prep: str | None = None  # for kind "pobj"

    def accepts(self, lemma: str, entity_label: str) -> bool:
        return self.any_word or lemma in self.words or (
            bool(entity_label) and entity_label in self.labels
        )


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    words: tuple[str, ...]  # lemmas; words[0] is the head
    pos: tuple[str, ...]  # accepted spaCy POS of the head; empty = any
    type: str
    mode: str | None
    context: tuple[str, ...]
    strength: float
    requires: tuple[Condition, ...]
    line: int


@dataclass(frozen=True, slots=True)
class TriggerLexicon:
    single: dict[str, tuple[TriggerEntry, ...]]  # head lemma -> entries in file order
    multi: dict[str, tuple[TriggerEntry, ...]]  # first lemma -> entries, longest first
    types_by_lemma: dict[str, frozenset[str]]  # how many types one lemma can signal


def _parse_words(spec: str, classes: dict[str, frozenset[str]], where: str):
    words: set[str] = set()
    labels: set[str] = set()
    any_word = False
    for item in spec.split("|"):
        item = item.strip()
        if item == "any":
            any_word = True
        elif item.startswith("ent:"):
            labels.add(item[4:])
        elif item.startswith("@"):
            if item[1:] not in classes:
                raise LexiconError(f"{where}: unknown word class {item!r}")
            for word in classes[item[1:]]:
                if word.startswith("ent:"):
                    labels.add(word[4:])
                else:
                    words.add(word)
        elif item:
            words.add(item.lower())
    return frozenset(words), frozenset(labels), any_word


def _class_member(word: str) -> str:
    """A word class member: a lemma, lowercased, or an entity label ("ent:PERSON") as is."""
    word = word.strip()
    return word if word.startswith("ent:") else word.lower()


def _parse_condition(spec: str, classes: dict[str, frozenset[str]], where: str) -> Condition:
    key, _, value = spec.partition("=")
    kind, _, prep = key.partition(":")
    if kind not in CONDITION_KINDS:
        raise LexiconError(f"{where}: unknown condition {spec!r}; valid: {CONDITION_KINDS}")
    if kind == "noobj" or (kind == "xcomp" and not value):
        return Condition(kind)
    words, labels, any_word = _parse_words(value, classes, where)
    return Condition(kind, words, labels, any_word, prep or None)


@cache
def triggers() -> TriggerLexicon:
    """The trigger lexicon (``plover_triggers.tsv``), checked against the PLOVER types."""
    filename = "plover_triggers.tsv"
    types = event_types()
    classes: dict[str, frozenset[str]] = {}
    single: dict[str, list[TriggerEntry]] = defaultdict(list)
    multi: dict[str, list[TriggerEntry]] = defaultdict(list)
    types_by_lemma: dict[str, set[str]] = defaultdict(set)
    for lineno, fields in read_table(filename, width=7, error=LexiconError):
        where = f"{filename}:{lineno}"
        if fields[0].startswith("@"):
            members = fields[1] if len(fields) > 1 else ""
            classes[fields[0][1:]] = frozenset(
                _class_member(w) for w in members.split("|") if w.strip()
            )
            continue
        pattern, pos, type_, mode, context, strength, requires = fields
        if type_ not in types:
            raise LexiconError(f"{where}: unknown PLOVER type {type_!r}")
        mode_value = optional(mode)
        if mode_value is not None and mode_value not in types[type_].modes:
            raise LexiconError(
                f"{where}: mode {mode_value!r} is not one of {type_}'s: {types[type_].modes}"
            )
        if pos not in POS_CODES:
            raise LexiconError(f"{where}: pos must be one of {sorted(POS_CODES)}, got {pos!r}")
        conditions = tuple(
            _parse_condition(part.strip(), classes, where)
            for part in ([] if requires in ("", "-") else requires.split(";"))
        )
        entry = TriggerEntry(
            words=tuple(pattern.lower().split()),
            pos=POS_CODES[pos],
            type=type_,
            mode=mode_value,
            context=() if context in ("", "-") else tuple(c.strip() for c in context.split(",")),
            strength=float(strength),
            requires=conditions,
            line=lineno,
        )
        (multi if len(entry.words) > 1 else single)[entry.words[0]].append(entry)
        types_by_lemma[entry.words[0]].add(type_)
    return TriggerLexicon(
        single={k: tuple(v) for k, v in single.items()},
        multi={k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in multi.items()},
        types_by_lemma={k: frozenset(v) for k, v in types_by_lemma.items()},
    )


@cache
def context_cues() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Context cue phrases (``plover_contexts.tsv``) by first lemma, longest first."""
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for _, (words, context) in read_table("plover_contexts.tsv", width=2, error=LexiconError):
        phrase = tuple(words.lower().split())
        by_first[phrase[0]].append((phrase, context))
    return {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in by_first.items()}
