"""Name boundaries the small model gets wrong, fixed by rule families (used by entity
fixes). Each rule takes the entity spans and returns them cut, joined or dropped:

- a place that opens a person's name is the post's country or city, not the name
  ("President of Belarus Alexander Lukashenko" tagged "Belarus Alexander Lukashenko");
- a person's name runs on over particles ("Ursula von der Leyen");
- names joined by hyphens and linking particles are one name ("Lashkar-e-Jhangvi",
  "Tehrik-i-Taliban", "Jean-Noël Barrot");
- a body named after the post it serves is an organisation ("the President's Office");
- a post after a body's name is no part of it ("Federation Council Speaker"), and a
  post in front of a person's name tagged as a body leaves the person; a post in front
  of a body's name is no part of it ("the Head of the Office of the President");
- a word inside a post is part of the post ("Defence" in "Defence Minister", "State"
  in "Secretary of State");
- a date the model ran into a name is no part of it ("... Republic on Monday");
- codes of currencies and time zones, tickers ("USD 89.12"), and counts stuck to a name
  in a results table ("Labour Party - 203") are no part of a name;
- a headline set in capitals makes no entity of its own: a name in such a line is kept
  only when the body names it too, or when it is a known place or organisation.

The kinds of names (person, body, place, thing) are ``tidings.nlp.name_kinds``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from tidings import countries
from tidings.nlp.lexicons import BODY_NOUNS, KNOWN_ORGANISATIONS
from tidings.nlp.name_kinds import MOVEMENT_OPENERS, ORG_HEADS, PLACE_HEADS
from tidings.nlp.titles import is_person_noun, match_post

__all__ = [
    "add_offices_of_posts",
    "drop_codes_and_tickers",
    "drop_headline_names",
    "drop_words_inside_posts",
    "join_hyphenated_names",
    "join_name_particles",
    "split_leading_place",
    "without_trailing_post",
    "without_leading_post",
    "without_trailing_date",
    "without_trailing_count",
]

#: Short lower-case words that link the parts of one hyphenated name.
LINKING_PARTICLES = frozenset(
    {"e", "i", "ul", "al", "el", "ad", "ud", "ur", "ar", "as", "ash", "at", "az", "an",
     "bin", "ibn", "bint", "o", "y", "de", "da", "di", "du", "la", "le", "ben"}
)
#: ISO 4217 codes of currencies that rate tables and tickers quote, and time zones.
CODES = frozenset(
    """
    USD EUR GBP JPY CNY CHF RUB UAH KZT UZS KGS TJS TMT AZN AMD GEL BYN TRY IRR INR PKR
    AFN AED SAR QAR KWD ILS EGP CAD AUD NZD SEK NOK DKK PLN CZK HUF RON BGN RSD MNT KRW
    HKD SGD BRL MXN ZAR NGN
    UTC GMT CET CEST EET EEST MSK EST EDT CST CDT PST PDT IST
    """.split()
)
_TICKER = re.compile(r"^[A-Z]{3}\s*[+\-]?\d[\d.,]*%?$")
_COUNT_TAIL = re.compile(r"\s*[-–—:]\s*\d[\d,]*$")


def split_leading_place(ent: Span) -> list[Span]:
    """ "Belarus Alexander Lukashenko" → GPE "Belarus" + PERSON "Alexander Lukashenko";
    also a country's name run into a person's ("Republic of the Congo Denis
    Sassou-Nguesso" tagged as one place)."""
    if ent.label_ not in ("PERSON", "GPE", "LOC") or len(ent) < 3:
        return [ent]
    for n in (5, 4, 3, 2, 1):
        if len(ent) - n < 2:
            continue
        head = ent[:n]
        rest = ent[n:]
        if countries.place_country(head.text) is None or not all(
                t.is_title or t.text == "-" for t in rest):
            continue
        if ent.label_ != "PERSON" and any(
                t.lower_ in ORG_HEADS or t.lower_ in PLACE_HEADS or t.lower_ in _HEAD_TITLES
                for t in rest):
            return [ent]  # "United States Coast Guard" is a body, not a person
        return [Span(ent.doc, head.start, head.end, label="GPE"),
                Span(ent.doc, rest.start, rest.end, label="PERSON")]
    return [ent]


def without_leading_post(ent: Span) -> Span:
    """ "the Head of the Office of the President" tagged ORG → "the Office of the
    President": the post in front is the person's, not part of the body's name."""
    if ent.label_ != "ORG" or len(ent) < 4:
        return ent
    words = [t.text for t in ent]
    start = 1 if ent[0].lower_ == "the" else 0
    found = match_post(words, start, BODY_NOUNS)
    if found is None or found.end >= len(words) - 1 or words[found.end].lower() != "of":
        return ent
    rest = found.end + 1
    if rest < len(words) and words[rest].lower() == "the":
        rest += 1
    if rest >= len(words) or not words[rest][:1].isupper():
        return ent
    return Span(ent.doc, ent.start + rest, ent.end, label="ORG")


_HEAD_TITLES = frozenset({"minister", "president", "secretary", "chairman", "governor"})
_NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "du", "da", "di", "le", "la",
                             "al", "el", "bin", "ibn", "dos", "das", "d'", "ter"})


