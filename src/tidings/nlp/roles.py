"""Roles: who holds which post, as the article gives it.

The ``tidings_roles`` component writes ``doc._.roles``: a list of
:class:`~tidings.nlp.annotations.RoleAnnotation` (person entity index, title, rank,
organisation entity index, country ISO3, evidence span), in text order.

    >>> nlp.add_pipe("tidings_roles")   # after tidings_entity_groups
    >>> doc = nlp("Major General Kamchybek Tashiev, Chairman of Kyrgyzstan's State "
    ...           "Committee for National Security, met reporters.")
    >>> doc._.roles[0].rank, doc._.roles[0].title, doc._.roles[0].country
    ('Major General', 'Chairman', 'KGZ')

Where a post is read from, around each mention of a person:

- before the name: "Kazakh Foreign Minister X", "Major General X", "President of the
  Republic of Kazakhstan X", "Chairman of the State Border Committee of Belarus Major
  General X", "Deputy Prime Minister and Foreign Minister X";
- after it, in apposition: "X, Chairman of Kyrgyzstan's State Committee for ...",
  "X, the defence minister," and two posts joined by "and";
- in a relative clause: "X, who chairs the Security Council", "X, who is the ...";
- in an apposition before it: "the director of the Border Service of Tajikistan, Y";
- shared across a list: "Foreign Ministers A of Kazakhstan and B of Kyrgyzstan";
- "his Kazakh counterpart X" takes the post of the person named before, in KAZ.

Two posts may be joined by "and" or a spaced dash ("First Deputy Prime Minister –
Minister of Economy X"); "of", "for", "at" and "from" ("Senator from Vermont") lead the
post's body or place. The country of a post comes from a demonym or country before the
title, "of <country>", a possessive ("Kyrgyzstan's"), a country named inside the
organisation's name, or, in an article that names one country only, that country. A
post after "former" is past and is not recorded. The words come from the project's
lexicon (``tidings.nlp.titles``); the parse is consulted for appositions that precede
the name, token order for everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from tidings import countries
from tidings.nlp import extensions  # noqa: F401  (registers the Doc attributes)
from tidings.nlp.annotations import RoleAnnotation
from tidings.nlp.budget import check, timed
from tidings.nlp.lexicons import BODY_NOUNS, TITLE_WORDS
from tidings.nlp.titles import PostMatch, match_post

__all__ = ["RoleFinder", "make_roles"]

#: How far before a name a post may start (tokens).
_MAX_BEFORE = 24
#: How long a post phrase after a name may run before it must end (tokens).
_MAX_AFTER = 30
#: Tokens that end a phrase.
_STOPS = frozenset({",", ".", ";", ":", "(", ")", "—", "–", '"', "“", "”", "?", "!", "\n"})
_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its"})
_PAST = frozenset({"former", "ex", "then", "late", "outgoing", "previous"})
_POSSESSIVE = frozenset({"'s", "’s", "'"})
#: "X, who chairs ..." → the post a verb of office names.
_OFFICE_VERBS: dict[str, str] = {
    "chair": "Chairman", "head": "Head", "lead": "Head", "command": "Commander",
    "direct": "Director", "govern": "Governor", "run": "Head", "manage": "Director",
}  # fmt: skip
_ADVERBS = frozenset({"also", "currently", "now", "still", "concurrently", "simultaneously"})


@Language.factory(
    "tidings_roles",
    assigns=["doc._.roles"],
    requires=["doc._.entity_groups"],
)
def make_roles(nlp: Language, name: str) -> RoleFinder:
    return RoleFinder()


@dataclass(slots=True)
class _Post:
    """One post read from a phrase; tokens ``start:end`` are its evidence."""

    title: str | None
    rank: str | None
    organization: int | None
    country: str | None
    start: int
    end: int
    plural: bool = False


@dataclass(slots=True)
class _Phrase:
    """What a stretch of tokens says about one person: posts, a rank, countries."""

    start: int
    end: int
    titles: list[_Post] = field(default_factory=list)
    rank: str | None = None
    country: str | None = None  # for every post in the phrase that has none of its own
    counterpart: bool = False
    past: bool = False

    @property
    def has_post(self) -> bool:
        return bool(self.titles) or self.rank is not None

    @property
    def plural(self) -> bool:
        return any(p.plural for p in self.titles)


@dataclass(frozen=True, slots=True)
class _Mention:
    group: int
    start: int  # token indices
    end: int
    label: str


class _Index:
    """Token-level view of the entity groups, built once per document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.texts = [t.text for t in doc]
        self.lower = [t.lower() for t in self.texts]
        self.mention_at: dict[int, _Mention] = {}
        self.covering: dict[int, _Mention] = {}
        groups = doc._.entity_groups or ()
        self.countries: list[str | None] = []
        for g, group in enumerate(groups):
            self.countries.append(group.country)
            for start_char, end_char in group.mentions:
                span = doc.char_span(start_char, end_char, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                mention = _Mention(g, span.start, span.end, group.label)
                self.mention_at.setdefault(span.start, mention)
                for i in range(span.start, span.end):
                    self.covering.setdefault(i, mention)
        self.sent_start = [0] * len(doc)
        self.sent_end = [len(doc)] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i] = sent.start
                self.sent_end[i] = sent.end

    def people(self) -> list[_Mention]:
        return sorted(
            (m for m in self.mention_at.values() if m.label == "PERSON"), key=lambda m: m.start
        )

    def is_stop(self, i: int) -> bool:
        text = self.texts[i]
        return text in _STOPS or "\n" in text or self.doc[i].is_space

    def post_at(self, i: int, limit: int) -> PostMatch | None:
        """A rank, title or honorific starting at ``i`` and ending by ``limit``, not cut
        through an entity (the model's "Foreign Minister" ORG is a title; "Interior
        Ministry" is not)."""
        words = self.texts[i:limit]
        found = match_post(words, 0, BODY_NOUNS)
        if found is None:
            return None
        end = i + found.end
        inside = self.covering.get(end - 1)
        if inside is not None and inside.end > end:
            return None
        person = self.covering.get(i)
        if person is not None and person.label == "PERSON":
            return None
        return replace(found, start=i, end=end)

    def country_of_mention(self, m: _Mention) -> str | None:
        """ISO3 of a GPE/NORP mention, or of a country named inside an ORG's name."""
        known = self.countries[m.group] if m.group < len(self.countries) else None
        if known:
            return known
        text = self.doc[m.start : m.end].text
        if m.label in ("GPE", "LOC"):
            found = countries.country_by_name(text)
            if found is not None:
                return found.iso3
            city = countries.city_country(text)
            return city[1] if city else None
        if m.label == "NORP":
            found = countries.country_by_demonym(text)
            return found.iso3 if found else None
        return self.country_in_tokens(m.start, m.end)

    def country_in_tokens(self, start: int, end: int) -> str | None:
        """The first country or demonym among capitalised words ``start:end``."""
        for i in range(start, end):
            if not self.texts[i][:1].isupper():
                continue
            for n in (3, 2, 1):
                if i + n > end:
                    continue
                words = self.doc[i : i + n].text
                found = countries.country_by_name(words)
                if found is not None and self.texts[i + n - 1][:1].isupper():
                    return found.iso3
            found = countries.country_by_demonym(self.texts[i])
            if found is not None:
                return found.iso3
        return None


