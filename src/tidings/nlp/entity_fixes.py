"""Corrections to the base model's entities on news text.

- a known country, capital or city tagged as something else becomes GPE, and one the
  model missed is added;
- demonyms ("Kazakh", "Uzbeks") are NORP;
- titles and ranks are not part of a person's name ("Major General X" → "X");
- page chrome ("A+", "14px", "Share") never becomes an entity;
- long official names stay one ORG ("the Council of Foreign Ministers of the
  Collective Security Treaty Organization member states");
- name boundaries and kinds the model gets wrong (``tidings.nlp.name_shapes``: a place
  opening a person's name, hyphenated names, words of a post, tickers, headline
  capitals; ``tidings.nlp.name_kinds``: bodies, places, things and events typed as
  people, one type per name) and places it typed as people or bodies
  (``tidings.nlp.place_typing``);
- an acronym defined or used beside its long form becomes an alias of it
  (``doc._.acronyms``: acronym → long form text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from tidings import countries
from tidings.nlp import extensions, name_kinds, name_shapes, place_typing  # noqa: F401
from tidings.nlp.budget import stage
from tidings.nlp.lexicons import (
    ACRONYM_STOPWORDS,
    BODY_NOUNS,
    CHROME_ENTITY,
    KNOWN_ORGANISATIONS,
    NAMED_LABELS,
    SURNAME_ENDINGS,
    TITLE_WORDS,
    TREATY_NOUNS,
)
from tidings.places import get_gazetteer

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
        #: One-word names are looked up by text; only longer ones need the matcher
        #: (building thousands of phrase docs would slow every start-up).
        self.single_words: dict[str, str] = {}
        for label, phrases in (("GPE", places), ("NORP", demonyms), ("ORG", KNOWN_ORGANISATIONS)):
            longer = []
            for phrase in phrases:
                if _ONE_WORD.fullmatch(phrase):
                    self.single_words.setdefault(phrase, label)
                else:
                    longer.append(phrase)
            self.gazetteer.add(label, _phrase_docs(nlp, longer))
        self.gpe_label = nlp.vocab.strings["GPE"]

    def __call__(self, doc: Doc) -> Doc:
        get_gazetteer()  # loads once per process, outside any one article's time budget
        with stage("entity fixes"):
            result = self.fix(doc)
        self.set_annotations(doc, result)
        return doc

    def fix(self, doc: Doc) -> EntityFixResult:
        ents = [part for e in doc.ents for part in _split_at_line_breaks(e)]
        ents = [_without_dangling_words(e) for e in ents if not _is_chrome(e)]
        ents = [name_shapes.without_trailing_date(e) for e in ents if e is not None]
        ents = [_relabel(e) for e in ents]
        ents = [part for e in ents for part in _split_leading_demonym(e)]
        ents = [part for e in ents for part in _split_trailing_person(e)]
        ents = [t for t in (_trim_person_titles(e) for e in ents) if t is not None]
        ents = [part for e in ents for part in name_shapes.split_leading_place(e)]
        ents = [name_shapes.without_leading_post(e) for e in ents]
        ents = [t for t in (name_shapes.without_trailing_post(e, TITLE_WORDS) for e in ents)
                if t is not None]
        ents = [name_kinds.relabel_by_head_noun(e) for e in ents]
        ents = [_place_after_preposition(e) for e in ents]
        ents = name_shapes.join_hyphenated_names(doc, ents)
        ents = name_shapes.join_name_particles(doc, ents)
        ents = _add_unlabelled_names(doc, ents)
        # Token texts and the text are read once: building Token objects, or the text
        # from them, is the slow part of a scan.
        texts = [t.text for t in doc]
        text = doc.text
        ents = name_shapes.add_offices_of_posts(doc, ents, text)
        ents = name_shapes.drop_words_inside_posts(doc, ents, texts, TITLE_WORDS)
        ents = [name_shapes.without_trailing_count(e) for e in ents]
        ents = name_shapes.drop_codes_and_tickers(ents)
        ents = [t for t in (name_kinds.relabel_things(e) for e in ents) if t is not None]
        ents = name_kinds.person_labels_by_document(ents, TITLE_WORDS)
        ents = name_shapes.drop_headline_names(doc, ents, text)
        ents = _add_gazetteer_matches(doc, ents, self.gazetteer_matches(doc, texts))
        ents = [part for e in ents for part in _split_parenthesised_acronym(e)]
        ents = _join_long_org_names(doc, ents)
        taken = {i for e in ents for i in range(e.start, e.end)}
        ents = filter_spans([name_kinds.with_body_after_place(
            name_kinds.with_subdivision_word(e), taken) for e in ents])
        ents, acronyms = _link_acronyms(doc, ents, texts)
        ents = place_typing.retype_places(doc, ents, TITLE_WORDS)
        ents = place_typing.dateline_places(doc, ents, text)
        return EntityFixResult(ents=filter_spans(ents), acronyms=acronyms)

    def gazetteer_matches(
        self, doc: Doc, texts: list[str]
    ) -> list[tuple[int | str, int, int]]:
        matches: list[tuple[int | str, int, int]] = list(self.gazetteer(doc))
        single = self.single_words
        matches.extend(
            (single[text], i, i + 1) for i, text in enumerate(texts) if text in single
        )
        return matches

    @staticmethod
    def set_annotations(doc: Doc, result: EntityFixResult) -> None:
        doc.ents = result.ents
        doc._.acronyms = result.acronyms


_ONE_WORD = re.compile(r"[^\W\d_]+")
_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def _phrase_docs(nlp: Language, phrases: Iterable[str]) -> list[Doc]:
    """Docs to match, built without the tokenizer where words alone decide the tokens
    (thousands of names: this keeps the pipeline's start-up short)."""
    return [
        Doc(nlp.vocab, words=p.split(" ")) if _PLAIN_WORDS.fullmatch(p) else nlp.make_doc(p)
        for p in phrases
    ]


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


def _split_at_line_breaks(ent: Span) -> list[Span]:
    """A headline's last word and the dateline below it are not one name."""
    parts: list[Span] = []
    start = ent.start
    for tok in ent:
        if tok.is_space or "\n" in tok.whitespace_:
            end = tok.i if tok.is_space else tok.i + 1
            if end > start:
                parts.append(Span(ent.doc, start, end, label=ent.label_))
            start = tok.i + 1
    if start == ent.start:
        return [ent]
    if start < ent.end:
        parts.append(Span(ent.doc, start, ent.end, label=ent.label_))
    return [p for p in parts if not all(t.is_space for t in p)]


_DANGLING = frozenset({"'s", "’s", "'", "of", "the", "and", "for", "on", ",", "-", "(", ":"})


def _without_dangling_words(ent: Span) -> Span | None:
    """ "the Border Service of" → "the Border Service"; "Kazakhstan's" → "Kazakhstan"."""
    end = ent.end
    while end > ent.start and ent.doc[end - 1].lower_ in _DANGLING:
        end -= 1
    if end == ent.start:
        return None
    return ent if end == ent.end else Span(ent.doc, ent.start, end, label=ent.label_)


_KNOWN_ORGANISATIONS = frozenset(KNOWN_ORGANISATIONS)


def _relabel(ent: Span) -> Span:
    text = ent.text
    if ent.label_ != "ORG" and text in _KNOWN_ORGANISATIONS:
        return Span(ent.doc, ent.start, ent.end, label="ORG")
    if ent.label_ in _MAY_RELABEL_TO_NORP and countries.country_by_demonym(text):
        if not countries.country_by_name(text):
            return Span(ent.doc, ent.start, ent.end, label="NORP")
    if ent.label_ in _MAY_RELABEL_TO_GPE and (
        countries.country_by_name(text) or countries.city_country(text)
    ):
        return Span(ent.doc, ent.start, ent.end, label="GPE")
    return ent


def _split_leading_demonym(ent: Span) -> list[Span]:
    """ "Kazakh Foreign Minister Murat Nurtleu" or "Kazakh Foreign" → NORP "Kazakh" + rest."""
    first = ent[0]
    if len(ent) < 2 or ent.label_ == "NORP" or not countries.country_by_demonym(first.text):
        return [ent]
    rest = ent.doc[first.i + 1 : ent.end]
    only_titles = all(t.lower_ in TITLE_WORDS for t in rest)
    if ent.label_ != "PERSON" and not only_titles:
        return [ent]  # "Kazakh Foreign Ministry" is the ministry's name
    parts = [Span(ent.doc, first.i, first.i + 1, label="NORP")]
    if not only_titles:
        parts.append(Span(ent.doc, rest.start, rest.end, label=ent.label_))
    return parts


def _looks_like_surname(word: str) -> bool:
    lower = word.lower()
    return word[:1].isupper() and len(word) > 4 and lower.endswith(SURNAME_ENDINGS)


def _split_trailing_person(ent: Span) -> list[Span]:
    """ "Economy Mikayil Jabbarov" tagged ORG: the capitalised name at its end is a person."""
    if ent.label_ in ("PERSON", "NORP") or len(ent) < 3:
        return [ent]
    last, given, before = ent[-1], ent[-2], ent[-3]
    if not (last.is_title and given.is_title and given.pos_ == "PROPN"):
        return [ent]
    # "Foreign Minister of Kazakhstan Murat Nurtleu": a country cannot open a person's name.
    place = countries.country_by_name(before.text) or countries.city_country(before.text)
    if not place:
        if not _looks_like_surname(last.text):
            return [ent]
        after_of = ent.start > 0 and ent.doc[ent.start - 1].lower_ == "of"
        if before.is_title and before.lower_ not in TITLE_WORDS and not after_of:
            return [ent]  # perhaps a three-word name: not sure where the person starts
    head = _relabel(Span(ent.doc, ent.start, given.i, label=ent.label_))
    person = Span(ent.doc, given.i, ent.end, label="PERSON")
    if all(t.lower_ in TITLE_WORDS for t in head) or head[-1].lower_ in ("of", "the"):
        return [person]
    return [head, person]


def _place_after_preposition(ent: Span) -> Span:
    """A one-word "person" right after "in"/"at" is a place ("talks at Akorda")."""
    if ent.label_ != "PERSON" or len(ent) != 1 or ent.start == 0:
        return ent
    before = ent.doc[ent.start - 1].lower_
    if before == "the" and ent.start > 1:
        before = ent.doc[ent.start - 2].lower_
    if before == "in":
        return Span(ent.doc, ent.start, ent.end, label="GPE")
    if before == "at":
        return Span(ent.doc, ent.start, ent.end, label="FAC")
    return ent


def _add_unlabelled_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Capitalised names the model missed: "Kassym-Jomart Tokayev" after a title, and
    the bare surname of a person named in full elsewhere in the article."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    added: list[Span] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in taken or not tok.is_title or tok.pos_ != "PROPN" or tok.lower_ in TITLE_WORDS:
            i += 1
            continue
        end = i
        while end < len(doc) and end not in taken and _name_token(doc, end):
            end += 1
        if doc[end - 1].text == "-":
            end -= 1
        words = [t.text for t in doc[i:end] if t.text != "-"]
        if words and (
            (1 < len(words) <= 4 and _looks_like_surname(words[-1]))
            or (len(words) == 1 and words[0] in surnames)
            or (1 < len(words) <= 3 and _after_post(doc, ents, i))
        ):
            # "of Ukraine Oleksandr Kubrakov": the country before the name is no part of it
            added += name_shapes.split_leading_place(Span(doc, i, end, label="PERSON"))
        i = max(end, i + 1)
    return [*ents, *added] if added else ents


def _after_post(doc: Doc, ents: list[Span], i: int) -> bool:
    """Token ``i`` follows a title ("Minister Ihor Zhovkva") or the body or country
    that ends a post ("Deputy Head of the Office of the President of Ukraine Ihor
    Zhovkva"): a name stands there."""
    if i == 0:
        return False
    if doc[i - 1].lower_ in TITLE_WORDS:
        return True
    before = next((e for e in ents if e.end == i and e.label_ in ("GPE", "ORG")), None)
    return (before is not None and before.start > 0
            and doc[before.start - 1].lower_ in ("of", "the"))


def _name_token(doc: Doc, i: int) -> bool:
    tok = doc[i]
    if tok.text == "-":
        return i + 1 < len(doc) and doc[i + 1].is_title and not doc[i].whitespace_
    return tok.pos_ == "PROPN" and tok.is_title and tok.lower_ not in TITLE_WORDS


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
    doc: Doc, ents: list[Span], matches: list[tuple[int | str, int, int]]
) -> list[Span]:
    taken = {i for e in ents for i in range(e.start, e.end)}
    added: list[Span] = []
    for match_id, start, end in matches:
        if any(i in taken for i in range(start, end)):
            continue
        # A capitalised word inside a longer capitalised name ("Georgia Power") is not a place.
        # (A neighbour that is already another entity is no part of it: "President of
        # Uzbekistan Shavkat Mirziyoyev".)
        if (end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN"
                and end not in taken):
            continue
        if (start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN"
                and start - 1 not in taken):
            continue
        added.append(Span(doc, start, end, label=match_id))
    if not added:
        return ents
    return filter_spans([*ents, *added])


