"""Quotations found on the characters: quote-mark scanning and the direct content span.

:func:`find_quotes` pairs opening and closing marks in any quote style, with quotations
that run over several paragraphs; ``_stands_alone`` tells a quotation that is a clause of
its own from a few words quoted inside a sentence; ``_direct_content`` is the **direct**
content convention (inside the marks, less a trailing comma, semicolon or colon).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tidings.nlp.statements.spans import _line_start, _paragraphs, _prev_char_index

#: Opening mark -> the marks that close it.
_PAIRS: dict[str, str] = {
    "\u201c": "\u201d\"",  # “ … ” (or a stray straight close)
    "\u201e": "\u201c\u201d",  # „ … “
    "\u00ab": "\u00bb",  # « … »
    "\u2039": "\u203a",  # ‹ … ›
    "\u2018": "\u2019",  # ‘ … ’
    '"': '"\u201d',
    "'": "'",
}
#: Opening marks that are unambiguous wherever they stand.
_ALWAYS_OPEN = frozenset("\u201c\u201e\u00ab\u2039\u2018")
#: Marks of double quotations, which may run over paragraphs.
_DOUBLE = frozenset("\u201c\u201e\u00ab\"")
_ALL_MARKS = frozenset("\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019\"'")
# (A colon too: 'The message reads, in part:"Over the ...' is set without a space.)
_OPEN_BEFORE = frozenset("([{\u2015\u2014\u2013-/:")
_CLAUSE_BEFORE = frozenset(".!?:;,\u2015\u2014\u2013(")
_CLAUSE_END_INSIDE = frozenset(",.!?\u2026\u2014\u2013-;:")
_CLAUSE_END_AFTER = frozenset(".!?,;:\u2014\u2013)")
_MAX_PARAGRAPHS = 6


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start`` is its opening mark, ``end`` is just after its closing mark."""

    start: int
    end: int
    paragraphs: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


def _is_opening(text: str, i: int, end: int) -> bool:
    ch = text[i]
    if ch not in _PAIRS:
        return False
    nxt = text[i + 1] if i + 1 < end else ""
    if not nxt or nxt.isspace():
        return False
    if ch in _ALWAYS_OPEN:
        return True
    prev = text[i - 1] if i > 0 else ""
    # Straight marks open only at a word's start: not "don't", not "5'".
    return not prev or prev.isspace() or prev in _OPEN_BEFORE or prev in _ALL_MARKS


def _is_closing(text: str, i: int, closers: str) -> bool:
    ch = text[i]
    if ch not in closers:
        return False
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not prev or prev.isspace():
        return False
    # An apostrophe inside a word ("Clinton’s", "don't") is no closing mark.
    return not (nxt.isalnum() and ch in "\u2019'")


def _find_close(text: str, start: int, end: int, closers: str) -> int | None:
    for j in range(start, end):
        if _is_closing(text, j, closers):
            return j
    return None


def find_quotes(text: str) -> list[Quote]:
    """The outermost quotations in ``text``, in order, closed or continued correctly.

        >>> find_quotes('He said: "We agree."')
        [Quote(start=9, end=20, paragraphs=1)]

    A mark left open at the end of a paragraph continues the quotation only if the next
    paragraph opens with a mark of the same kind; otherwise it is not a quotation.
    """
    paras = _paragraphs(text)
    quotes: list[Quote] = []
    p = 0
    resume = paras[0][0] if paras else 0
    while p < len(paras):
        p_start, p_end = paras[p]
        i = max(p_start, resume)
        next_p = p + 1
        while i < p_end:
            if not _is_opening(text, i, p_end):
                i += 1
                continue
            closers = _PAIRS[text[i]]
            close = _find_close(text, i + 1, p_end, closers)
            if close is not None:
                quotes.append(Quote(i, close + 1))
                i = close + 1
                continue
            found = _continue_over_paragraphs(text, paras, p, text[i], closers)
            if found is None:
                i += 1
                continue
            last_p, close = found
            quotes.append(Quote(i, close + 1, last_p - p + 1))
            next_p = last_p
            resume = close + 1
            break
        p = next_p if next_p > p else p + 1
    return quotes


def _continue_over_paragraphs(
    text: str, paras: list[tuple[int, int]], p: int, opener: str, closers: str
) -> tuple[int, int] | None:
    """(paragraph, closing index) of a quotation opened in paragraph ``p`` and left open."""
    if opener not in _DOUBLE:
        return None
    for q in range(p + 1, min(len(paras), p + _MAX_PARAGRAPHS)):
        q_start, q_end = paras[q]
        if text[q_start] != opener or not _is_opening(text, q_start, q_end):
            return None
        close = _find_close(text, q_start + 1, q_end, closers)
        if close is not None:
            return q, close
    return None


def _stands_alone(text: str, quote: Quote) -> bool:
    """Whether a quotation is a clause of its own rather than words quoted in a sentence."""
    before = _prev_char_index(text, quote.start)
    if before is not None and text[before] in _ALL_MARKS and before > 0:
        # ‘…Friends.” “I mean…’: the sentence before ended inside its own quote marks.
        before = before - 1 if text[before - 1] in ".!?" else before
    starts = before is None or text[before] in _CLAUSE_BEFORE or text[before] == "\n"
    if not starts:
        # "He said “...”" / "He said that “...”": the word before is a speech verb or
        # "that"; checked on the words, since the parse is not needed for that.
        word = re.search(r"(\w+)\W*$", text[_line_start(text, quote.start) : quote.start])
        starts = word is not None and word.group(1).lower() in _QUOTE_INTRO_WORDS
    if not starts:
        return False
    inner_start, inner_end = quote.inner
    last_inside = text[inner_start:inner_end].rstrip()[-1:]
    after = text[quote.end : quote.end + 1]
    ends = (
        last_inside in _CLAUSE_END_INSIDE
        or after == ""
        or after in _CLAUSE_END_AFTER
        or after == "\n"
        or text[quote.end :].lstrip(" \t")[:1] in ("\n", "")
        or text[quote.end :].lstrip(" \t")[:1] in _PAIRS
    )
    return ends


#: Words right before a quotation that make it a quotation of its own.
_QUOTE_INTRO_WORDS = frozenset(
    """said says say saying told tells added adds adding stated states noted notes wrote
    writes declared asked asks replied replies answered warned warns announced insisted
    stressed emphasized emphasised recalled explained that tweeted posted shouted chanted
    continued""".split()
)


def _direct_content(text: str, quote: Quote) -> tuple[int, int] | None:
    start, end = quote.inner
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return (start, end) if end > start else None