class RoleFinder:
    """Reads posts around person mentions; see the module docstring."""

    @timed("roles")
    def __call__(self, doc: Doc) -> Doc:
        roles = self.find(doc)
        self.set_annotations(doc, roles)
        return doc

    def find(self, doc: Doc) -> list[RoleAnnotation]:
        if not doc._.entity_groups:
            return []
        index = _Index(doc)
        people = index.people()
        found: list[tuple[_Mention, _Post, int, int]] = []  # mention, post, evidence tokens
        for person in people:
            check()
            before = _phrase_before(index, person)
            if before is not None and before.past:
                continue
            after = _phrase_after(index, person)
            earlier = _apposition_before(index, person, before)
            phrases = [p for p in (earlier, before, after) if p is not None and p.has_post]
            if before is not None and before.counterpart:
                phrases.append(_counterpart(index, person, before, found))
            for post in _combine(phrases, person):
                start = min(post.start, person.start)
                end = max(post.end, person.end)
                found.append((person, post, start, end))
            if before is None and not phrases:
                for post in _shared_by_list(index, person):
                    found.append((person, post, post.start, post.end))
        return _dedupe(doc, found)

    @staticmethod
    def set_annotations(doc: Doc, roles: list[RoleAnnotation]) -> None:
        doc._.roles = roles


