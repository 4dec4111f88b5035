"""Coreference within one article: pronouns, bare surnames and descriptions.

The ``tidings_coref`` component writes ``doc._.coref``: a list of
:class:`~tidings.nlp.annotations.CorefMention` (entity index, character span), sorted
by start. ``convert`` adds each as a mention of its entity.

    >>> nlp.add_pipe("tidings_coref")   # after tidings_roles
    >>> doc = nlp("Kamchybek Tashiev met Saimumin Yatimov. He said the talks went well.")
    >>> [(doc._.entity_groups[c.entity].name, doc.text[c.start:c.end]) for c in doc._.coref]
    [('Kamchybek Tashiev', 'He')]

Rule-based, in text order, so that a resolved mention is itself an antecedent later:

- **Pronouns** (he/him/his/himself, she/her/hers/herself, they/them/their, its) go to
  the most salient compatible antecedent within three sentences. Salience is the
  grammatical role of a candidate's mention (subject of the main clause 100, other
  subject 80, object 60, possessor 55, other 45), halved per sentence back; so the
  subject of the previous sentence beats a nearer object. A pronoun that is an argument
  of a verb never takes that verb's other argument ("Tashiev thanked him"). Gender comes
  from the article: an honorific (Mr, Mrs), a gendered title (Chairwoman), or a pronoun
  already linked to the person; a known gender rules out the other pronoun. Plural
  pronouns take people joined by "and", organisations or plural nationalities. Noun
  phrases that name no entity ("the parties", "a senior official") compete too, so that
  a pronoun meaning one of them is left unlinked rather than linked to a wrong entity.
  "its" links only to an organisation or country that is the subject of its clause.
- **Surnames** alone that no earlier stage made a mention ("Tashiev" missed by the
  model) go to the person whose name ends in them, the most recent first.
- **Descriptions** with a definite determiner ("the minister", "the Kazakh official",
  "the general", "his Kazakh counterpart", "the two leaders", "the ministry", "the Tajik
  side", "these armed groups") go to the most recently mentioned entity whose posts
  (title, rank, country) or name fit; "the X side" to the country X.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from tidings import countries
from tidings.nlp import extensions  # noqa: F401  (registers the Doc attributes)
from tidings.nlp.annotations import CorefMention, RoleAnnotation
from tidings.nlp.budget import check, timed
from tidings.nlp.lexicons import BODY_NOUNS
from tidings.nlp.names import same_name_word
from tidings.nlp.titles import HEAD_OF, gender_of_title, is_person_noun, match_post, singular

__all__ = ["CorefResolver", "make_coref"]

_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_REFLEXIVE = frozenset({"himself", "herself", "themselves"})
_POSSESSIVE = frozenset({"his", "her", "hers", "their", "theirs", "its"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "both"})
_TWO = frozenset({"two", "both"})
#: How many sentences back a pronoun looks for its antecedent.
_PRONOUN_WINDOW = 3
#: How far back, in sentences, an expression looks for what it refers to: more than
#: any rule here needs in an article of usual length (a 2,000-word article has about
#: 90), and what keeps a book-length text linear.
_LOOKBACK_SENTENCES = 120
#: Generic person nouns and the title words each may stand for ("" = any post).
_GENERIC: dict[str, tuple[str, ...]] = {
    "official": ("",), "counterpart": ("",), "politician": ("",), "lawmaker": ("",),
    "officer": ("",),
    "leader": ("president", "prime minister", "premier", "chairman", "head", "leader",
               "chancellor", "king", "emir", "sultan", "secretary general",
               "secretary-general"),
    "diplomat": ("foreign", "ambassador", "envoy", "consul", "secretary of state",
                 "chargé", "charge"),
    "general": ("general",), "commander": ("commander", "general", "colonel", "admiral"),
    "envoy": ("envoy", "representative", "ambassador"),
    "chief": ("chief", "head", "chairman", "director", "commander"),
    "head": ("head", "chief", "chairman", "director"),
}  # fmt: skip
#: Body nouns that stand for any international or official organisation.
_ANY_BODY = frozenset({"organisation", "organization", "bloc", "alliance", "body"})
_BODY_NAME_WORDS = frozenset(
    {"organisation", "organization", "union", "alliance", "treaty", "community",
     "commonwealth", "council", "bloc", "pact"}
)
_GROUP_HEADS = frozenset(BODY_NOUNS | _ANY_BODY | {"group", "government", "side"})
_ROLE_WEIGHTS = {"main_subject": 100.0, "subject": 80.0, "object": 60.0, "possessor": 55.0,
                 "other": 45.0}


@Language.factory(
    "tidings_coref",
    assigns=["doc._.coref"],
    requires=["doc._.entity_groups", "doc._.roles"],
)
def make_coref(nlp: Language, name: str) -> CorefResolver:
    return CorefResolver()


@dataclass(slots=True)
class _Record:
    """A mention that later expressions may refer to (entities None: an unlinked NP)."""

    entities: tuple[int, ...]
    start: int  # token indices
    end: int
    sentence: int
    role: str
    head: int  # token index of the governing verb (or the token itself)
    plural: bool
    kind: str  # PERSON, ORG, GPE, NORP, NP-PERSON, NP-THING


@dataclass(slots=True)
class _Profile:
    """What the article says about one entity."""

    label: str
    name_words: list[str] = field(default_factory=list)
    gender: str | None = None
    titles: list[str] = field(default_factory=list)  # lower-cased titles and ranks
    countries: set[str] = field(default_factory=set)
    organizations: set[int] = field(default_factory=set)
    name: str = ""
    country: str | None = None


class CorefResolver:
    """Resolves pronouns, surnames and descriptions; see the module docstring."""

    @timed("coreference")
    def __call__(self, doc: Doc) -> Doc:
        links = self.resolve(doc)
        self.set_annotations(doc, links)
        return doc

    def resolve(self, doc: Doc) -> list[CorefMention]:
        groups = doc._.entity_groups or ()
        if not groups:
            return []
        return _Resolver(doc).run()

    @staticmethod
    def set_annotations(doc: Doc, links: list[CorefMention]) -> None:
        doc._.coref = links


class _Resolver:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.groups = doc._.entity_groups
        self.roles: list[RoleAnnotation] = list(doc._.roles or ())
        self.sentence_of = [0] * len(doc)
        self.sentence_starts: list[int] = []
        for n, sent in enumerate(doc.sents):
            self.sentence_starts.append(sent.start)
            for i in range(sent.start, sent.end):
                self.sentence_of[i] = n
        self.covering: dict[int, int] = {}  # token → group
        self.mentions: list[tuple[int, int, int]] = []  # (start, end, group) tokens
        self._starts_of: dict[int, list[int]] | None = None  # group → mention starts
        for g, group in enumerate(self.groups):
            for start_char, end_char in group.mentions:
                span = doc.char_span(start_char, end_char, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                self.mentions.append((span.start, span.end, g))
                for i in range(span.start, span.end):
                    self.covering.setdefault(i, g)
        self.mentions.sort()
        self.in_role: set[int] = set()
        for role in self.roles:
            span = doc.char_span(role.start, role.end, alignment_mode="expand")
            if span is not None:
                self.in_role.update(range(span.start, span.end))
        self.profiles = self._profiles()

    # --- profiles -------------------------------------------------------------------------

    def _profiles(self) -> list[_Profile]:
        profiles = []
        for group in self.groups:
            words = group.name.replace("-", " ").split()
            profiles.append(
                _Profile(label=group.label, name_words=words, name=group.name.lower(),
                         country=group.country)
            )
        for role in self.roles:
            p = profiles[role.entity]
            for text in (role.title, role.rank):
                if text:
                    p.titles.append(text.lower())
                    p.gender = p.gender or gender_of_title(text)
            if role.country:
                p.countries.add(role.country)
            if role.organization is not None:
                p.organizations.add(role.organization)
                org_country = self.groups[role.organization].country
                if org_country:
                    p.countries.add(org_country)
        texts = [t.text for t in self.doc]
        for start, _, g in self.mentions:
            if profiles[g].label != "PERSON" or start == 0:
                continue
            for back in (1, 2):
                if start - back < 0:
                    break
                found = match_post(texts[start - back : start], 0)
                if found is not None and found.kind == "honorific" and found.gender:
                    profiles[g].gender = profiles[g].gender or found.gender
                    break
        return profiles

    # --- records ------------------------------------------------------------------------

    @staticmethod
    def _role_of(token: Token) -> tuple[str, int]:
        """(role, governing token) of a mention's root; a conjunct or an apposition takes
        the role of the word it hangs from, up a chain of any length (a loop, not
        recursion: a list of thousands of names must not exhaust the stack)."""
        while True:
            dep = token.dep_
            verb = token.head.i
            if dep in ("nsubj", "nsubjpass"):
                main = token.head.dep_ == "ROOT"
                return ("main_subject" if main else "subject"), verb
            if dep in ("dobj", "dative", "attr", "oprd"):
                return "object", verb
            if dep == "poss":
                return "possessor", verb
            if dep == "pobj" and token.head.head is not None:
                return "other", token.head.head.i
            if dep in ("conj", "appos") and verb != token.i:
                token = token.head
                continue
            return "other", verb

    def _entity_records(self) -> list[_Record]:
        records: list[_Record] = []
        seen_conj: set[int] = set()
        for start, end, g in self.mentions:
            check()  # a conjoined person walks the whole list: quadratic in a long one
            label = self.groups[g].label
            root = self.doc[start:end].root
            role, head = self._role_of(root)
            if label == "NORP":
                plural = root.tag_ in ("NNS", "NNPS") or self.doc[end - 1].text.endswith("s")
                if not plural:
                    continue  # "Kazakh" as an adjective refers to nothing by itself
                records.append(_Record((g,), start, end, self.sentence_of[start], role, head,
                                       True, "NORP"))
                continue
            records.append(_Record((g,), start, end, self.sentence_of[start], role, head,
                                   False, label))
            if label == "PERSON" and start not in seen_conj:
                partners = self._conjoined_people(root)
                if partners:
                    members = (g, *(p for p, _ in partners))
                    last = max(e for _, e in partners)
                    seen_conj.update(s for s, _ in partners)
                    records.append(_Record(tuple(dict.fromkeys(members)), start, last,
                                           self.sentence_of[start], role, head, True,
                                           "PERSON"))
        return records

    def _conjoined_people(self, root: Token) -> list[tuple[int, int]]:
        """Groups of the people joined to ``root`` by "and": (group, end token), in the
        depth-first order of the parse (an explicit stack: chains may be thousands long)."""
        found = []
        stack = [iter(root.children)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            if child.dep_ == "conj":
                g = self.covering.get(child.i)
                if g is not None and self.groups[g].label == "PERSON":
                    found.append((g, child.i + 1))
                    stack.append(iter(child.children))
        return found

    def _np_records(self) -> list[_Record]:
        """Subjects and objects that name no entity: rivals that keep a pronoun unlinked
        when it means one of them."""
        records = []
        for token in self.doc:
            if token.dep_ not in ("nsubj", "nsubjpass", "dobj") or token.i in self.covering:
                continue
            if token.pos_ not in ("NOUN",) or token.tag_ not in ("NN", "NNS"):
                continue
            base, plural = singular(token.lower_)
            person = is_person_noun(base) or base in ("people", "party", "side", "delegation",
                                                      "resident", "soldier", "troop", "parties")
            role, head = self._role_of(token)
            kind = "NP-PERSON" if person else "NP-THING"
            records.append(_Record((), token.left_edge.i, token.i + 1,
                                   self.sentence_of[token.i], role, head,
                                   plural or token.tag_ == "NNS", kind))
        return records

    # --- run ------------------------------------------------------------------------------

    def run(self) -> list[CorefMention]:
        records = sorted(self._entity_records() + self._np_records(), key=lambda r: r.start)
        record_starts = [r.start for r in records]
        record_sentences = [r.sentence for r in records]  # in text order, so sorted
        expressions = self._expressions()
        links: list[CorefMention] = []
        done: list[_Record] = []  # records from resolved expressions, in text order
        done_sentences: list[int] = []
        resolved_ends: set[int] = set()
        for kind, start, end, info in expressions:
            check()
            # The records of the last _LOOKBACK_SENTENCES sentences before the expression.
            earliest = self.sentence_of[start] - _LOOKBACK_SENTENCES
            window = records[bisect_left(record_sentences, earliest):
                             bisect_left(record_starts, start)]
            before = [
                r for r in window
                if r.end <= start and (r.entities or r.end not in resolved_ends)
            ]
            before += [r for r in done[bisect_left(done_sentences, earliest):]
                       if r.end <= start]
            if kind == "pro":
                entities = self._pronoun(start, before)
            elif kind == "surname":
                entities = info
            else:
                entities = self._description(start, end, info, before)
            token = self.doc[end - 1]
            role, head = self._role_of(token if kind != "desc" else self.doc[info["head"]])
            if entities is None:
                continue
            plural = len(entities) > 1 or (kind == "pro" and self.doc[start].lower_ in _PLURAL)
            record_kind = self.groups[entities[0]].label if entities else "NP-PERSON"
            done.append(_Record(entities, start, end, self.sentence_of[start], role, head,
                                plural, record_kind))
            done_sentences.append(self.sentence_of[start])
            resolved_ends.add(end)
            for g in entities:
                links.append(CorefMention(g, self.doc[start].idx,
                                          self.doc[end - 1].idx + len(self.doc[end - 1].text)))
                if kind == "pro" and self.profiles[g].gender is None:
                    low = self.doc[start].lower_
                    self.profiles[g].gender = (
                        "m" if low in _MALE else "f" if low in _FEMALE else None
                    )
        return sorted(set(links), key=lambda c: (c.start, c.end, c.entity))

    def _expressions(self) -> list[tuple[str, int, int, object]]:
        out: list[tuple[str, int, int, object]] = []
        surnames = self._surname_table()
        for token in self.doc:
            check()
            low = token.lower_
            if token.i in self.covering:
                continue
            if low in _MALE or low in _FEMALE or low in _PLURAL or low in ("its", "it"):
                if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
                    out.append(("pro", token.i, token.i + 1, None))
                continue
            if token.is_title and token.pos_ == "PROPN" and token.i not in self.in_role:
                groups = [g for word, g in surnames if same_name_word(token.text, word)]
                if groups:
                    out.append(("surname", token.i, token.i + 1, groups))
                    continue
                if not is_person_noun(token.lower_):
                    continue
            desc = self._description_at(token)
            if desc is not None:
                out.append(("desc", desc["start"], token.i + 1, desc))
        # A surname goes to the person mentioned last before it.
        resolved = []
        for kind, start, end, info in out:
            check()
            if kind == "surname":
                groups = info  # type: ignore[assignment]
                best = max(groups, key=lambda g: self._last_mention(g, start))
                info = (best,)
            resolved.append((kind, start, end, info))
        return resolved

    def _surname_table(self) -> list[tuple[str, int]]:
        table = []
        for g, group in enumerate(self.groups):
            words = self.profiles[g].name_words
            if group.label == "PERSON" and len(words) > 1:
                table.append((words[-1], g))
        return table

    def _last_mention(self, g: int, before: int) -> int:
        if self._starts_of is None:
            self._starts_of = {}
            for start, _, grp in self.mentions:  # sorted: each list is in order
                self._starts_of.setdefault(grp, []).append(start)
        starts = self._starts_of.get(g, [])
        n = bisect_left(starts, before)
        return starts[n - 1] if n else -1

    # --- pronouns -----------------------------------------------------------------------

    def _pronoun(self, i: int, before: list[_Record]) -> tuple[int, ...] | None:
        token = self.doc[i]
        low = token.lower_
        sentence = self.sentence_of[i]
        if low == "its":
            return self._its(token, before)
        if low == "it":
            if token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ == "ROOT":
                return None  # "it is expected that …", "signed it": too often no entity
            return self._its(token.head, before)
        role, head = self._role_of(token)
        argument = low not in _POSSESSIVE and low not in _REFLEXIVE
        candidates = [
            r for r in before
            if 0 <= sentence - r.sentence <= _PRONOUN_WINDOW and self._pronoun_fits(low, r)
        ]
        # "she" in copy where one person is known to be a woman (Ms, Chairwoman, an
        # earlier "she") and the others are not known: most officials in this domain are
        # men, so the known woman is the better bet.
        female_known = low in _FEMALE and any(self._gender(r) == "f" for r in candidates)
        best: tuple[float, int, _Record] | None = None
        for r in candidates:
            distance = sentence - r.sentence
            if argument and r.head == head and distance == 0 and r.kind != "NP-THING":
                continue  # "Tashiev thanked him": not Tashiev
            if low in _REFLEXIVE and not (r.head == head and distance == 0):
                continue
            weight = _ROLE_WEIGHTS.get(r.role, 45.0) * (0.5**distance)
            if low in _PLURAL and not r.plural:
                weight *= 0.6  # an organisation is "it" in wire copy more often than "they"
            if female_known and self._gender(r) is None:
                weight *= 0.4
            key = (weight, r.start, r)
            if best is None or key[:2] > best[:2]:
                best = key
        if best is None:
            return None
        entities = best[2].entities
        return entities if entities else None

    def _pronoun_fits(self, low: str, r: _Record) -> bool:
        if low in _PLURAL:
            if r.kind == "ORG":
                return True
            return r.plural and r.kind in ("PERSON", "NORP", "NP-PERSON", "NP-THING")
        if r.plural or r.kind not in ("PERSON", "NP-PERSON"):
            return False
        gender = self._gender(r)
        if low in _MALE:
            return gender != "f"
        return gender != "m"

    def _gender(self, r: _Record) -> str | None:
        if not r.entities:
            return None
        return self.profiles[r.entities[0]].gender

    def _its(self, token: Token, before: list[_Record]) -> tuple[int, ...] | None:
        """ "The ministry said its experts …": the nearest subject above "its" in the parse
        that is not the phrase "its" belongs to; only an organisation or a country."""
        verb = token.head
        seen = 0
        while seen < 6:
            if verb.pos_ in ("VERB", "AUX"):
                for r in reversed(before):
                    if r.head == verb.i and r.role in ("main_subject", "subject"):
                        if r.start <= token.i < r.end:
                            continue
                        if r.kind in ("ORG", "GPE") and r.entities:
                            return r.entities
                        return None
            if verb.head.i == verb.i:
                break
            verb = verb.head
            seen += 1
        # "The organisation will send observers, its press office said": the subject of
        # an earlier clause of the same sentence.
        sentence = self.sentence_of[token.i]
        for r in reversed(before):
            if r.sentence != sentence:
                break
            if r.role in ("main_subject", "subject") and r.kind in ("ORG", "GPE") and r.entities:
                return r.entities
        return None

    # --- descriptions -------------------------------------------------------------------

    def _description_at(self, token: Token) -> dict | None:
        """A definite noun phrase headed by a person or body noun, or None."""
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in ("compound", "amod") \
                or token.i in self.covering:
            return None
        base, plural = singular(token.lower_)
        if token.pos_ == "PROPN" and not is_person_noun(base):
            return None  # a capitalised post ("The President said") is a description
        head_of = self._head_of(token)
        if head_of is not None:
            base = head_of  # "the Head of State" is the president
        person = is_person_noun(base) or head_of is not None
        body = base in _GROUP_HEADS
        if not (person or body):
            return None
        if token.i in self.in_role:
            return None
        left = [c for c in token.lefts]
        if not left:
            return None
        start = min(c.left_edge.i for c in left)
        det = next((c for c in left if c.dep_ in ("det", "poss", "predet")), None)
        if det is None or det.i != start:
            return None
        det_low = det.lower_
        if det_low not in _DEFINITE and not (det_low in _POSSESSIVE and base == "counterpart"):
            return None
        if any(i in self.covering and self.groups[self.covering[i]].label == "PERSON"
               for i in range(start, token.i + 1)):
            return None
        nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        if nxt is not None and (
            (nxt.i in self.covering and self.groups[self.covering[nxt.i]].label == "PERSON")
            or (nxt.is_title and nxt.pos_ == "PROPN")
        ):
            return None  # "the Foreign Minister Nurtleu": a title, not a reference
        if nxt is not None and nxt.text == "," and token.i + 2 < len(self.doc):
            after = token.i + 2
            if after in self.covering and self.groups[self.covering[after]].label == "PERSON":
                return None  # "the director of …, Y": an apposition, read by roles
        countries_wanted: set[str] = set()
        words: list[str] = []
        count = 2 if any(self.doc[i].lower_ in _TWO for i in range(start, token.i)) else 1
        for i in range(start, token.i):
            t = self.doc[i]
            if i in self.covering:
                country = self.groups[self.covering[i]].country or _country_of(t.text)
                if country:
                    countries_wanted.add(country)
                continue
            country = _country_of(t.text) if t.text[:1].isupper() else None
            if country:
                countries_wanted.add(country)
            elif t.pos_ in ("ADJ", "NOUN", "PROPN") and i != det.i:
                words.append(t.lower_)
        of_entity = None
        if nxt is not None and nxt.lower_ == "of" and head_of is None:
            j = token.i + 2
            if j < len(self.doc) and self.doc[j].lower_ == "the":
                j += 1
            if j not in self.covering or plural:
                return None  # "the head of the delegation": a new description
            of_entity = self.covering[j]
        if plural and count < 2 and person:
            return None  # "the ministers": too vague to link
        return {
            "start": start, "head": token.i, "base": base, "person": person,
            "countries": countries_wanted, "words": words, "count": count,
            "plural": plural, "of": of_entity,
        }

    def _head_of(self, token: Token) -> str | None:
        """"Head of State" / "Head of Government": the post each names, else None."""
        if token.lower_ != "head" or token.i + 2 >= len(self.doc):
            return None
        if self.doc[token.i + 1].lower_ != "of":
            return None
        return HEAD_OF.get(self.doc[token.i + 2].lower_)

    def _description(
        self, start: int, end: int, info: dict, before: list[_Record]
    ) -> tuple[int, ...] | None:
        order = self._recency(before)
        if info["person"] and not info["plural"] or info["person"] and info["count"] == 2:
            fits = [g for g in order if self._person_fits(g, info)]
            if info["count"] == 2:
                return tuple(fits[:2]) if len(fits) >= 2 else None
            if len(fits) > 1:
                # Several fit ("The general" after two generals): the most salient, as for
                # a pronoun; recency breaks ties.
                rank = {g: n for n, g in enumerate(fits)}
                fits.sort(key=lambda g: (-self._salience(g, start, before), rank[g]))
            return (fits[0],) if fits else None
        if info["base"] == "side":
            return self._side(info, order)
        if info["plural"]:
            if self.doc[start].lower_ not in ("these", "those", "both") and info["count"] < 2:
                return None  # "the topographic groups": not a reference back
            return self._plural_bodies(start, before)
        fits = [g for g in order if self._body_fits(g, info)]
        return (fits[0],) if fits else None

    def _salience(self, g: int, start: int, before: list[_Record]) -> float:
        sentence = self.sentence_of[start]
        return max(
            (_ROLE_WEIGHTS.get(r.role, 45.0) * 0.5 ** (sentence - r.sentence)
             for r in before if g in r.entities and len(r.entities) == 1),
            default=0.0,
        )

    @staticmethod
    def _recency(before: list[_Record]) -> list[int]:
        """Entities by their last mention before here, most recent first."""
        last: dict[int, int] = {}
        for r in before:
            for g in r.entities:
                last[g] = max(last.get(g, -1), r.start)
        return sorted(last, key=lambda g: -last[g])

    def _person_fits(self, g: int, info: dict) -> bool:
        p = self.profiles[g]
        if p.label != "PERSON" or not p.titles:
            return False
        if info["countries"] and not (info["countries"] & p.countries):
            return False
        if info["of"] is not None:
            of = info["of"]
            if of not in p.organizations and self.groups[of].country not in p.countries:
                return False
        base = info["base"]
        wanted = _GENERIC.get(base, (base,))
        if "" not in wanted and not any(w in t for w in wanted for t in p.titles):
            return False
        return all(any(w in t for t in p.titles) for w in info["words"] if _is_title_word(w))

    def _body_fits(self, g: int, info: dict) -> bool:
        p = self.profiles[g]
        if p.label != "ORG":
            return False
        names = {w.lower() for w in p.name_words}
        base = info["base"]
        if base in _ANY_BODY:
            if not names & _BODY_NAME_WORDS:
                return False
        elif base not in names and base + "s" not in names:
            return False
        if info["countries"]:
            country = _country_in(p.name_words)
            if country not in info["countries"]:
                return False
        return True

    def _side(self, info: dict, order: list[int]) -> tuple[int, ...] | None:
        if len(info["countries"]) != 1:
            return None
        (iso3,) = info["countries"]
        for label in ("GPE", "NORP"):
            for g, group in enumerate(self.groups):
                if group.label == label and group.country == iso3:
                    return (g,)
        return None

    def _plural_bodies(self, start: int, before: list[_Record]) -> tuple[int, ...] | None:
        """ "these armed groups": the organisations last named together ("A and B")."""
        sentence = self.sentence_of[start]
        orgs = [r for r in before if r.kind == "ORG" and len(r.entities) == 1
                and 0 <= sentence - r.sentence <= 2]
        for later in reversed(range(1, len(orgs))):
            first, second = orgs[later - 1], orgs[later]
            between = {t.lower_ for t in self.doc[first.end : second.start]}
            if first.sentence == second.sentence and between and between <= {",", "and", "the"}:
                members = [second.entities[0], first.entities[0]]
                k = later - 2
                while k >= 0:
                    gap = {t.lower_ for t in self.doc[orgs[k].end : orgs[k + 1].start]}
                    if not gap or not gap <= {",", "and", "the"}:
                        break
                    members.append(orgs[k].entities[0])
                    k -= 1
                return tuple(dict.fromkeys(reversed(members)))
        return None


def _is_title_word(word: str) -> bool:
    found = match_post([word, "minister"], 0)
    return found is not None and found.end == 2 and word not in ("the",)


def _country_of(text: str) -> str | None:
    found = countries.country_by_demonym(text) or countries.country_by_name(text)
    return found.iso3 if found else None


def _country_in(words: Iterable[str]) -> str | None:
    for word in words:
        if word[:1].isupper():
            found = _country_of(word)
            if found:
                return found
    return None
