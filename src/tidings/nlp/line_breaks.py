"""Sentence starts the parser cannot see: a line break before a word that is not
lower-case starts a sentence (a headline is never one sentence with the lead below
it), and so does the text after a wire dateline
("TASHKENT, May 20 (UzA) - Uzbek President ..."). Runs before the parser, which keeps
sentence starts set earlier."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tidings.nlp.budget import timed

_DASHES = frozenset({"-", "--", "–", "—"})
#: A dateline's dash comes within this many tokens of the line's start.
_DATELINE_TOKENS = 12


@Language.component("tidings_line_breaks", assigns=["token.is_sent_start"])
@timed("line breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    line_start = 0
    for token in doc:
        if token.i > 0 and ("\n" in doc[token.i - 1].whitespace_ or doc[token.i - 1].is_space):
            # A lower-case word after a single line break continues a hard-wrapped sentence.
            if not token.is_space and not token.text[:1].islower():
                token.is_sent_start = True
                line_start = token.i
        if token.i == line_start:
            _mark_after_dateline(doc, token.i)
    return doc


def _mark_after_dateline(doc: Doc, start: int) -> None:
    first = doc[start]
    if not (first.is_upper and first.is_alpha and len(first) > 2):
        return
    for token in doc[start + 1 : start + _DATELINE_TOKENS]:
        if "\n" in token.whitespace_:
            return
        if token.text in _DASHES and token.i + 1 < len(doc):
            doc[token.i + 1].is_sent_start = True
            return