# --- phrases ------------------------------------------------------------------------------


def _left_limit(index: _Index, end: int) -> int:
    """The earliest token a phrase ending at ``end`` may start at: not across a stop, a
    verb or the sentence start."""
    i = end
    floor = max(index.sent_start[end - 1] if end else 0, end - _MAX_BEFORE)
    while i > floor:
        tok = index.doc[i - 1]
        verb = tok.pos_ in ("VERB", "AUX") and not tok.is_title and i - 1 not in index.covering
        if index.is_stop(i - 1) and not _dash_between_posts(index, i - 1) or verb:
            break
        i -= 1
    return i


_DASHES = frozenset({"-", "\u2013", "\u2014"})


def _dash_between_posts(index: _Index, i: int) -> bool:
    """"First Deputy Prime Minister – Minister of Economy": a spaced dash joins two posts."""
    return (index.texts[i] in _DASHES and 0 < i < len(index.texts) - 1
            and bool(index.doc[i - 1].whitespace_) and bool(index.doc[i].whitespace_)
            and index.lower[i - 1] in TITLE_WORDS and index.lower[i + 1] in TITLE_WORDS)


def _phrase_before(index: _Index, person: _Mention) -> _Phrase | None:
    """The longest post phrase that ends right where the name starts."""
    s = person.start
    best: _Phrase | None = None
    for p in range(_left_limit(index, s), s):
        phrase = _parse(index, p, s, before_name=True)
        if phrase is not None:
            best = phrase
            break  # the earliest start that parses is the longest phrase
    return best


