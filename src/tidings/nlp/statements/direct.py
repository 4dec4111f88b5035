"""Direct speech: attributing a quotation that stands alone to the cue next to it.

:class:`DirectSpeech` finds the cue before the quotation (``He said: “…”``,
``_leading_cue``) or after it (``“…,” he said``, ``_trailing_cue``), a vox pop's name
(``Krystal Correa ― “…”``), or for the second half of an interrupted quotation the cue
of the first half (``_continues``).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from tidings.nlp.budget import check
from tidings.nlp.statements.candidates import _Candidate
from tidings.nlp.statements.labels import _LABEL_MARKS, _is_name, _is_name_label
from tidings.nlp.statements.lexicon import CueMatcher
from tidings.nlp.statements.quotes import Quote, _direct_content
from tidings.nlp.statements.spans import (
    _line_start,
    _prev_char_index,
    _token_at,
    _tokens_between,
)
from tidings.nlp.statements.speakers import _subject_in

if TYPE_CHECKING:
    from tidings.nlp.statements import StatementFinder


class DirectSpeech(CueMatcher):
    """The component's reading of quotations."""

    def _from_quotes(
        self, doc: Doc, quotes: list[Quote], every_quote: list[Quote]
    ) -> Iterator[_Candidate]:
        """Statements from quotations that stand alone (``quotes``, a subset of
        ``every_quote``, which also has the words quoted inside sentences)."""
        text = doc.text
        starts = [q.start for q in every_quote]
        previous: tuple[Quote, Token, Token | None] | None = None
        for n, quote in enumerate(quotes):
            check()  # each quotation looks up its sentence in the whole text
            later = bisect.bisect_right(starts, quote.start)
            next_start = starts[later] if later < len(starts) else len(text)
            prev_end = quotes[n - 1].end if n > 0 else 0
            found = self._leading_cue(doc, text, quote, prev_end) or self._trailing_cue(
                doc, text, quote, next_start
            )
            if found is not None:
                cue, window = found
                subject = _subject_in(doc, cue, window, every_quote)
            elif previous is not None and _continues(doc, text, quote, previous, self):
                cue, subject = previous[1], previous[2]
            else:
                previous = None
                continue
            previous = (quote, cue, subject)
            content = _direct_content(text, quote)
            if content is None:
                continue
            yield _Candidate(self._cue_span(cue), cue.i, content, True, subject, from_quote=True)

    def _leading_cue(
        self, doc: Doc, text: str, quote: Quote, prev_end: int
    ) -> tuple[Token, tuple[int, int]] | None:
        """``He said: “…”`` / ``He said, “…”`` / ``He said “…”``: the cue before the mark.
        ``text`` is ``doc.text``, which spaCy rebuilds from every token on each access."""
        before = _prev_char_index(text, quote.start)
        if before is None:
            return None
        if text[before] == "\n":
            # A paragraph that ends "... said:" introduces the quotation below it.
            before = _prev_char_index(text, _line_start(text, quote.start), skip_newlines=True)
            if before is None or text[before] != ":":
                return None
        window_end = before + 1
        first = _token_at(doc, before)
        if first is None:
            return None
        sent_start = first.sent.start_char
        window_start = max(sent_start, prev_end, _line_start(text, window_end - 1))
        tokens = [
            t for t in _tokens_between(doc, window_start, window_end) if not t.is_space
        ]
        if not tokens:
            return None
        last = tokens[-1]
        if last.lower_ == "that":
            # "He said that “...”": only the verb whose clause the quotation is.
            candidates = [last.head.head] if last.head.head.i < last.i else []
        elif last.text in (":", ","):
            candidates = tokens
        elif self._cue_in([last], "quote") is not None:
            candidates = [last]
        else:
            candidates = []
        for token in reversed(candidates):
            if self._cue_in([token], "quote") is not None:
                return token, (window_start, quote.start)
        if last.text in _LABEL_MARKS and _is_name_label(tokens[:-1]):
            # A vox pop or transcript: "Krystal Correa ― “Donald Trump scares me ...”".
            return last, (window_start, quote.start)
        return None

    def _trailing_cue(
        self, doc: Doc, text: str, quote: Quote, next_start: int
    ) -> tuple[Token, tuple[int, int]] | None:
        """``“…,” he said`` / ``“…,” said Flynn``: the cue just after the closing mark."""
        line_end = text.find("\n", quote.end)
        stop = min(next_start, line_end if line_end >= 0 else len(text))
        window: list[Token] = []
        for token in _tokens_between(doc, quote.end, stop):
            if token.is_space:
                break
            window.append(token)
            if token.text in (".", "!", "?") or len(window) > 30:
                break
        if len(window) > 1 and window[0].text in _LABEL_MARKS and window[0].text != ":":
            # A vox pop signed after the quotation: "“... .” ― Esther Smith, 34, Miami".
            name = list(itertools.takewhile(lambda t: t.text != ",", window[1:]))
            after = doc[name[-1].i + 1] if name and name[-1].i + 1 < len(doc) else None
            if _is_name(name) and (after is None or after.is_space or after.text == ","):
                return window[0], (quote.end, name[-1].idx + len(name[-1]))
        cue = self._cue_in(window, "quote")
        if cue is None:
            return None
        inner_end = quote.end - 2
        while inner_end > quote.start and text[inner_end].isspace():
            inner_end -= 1
        if text[inner_end] in ".!?\u2026":
            # A finished sentence in quotes followed by a new sentence with its own
            # reported content ("“We won.” He said the vote ...") is not attributed there.
            own = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp", "dobj")]
            if any(c.idx >= quote.end for c in own):
                return None
        last = window[-1]
        return cue, (quote.end, last.idx + len(last))


def _continues(
    doc: Doc,
    text: str,
    quote: Quote,
    previous: tuple[Quote, Token, Token | None],
    finder: StatementFinder,
) -> bool:
    """The second half of ``“…,” Flynn said. “…”``: the same cue, if nothing intervenes."""
    prev_quote, prev_cue, _ = previous
    if "\n" in text[prev_quote.end : quote.start]:
        return False
    between = [t for t in _tokens_between(doc, prev_quote.end, quote.start) if not t.is_space]
    if not between:
        return True  # two quotations side by side
    if not prev_quote.end <= prev_cue.idx < quote.start:
        return False
    # Other cues may come between only as the same speaker's ("DuVernay said,
    # emphasizing why ...").
    return not any(
        t.i != prev_cue.i
        and finder.match_cue(t) is not None
        and prev_cue not in t.ancestors
        for t in between
    )