def join_hyphenated_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Entities and capitalised words tied by hyphens with no space become one name."""
    if not any("-" in e.text or (e.end < len(doc) and doc[e.end].text == "-")
               or (e.start > 0 and doc[e.start - 1].text == "-") for e in ents):
        return ents
    by_token = {i: e for e in ents for i in range(e.start, e.end)}
    out: list[Span] = []
    done: set[int] = set()
    for ent in sorted(ents, key=lambda e: e.start):
        if ent.start in done:
            continue
        start, end = _hyphen_chain(doc, ent.start, ent.end)
        if (start, end) == (ent.start, ent.end):
            out.append(ent)
            continue
        parts = {id(by_token[i]): by_token[i] for i in range(start, end) if i in by_token}
        for part in parts.values():
            start, end = min(start, part.start), max(end, part.end)
        labels = {p.label_ for p in parts.values()}
        if doc[start].lower_ in MOVEMENT_OPENERS or "ORG" in labels and "PERSON" not in labels:
            label = "ORG"
        elif "PERSON" in labels:
            label = "PERSON"
        else:
            label = ent.label_
        out.append(Span(doc, start, end, label=label))
        done.update(range(start, end))
    return filter_spans(out)


def _hyphen_chain(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen ``start:end`` over "-" joints with no space: "Lashkar - e - Jhangvi"."""
    def joined(i: int) -> bool:  # doc[i] is "-" stuck to both neighbours
        return (0 < i < len(doc) - 1 and doc[i].text == "-" and not doc[i - 1].whitespace_
                and not doc[i].whitespace_)

    def part(tok_i: int) -> bool:
        text = doc[tok_i].text
        return text[:1].isupper() or text.lower() in LINKING_PARTICLES

    while end - start > 1 and doc[end - 1].text == "-":
        end -= 1
    while start >= 2 and joined(start - 1) and part(start - 2):
        start -= 2
    while end + 1 < len(doc) and joined(end) and part(end + 1):
        end += 2
    # a chain may not end on a particle: "Barrot-de" is no name; nor be cut to nothing
    while end - start > 2 and doc[end - 1].text.lower() in LINKING_PARTICLES:
        end -= 2
    return start, end


def drop_words_inside_posts(doc: Doc, ents: list[Span], texts: list[str],
                            title_words: frozenset[str]) -> list[Span]:
    """Drop non-person entities that lie wholly inside a post ("Secretary of State")."""
    covered: list[tuple[int, int]] = []
    lower = [t.lower() for t in texts]
    for i, word in enumerate(lower):
        if word not in title_words:
            continue
        found = match_post(texts, i, BODY_NOUNS)
        if found is not None and found.end - i > 1:
            covered.append((i, found.end))
    if not covered:
        return ents
    def inside(ent: Span) -> bool:
        start = ent.start
        while start < ent.end - 1 and (doc[start].lower_ == "the" or countries.country_by_demonym(
                doc[start].text) is not None):
            start += 1  # "the Ukrainian Head of State"
        return any(s <= start and ent.end <= f for s, f in covered)

    return [e for e in ents if e.label_ == "PERSON" or not inside(e)]


def drop_codes_and_tickers(ents: Iterable[Span]) -> list[Span]:
    return [e for e in ents if e.text not in CODES and not _TICKER.match(e.text)]


def without_trailing_count(ent: Span) -> Span:
    """ "Labour Party - 203" in a results table → "Labour Party"."""
    match = _COUNT_TAIL.search(ent.text)
    if not match or match.start() == 0:
        return ent
    cut = ent.start_char + match.start()
    end = ent.end
    while end > ent.start and ent.doc[end - 1].idx >= cut:
        end -= 1
    return Span(ent.doc, ent.start, end, label=ent.label_) if end > ent.start else ent