def _parse(index: _Index, start: int, end: int, before_name: bool) -> _Phrase | None:
    """Parse tokens ``start:end`` as a post phrase: [det] (country | org | post | "of" …)*.

    Before a name the phrase must end with a post or its "of" complement; after a name
    (``before_name`` false) it may go on with words that name no entity.
    """
    phrase = _Phrase(start=start, end=end)
    i = start
    current: _Post | None = None
    last_kind = ""
    pending_country: str | None = None
    while i < end:
        low = index.lower[i]
        if i == start and (low in _DETERMINERS or low in _POSSESSIVE_PRONOUNS):
            i += 1
            last_kind = "det"
            continue
        if low in _PAST and last_kind in ("", "det"):
            phrase.past = True
            i += 2 if i + 1 < end and index.texts[i + 1] == "-" else 1
            last_kind = "det"
            continue
        if low == "counterpart" or low == "counterparts":
            if not before_name:
                return None
            phrase.counterpart = True
            phrase.country = phrase.country or pending_country
            i += 1
            last_kind = "post"
            continue
        post = index.post_at(i, end)
        mention = index.mention_at.get(i)
        if post is not None and (mention is None or post.end >= mention.end):
            if post.kind == "rank":
                phrase.rank = phrase.rank or post.text
            elif post.kind == "title":
                current = _Post(post.text, None, None, None, i, post.end, post.plural)
                phrase.titles.append(current)
            i = post.end
            last_kind = "post"
            continue
        if (low == "and" or _dash_between_posts(index, i)) and last_kind in ("post", "of") \
                and i + 1 < end:
            nxt = index.post_at(i + 1, end)
            if nxt is not None and nxt.kind == "title":
                i += 1
                last_kind = "and"
                continue
            if before_name:
                return None
            break
        if low in ("of", "for", "at", "from") and last_kind in ("post", "of") \
                and current is not None:
            done = _complement(index, i, end, current)
            if done is None:
                if before_name:
                    return None
                break
            i = done
            last_kind = "of"
            continue
        if mention is not None and mention.end <= end and mention.label != "PERSON":
            country = index.country_of_mention(mention)
            j = mention.end
            if j < end and index.texts[j] in _POSSESSIVE:
                j += 1
            if mention.label == "ORG":
                # "Kazakh Foreign Ministry spokesman X": the body the coming post belongs to.
                pending_org = mention.group
                nxt = index.post_at(j, end)
                if nxt is None or nxt.kind != "title":
                    if before_name:
                        return None
                    break
                i = j
                post = nxt
                current = _Post(post.text, None, pending_org, None, i, post.end, post.plural)
                current.country = country
                phrase.titles.append(current)
                i = post.end
                last_kind = "post"
                continue
            if last_kind in ("", "det", "country"):
                pending_country = pending_country or country
                phrase.country = phrase.country or country
                i = j
                last_kind = "country"
                continue
        if index.texts[i][:1].isupper() and last_kind in ("", "det", "country"):
            demonym = countries.country_by_demonym(index.texts[i])
            if demonym is not None:
                phrase.country = phrase.country or demonym.iso3
                i += 1
                last_kind = "country"
                continue
        if before_name:
            return None
        break
    if before_name and last_kind not in ("post", "of"):
        return None
    if not before_name:
        phrase.end = _phrase_end(index, i, end, phrase)
    return phrase if (phrase.has_post or phrase.counterpart) else None


def _complement(index: _Index, i: int, end: int, post: _Post) -> int | None:
    """ "of [the] [Republic of] <GPE|ORG>['s <ORG>]" after a title: fill the post's country
    and organisation; returns where the complement ends, or None if it names no entity."""
    j = i + 1
    if j not in index.mention_at and j < end and index.lower[j] == "the":
        j += 1
    if j + 1 < end and index.lower[j] == "republic" and index.lower[j + 1] == "of":
        if j not in index.mention_at:
            j += 2
    mention = index.mention_at.get(j)
    if mention is None:
        # "for Central Asia", a name the model did not tag: consumed, nothing recorded.
        k = j
        while k < end and index.texts[k][:1].isupper() and k not in index.mention_at:
            k += 1
        if k > j and k - j <= 4:
            post.end = k
            return k
        return None
    if mention.end > end or mention.label == "PERSON":
        return None
    country = index.country_of_mention(mention)
    k = mention.end
    if mention.label in ("GPE", "NORP", "LOC"):
        if k < end and index.texts[k] in _POSSESSIVE:
            k += 1
            body = index.mention_at.get(k)
            if body is not None and body.label == "ORG" and body.end <= end:
                if post.organization is None:
                    post.organization = body.group
                post.country = post.country or country or index.country_of_mention(body)
                post.end = body.end
                return body.end
        if index.lower[i] == "of":
            post.country = post.country or country
        # "Special Representative for Central Asia": the area of the post, not its country.
        post.end = k
        return k
    if mention.label == "ORG":
        if post.organization is None:
            post.organization = mention.group
        post.country = post.country or country
        k = _of_place_after_body(index, k, end, post)
        post.end = k
        return k
    return None


