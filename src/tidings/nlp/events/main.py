"""Which event the article is about: the ``main`` flag.

    >>> main_event(events, index, title="Kazakhstan and Uzbekistan sign border treaty")
    3                                            # the index into ``events``

News puts its story first: the headline names it and the lead sentence tells it. So the
main event is the one that scores best on, in order of weight:

- the headline: the event's type is one a word of the headline signals (the trigger
  lexicon read with a light suffix-stripping lemmatiser, since the headline is not parsed);
- the lead: the first sentence of the body counts most, the second less;
- how the text tells it: a happening stated as fact in a main clause beats one only
  planned, denied, conditional, embedded in another clause, or named by a bare noun;
- the event's confidence, last, to break ties.

A story about something that is not a PLOVER event (a storm, an election) still gets a
main event when it reports one; an article with no event gets none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tidings.nlp.annotations import EventAnnotation
from tidings.nlp.events.docindex import DocIndex
from tidings.nlp.events.lexicon import triggers

__all__ = ["headline_types", "main_event"]

_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
#: Suffixes stripped, in order, to find a headline word's lemma in the lexicon.
_SUFFIXES = ("", "s", "es", "ed", "d", "ing", "ies", "ied")
_REPLACEMENTS = {"ies": "y", "ied": "y"}


def _lemmas(word: str) -> list[str]:
    word = word.lower()
    found = []
    for suffix in _SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] if suffix else word
        found.append(stem + _REPLACEMENTS.get(suffix, ""))
        if suffix == "ing":
            found.append(stem + "e")
        if suffix in ("ed", "ing") and len(stem) > 2 and stem[-1] == stem[-2]:
            found.append(stem[:-1])  # "shelled" -> "shell" is covered; "stopped" -> "stop"
    return found


def headline_types(title: str | None) -> set[str]:
    """PLOVER types a word or two-word phrase of the headline signals."""
    if not title:
        return set()
    lexicon = triggers()
    words = [m.group() for m in _WORD.finditer(title)]
    found: set[str] = set()
    for k, word in enumerate(words):
        for lemma in _lemmas(word):
            for entry in lexicon.single.get(lemma, ()):
                if not entry.requires:
                    found.add(entry.type)
            nxt = words[k + 1].lower() if k + 1 < len(words) else ""
            for entry in lexicon.multi.get(lemma, ()):
                if len(entry.words) == 2 and nxt and any(
                        n == entry.words[1] for n in _lemmas(nxt)):
                    found.add(entry.type)
    return found


def main_event(events: Sequence[EventAnnotation], index: DocIndex, title: str | None,
               embedded: Sequence[bool], verbal: Sequence[bool],
               framing: Sequence[bool] = ()) -> int | None:
    """Index of the main event in ``events``; ``embedded``, ``verbal`` and ``framing`` say,
    per event, whether its clause sits inside another, whether a verb reports it, and
    whether it is the occasion another event of its sentence happened at ("scuffled with
    police at an opposition march": the march is the story)."""
    if not events:
        return None
    in_title = headline_types(title)
    sentence_of = _sentence_numbers(index)
    best, best_score = None, float("-inf")
    for n, event in enumerate(events):
        score = 0.0
        if event.type in in_title:
            score += 3.0
        rank = sentence_of.get(event.trigger[0], 99)
        score += {0: 2.0, 1: 1.0, 2: 0.5}.get(rank, 0.0)
        if event.negated or event.hypothetical:
            score -= 1.5
        elif event.future:
            score -= 0.5
        framed = bool(framing) and framing[n]
        if embedded[n] and not framed:
            score -= 0.7
        if verbal[n]:
            score += 0.4
        if framed:
            score += 1.0
        score += event.confidence
        if score > best_score:
            best, best_score = n, score
    return best


def _sentence_numbers(index: DocIndex) -> dict[int, int]:
    """Character offset of each token -> number of its sentence among the body's
    sentences (a headline line before the body does not count)."""
    numbers: dict[int, int] = {}
    count = 0
    for sent in index.doc.sents:
        if not sent.text.strip():
            continue
        headline = index.in_headline(sent.start)
        for token in sent:
            numbers[token.idx] = -1 if headline else count
        if not headline:
            count += 1
    return numbers
