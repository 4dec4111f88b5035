"""Speakers: the speaker's words next to a cue, and the entity they name.

``_subject`` (from the parse) and ``_subject_in`` (next to a quotation) find the speaker's
head word; ``_speaker_span`` its phrase. ``_resolve`` maps it to an entity, in the order
the package docstring gives: coreference (``doc._.coref``), an entity mention, a named
apposition, the body a mouthpiece speaks for (``_spoken_for``), a post from
``doc._.roles`` (``_by_title``), and without coreference the last person or body named
(``_fallback``). ``_Context`` holds the per-document lookups; :class:`SpeakerAttribution`
turns a candidate into an :class:`~tidings.nlp.statements.candidates.Attributed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from tidings import countries
from tidings.nlp.lexicons import BODY_NOUNS
from tidings.nlp.statements.candidates import Attributed, _Candidate
from tidings.nlp.statements.quotes import Quote
from tidings.nlp.statements.spans import _tokens_between, _tokens_in
from tidings.nlp.titles import HEAD_OF

#: Heads of a speaker phrase that speak for someone else: the organisation (or person)
#: inside the phrase is the speaker ("the Interior Ministry's press office").
MOUTHPIECE_NOUNS: frozenset[str] = frozenset(
    """
    office service spokesman spokeswoman spokesperson spokespeople spokesmen
    representative representatives statement communique communiqué release website
    channel campaign secretariat
    """.split()
)

#: Descriptions of a person that, without coreference, go to the last person named.
PERSON_NOUNS: frozenset[str] = frozenset(
    """
    minister president premier chairman chairwoman chair head leader chief director
    commander general colonel ambassador envoy diplomat senator governor mayor
    secretary spokesman spokeswoman spokesperson official officer candidate nominee
    lawmaker congressman congresswoman deputy prosecutor judge king queen prince
    emir sheikh chancellor speaker
    """.split()
)

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
#: A cue without its own subject takes the subject of the verb it hangs from
#: ("He spoke to reporters, saying that ..."; "He arrived and said that ...").
_INHERIT_SUBJECT_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp"})
#: Clauses inside a speaker phrase that are not part of the speaker's name.
_SPEAKER_CUT_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "parataxis", "punct", "cc"})


@dataclass(slots=True)
class _Context:
    """Per-document lookups: entity mentions and coreference by token."""

    doc: Doc
    groups: list
    mention_of: dict[int, int] = field(default_factory=dict)  # token index -> group
    coref_of: dict[int, int] | None = None  # token index -> entity; None: no coref ran
    person_mentions: list[tuple[int, int]] = field(default_factory=list)  # (end, group)

    @classmethod
    def build(cls, doc: Doc) -> _Context:
        groups = list(doc._.entity_groups or ())
        ctx = cls(doc, groups)
        for index, group in enumerate(groups):
            for start, end in group.mentions:
                for token in _tokens_in(doc, start, end):
                    ctx.mention_of.setdefault(token.i, index)
                if group.label == "PERSON":
                    ctx.person_mentions.append((end, index))
        ctx.person_mentions.sort()
        if doc._.coref is not None:
            ctx.coref_of = {}
            for mention in doc._.coref:
                for token in _tokens_in(doc, mention.start, mention.end):
                    ctx.coref_of.setdefault(token.i, mention.entity)
        return ctx


def _subject_in(
    doc: Doc, cue: Token, window: tuple[int, int], quotes: list[Quote]
) -> Token | None:
    """The speaker next to a quotation's cue: the parsed subject if it lies in the
    attribution itself, else the first person word or name there (the parser often
    misreads the words around quote marks)."""

    def usable(token: Token) -> bool:
        return window[0] <= token.idx < window[1] and not any(
            q.start <= token.idx < q.end for q in quotes
        )

    subject = _subject(cue)
    if subject is not None and usable(subject):
        return subject
    tokens = [t for t in _tokens_between(doc, window[0], window[1]) if usable(t)]
    before = [t for t in tokens if t.i < cue.i]
    after = [t for t in tokens if t.i > cue.i]
    for group in (before, after):
        for n, token in enumerate(group):
            if token.pos_ == "PRON" and token.lower_ not in _RELATIVE_PRONOUNS:
                return token
            if token.pos_ in ("PROPN", "NOUN"):
                # The last word of a run of names or nouns heads it ("Michael Flynn").
                run_end = n
                while run_end + 1 < len(group) and group[run_end + 1].pos_ in (
                    "PROPN",
                    "NOUN",
                ) and group[run_end + 1].i == group[run_end].i + 1:
                    run_end += 1
                return group[run_end]
    return None


def _subject(verb: Token) -> Token | None:
    """The speaker's head word for a cue: its subject, a passive's agent, or inherited."""
    token = verb
    for _ in range(5):
        children = list(token.children)
        agent = next((c for c in children if c.dep_ == "agent"), None)
        if agent is not None or any(
                c.dep_ in _PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in children):
            # a passive ("was stated by X", "as stated by X"): the agent speaks
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            return pobj
        subjects = [c for c in children if c.dep_ in _SUBJECT_DEPS]
        # "Conservative Party leader and Prime Minister Boris Johnson said": the parser
        # may give the verb two subjects, the post and the name; the name speaks.
        subject = next((c for c in subjects if c.pos_ == "PROPN"), None) if len(
            subjects) > 1 else None
        subject = subject or (subjects[0] if subjects else None)
        if subject is not None:
            if subject.lower_ in _RELATIVE_PRONOUNS and token.dep_ == "relcl":
                return token.head
            return subject
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head  # "a statement saying that ..."
        if token.dep_ not in _INHERIT_SUBJECT_DEPS or token.head is token:
            return None
        token = token.head
    return None


def _speaker_span(head: Token) -> tuple[int, int]:
    """Characters of the speaker's phrase: the head with its modifiers, not its clauses."""
    doc = head.doc
    sent = head.sent
    start = max(head.left_edge.i, sent.start)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in _SPEAKER_CUT_DEPS:
            break
        end = min(child.right_edge.i + 1, sent.end)
    # Nothing across a line break ("12:15 p.m.\n\nDonald Trump ..."); no edge punctuation.
    for i in range(head.i - 1, start - 1, -1):
        if doc[i].is_space or "\n" in doc[i].text:
            start = i + 1
            break
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


