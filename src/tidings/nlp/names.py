"""Name normalisation shared by the entity stages: folding, transliteration skeletons.

    >>> skeleton("Mirziyoyev") == skeleton("Mirziyoev")
    True
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Romanisations of Cyrillic, Turkic and Arabic names vary mostly in these letter groups;
# mapping each group to one form lets "Mirziyoyev"/"Mirziyoev", "Tokayev"/"Toqaev" or
# "Nurtleu"/"Nurtleou" meet. Order matters: longer groups first.
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "sh"),
    ("dzh", "j"),
    ("yo", "o"),
    ("yu", "u"),
    ("ya", "a"),
    ("ye", "e"),
    ("iy", "i"),
    ("yy", "i"),
    ("ij", "i"),
    ("kh", "h"),
    ("zh", "j"),
    ("ts", "c"),
    ("tz", "c"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("q", "k"),
    ("w", "v"),
    ("x", "ks"),
    ("y", "i"),
    ("ğ", "g"),
)

_NON_WORD = re.compile(r"[^\w\s-]+")
_SPACES = re.compile(r"\s+")
_REPEATS = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Casefold, strip diacritics and punctuation, collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("'", "").replace("’", "").replace(".", "")
    stripped = _NON_WORD.sub(" ", stripped.casefold())
    return _SPACES.sub(" ", stripped).strip()


@functools.lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A spelling-insensitive key for one name word."""
    s = fold(word).replace("-", "").replace(" ", "")
    for old, new in _SKELETON_RULES:
        s = s.replace(old, new)
    return _REPEATS.sub(r"\1", s)


def edit_distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def same_name_word(a: str, b: str) -> bool:
    """Whether two name words are spellings of one name ("Mirziyoyev", "Mirziyoev")."""
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return True
    return min(len(sa), len(sb)) >= 6 and edit_distance_at_most_one(sa, sb)


def strip_article(text: str) -> str:
    """Drop a leading "the " and a trailing possessive."""
    if text[:4].lower() == "the ":
        text = text[4:]
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    return text.strip()