def _split_parenthesised_acronym(ent: Span) -> list[Span]:
    """ "Shanghai Cooperation Organisation (SCO" as one entity → the name and the acronym."""
    doc = ent.doc
    for tok in ent:
        if tok.text == "(" and tok.i > ent.start:
            parts = [Span(doc, ent.start, tok.i, label=ent.label_)]
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 3 and _ACRONYM.match(doc[end].text):
                end += 1
            if end > tok.i + 1 and end < len(doc) and doc[end].text == ")":
                parts.append(Span(doc, tok.i + 1, end, label=ent.label_))
            return parts
    return [ent]


def _join_long_org_names(doc: Doc, ents: list[Span]) -> list[Span]:
    ents = sorted(ents, key=lambda e: e.start)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if ent.label_ in ("ORG", "LAW", "GPE", "NORP"):
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
    joined = _join_adjacent_name(doc, ent, nxt)
    return joined if joined is not None else _join_of_phrase(doc, ent, nxt)


def _join_adjacent_name(doc: Doc, ent: Span, nxt: Span | None) -> Span | None:
    """ "The Shanghai" + "Cooperation Organisation", split by the model, are one ORG."""
    if nxt is None or nxt.start != ent.end or nxt[-1].lower_ not in BODY_NOUNS:
        return None
    if not (nxt[0].is_title and "\n" not in ent[-1].whitespace_):
        return None
    return Span(doc, ent.start, nxt.end, label="ORG")


