"""Shared span helpers: characters and tokens, paragraphs, and the content-span convention.

Character helpers (``_paragraphs``, ``_prev_char_index``, ``_line_start``), the tokens over
a character range (``_tokens_in``, ``_tokens_between``, ``_token_at``), ``_overlaps``, and
``_content_span``: the characters of reported content, less the reporter's punctuation
and a first ``that`` (the **indirect** convention in :mod:`tidings.nlp.statements`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _prev_char_index(text: str, i: int, skip_newlines: bool = False) -> int | None:
    j = i - 1
    while j >= 0 and text[j].isspace() and (skip_newlines or text[j] != "\n"):
        j -= 1
    return j if j >= 0 else None


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _tokens_in(doc: Doc, start: int, end: int) -> Span | tuple[()]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None else ()


def _tokens_between(doc: Doc, start: int, end: int) -> Iterator[Token]:
    first = _token_at(doc, start, forward=True)
    if first is None:
        return
    for token in doc[first.i :]:
        if token.idx >= end:
            return
        yield token


def _token_at(doc: Doc, char: int, forward: bool = False) -> Token | None:
    """The token containing ``char`` (or the first after it, with ``forward``)."""
    if not len(doc):
        return None
    lo, hi = 0, len(doc) - 1
    while lo < hi:  # last token starting at or before char
        mid = (lo + hi + 1) // 2
        if doc[mid].idx <= char:
            lo = mid
        else:
            hi = mid - 1
    token = doc[lo]
    if forward and token.idx + len(token) <= char:
        return doc[lo + 1] if lo + 1 < len(doc) else None
    if forward and token.idx > char:
        return token
    return token


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


#: Punctuation the reporter puts around reported content; never part of it.
_EDGE_PUNCT = frozenset({",", ".", ";", ":", "-", "--", "\u2014", "\u2013", "(", ")"})


def _content_span(
    doc: Doc, start: int, end: int, near: int | None = None
) -> tuple[int, int] | None:
    """Characters of tokens [start, end) less edge punctuation, spaces and a first "that".

    Reported content stays in one paragraph: the one nearest the cue (token ``near``).
    """
    breaks = [i for i in range(start, end) if "\n" in doc[i].text]
    if breaks:
        pieces = list(zip([start, *(b + 1 for b in breaks)], [*breaks, end], strict=True))
        anchor = start if near is None else near
        start, end = min(pieces, key=lambda p: _distance(anchor, p))
    while start < end and (doc[start].is_space or doc[start].text in _EDGE_PUNCT):
        start += 1
    if start < end and doc[start].lower_ == "that" and doc[start].dep_ == "mark":
        start += 1
    while start < end and (doc[start].is_space or doc[start].text in _EDGE_PUNCT):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _EDGE_PUNCT):
        end -= 1
    if end <= start or not any(t.is_alpha for t in doc[start:end]):
        return None
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


def _distance(i: int, piece: tuple[int, int]) -> int:
    return 0 if piece[0] <= i < piece[1] else min(abs(i - piece[0]), abs(i - piece[1] + 1))