def _of_place_after_body(index: _Index, k: int, end: int, post: _Post) -> int:
    """ "the Border Service of Kyrgyzstan['s State Committee …]" after the body's name
    (the model often ends the body's name at "of"): the country, and where it ends."""
    start = k if index.lower[k - 1] == "of" else k + 1
    if start != k and (k >= end or index.lower[k] != "of"):
        return k
    place = index.mention_at.get(start)
    if place is None or place.label not in ("GPE", "LOC") or place.end > end:
        return k
    post.country = post.country or index.country_of_mention(place)
    k = place.end
    if k + 1 < end and index.texts[k] in _POSSESSIVE:
        body = index.mention_at.get(k + 1)
        if body is not None and body.label == "ORG" and body.end <= end:
            return body.end
    return k


def _phrase_end(index: _Index, i: int, end: int, phrase: _Phrase) -> int:
    """After a name, a post phrase runs on over words that name no person until a stop."""
    last = max([p.end for p in phrase.titles] + [i])
    j = i
    while j < end and not index.is_stop(j):
        tok = index.doc[j]
        mention = index.mention_at.get(j)
        if mention is not None and mention.label == "PERSON":
            break
        if tok.pos_ in ("VERB", "AUX") or index.lower[j] in ("who", "which", "that", "and"):
            break
        j += 1
        last = j
    return last


def _phrase_after(index: _Index, person: _Mention) -> _Phrase | None:
    """ "X, <post phrase>," or "X, who chairs …," right after the name."""
    e = person.end
    doc_len = len(index.texts)
    if e + 1 >= doc_len or index.texts[e] not in (",", "("):
        return None
    limit = min(index.sent_end[e], e + 1 + _MAX_AFTER)
    start = e + 1
    if index.lower[start] == "who":
        return _relative_clause(index, start, limit)
    phrase = _parse(index, start, limit, before_name=False)
    if phrase is None or phrase.past:
        return None
    # "…, President Putin and …": a post that goes on into a name is that person's.
    after = index.mention_at.get(phrase.end)
    if after is not None and after.label == "PERSON":
        return None
    first = phrase.titles[0].start if phrase.titles else phrase.end
    if first - start > 6:
        return None
    return phrase


def _relative_clause(index: _Index, who: int, limit: int) -> _Phrase | None:
    i = who + 1
    while i < limit and index.lower[i] in _ADVERBS:
        i += 1
    if i >= limit:
        return None
    verb = index.doc[i]
    lemma = verb.lemma_.lower()
    if lemma in ("be", "serve", "remain") and verb.tag_ in ("VBZ", "VBP"):
        j = i + 1
        while j < limit and (index.lower[j] in _ADVERBS or index.lower[j] == "as"):
            j += 1
        phrase = _parse(index, j, limit, before_name=False)
        if phrase is None or phrase.past:
            return None
        return phrase
    if lemma in _OFFICE_VERBS and verb.tag_ in ("VBZ", "VBP"):
        post = _Post(_OFFICE_VERBS[lemma], None, None, None, i, i + 1)
        phrase = _Phrase(start=i, end=i + 1, titles=[post])
        j = i + 1
        while j < limit and not index.is_stop(j):
            mention = index.mention_at.get(j)
            if mention is not None and mention.label != "PERSON" and mention.end <= limit:
                country = index.country_of_mention(mention)
                if mention.label == "ORG" and post.organization is None:
                    post.organization = mention.group
                post.country = post.country or country
                j = mention.end
                post.end = j
                continue
            if index.doc[j].pos_ in ("VERB", "AUX") or index.lower[j] in ("and", "who", "which"):
                break
            j += 1
        if post.organization is None and post.country is None:
            return None  # "who leads the talks": no body, no post
        phrase.end = post.end
        return phrase
    return None