def _join_of_phrase(doc: Doc, ent: Span, nxt: Span | None) -> Span | None:
    """ "Council of Foreign Ministers" + "of the" + "CSTO" → one ORG; "Treaty" + "on" +
    "Allied Relations" → one LAW; "Ministry of Foreign Affairs" + "of" + "Ukraine" → one
    ORG (a state body's official name holds its country)."""
    if nxt is not None and nxt.label_ == "GPE" and ent.label_ == "ORG":
        return _join_of_country(doc, ent, nxt)
    if nxt is None or nxt.label_ not in ("ORG", "LAW"):
        return None
    head = ent[-1].lower_
    if head not in BODY_NOUNS and head not in TREATY_NOUNS:
        return None
    between = [t.lower_ for t in doc[ent.end : nxt.start]]
    if between not in (["of"], ["of", "the"], ["for"], ["for", "the"], ["on"], ["on", "the"]):
        return None
    label = "LAW" if head in TREATY_NOUNS and len(ent) == 1 else ent.label_
    return Span(doc, ent.start, nxt.end, label=label)


def _join_of_country(doc: Doc, ent: Span, nxt: Span) -> Span | None:
    words = [t.lower_ for t in ent if t.lower_ != "the"]
    if not words or (words[0] not in BODY_NOUNS and words[-1] not in BODY_NOUNS):
        return None
    between = [t.lower_ for t in doc[ent.end : nxt.start]]
    if between not in (["of"], ["of", "the"]) or countries.country_by_name(nxt.text) is None:
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