def _resolve(ctx: _Context, head: Token, ref: int) -> int | None:
    """The entity a speaker phrase names; see the module docstring for the order."""
    if ctx.coref_of is not None and head.i in ctx.coref_of:
        return ctx.coref_of[head.i]
    if head.i in ctx.mention_of:
        return ctx.mention_of[head.i]
    for child in head.children:
        if child.dep_ == "appos":
            for token in child.subtree:
                group = ctx.mention_of.get(token.i)
                if group is not None and ctx.groups[group].label in ("PERSON", "ORG"):
                    return group
    if head.lemma_.lower() in PERSON_NOUNS or head.lower_ in PERSON_NOUNS:
        named = _person_in_phrase(ctx, head)
        if named is not None:  # "the Head of the Office of the President Andriy Yermak"
            return named
    if head.lemma_.lower() in MOUTHPIECE_NOUNS or head.lower_ in MOUTHPIECE_NOUNS:
        found = _spoken_for(ctx, head)
        if found is not None:
            return found
    titled = _by_title(ctx, head, ref)
    if titled is not None:
        return titled
    voice = _body_voice(ctx, head, ref)
    if voice is not None:
        return voice
    if ctx.coref_of is not None:
        return None  # the coref component left this phrase unlinked: so do we
    return _fallback(ctx, head, ref)