_KNOWN = frozenset(KNOWN_ORGANISATIONS)


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines set in title case: four words or more, most of them capitalised, no final
    full stop."""
    lines = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        if line.endswith((".", "!", "?", ":", ";", ",", '"', "”")) or len(line) > 200:
            continue
        words = re.findall(r"[^\W\d_][\w'’\-]*", line)
        if len(words) < 4:
            continue
        long_words = [w for w in words if len(w) > 3]
        if long_words and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words):
            lines.append((m.start(), m.end()))
    return lines


def drop_headline_names(doc: Doc, ents: list[Span], text: str) -> list[Span]:
    lines = headline_lines(text)
    if not lines:
        return ents
    body = text
    for start, end in reversed(lines):
        body = body[:start] + " " * (end - start) + body[end:]
    kept = []
    for ent in ents:
        inside = any(s <= ent.start_char and ent.end_char <= e for s, e in lines)
        if not inside or ent.label_ in ("NORP",) or ent.text in _KNOWN:
            kept.append(ent)
        elif countries.place_country(ent.text) is not None or re.search(
                r"(?<!\w)" + re.escape(ent.text) + r"(?!\w)", body):
            kept.append(ent)
    return kept


def without_trailing_post(ent: Span, title_words: frozenset[str]) -> Span | None:
    """ "Federation Council Speaker" → the body "Federation Council"; "Presidential
    Spokesperson Harry Roque" tagged ORG → the person "Harry Roque"."""
    if ent.label_ != "ORG" or len(ent) < 2:
        return ent
    lead = 0
    while lead < len(ent) and ent[lead].lower_ in title_words:
        lead += 1
    rest = ent[lead:]
    if 0 < lead and 2 <= len(rest) <= 3 and all(t.is_title for t in rest) and not any(
            t.lower_ in ORG_HEADS for t in rest):
        return Span(ent.doc, rest.start, rest.end, label="PERSON")
    end = len(ent)
    while end > 1 and is_person_noun(ent[end - 1].lower_) and ent[end - 1].lower_ not in \
            BODY_NOUNS and ent[end - 2].lower_ not in ("of", "the", "for", "'s", "’s"):
        end -= 1
    if end == len(ent):
        return ent
    return Span(ent.doc, ent.start, ent.start + end, label="ORG")


#: "the President's Office", "the Prime Minister's Press Service": a body named after
#: the post it serves.
_OFFICE_OF_POST = re.compile(
    r"\b(?:[Tt]he\s+)?((?:President|Prime\s+Minister|Chancellor|Governor|Mayor|Premier)"
    r"['\u2019]s\s+(?:Office|Administration|Press\s+Service|Press\s+Office|Cabinet|"
    r"Secretariat|Chancellery))\b"
)


_OFFICE_HINTS = ("s Office", "s Administration", "s Press", "s Cabinet", "s Secretariat",
                 "s Chancellery")


def add_offices_of_posts(doc: Doc, ents: list[Span], text: str) -> list[Span]:
    if not any(hint in text for hint in _OFFICE_HINTS):
        return ents
    taken = {i for e in ents for i in range(e.start, e.end)}
    added = []
    for match in _OFFICE_OF_POST.finditer(text):
        span = doc.char_span(match.start(1), match.end(1))
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            added.append(Span(doc, span.start, span.end, label="ORG"))
    return [*ents, *added] if added else ents


_DATE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow
    last this next""".split()
)
_DATE_PREPOSITIONS = frozenset({"on", "in", "at", "since", "by", "during", "until"})


def without_trailing_date(ent: Span) -> Span:
    """ "Donetsk People's Republic on Monday" tagged as one name → the name alone."""
    if len(ent) < 3:
        return ent
    for tok in ent[1:-1]:
        nxt = ent.doc[tok.i + 1]
        if tok.lower_ in _DATE_PREPOSITIONS and (
                nxt.lower_ in _DATE_WORDS or (nxt.like_num and len(nxt.text) == 4)):
            return Span(ent.doc, ent.start, tok.i, label=ent.label_)
    return ent



def join_name_particles(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Ursula von der" + "Leyen", "Valéry Giscard" + "d'Estaing": a person's name runs on
    over lower-case particles to the capitalised word after them."""
    out = []
    by_start = {e.start: e for e in ents}
    skip: set[int] = set()
    for ent in sorted(ents, key=lambda e: e.start):
        if ent.start in skip:
            continue
        if ent.label_ == "PERSON":
            end = ent.end
            while end > ent.start and doc[end - 1].lower_ in _NAME_PARTICLES:
                end -= 1  # the model may have taken the particles but not the name
            j = end
            while j < len(doc) and doc[j].lower_ in _NAME_PARTICLES and j - end < 3:
                j += 1
            if j > end and j < len(doc) and doc[j].is_title:
                nxt = by_start.get(j)
                stop = nxt.end if nxt is not None and len(nxt) <= 2 else j + 1
                if nxt is not None:
                    skip.add(nxt.start)
                ent = Span(doc, ent.start, stop, label="PERSON")
        out.append(ent)
    return filter_spans(out)
