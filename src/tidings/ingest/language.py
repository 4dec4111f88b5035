"""Which language an article is in, and the gate that keeps non-English text out.

    >>> detect_language("The ministers met in Baku on Monday to discuss trade.")
    ('en', 0.99...)
    >>> check_english("Президент провёл встречу с министром.", "a.txt").code
    'not_english'

English wire copy full of Central Asian names ("Mirziyoyev received Tokayev") fools a
character n-gram model into Uzbek, so the model looks at the lower-case words first:
names are capitalised in English, function words are not. Quotations are left out when
enough prose remains: an English report quoting a speaker in Russian is English.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from tidings.cache import cache_dir, write_atomically
from tidings.errors import Messages
from tidings.model import Rejected

SAMPLE_CHARS = 2000
MIN_LETTERS = 3
# Below this many letters a classifier is guessing; English only needs to be plausible.
SHORT_TEXT_LETTERS = 40
PLAUSIBLE_RANK = 5
# The model's top score on a few words below which it is not sure of anything.
UNSURE_SCORE = 0.5
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’]*\b")
# A quotation, in any of the usual marks: its words may be in the speaker's language.
_QUOTATION = re.compile(r"[\"“«„][^\"“”«»„]{1,2000}?[\"”»“]")
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in is was were with for that said by from has have had will "
    "would which this their its be been are not who after also met held discussed "
    "received visited signed told arrived agreed noted stressed".split()
)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code of the most likely language and its probability (0..1).

        >>> detect_language("12 34 !!")
        ('und', 0.0)
    """
    ranking = _rank(text)
    return ranking[0] if ranking else ("und", 0.0)


def check_english(text: str, source: str) -> Rejected | None:
    """None when ``text`` is English (or plausibly so), else a ``Rejected`` to record.

        >>> check_english("Tokayev met Japarov.", "a.txt") is None
        True
    """
    ranking = _rank(text)
    if not ranking:
        return Rejected(source, "language", "no_text", Messages.NO_TEXT)
    lang, score = ranking[0]
    if lang == "en" or _english_plausible(text, ranking):
        return None
    return Rejected(
        source, "language", "not_english", Messages.NOT_ENGLISH.format(lang=lang, score=score)
    )


def _rank(text: str) -> list[tuple[str, float]]:
    sample = text[:SAMPLE_CHARS]
    if _letters(sample) < MIN_LETTERS:
        return []
    prose = _QUOTATION.sub(" ", text[: 4 * SAMPLE_CHARS])[:SAMPLE_CHARS]
    if _letters(prose) >= SHORT_TEXT_LETTERS:
        sample = prose  # decide on the article's own words, not on what it quotes
    lower_only = _CAPITALISED.sub(" ", sample)
    if _letters(lower_only) >= SHORT_TEXT_LETTERS:
        sample = lower_only
    for thread in _PRELOADING:
        thread.join()
    return [(lang, float(p)) for lang, p in _identifier().rank(sample)]


def _english_plausible(text: str, ranking: list[tuple[str, float]]) -> bool:
    """Accept text that is mostly names when what little else there is reads as English."""
    sample = text[:SAMPLE_CHARS]
    lower_words = _LOWER_WORD.findall(sample)
    if sum(len(w) for w in lower_words) >= SHORT_TEXT_LETTERS:
        return False
    if not _mostly_ascii_letters(sample):
        return False
    if not lower_words:
        return True
    english = sum(w in _ENGLISH_FUNCTION_WORDS for w in lower_words)
    if english * 3 >= len(lower_words):
        return True
    unsure = ranking[0][1] < UNSURE_SCORE
    return unsure or "en" in [lang for lang, _ in ranking[:PLAUSIBLE_RANK]]


def _mostly_ascii_letters(text: str) -> bool:
    letters = _LETTER.findall(text)
    return sum(ch.isascii() for ch in letters) >= 0.9 * len(letters)


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def preload() -> None:
    """Start loading the language model in the background (it is mostly decompression,
    which runs while spaCy loads); the first ``check_english`` waits for it."""
    if _identifier.cache_info().currsize == 0 and not _PRELOADING:
        thread = threading.Thread(target=_identifier, name="tidings-langid-load", daemon=True)
        _PRELOADING.append(thread)
        thread.start()


_PRELOADING: list[threading.Thread] = []


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Imported here: loading the model costs time that readers-only callers need not pay.
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        return _identifier_in_memory(LanguageIdentifier, MODEL_DIR / MODEL_FILE)
    except (OSError, KeyError, TypeError, ValueError):
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _model_bytes(path: Path) -> bytes:
    """The model file decompressed, from the user cache when an earlier process left it
    there (decompressing costs ~0.4 s of every cold start)."""
    import importlib.metadata
    import lzma

    version = importlib.metadata.version("py3langid")
    cached = cache_dir() / f"py3langid-{version}-model.npz"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    with lzma.open(path) as src:
        data = src.read()
    write_atomically(cached, data)
    return data


def _identifier_in_memory(identifier_class: Any, path: Any) -> Any:
    """Load py3langid's model without its temporary file (the package streams the
    decompressed model through a file on disk, which costs a cold start ~0.3 s)."""
    import io
    from array import array

    import numpy as np

    with np.load(io.BytesIO(_model_bytes(path)), allow_pickle=False) as data:
        typecodes = {2: "H", 4: "I", 8: "L"}

        def as_array(values: Any) -> array:
            out = array(typecodes[values.dtype.itemsize])
            out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
            return out

        return identifier_class(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            as_array(data["nextmove"]), data["out_feat"].tolist(), norm_probs=True,
            tk_row=as_array(data["nextmove_row"]),
        )