def _by_title(ctx: _Context, head: Token, ref: int) -> int | None:
    """"the prime minister" → the person the article gave that post (``doc._.roles``)
    before the statement; if several, the one named most often so far, then the first
    named (the article's protagonist)."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    body = next((ctx.mention_of[t.i] for c in head.children if c.dep_ in ("compound", "poss")
                 for t in c.subtree if t.i in ctx.mention_of
                 and ctx.groups[ctx.mention_of[t.i]].label == "ORG"), None)
    if body is None and not any(
        c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children
    ):
        return None
    wanted = {head.lemma_.lower()} | {
        c.lower_ for c in head.children if c.dep_ in ("compound", "amod") and not c.ent_type_
    }
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    of_object = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    if head.lemma_.lower() == "head" and of_object is not None:
        post = HEAD_OF.get(of_object.lower_)
        if post:  # "the Head of State" is the president
            wanted = set(post.split())
    nation = _countries_named(head, of_object)
    best: tuple[int, int, int] | None = None
    for role in ctx.doc._.roles or ():
        title = (role.title or "").lower().split()
        if not title or not wanted <= set(title) and not wanted <= {w.rstrip("s") for w in title}:
            continue
        if ctx.groups[role.entity].label != "PERSON" or role.start >= ref:
            continue
        if nation and role.country not in nation:
            continue
        if body is not None and role.organization != body:
            continue  # "the Labour Party's leader": the leader of that party
        named = sum(1 for start, _ in ctx.groups[role.entity].mentions if start < ref)
        if best is None or (named, -role.start) > best[:2]:
            best = (named, -role.start, role.entity)
    if best is None and wanted == {"president"} and body is None:
        return _protagonist(ctx, ref)
    return best[2] if best else None


def _protagonist(ctx: _Context, ref: int) -> int | None:
    """"the President said" where the article gives nobody that post: a presidency's
    readout names its president without the title ("Vladimir Putin had a telephone
    conversation ..."); the one person it has named so far, or the one it names most
    often (at least twice), holding no other post, is the one meant."""
    posts = {r.entity for r in ctx.doc._.roles or ()}
    counts = [(sum(1 for start, _ in group.mentions if start < ref), -index, index)
              for index, group in enumerate(ctx.groups)
              if group.label == "PERSON" and index not in posts]
    if not counts:
        return None
    named, _, index = max(counts)
    runner_up = sorted((c[0] for c in counts), reverse=True)[1:2]
    if named == 0 or (runner_up and runner_up[0] and (named < 2 or runner_up[0] == named)):
        return None  # nobody named yet, or several people and no clear first
    return index


#: Nouns for an organisation's own voice: its statement, its spokesperson, or the
#: organisation as a publisher ("the newspaper reported").
VOICE_NOUNS: frozenset[str] = MOUTHPIECE_NOUNS | frozenset(
    """
    newspaper paper daily agency network broadcaster outlet publication magazine
    station report announcement message letter telegram address greeting greetings
    """.split()
)


_ACTING_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Documents someone sends, which speak with the sender's voice.
SENT_NOUNS = frozenset({"message", "letter", "telegram", "address", "greeting", "greetings",
                        "statement", "communique", "communiqué", "decree", "note"})


def _countries_named(head: Token, of_object: Token | None) -> set[str]:
    """Countries a description names: "the Ukrainian President", "the President of
    Ukraine"."""
    found = set()
    words = [c for c in head.children if c.dep_ in ("amod", "compound")]
    if of_object is not None:
        words.append(of_object)
    for word in words:
        country = countries.country_by_name(word.text) or countries.country_by_demonym(word.text)
        if country is not None:
            found.add(country.iso3)
    return found


def _body_voice(ctx: _Context, head: Token, ref: int) -> int | None:
    """"its press release", "the statement", "the newspaper": the organisation its
    possessive names, else one named in this sentence or the one before, the one that
    acts there (a subject) first, the latest first."""
    if head.lemma_.lower() not in VOICE_NOUNS and head.lower_ not in VOICE_NOUNS:
        return None
    det = next((c for c in head.children if c.dep_ in ("det", "poss")), None)
    if det is None:
        return None
    if det.dep_ == "poss" and ctx.coref_of is not None and det.i in ctx.coref_of:
        group = ctx.coref_of[det.i]
        return group if ctx.groups[group].label == "ORG" else None
    if det.lower_ not in ("the", "its", "this", "a", "an"):
        return None
    sent = head.sent
    earliest = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    if det.lower_ == "its":  # "its polling": the body may be named a little further back
        for _ in range(2):
            earliest = ctx.doc[earliest - 1].sent.start if earliest > 0 else earliest
    first_char = ctx.doc[earliest].idx
    # A message or letter speaks for whoever sent it, a person as well as a body.
    labels = ("ORG", "PERSON") if head.lemma_.lower() in SENT_NOUNS else ("ORG",)
    best = None
    for group_index, group in enumerate(ctx.groups):
        if group.label not in labels:
            continue
        for start, _ in group.mentions:
            if not first_char <= start < ref:
                continue
            span = ctx.doc.char_span(start, start + 1, alignment_mode="expand")
            acting = span is not None and (span.root.dep_ in _ACTING_DEPS
                                           or span.root.head.dep_ in _ACTING_DEPS)
            key = (acting, start)
            if best is None or key > best[0]:
                best = (key, group_index)
    return best[1] if best else None


def _person_in_phrase(ctx: _Context, head: Token) -> int | None:
    """The person named inside a post phrase headed by ``head``."""
    for token in head.subtree:
        if token.dep_ in ("relcl", "acl") and token.head is head:
            break
        group = ctx.mention_of.get(token.i)
        if group is not None and ctx.groups[group].label == "PERSON":
            return group
    return None


def _spoken_for(ctx: _Context, head: Token) -> int | None:
    """The organisation (else person, else place) inside a mouthpiece phrase."""
    by_label: dict[str, int] = {}
    for token in head.subtree:
        if token.dep_ in ("relcl", "acl") and token.head is head:
            break
        group = ctx.mention_of.get(token.i)
        if group is not None:
            by_label.setdefault(ctx.groups[group].label, group)
    for label in ("ORG", "PERSON", "GPE"):
        if label in by_label:
            return by_label[label]
    return None


def _fallback(ctx: _Context, head: Token, ref: int) -> int | None:
    """Without coreference: a person pronoun or description → the last person named."""
    lemma = head.lemma_.lower()
    has_definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children)
    if head.lower_ in _PERSON_PRONOUNS or (has_definite and lemma in PERSON_NOUNS):
        best = None
        for end, group in ctx.person_mentions:
            if end > ref:
                break
            best = group
        return best
    if has_definite and lemma in BODY_NOUNS:
        best = None
        for index, group in enumerate(ctx.groups):
            if group.label != "ORG" or lemma not in group.name.lower().split():
                continue
            before = [s for s, _ in group.mentions if s < ref]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), index)
        return best[1] if best else None
    return None


class SpeakerAttribution:
    """The component's last step: a candidate's speaker words and entity."""

    def _attribute(self, ctx: _Context, cand: _Candidate) -> Attributed:
        speaker_span = None
        speaker = cand.speaker
        if cand.subject is not None:
            speaker_span = cand.speaker_words or _speaker_span(cand.subject)
            ref = min(cand.content[0], speaker_span[0], cand.cue[0])
            if speaker is None:
                speaker = _resolve(ctx, cand.subject, ref)
        return Attributed(
            speaker=speaker,
            cue=cand.cue,
            content=cand.content,
            direct=cand.direct,
            speaker_span=speaker_span,
        )