def _apposition_before(
    index: _Index, person: _Mention, before: _Phrase | None
) -> _Phrase | None:
    """ "the director of the Border Service of Tajikistan, Y": a post phrase that ends
    in a comma before the name (or before the rank in front of it), per the parse."""
    s = before.start if before is not None else person.start
    comma = s - 1
    if comma < 1 or index.texts[comma] != ",":
        return None
    root = index.doc[person.start : person.end].root
    while root.head.i != root.i and s <= root.head.i < person.end:
        root = root.head  # "Major General X": the rank may head the name in the parse
    head = None
    if root.dep_ == "appos" and root.head.i < comma:
        head = root.head
    else:
        head = next(
            (c for c in root.children if c.dep_ == "appos" and c.i < comma), None
        )
    if head is None:
        return None
    start = head.left_edge.i
    if start < index.sent_start[person.start]:
        return None
    phrase = _parse(index, start, comma, before_name=True)
    if phrase is None or phrase.past or phrase.counterpart:
        return None
    return phrase


def _counterpart(
    index: _Index,
    person: _Mention,
    before: _Phrase,
    found: list[tuple[_Mention, _Post, int, int]],
) -> _Phrase:
    """ "his Kazakh counterpart X": the title of the last person with a post before."""
    phrase = _Phrase(start=before.start, end=before.end, country=before.country)
    sentence = index.sent_start[person.start]
    floor = index.sent_start[sentence - 1] if sentence > 0 else 0  # this or the last sentence
    for other, post, _, _ in reversed(found):
        if other.group == person.group or other.start < floor:
            continue
        if post.title is not None:
            phrase.titles.append(_Post(post.title, None, None, None, before.start, before.end))
            break
    return phrase


def _combine(phrases: list[_Phrase], person: _Mention) -> list[_Post]:
    """One mention's phrases → its posts: the rank joins every title; a rank alone is a
    post of its own; a phrase's country fills posts that have none."""
    rank = next((p.rank for p in phrases if p.rank), None)
    posts: list[_Post] = []
    for phrase in phrases:
        # "Deputy Prime Minister and Foreign Minister of Kazakhstan": one country for both.
        named = {p.country for p in phrase.titles if p.country}
        shared = phrase.country or (named.pop() if len(named) == 1 else None)
        for post in phrase.titles:
            posts.append(
                replace(post, rank=rank, country=post.country or shared,
                        start=min(post.start, phrase.start), end=max(post.end, phrase.end))
            )
    if not posts and rank is not None:
        spans = [p for p in phrases if p.rank]
        start = min(p.start for p in spans)
        end = max(p.end for p in spans)
        country = next((p.country for p in phrases if p.country), None)
        posts.append(_Post(None, rank, None, country, start, end))
    if posts and rank is not None:
        # The rank's own words are evidence too: "Major General X, Chairman of …".
        first = min(p.start for p in phrases if p.rank)
        posts = [replace(p, start=min(p.start, first)) for p in posts]
    return posts


def _of_country(index: _Index, end: int) -> tuple[str | None, int]:
    """ "A of Kazakhstan": the country right after a name, and where it ends."""
    if end + 1 < len(index.texts) and index.lower[end] == "of":
        mention = index.mention_at.get(end + 1)
        if mention is not None and mention.label in ("GPE", "LOC"):
            return index.country_of_mention(mention), mention.end
    return None, end


def _shared_by_list(index: _Index, person: _Mention) -> list[_Post]:
    """ "Foreign Ministers A of Kazakhstan and B of Kyrgyzstan": B shares the plural title
    before A (walking back over the names and "of <country>" of the list)."""
    own_country, end = _of_country(index, person.end)
    j = person.start
    for _ in range(6):  # list items
        if j < 2 or index.lower[j - 1] not in (",", "and"):
            return []
        j -= 1
        if index.lower[j] == "and" and index.lower[j - 1] == ",":
            j -= 1
        gpe = index.covering.get(j - 1)
        if gpe is not None and gpe.label in ("GPE", "LOC") and index.lower[gpe.start - 1] == "of":
            j = gpe.start - 1
        name_end = j
        while j > 0 and j - name_end > -5 and (
            index.texts[j - 1][:1].isupper() or index.texts[j - 1] == "-"
        ) and index.post_at(j - 1, name_end) is None:
            j -= 1
        if j == name_end:
            return []
        ahead = _Mention(person.group, j, name_end, "PERSON")
        phrase = _phrase_before(index, ahead)
        if phrase is not None:
            if not phrase.plural and not (phrase.rank and not phrase.titles):
                return []
            posts = [
                _Post(t.title, phrase.rank, t.organization, own_country, phrase.start, end)
                for t in phrase.titles
            ]
            return posts or [_Post(None, phrase.rank, None, own_country, phrase.start, end)]
    return []


