"""Group entity mentions into entities within one article.

A full name, the surname alone and transliteration variants of one person
("Shavkat Mirziyoyev", "Shavkat Mirziyoev", "Mirziyoyev") form one group; other
entities group by their folded text, countries by ISO code ("US", "the United States"),
acronyms with their long form. Each group has one canonical name and all aliases.
Writes ``doc._.entity_groups``: list[EntityGroup], in order of first mention.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from tidings import countries
from tidings.nlp import extensions  # noqa: F401
from tidings.nlp.budget import check, timed
from tidings.nlp.lexicons import NAMED_LABELS
from tidings.nlp.names import fold, same_name_word, skeleton, strip_article


@dataclass(frozen=True, slots=True)
class EntityGroup:
    label: str
    name: str
    aliases: tuple[str, ...]
    mentions: tuple[tuple[int, int], ...]  # character offsets into doc.text
    country: str | None = None  # ISO alpha-3, when the entity is a known country


@dataclass(slots=True)
class _Group:
    key: str
    spans: list[Span] = field(default_factory=list)
    name_words: list[list[str]] = field(default_factory=list)

    @property
    def labels(self) -> Counter[str]:
        return Counter(s.label_ for s in self.spans)


@Language.factory(
    "tidings_entity_groups",
    assigns=["doc._.entity_groups"],
    requires=["doc.ents", "doc._.acronyms"],
)
def make_entity_groups(nlp: Language, name: str) -> EntityGrouper:
    return EntityGrouper()


class EntityGrouper:
    @timed("entity grouping")
    def __call__(self, doc: Doc) -> Doc:
        doc._.entity_groups = self.group(doc)
        return doc

    def group(self, doc: Doc) -> list[EntityGroup]:
        ents = [e for e in doc.ents if e.label_ in NAMED_LABELS]
        acronyms = doc._.acronyms or {}
        people = _group_people([e for e in ents if e.label_ == "PERSON"])
        others = _group_by_key([e for e in ents if e.label_ != "PERSON"], acronyms)
        others = _absorb_surnames(people, others)
        groups = [*people, *others]
        groups.sort(key=lambda g: min(s.start for s in g.spans))
        return [_finish(g, acronyms) for g in groups]


def _name_words(span: Span) -> list[str]:
    words = [t.text for t in span if t.is_alpha or "-" in t.text or "'" in t.text]
    if words and words[-1].endswith(("'s", "’s")):
        words[-1] = words[-1][:-2]
    return [w for w in words if w]


def _compatible(words: list[str], known: list[str]) -> bool:
    """Whether name words fit a known fuller name: same surname, no clashing given name."""
    if not words or not known:
        return False
    if not same_name_word(words[-1], known[-1]):
        return False
    if len(words) == 1 or len(known) == 1:
        return True
    # Given names must agree where both are present (initials count as agreement).
    a, b = words[0], known[0]
    if len(a.rstrip(".")) == 1 or len(b.rstrip(".")) == 1:
        return a[0].lower() == b[0].lower()
    return same_name_word(a, b)


def _surname_keys(word: str) -> set[str]:
    """Keys under which two name words that ``same_name_word`` may join meet: the
    skeleton, and for skeletons long enough to allow one edit, each with one letter
    dropped (two words one edit apart share one of these)."""
    key = skeleton(word)
    if len(key) < 6:
        return {key}
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


class _SurnameIndex:
    """Groups by the keys of the last words of their distinct names, so that a name is
    compared only with the groups whose surname it may share, and only with each
    distinct spelling once, not with every mention of every group."""

    def __init__(self) -> None:
        self._groups: dict[str, dict[int, _Group]] = {}
        self.names: dict[int, dict[tuple[str, ...], list[str]]] = {}  # group → its names

    def add(self, group: _Group, words: list[str]) -> None:
        names = self.names.setdefault(id(group), {})
        if tuple(words) in names:
            return
        names[tuple(words)] = words
        for key in _surname_keys(words[-1]):
            self._groups.setdefault(key, {})[id(group)] = group

    def candidates(self, word: str) -> list[_Group]:
        """The groups ``word`` may share a surname with, in the order they were made."""
        found: dict[int, _Group] = {}
        for key in _surname_keys(word):
            found.update(self._groups.get(key, {}))
        return sorted(found.values(), key=_made)


def _group_people(spans: list[Span]) -> list[_Group]:
    groups: list[_Group] = []
    index = _SurnameIndex()
    # Fuller names first, so that a bare surname joins the person it abbreviates.
    ordered = sorted(spans, key=lambda s: (-len(_name_words(s)), s.start))
    for span in ordered:
        check()
        words = _name_words(span)
        if not words:
            continue
        match = _best_person_group(index, words, span.start)
        if match is None:
            match = _Group(key=f"person:{skeleton(words[-1])}:{len(groups)}")
            groups.append(match)
        index.add(match, words)
        match.spans.append(span)
        match.name_words.append(words)
    return groups


def _best_person_group(index: _SurnameIndex, words: list[str], start: int) -> _Group | None:
    candidates = [
        g for g in index.candidates(words[-1])
        if any(_compatible(words, known) for known in index.names[id(g)].values())
    ]
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    # Several people share the surname: take the one mentioned last before this mention.
    def last_before(g: _Group) -> int:
        before = [s.start for s in g.spans if s.start <= start]
        return max(before) if before else -1

    return max(candidates, key=last_before)


def _made(group: _Group) -> int:
    """The order in which person groups were made (their key ends with it)."""
    return int(group.key.rsplit(":", 1)[1])


def _entity_key(span: Span, acronyms: dict[str, str]) -> str:
    text = strip_article(span.text)
    if text in acronyms:
        text = strip_article(acronyms[text])
    if span.label_ in ("GPE", "LOC"):
        country = countries.country_by_name(text)
        if country is not None:
            return f"country:{country.iso3}"
    if span.label_ == "NORP":
        country = countries.country_by_demonym(text)
        if country is not None:
            return f"people:{country.iso3}"
    return "text:" + " ".join(skeleton(w) for w in fold(text).split())


def _group_by_key(spans: list[Span], acronyms: dict[str, str]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for span in spans:
        key = _entity_key(span, acronyms)
        group = groups.setdefault(key, _Group(key=key))
        group.spans.append(span)
    return list(groups.values())


def _absorb_surnames(people: list[_Group], others: list[_Group]) -> list[_Group]:
    """A surname the model tagged ORG or GPE elsewhere ("Tashiev said") joins the person."""
    kept: list[_Group] = []
    index = _SurnameIndex()
    for person in people:
        for name in person.name_words:
            if len(name) > 1:
                index.add(person, name)
    for group in others:
        check()  # each group against every person
        words = [_name_words(s) for s in group.spans]
        single = all(len(w) == 1 for w in words) and words
        target = None
        if single and not group.key.startswith(("country:", "people:")):
            target = next(
                (
                    p
                    for p in index.candidates(words[0][0])  # the first made wins
                    if any(same_name_word(words[0][0], k[-1])
                           for k in index.names[id(p)].values())
                ),
                None,
            )
        if target is None:
            kept.append(group)
            continue
        target.spans.extend(group.spans)
        target.name_words.extend(words)
    return kept


def _finish(group: _Group, acronyms: dict[str, str]) -> EntityGroup:
    label = _majority_label(group)
    surfaces = [strip_article(s.text) for s in group.spans]
    country = None
    if group.key.startswith(("country:", "people:")):
        country = group.key.split(":", 1)[1]
    name = _canonical_name(group, label, surfaces, acronyms)
    aliases = tuple(dict.fromkeys(s for s in surfaces if s and s != name))
    mentions = tuple(sorted((s.start_char, s.end_char) for s in group.spans))
    return EntityGroup(label=label, name=name, aliases=aliases, mentions=mentions, country=country)


def _majority_label(group: _Group) -> str:
    counts = group.labels
    if "PERSON" in counts and group.key.startswith("person:"):
        return "PERSON"
    return counts.most_common(1)[0][0]


def _canonical_name(
    group: _Group, label: str, surfaces: list[str], acronyms: dict[str, str]
) -> str:
    if group.key.startswith("country:"):
        found = countries.country_by_name(surfaces[0])
        if found is not None:
            return found.name
    if label == "PERSON":
        by_length = Counter(surfaces)
        return max(
            dict.fromkeys(surfaces),
            key=lambda s: (len(s.split()), by_length[s], -surfaces.index(s)),
        )
    full_forms = [s for s in surfaces if s not in acronyms]
    if not full_forms:
        # Only the acronym occurs as an entity; its long form is inside a longer name.
        return strip_article(acronyms[surfaces[0]]) if surfaces[0] in acronyms else surfaces[0]
    pool = full_forms
    counts = Counter(pool)
    return max(dict.fromkeys(pool), key=lambda s: (len(s) > 5 and len(s.split()) > 1, counts[s], len(s)))
