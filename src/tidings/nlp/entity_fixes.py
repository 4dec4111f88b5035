"""Corrections to the base model's entities on news text.

- a known country, capital or city tagged as something else becomes GPE, and one the
  model missed is added;
- demonyms ("Kazakh", "Uzbeks") are NORP;
- titles and ranks are not part of a person's name ("Major General X" → "X");
- page chrome ("A+", "14px", "Share") never becomes an entity;
- long official names stay one ORG ("the Council of Foreign Ministers of the
  Collective Security Treaty Organization member states");
- an acronym defined or used beside its long form becomes an alias of it
  (``doc._.acronyms``: acronym → long form text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from tidings import countries
from tidings.nlp import extensions  # noqa: F401
from tidings.nlp.lexicons import (
    ACRONYM_STOPWORDS,
    BODY_NOUNS,
    CHROME_ENTITY,
    NAMED_LABELS,
    TITLE_WORDS,
)

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")
_MEMBER_TAIL = ("member", "states")
_MAY_RELABEL_TO_GPE = {"PERSON", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"}
_MAY_RELABEL_TO_NORP = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"}


@dataclass(frozen=True, slots=True)
class EntityFixResult:
    ents: list[Span]
    acronyms: dict[str, str]


@Language.factory(
    "tidings_entity_fixes",
    assigns=["doc.ents", "doc._.acronyms"],
    requires=["doc.ents"],
)
def make_entity_fixes(nlp: Language, name: str) -> EntityFixes:
    return EntityFixes(nlp)


class EntityFixes:
    def __init__(self, nlp: Language) -> None:
        self.gazetteer = PhraseMatcher(nlp.vocab, attr="ORTH")
        places, demonyms = _gazetteer_phrases()
        self.gazetteer.add("GPE", [nlp.make_doc(p) for p in places])
        self.gazetteer.add("NORP", [nlp.make_doc(d) for d in demonyms])
        self.gpe_label = nlp.vocab.strings["GPE"]

    def __call__(self, doc: Doc) -> Doc:
        result = self.fix(doc)
        self.set_annotations(doc, result)
        return doc

    def fix(self, doc: Doc) -> EntityFixResult:
        ents = [e for e in doc.ents if not _is_chrome(e)]
        ents = [_relabel(e) for e in ents]
        ents = [t for t in (_trim_person_titles(e) for e in ents) if t is not None]
        ents = _add_gazetteer_matches(doc, ents, self.gazetteer(doc))
        ents = _join_long_org_names(doc, ents)
        ents, acronyms = _link_acronyms(doc, ents)
        return EntityFixResult(ents=filter_spans(ents), acronyms=acronyms)

    @staticmethod
    def set_annotations(doc: Doc, result: EntityFixResult) -> None:
        doc.ents = result.ents
        doc._.acronyms = result.acronyms


def _gazetteer_phrases() -> tuple[list[str], list[str]]:
    places: set[str] = set()
    demonyms: set[str] = set()
    for c in countries.load_countries():
        places.update((c.name, *c.aliases, c.capital, *c.capital_aliases, *c.cities))
        for d in c.demonyms:
            demonyms.update((d, d + "s"))
    places.discard("")
    demonyms.discard("")
    # A demonym that is also a place name ("Chinese" is not, "Georgia" is not a demonym)
    # stays a place only.
    return sorted(places), sorted(demonyms - places)


def _is_chrome(ent: Span) -> bool:
    text = ent.text.strip()
    if CHROME_ENTITY.match(text):
        return True
    return sum(c.isalpha() for c in text) < 2


def _relabel(ent: Span) -> Span:
    text = ent.text
    if ent.label_ in _MAY_RELABEL_TO_NORP and countries.country_by_demonym(text):
        if not countries.country_by_name(text):
            return Span(ent.doc, ent.start, ent.end, label="NORP")
    if ent.label_ in _MAY_RELABEL_TO_GPE and (
        countries.country_by_name(text) or countries.city_country(text)
    ):
        return Span(ent.doc, ent.start, ent.end, label="GPE")
    return ent


def _trim_person_titles(ent: Span) -> Span | None:
    if ent.label_ != "PERSON":
        return ent
    start = ent.start
    while start < ent.end and ent.doc[start].lower_ in TITLE_WORDS:
        start += 1
    if start == ent.end:
        return None
    if start == ent.start:
        return ent
    return Span(ent.doc, start, ent.end, label="PERSON")


def _add_gazetteer_matches(
    doc: Doc, ents: list[Span], matches: list[tuple[int, int, int]]
) -> list[Span]:
    taken = {i for e in ents for i in range(e.start, e.end)}
    added: list[Span] = []
    for match_id, start, end in matches:
        if any(i in taken for i in range(start, end)):
            continue
        # A capitalised word inside a longer capitalised name ("Georgia Power") is not a place.
        if end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
            continue
        if start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN":
            continue
        added.append(Span(doc, start, end, label=match_id))
    if not added:
        return ents
    return filter_spans([*ents, *added])


def _join_long_org_names(doc: Doc, ents: list[Span]) -> list[Span]:
    ents = sorted(ents, key=lambda e: e.start)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if ent.label_ == "ORG":
            while True:
                nxt = ents[i + 1] if i + 1 < len(ents) else None
                joined = _join_of_org(doc, ent, nxt)
                if joined is None:
                    break
                ent = joined
                i += 1
            ent = _extend_member_states(doc, ent)
        out.append(ent)
        i += 1
    return out


def _join_of_org(doc: Doc, ent: Span, nxt: Span | None) -> Span | None:
    """ "Council of Foreign Ministers" + "of the" + "CSTO" → one ORG."""
    if nxt is None or nxt.label_ != "ORG" or ent[-1].lower_ not in BODY_NOUNS:
        return None
    between = [t.lower_ for t in doc[ent.end : nxt.start]]
    if between not in (["of"], ["of", "the"], ["for"], ["for", "the"], ["on"], ["on", "the"]):
        return None
    return Span(doc, ent.start, nxt.end, label="ORG")


def _extend_member_states(doc: Doc, ent: Span) -> Span:
    tail = tuple(t.lower_ for t in doc[ent.end : ent.end + 2])
    if tail in (_MEMBER_TAIL, ("member", "countries"), ("member", "nations")):
        return Span(doc, ent.start, ent.end + 2, label=ent.label_)
    return ent


def _initials(span: Span) -> str:
    return "".join(
        t.text[0].upper()
        for t in span
        if t.is_alpha and t.lower_ not in ACRONYM_STOPWORDS and t.text[0].isupper()
    )


def _link_acronyms(doc: Doc, ents: list[Span]) -> tuple[list[Span], dict[str, str]]:
    """Find "Long Name (ACR)" and "ACR (Long Name)", and ACR used beside its initials."""
    acronyms: dict[str, str] = {}
    by_start = {e.start: e for e in ents}
    by_end = {e.end: e for e in ents}
    added: list[Span] = []
    for tok in doc:
        if tok.text != "(" or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
            continue
        inner = doc[tok.i + 1]
        if not _ACRONYM.match(inner.text):
            continue
        long_form = by_end.get(tok.i)
        if long_form is None or long_form.label_ not in NAMED_LABELS:
            continue
        if long_form.label_ == "PERSON":
            continue
        acronyms[inner.text] = long_form.text
        if inner.i not in by_start:
            added.append(Span(doc, inner.i, inner.i + 1, label=long_form.label_))
    words = {t.text for t in doc if t.is_upper}
    for ent in ents:
        if ent.label_ not in NAMED_LABELS or ent.label_ == "PERSON" or len(ent) < 2:
            continue
        initials = _initials(ent)
        if len(initials) >= 2 and initials in words and initials not in acronyms:
            acronyms[initials] = ent.text
    if acronyms:
        labels = {}
        for ent in ents:
            labels.setdefault(ent.text, ent.label_)
        taken = {i for e in [*ents, *added] for i in range(e.start, e.end)}
        for tok in doc:
            if tok.text in acronyms and tok.i not in taken:
                label = labels.get(acronyms[tok.text], "ORG")
                added.append(Span(doc, tok.i, tok.i + 1, label=label))
                taken.add(tok.i)
        # An acronym the model tagged with another label takes its long form's label.
        fixed = []
        for ent in ents:
            if ent.text in acronyms and ent.text != acronyms[ent.text]:
                label = labels.get(acronyms[ent.text], ent.label_)
                if label != ent.label_:
                    ent = Span(doc, ent.start, ent.end, label=label)
            fixed.append(ent)
        ents = fixed
    return [*ents, *added], acronyms