def _spelled_part(long_form: Span, acronym: str) -> Span:
    """The end of ``long_form`` that ``acronym`` abbreviates: "CSTO" in "Council of Foreign
    Ministers of the Collective Security Treaty Organization" → "Collective ... Organization".
    An acronym from another language ("GKNB") keeps the whole long form."""
    letters = acronym.replace(".", "").replace("-", "").upper()
    for start in range(long_form.start, long_form.end - 1):
        part = long_form.doc[start : long_form.end]
        if part[0].is_title and _initials(part) == letters:
            return part
    return long_form


def _link_acronyms(
    doc: Doc, ents: list[Span], texts: list[str]
) -> tuple[list[Span], dict[str, str]]:
    """Find "Long Name (ACR)" and "ACR (Long Name)", and ACR used beside its initials."""
    acronyms: dict[str, str] = {}
    by_start = {e.start: e for e in ents}
    by_end = {e.end: e for e in ents}
    added: list[Span] = []
    for tok in (doc[i] for i, text in enumerate(texts) if text == "("):
        close = next(
            (j for j in range(tok.i + 2, min(tok.i + 5, len(doc))) if doc[j].text == ")"), None
        )
        if close is None or not all(_ACRONYM.match(t.text) for t in doc[tok.i + 1 : close]):
            continue
        inner = doc[tok.i + 1 : close]
        long_form = by_end.get(tok.i)
        if long_form is None or long_form.label_ not in NAMED_LABELS:
            continue
        if long_form.label_ == "PERSON":
            continue
        acronyms[inner.text] = _spelled_part(long_form, inner.text.replace(" ", "")).text
        if inner.start not in by_start:
            added.append(Span(doc, inner.start, inner.end, label=long_form.label_))
    words = {text for text in texts if text.isupper()}
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
        for i, text in enumerate(texts):
            if text in acronyms and i not in taken:
                label = labels.get(acronyms[text], "ORG")
                added.append(Span(doc, i, i + 1, label=label))
                taken.add(i)
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
