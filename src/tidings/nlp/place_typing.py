"""Places the model typed as people or bodies, retyped from the gazetteer and the text.

A name tagged PERSON or ORG becomes GPE when both hold:

- the gazetteer knows a populated place, subdivision or region of that name in a country
  the article names (by name, capital or demonym), or in the country named right after
  it ("Bat Yam, Israel");
- the text uses it as a place: after a preposition of place ("in", "near", "from", ...),
  after "the village / town / city / district / region of", before ", <place>", or
  before a noun of place ("the Karol Bagh area", "the Plesetsk cosmodrome").

A name that the article also gives with a title or rank in front ("President X") is a
person and stays one. The city in capitals that opens a wire story's dateline
("ASTANA, March 3 (Kazinform) -") is a place when the gazetteer knows it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from tidings import countries
from tidings.nlp.budget import check
from tidings.nlp.name_kinds import SUBDIVISION_WORDS
from tidings.places import get_gazetteer

__all__ = ["dateline_places", "retype_places"]

LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "from", "to", "into", "outside", "towards", "toward", "across",
     "around", "via", "through", "inside", "between", "off", "outskirts"})
PLACE_NOUNS_BEFORE_OF = frozenset(
    {"village", "town", "city", "district", "region", "province", "settlement", "area",
     "municipality", "county", "capital", "port", "island", "oblast", "governorate"})
PLACE_NOUNS_AFTER = frozenset(
    {"area", "region", "district", "province", "oblast", "governorate", "county",
     "airport", "cosmodrome", "airbase", "base", "ground", "range", "checkpoint",
     "crossing", "village", "town", "settlement", "neighbourhood", "neighborhood"})
_RETYPED = frozenset({"PERSON", "ORG"})


def _used_as_place(doc: Doc, ent: Span, place_ents: dict[int, Span]) -> str | None:
    """How the text uses ``ent`` as a place: ``"after"`` (", <place>" follows: its
    country decides), ``"context"`` (other cues), or None."""
    i = ent.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and doc[i].lower_ in LOCATIVE_PREPOSITIONS:
        return "context"
    if i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in PLACE_NOUNS_BEFORE_OF:
        return "context"
    if ent.end + 1 < len(doc) and doc[ent.end].text == "," and ent.end + 1 in place_ents:
        return "after"
    for j in range(ent.end, min(ent.end + 3, len(doc))):
        if doc[j].lower_ in PLACE_NOUNS_AFTER:
            return "context"
        if not (doc[j].is_alpha and doc[j].is_lower):
            break
    return None


def _country_of_place(text: str) -> str | None:
    """The country of a place name: from the country table, else the one country all
    the gazetteer's places of that name lie in ("Kyiv region")."""
    known = countries.place_country(text)
    if known is not None:
        return known
    words = text.split()
    if len(words) > 1 and words[-1].lower() in SUBDIVISION_WORDS:
        text = " ".join(words[:-1])
    found = {c.country for c in get_gazetteer().lookup(text)}
    return found.pop() if len(found) == 1 else None


def _article_countries(ents: list[Span]) -> set[str]:
    found = set()
    for ent in ents:
        if ent.label_ == "GPE":
            iso3 = _country_of_place(ent.text)
            if iso3 is not None:
                found.add(iso3)
        elif ent.label_ == "NORP":
            country = countries.country_by_demonym(ent.text)
            if country is not None:
                found.add(country.iso3)
    return found


def retype_places(doc: Doc, ents: list[Span], title_words: frozenset[str]) -> list[Span]:
    candidates = [e for e in ents if e.label_ in _RETYPED and 1 <= len(e) <= 4
                  and all(t.is_title or t.text == "-" for t in e)]
    if not candidates:
        return ents
    place_ents = {e.start: e for e in ents if e.label_ in ("GPE", "LOC")}
    titled = {e.text for e in ents if e.label_ == "PERSON" and e.start > 0
              and doc[e.start - 1].lower_ in title_words}
    in_article = _article_countries(ents)
    gazetteer = get_gazetteer()
    out = []
    for ent in ents:
        check()  # each entity is looked for among the candidates
        if ent.label_ not in _RETYPED or ent not in candidates or ent.text in titled:
            out.append(ent)
            continue
        use = _used_as_place(doc, ent, place_ents)
        if use is None:
            out.append(ent)
            continue
        wanted = set(in_article)
        if use == "after":
            iso3 = _country_of_place(place_ents[ent.end + 1].text)
            wanted = {iso3} if iso3 is not None else in_article
        places = [c for c in gazetteer.lookup(ent.text)
                  if c.kind != "country" and c.country in wanted]
        out.append(Span(doc, ent.start, ent.end, label="GPE") if places else ent)
    return out


#: How far into the text a dateline may stand (a headline and a byline may precede it).
DATELINE_REACH = 600
_DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'’\-]+(?:[ \-][A-Z][A-Z'’\-]+){0,2})"
                       r"(?=\s*(?:,|\(|[-\u2013\u2014]\s))")


def dateline_places(doc: Doc, ents: list[Span], text: str) -> list[Span]:
    """The city in capitals that opens a wire story ("ASTANA, March 3 (Kazinform) -"),
    when the gazetteer knows a place of that name."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    added = []
    # A dateline opens the story: it is looked for in the first lines only.
    for match in _DATELINE.finditer(text, 0, min(len(text), DATELINE_REACH)):
        name = match.group(1)
        span = doc.char_span(match.start(1), match.end(1))
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        title = "-".join(" ".join(w.capitalize() for w in part.split(" "))
                         for part in name.split("-"))
        known = countries.place_country(title) is not None or any(
            c.kind in ("city", "subdivision") for c in get_gazetteer().lookup(title))
        if known:
            added.append(Span(doc, span.start, span.end, label="GPE"))
    return [*ents, *added] if added else ents
