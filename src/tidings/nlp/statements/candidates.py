"""Statement records and choosing among the finders' candidates.

:class:`Attributed` is what the component writes to ``doc._.statements``; ``_Candidate``
is what a finder proposes. ``_dedupe`` keeps one statement per content span and
``_drop_nested`` drops reported speech inside another statement's content.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tidings.nlp.annotations import StatementAnnotation
from tidings.nlp.budget import check
from tidings.nlp.statements.spans import _overlaps


@dataclass(frozen=True, slots=True)
class Attributed(StatementAnnotation):
    """A statement, with the characters of the speaker's own words (None when unnamed)."""

    speaker_span: tuple[int, int] | None = None


@dataclass(slots=True)
class _Candidate:
    cue: tuple[int, int]
    cue_token: int
    content: tuple[int, int]
    direct: bool
    subject: Token | None
    from_quote: bool = False
    speaker: int | None = None  # set by finders that know the entity, not just the words
    speaker_words: tuple[int, int] | None = None  # set where the parse cannot give them


def _dedupe(candidates: list[_Candidate]) -> list[_Candidate]:
    """One statement per content span (a quotation beats a parse reading of it)."""
    by_content: dict[tuple[int, int], _Candidate] = {}
    for cand in candidates:
        known = by_content.get(cand.content)
        if known is None or (cand.from_quote and not known.from_quote):
            by_content[cand.content] = cand
    kept = sorted(by_content.values(), key=lambda c: (c.content[0], c.cue[0]))
    # The same cue read twice with overlapping contents: keep the longer reading.
    result: list[_Candidate] = []
    for cand in kept:
        check()  # each candidate against those kept
        clash = next(
            (
                k
                for k in result
                if k.cue_token == cand.cue_token
                and _overlaps(k.content, cand.content)
                and k.from_quote == cand.from_quote
            ),
            None,
        )
        if clash is None:
            result.append(cand)
        elif cand.content[1] - cand.content[0] > clash.content[1] - clash.content[0]:
            result[result.index(clash)] = cand
    return result


def _drop_nested(candidates: list[_Candidate]) -> list[_Candidate]:
    """Speech inside another statement's content is that speaker's claim: drop it."""
    kept = []
    for c in candidates:
        check()  # each candidate against every other
        if not any(
            o is not c and o.content[0] <= c.cue[0] and c.cue[1] <= o.content[1]
            for o in candidates
        ):
            kept.append(c)
    return kept
