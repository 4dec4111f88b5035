"""Sentence starts the parser cannot see: a line break before a word that is not
lower-case starts a sentence (a headline is never one sentence with the lead below
it), and so does the text after a wire dateline
("TASHKENT, May 20 (UzA) - Uzbek President ..."). Runs before the parser, which keeps
sentence starts set earlier."""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from tidings.nlp.budget import timed

_DASHES = frozenset({"-", "--", "–", "—"})
#: A dateline's dash comes within this many tokens of the line's start.
_DATELINE_TOKENS = 12


@Language.component("tidings_line_breaks", assigns=["token.is_sent_start"])
@timed("line breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    starts: list[int] = []
    line_start = 0
    for token in doc:
        if token.i > 0 and ("\n" in doc[token.i - 1].whitespace_ or doc[token.i - 1].is_space):
            # A lower-case word after a single line break continues a hard-wrapped sentence.
            if not token.is_space and not token.text[:1].islower():
                starts.append(token.i)
                line_start = token.i
        if token.i == line_start:
            after = _after_dateline(doc, token.i)
            if after is not None:
                starts.append(after)
    if starts:
        # All at once: spaCy's is_sent_start setter checks the whole document each time.
        marks = doc.to_array([SENT_START])
        marks[starts] = 1
        doc.from_array([SENT_START], marks)
    return doc


def _after_dateline(doc: Doc, start: int) -> int | None:
    """The first token after the dash of a dateline that begins at ``start``."""
    first = doc[start]
    if not (first.is_upper and first.is_alpha and len(first) > 2):
        return None
    for token in doc[start + 1 : start + _DATELINE_TOKENS]:
        if "\n" in token.whitespace_:
            return None
        if token.text in _DASHES and token.i + 1 < len(doc):
            return token.i + 1
    return None
