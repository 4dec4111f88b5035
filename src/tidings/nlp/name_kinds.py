"""Name kinds the small model gets wrong, fixed by rule families (used by entity fixes).

Each rule takes entity spans and returns them with the kind a reader gives them:

- a name whose head is a body or a place noun is no person ("Polisario Front",
  "National Army", "Masisi Territory"); a name ending in "Republic" is a state; a
  group name that opens with a movement word is an organisation ("Lashkar-e-Jhangvi");
  a body named after a street, a base or an airport is a place;
- a place with its subdivision word is the subdivision ("Kherson region"); a place
  followed by capitalised words ending in a body noun is the body ("Black Sea Fleet");
- documents, laws and awards ("Budapest Memorandum", "Executive Order"), ships ("USS
  Charlotte"), weapon systems ("Iskander") and named happenings ("NATO Summit",
  "Operation Condor") are no bodies, people or places; diseases ("COVID-19") are no
  entity; a body named after a region ("Rostov Region") is the region;
- one full name has one type in an article: a person's if it stands after a post
  anywhere, else the reading the model gives it most.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from tidings.nlp.lexicons import (
    BODY_NOUNS,
    DISEASE_NAMES,
    DOCUMENT_HEADS,
    SHIP_PREFIXES,
    WEAPON_NAMES,
)
from tidings.nlp.titles import is_person_noun

__all__ = [
    "EVENT_HEADS",
    "MOVEMENT_OPENERS",
    "ORG_HEADS",
    "PLACE_HEADS",
    "SUBDIVISION_WORDS",
    "person_labels_by_document",
    "relabel_by_head_noun",
    "relabel_things",
    "with_body_after_place",
    "with_subdivision_word",
]

#: Heads that make a capitalised name an organisation, beyond the heads of official bodies.
ORG_HEADS = BODY_NOUNS | frozenset(
    """
    front party movement army brigade brigades battalion regiment division fleet militia
    tribe tribes nation university college school academy survey police church team club
    company corporation bureau coalition association federation league society foundation
    """.split()
)
#: Heads that make a capitalised name a place.
PLACE_HEADS = frozenset(
    """
    territory province region district governorate oblast county village town city
    river sea lake mountains mountain island islands bay gulf strait valley desert
    peninsula square street avenue airport port station base camp
    """.split()
)
#: Words that open the name of a movement, party or armed force in Arabic, Persian and
#: Urdu usage, written in Latin letters.
MOVEMENT_OPENERS = frozenset(
    """
    lashkar jaish tehrik tehreek tahrik tahreek hizb hezb hizbul harakat harkat jamaat
    jamiat jabhat ansar ansarullah ahrar sipah tanzim hayat jund katibat kataib liwa
    majlis sarayat asaib fatah
    """.split()
)
#: Heads of the names of facilities ("Prince Hassan Air Base", "Castlefrank Road").
FACILITY_HEADS = frozenset({"airport", "base", "street", "road", "highway", "avenue",
                            "square", "bridge", "cemetery", "ranch", "station", "port"})
def relabel_by_head_noun(ent: Span) -> Span:
    """A PERSON whose last word is a body or place noun is an ORG or a place; a name
    ending in "Republic" is a state ("Donetsk People's Republic")."""
    if ent.label_ in ("PERSON", "ORG") and len(ent) > 1 and ent[-1].lower_ == "republic":
        return Span(ent.doc, ent.start, ent.end, label="GPE")
    if ent.label_ == "ORG" and len(ent) > 1 and ent[-1].lower_ in FACILITY_HEADS:
        return Span(ent.doc, ent.start, ent.end, label="FAC")
    if ent.label_ != "PERSON" or len(ent) < 2:
        return ent
    if ent[0].lower_ in MOVEMENT_OPENERS and ent[1].text == "-":
        return Span(ent.doc, ent.start, ent.end, label="ORG")
    head = ent[-1].lower_
    if head in PLACE_HEADS:
        return Span(ent.doc, ent.start, ent.end, label="GPE" if head in {
            "territory", "province", "region", "district", "governorate", "oblast", "county",
            "village", "town", "city"} else "LOC")
    if head in ORG_HEADS:
        return Span(ent.doc, ent.start, ent.end, label="ORG")
    return ent


_THING_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"})


#: Words for a subdivision written after its name ("Kherson region").
SUBDIVISION_WORDS = frozenset({"region", "oblast", "province", "governorate", "district",
                               "county", "raion", "rayon", "prefecture", "viloyat", "oblys"})


def with_subdivision_word(ent: Span) -> Span:
    """ "Kherson" + "region" → one place "Kherson region": the region, not the city."""
    doc = ent.doc
    if ent.label_ not in ("GPE", "LOC") or ent.end >= len(doc):
        return ent
    if doc[ent.end].lower_ not in SUBDIVISION_WORDS or ent[-1].lower_ in SUBDIVISION_WORDS:
        return ent
    return Span(doc, ent.start, ent.end + 1, label=ent.label_)


def with_body_after_place(ent: Span, taken: set[int]) -> Span:
    """ "Black Sea" + "Fleet", "Moscow" + "City Court": a place followed by capitalised
    words that end in a body noun names the body."""
    doc = ent.doc
    if ent.label_ not in ("GPE", "LOC"):
        return ent
    end = ent.end
    while end < len(doc) and end - ent.end < 3 and end not in taken and doc[end].is_title \
            and doc[end].pos_ in ("PROPN", "NOUN"):
        end += 1
    if end == ent.end or doc[end - 1].lower_ not in ORG_HEADS:
        return ent
    return Span(doc, ent.start, end, label="ORG")


#: Last words of the names of happenings ("NATO Summit", "World Mental Health Day").
EVENT_HEADS = frozenset({"summit", "conference", "day", "war", "championship", "cup",
                         "festival", "olympics", "games", "election", "elections"})
#: First words of the names of happenings ("Operation Condor", "Tropical Storm Humberto").
EVENT_OPENERS = frozenset({"operation", "tropical", "hurricane", "typhoon", "cyclone",
                           "storm"})


def relabel_things(ent: Span) -> Span | None:
    """Documents, laws and awards become LAW; ships and weapons PRODUCT; named
    happenings EVENT; diseases go; a body named after a region ("Rostov Region") is
    the region."""
    if ent.label_ not in _THING_LABELS:
        return ent
    text = ent.text
    if text in DISEASE_NAMES:
        return None
    if len(ent) > 1 and ent.label_ != "NORP" and (
            ent[-1].lower_ in EVENT_HEADS or ent[0].lower_ in EVENT_OPENERS):
        return Span(ent.doc, ent.start, ent.end, label="EVENT")
    if ent.label_ in ("ORG", "PERSON") and len(ent) > 1 and ent[-1].lower_ in SUBDIVISION_WORDS:
        return Span(ent.doc, ent.start, ent.end, label="GPE")
    if ent[0].text in SHIP_PREFIXES and len(ent) > 1 or text in WEAPON_NAMES:
        return Span(ent.doc, ent.start, ent.end, label="PRODUCT")
    if ent.label_ != "NORP" and ent[-1].lower_ in DOCUMENT_HEADS and (
            len(ent) > 1 or ent[0].is_title):
        return Span(ent.doc, ent.start, ent.end, label="LAW")
    return ent


_VOTING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "LOC",
                            "LAW"})


def person_labels_by_document(ents: list[Span], title_words: frozenset[str]) -> list[Span]:
    """One full name, one type per article. A name that stands after a post somewhere
    ("MP Tanya Davies", "President Volodymyr Zelenskyy") is a person's wherever the model
    typed it otherwise; else the reading the model gives most wins ('"...," Volodymyr
    Zelenskyy stressed' tagged WORK_OF_ART once among PERSON readings; "Northrop
    Grumman" tagged PERSON once among ORG ones), and against a work, a thing or a place
    a person's reading wins a tie."""
    votes: dict[str, Counter[str]] = {}
    after_post: set[str] = set()
    for ent in ents:
        if len(ent) > 1 and ent.label_ in _VOTING_LABELS:
            votes.setdefault(ent.text, Counter())[ent.label_] += 1
            before = ent.doc[ent.start - 1] if ent.start > 0 else None
            if before is not None and (before.lower_ in title_words
                                       or is_person_noun(before.lower_)):
                after_post.add(ent.text)
    out = []
    for ent in ents:
        counts = votes.get(ent.text)
        if counts is not None and ent.text in after_post and ent.label_ != "PERSON" \
                and not any(t.lower_ in ORG_HEADS for t in ent):
            ent = Span(ent.doc, ent.start, ent.end, label="PERSON")
        elif counts is not None and "PERSON" in counts and len(counts) > 1:
            person = counts["PERSON"]
            other, other_count = max(((k, v) for k, v in counts.items() if k != "PERSON"),
                                     key=lambda kv: kv[1])
            own = counts[ent.label_]
            if ent.label_ != "PERSON" and (person > other_count or (
                    ent.label_ != "ORG" and person >= own)):
                ent = Span(ent.doc, ent.start, ent.end, label="PERSON")
            elif other_count > person and ent.label_ == "PERSON" and other == "ORG" \
                    and ent.text not in after_post:
                ent = Span(ent.doc, ent.start, ent.end, label="ORG")
        out.append(ent)
    return out