def _dedupe(
    doc: Doc, found: list[tuple[_Mention, _Post, int, int]]
) -> list[RoleAnnotation]:
    """Text order; the same post of the same person once; a post that says less than
    another of the same person (no country where the other has one) is dropped."""
    roles: list[RoleAnnotation] = []
    for person, post, start, end in sorted(found, key=lambda f: (f[2], f[0].start)):
        country, k = None, end
        if post.country is None:
            country, k = _of_country_doc(doc, person.end)
        last = doc[max(end, k) - 1]
        roles.append(
            RoleAnnotation(
                entity=person.group,
                title=post.title,
                rank=post.rank,
                organization=post.organization,
                country=post.country or country,
                start=doc[start].idx,
                end=last.idx + len(last.text),
            )
        )
    roles = _country_of_one_country_article(doc, roles)
    kept: list[RoleAnnotation] = []
    for role in roles:
        check()  # every role against every other
        if any(_covers(other, role) for other in roles):
            continue
        if not any(_same(other, role) for other in kept):
            kept.append(role)
    return kept


def _country_of_one_country_article(
    doc: Doc, roles: list[RoleAnnotation]
) -> list[RoleAnnotation]:
    """In an article that names one country only (by name, demonym, city or a post's
    country), a civil post with no country of its own is that country's ("A Spanish court
    ... prime minister Pedro Sánchez"). Where two countries are named, nothing is
    guessed: a post may belong to either."""
    if not any(r.country is None and r.title for r in roles):
        return roles
    named = {r.country for r in roles if r.country}
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC"):
            iso3 = countries.place_country(ent.text)
        elif ent.label_ == "NORP":
            demonym = countries.country_by_demonym(ent.text)
            iso3 = demonym.iso3 if demonym is not None else None
        else:
            continue
        if iso3:
            named.add(iso3)
        if len(named) > 1:
            return roles
    if len(named) != 1:
        return roles
    (only,) = named
    return [replace(r, country=only) if r.country is None and r.title else r for r in roles]


def _of_country_doc(doc: Doc, end: int) -> tuple[str | None, int]:
    """ "Foreign Minister Nurtleu of Kazakhstan": a country right after the name."""
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        ent = next((e for e in doc.ents if e.start == end + 1), None)
        if ent is not None and ent.label_ in ("GPE", "LOC"):
            found = countries.country_by_name(ent.text)
            if found is not None:
                return found.iso3, ent.end
    return None, end


def _key(role: RoleAnnotation) -> tuple[object, ...]:
    return (role.entity, role.title, role.rank, role.organization, role.country)


def _same(a: RoleAnnotation, b: RoleAnnotation) -> bool:
    return _key(a) == _key(b)


def _covers(a: RoleAnnotation, b: RoleAnnotation) -> bool:
    """Whether ``a`` says all that ``b`` says about the same person, and more."""
    if a.entity != b.entity or _same(a, b):
        return False
    if b.title is not None and a.title != b.title:
        # "Deputy Secretary" says less than "Deputy Secretary of State".
        if a.title is None or not a.title.startswith(b.title + " "):
            return False
    for x, y in ((a.rank, b.rank), (a.organization, b.organization), (a.country, b.country)):
        if y is not None and x != y:
            return False
    return True
