"""Ranks, titles and honorifics: the project's lexicon of posts (``data/titles.tsv``).

    >>> match_post(["Major", "General", "Kamchybek", "Tashiev"], 0)
    PostMatch(kind='rank', start=0, end=2, text='Major General', head='general', ...)
    >>> match_post("First Deputy Prime Minister".split(), 0).text
    'First Deputy Prime Minister'
    >>> match_post("the minister of foreign affairs".split(), 1).text
    'Minister of Foreign Affairs'

Matching works on a list of token texts, so it needs no spaCy objects and follows spaCy's
tokenisation (a hyphen is its own token: "Secretary - General"). A civil title is either
a listed one or modifiers + portfolios + a head ("Deputy Defence Minister"), optionally
followed by "of" + portfolios ("Minister of Foreign Affairs"); "of" + the name of a body
("Chairman of the State Committee ...") is left to the caller, which knows the entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from tidings.data import read_table

__all__ = [
    "HEAD_OF",
    "HONORIFICS",
    "RANKS",
    "TITLES",
    "PostMatch",
    "gender_of_title",
    "head_noun",
    "is_person_noun",
    "match_post",
    "singular",
    "title_words",
]

#: "Head of State" / "Head of Government": the post each phrase stands for.
HEAD_OF: dict[str, str] = {"state": "president", "government": "prime minister"}

Kind = Literal["rank", "title", "honorific"]
_KINDS = ("rank", "title", "head", "modifier", "portfolio", "honorific", "person")
#: Words kept lower-case inside a title ("Minister of Foreign Affairs").
_SMALL = frozenset({"of", "the", "and", "for", "in", "on", "to", "d'affaires"})
#: Words of listed forms that must not count as title words for the name stage.
_NOT_NAME_OPENERS = frozenset(
    {"his", "her", "government", "administration", "group", "army", "staff", "press", "air",
     "federal", "executive", "fleet", "under", "high", "wing", "regional", "presidential"}
)
_IRREGULAR_PLURALS = {"chairmen": "chairman", "spokesmen": "spokesman", "chairwomen": "chairwoman",
                      "spokeswomen": "spokeswoman", "congressmen": "congressman",
                      "ombudsmen": "ombudsman", "attorneys": "attorney"}


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    words: tuple[str, ...]  # lower-cased, split as spaCy splits ("secretary", "-", "general")
    canonical: str
    gender: str | None


@dataclass(frozen=True, slots=True)
class PostMatch:
    """Words ``start:end`` of the matched list name a rank, title or honorific."""

    kind: Kind
    start: int
    end: int
    text: str  # canonical form: "Major General", "Foreign Minister"
    head: str  # the head noun, lower-case singular: "general", "minister"
    gender: str | None = None  # "m" / "f" where the form says so ("Chairwoman", "Mrs")
    plural: bool = False  # "Foreign Ministers A and B"


def _split_form(form: str) -> tuple[str, ...]:
    words: list[str] = []
    for part in form.split():
        pieces = part.split("-")
        for n, piece in enumerate(pieces):
            if n:
                words.append("-")
            if piece:
                words.append(piece.lower())
    return tuple(words)


@cache
def _entries() -> tuple[_Entry, ...]:
    entries: list[_Entry] = []
    for lineno, fields in read_table("titles.tsv", header=("kind", "form")):
        fields += [""] * (4 - len(fields))
        kind, form, canonical, gender = fields[:4]
        if kind not in _KINDS or not form:
            raise ValueError(f"titles.tsv:{lineno}: unknown kind {kind!r} or empty form")
        if gender not in ("", "m", "f"):
            raise ValueError(f"titles.tsv:{lineno}: gender must be m, f or empty")
        entries.append(_Entry(kind, _split_form(form), canonical or form, gender or None))
    return tuple(entries)


def _of_kind(kind: str) -> tuple[_Entry, ...]:
    return tuple(e for e in _entries() if e.kind == kind)


def _words_of_kind(kind: str) -> frozenset[str]:
    return frozenset(" ".join(e.words) for e in _of_kind(kind))


@cache
def _phrases(kind: str) -> dict[tuple[str, ...], _Entry]:
    return {e.words: e for e in _of_kind(kind)}


@cache
def _max_len() -> int:
    return max(len(e.words) for e in _entries())


RANKS: tuple[str, ...] = tuple(dict.fromkeys(e.canonical for e in _of_kind("rank")))
TITLES: tuple[str, ...] = tuple(
    dict.fromkeys(e.canonical for e in (*_of_kind("title"), *_of_kind("head")))
)
HONORIFICS: tuple[str, ...] = tuple(dict.fromkeys(e.canonical for e in _of_kind("honorific")))
_HEADS = _words_of_kind("head")
_MODIFIERS = _words_of_kind("modifier")
_PORTFOLIOS = _words_of_kind("portfolio")
_PERSON_NOUNS = _words_of_kind("person")
_GENDER = {e.canonical.lower(): e.gender for e in _entries() if e.gender}


def singular(word: str) -> tuple[str, bool]:
    """``(singular, was_plural)`` for a lower-case noun that may be a title head."""
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word], True
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y", True
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1], True
    return word, False


def is_person_noun(word: str) -> bool:
    """Whether a lower-case singular noun can describe a person in a post ("official")."""
    return word in _PERSON_NOUNS or word in _HEADS


def head_noun(title: str) -> str:
    """The head of a canonical title, lower-case: "Deputy Prime Minister" → "minister"."""
    words = _split_form(title)
    for word in words:
        if word in _HEADS:
            return word
    return words[-1] if words else ""


def gender_of_title(text: str) -> str | None:
    """ "m"/"f" where a title or honorific says so ("Chairwoman", "Mrs"), else None."""
    return _GENDER.get(text.lower())


def title_words() -> frozenset[str]:
    """Every word of a rank, title, head, modifier or honorific, lower-cased (with and
    without a final period): the words that open a name in news copy without being part
    of it. Portfolio words ("energy") are left out, and so are nouns that also name
    bodies ("Head of Government"): both open organisation names ("Kazakh Government")."""
    words: set[str] = set()
    for entry in _entries():
        if entry.kind in ("portfolio", "person"):
            continue
        for word in entry.words:
            if word == "-" or word in _SMALL or word in _NOT_NAME_OPENERS:
                continue
            words.add(word)
            words.add(word.rstrip(".") if word.endswith(".") else word + ".")
    for word in list(_HEADS):
        words.add(singular(word)[0] + "s")
    return frozenset(w for w in words if w)


def _title_case(words: Iterable[str]) -> str:
    out: list[str] = []
    for n, word in enumerate(words):
        if n and word in _SMALL:
            out.append(word)
        elif word == "-":
            out.append("-")
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out).replace(" - ", "-")


def _lower(words: Sequence[str], i: int) -> str:
    return words[i].lower() if i < len(words) else ""


def _capitalised(words: Sequence[str], start: int, end: int) -> bool:
    return all(w[:1].isupper() or w == "-" or w.lower() in _SMALL for w in words[start:end])


def _longest_phrase(
    words: Sequence[str], i: int, kind: str, plural_ok: bool = False
) -> tuple[_Entry, int, bool] | None:
    """Longest listed phrase of ``kind`` at ``i``: (entry, end, plural)."""
    table = _phrases(kind)
    for n in range(min(_max_len(), len(words) - i), 0, -1):
        key = tuple(w.lower() for w in words[i : i + n])
        if key in table:
            return table[key], i + n, False
        if plural_ok:
            last, plural = singular(key[-1])
            if plural and (*key[:-1], last) in table:
                return table[(*key[:-1], last)], i + n, True
    return None


def _composed_title(
    words: Sequence[str], i: int, bodies: frozenset[str] = frozenset()
) -> PostMatch | None:
    """modifiers/portfolios + (listed title | head) + optional "of" + portfolios."""
    k = i
    pieces: list[str] = []
    while k < len(words):
        w = words[k].lower()
        listed = _longest_phrase(words, k, "title", plural_ok=True)
        head_word, plural = singular(w)
        if listed is not None and (listed[1] - k > 1 or w not in _MODIFIERS):
            entry, end, plural = listed
            pieces.append(entry.canonical)
            head = head_noun(entry.canonical)
            k = end
            break
        if head_word in _HEADS and not (w in _MODIFIERS and _continues_title(words, k + 1)):
            pieces.append(_title_case([head_word]))
            head = head_word
            k += 1
            break
        if w in _MODIFIERS or w in _PORTFOLIOS:
            pieces.append(_title_case([w]))
            k += 1
            continue
        if w == "-" and pieces and k + 1 < len(words):
            pieces.append("-")
            k += 1
            continue
        if w == "and" and pieces and _lower(words, k + 1) in _PORTFOLIOS:
            pieces.append("and")
            k += 1
            continue
        return None
    else:
        return None
    end, tail = _of_portfolios(words, k, bodies)
    text = " ".join([*pieces, *tail]).replace(" - ", "-")
    gender = gender_of_title(text) or gender_of_title(pieces[-1])
    return PostMatch("title", i, end, text, head, gender, plural)


def _continues_title(words: Sequence[str], k: int) -> bool:
    """Whether a title goes on at ``k`` ("Chief" is a head, "Chief Prosecutor" is not)."""
    w = _lower(words, k)
    if w == "-":
        w = _lower(words, k + 1)
    base = singular(w)[0]
    return base in _HEADS or w in _MODIFIERS or w in _PORTFOLIOS or (
        _longest_phrase(words, k, "title", plural_ok=True) is not None
    )


def _of_portfolios(
    words: Sequence[str], k: int, bodies: frozenset[str]
) -> tuple[int, list[str]]:
    """ "of Foreign Affairs" after a head; not "of the State Committee ..." (a body)."""
    if _lower(words, k) != "of":
        return k, []
    j = k + 1
    if _lower(words, j) == "the":
        j += 1
    first = j
    while j < len(words) and (
        _lower(words, j) in _PORTFOLIOS
        or (_lower(words, j) == "and" and _lower(words, j + 1) in _PORTFOLIOS)
    ):
        j += 1
    if j == first or _lower(words, j - 1) == "and":
        return k, []
    nxt = _lower(words, j)
    if nxt in bodies or singular(nxt)[0] in bodies:
        return k, []  # "of the Border Service": the name of a body goes on
    return j, ["of", *(w.lower() if w.lower() in _SMALL else _title_case([w.lower()])
                       for w in words[k + 1 : j])]


def match_post(
    words: Sequence[str], i: int, bodies: frozenset[str] = frozenset()
) -> PostMatch | None:
    """The longest rank, title or honorific starting at word ``i``, or None.

    Ranks and honorifics must be capitalised ("a major step" is no rank); titles may be
    lower-case ("the defence minister"). ``bodies``: lower-case nouns that head the name
    of a body, so that "Director of the Border Service" stops before "of".
    """
    if i >= len(words):
        return None
    found: list[PostMatch] = []
    rank = _longest_phrase(words, i, "rank")
    if rank is not None and _capitalised(words, i, rank[1]):
        entry, end, _ = rank
        found.append(PostMatch("rank", i, end, entry.canonical, head_noun(entry.canonical)))
    honorific = _longest_phrase(words, i, "honorific")
    if honorific is not None and _capitalised(words, i, honorific[1]):
        entry, end, _ = honorific
        found.append(
            PostMatch("honorific", i, end, entry.canonical, entry.canonical.lower(), entry.gender)
        )
    title = _composed_title(words, i, bodies)
    if title is not None:
        found.append(title)
    if not found:
        return None
    # Longest wins; on a tie a rank beats a title ("General" before a name is a rank).
    order = {"rank": 0, "title": 1, "honorific": 2}
    return max(found, key=lambda m: (m.end, -order[m.kind]))
