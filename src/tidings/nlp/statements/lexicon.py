"""The speech-cue lexicon (``data/speech_verbs.tsv``) and matching its cues over tokens.

:func:`speech_cues` loads the packaged TSV (a cue's lemmas and the frames it takes:
``that``, ``quote``, ``to``, ``object``, ``of``, ``as``, ``source``); :class:`CueMatcher`
finds the cue a token heads ("said"; "voiced confidence"; "according to").
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from tidings.data import read_table

#: How a cue introduces its content; see ``data/speech_verbs.tsv``.
FRAMES: frozenset[str] = frozenset({"that", "quote", "to", "object", "of", "as", "source"})


@dataclass(frozen=True, slots=True)
class SpeechCue:
    """One lexicon row: ``words`` are lemmas ("say"; "voice", "confidence")."""

    words: tuple[str, ...]
    frames: frozenset[str]


@functools.cache
def speech_cues() -> dict[str, tuple[SpeechCue, ...]]:
    """The packaged lexicon, keyed by first lemma; longer cues first under each key."""
    by_first: dict[str, list[SpeechCue]] = {}
    for lineno, fields in read_table("speech_verbs.tsv", header=("cue", "frames")):
        words = tuple(fields[0].split())
        frames = frozenset(fields[1].split("|"))
        if not words or len(words) > 2 or not frames or not frames <= FRAMES:
            raise ValueError(f"speech_verbs.tsv:{lineno}: bad cue or frames {fields[:2]!r}")
        by_first.setdefault(words[0], []).append(SpeechCue(words, frames))
    return {
        k: tuple(sorted(v, key=lambda c: -len(c.words))) for k, v in by_first.items()
    }


class CueMatcher:
    """The lexicon's cues over tokens; the component sets ``cues`` (:func:`speech_cues`)."""

    cues: dict[str, tuple[SpeechCue, ...]]

    def match_cue(self, token: Token) -> tuple[SpeechCue, list[Token]] | None:
        """The lexicon cue this token heads, with the tokens that spell it."""
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is not None:
                return SpeechCue(("according", "to"), frozenset({"source"})), [token, to]
            return None
        if token.pos_ != "VERB":
            return None
        for cue in self.cues.get(token.lemma_.lower(), ()):
            if len(cue.words) == 1:
                return cue, [token]
            second = next(
                (c for c in token.children if c.lemma_.lower() == cue.words[1]), None
            )
            if second is not None:
                return cue, [token, second]
        return None

    def _cue_in(self, tokens: Iterable[Token], frame: str) -> Token | None:
        for token in tokens:
            if token.dep_ in ("relcl", "acl", "amod"):
                continue
            matched = self.match_cue(token)
            if matched is not None and frame in matched[0].frames:
                return token
        return None

    def _cue_span(self, token: Token) -> tuple[int, int]:
        matched = self.match_cue(token)
        tokens = matched[1] if matched else [token]
        return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)
