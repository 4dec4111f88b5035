"""Statements: who said what, in direct quotation and in reported speech.

The ``tidings_statements`` component writes ``doc._.statements``: a list of
:class:`Attributed` (a :class:`~tidings.nlp.annotations.StatementAnnotation` that also
keeps the speaker's own words in the text), ordered by content start.

    >>> nlp.add_pipe("tidings_statements")   # after tidings_entity_groups (and coref)
    >>> [(s.speaker, doc.text[s.content[0]:s.content[1]]) for s in doc._.statements]

Three finders feed it:

- **Quotations** are found on the characters, in any quote style (“…”, "…", «…», „…“,
  ‘…’, '…'), with the English convention for a quotation that runs over several
  paragraphs (each new paragraph opens with a quote mark; only the last one closes). A
  quotation that stands as a clause of its own (it starts a sentence or follows ``:`` or
  ``,`` or a speech verb, and ends at punctuation) is attributed to the speech verb next
  to it: after it (``“…,” he said``, ``“…,” said Flynn``), before it (``He said: “…”``),
  or, for the second half of an interrupted quotation (``“…,” he said, “…”`` and
  ``“…,” Flynn said. “…”``), the cue of the first half. A quotation with no speech verb
  next to it is not a statement: nobody can be named as its speaker. A few words in
  quote marks inside a sentence (“absolutely right”) are part of that sentence, not a
  statement of their own.
- **Reported speech** is read from the dependency parse: a speech cue from the
  project's lexicon (``data/speech_verbs.tsv``: the cue, and whether it takes a
  ``that``-clause, a quotation, a ``to``-infinitive, an object, ``of``, ``as``) with its
  clausal complement (``X noted that …``, ``X said the talks were useful``), infinitive (``urged
  the sides to …``), object (``called for a ceasefire``), the clause it interrupts or
  follows (``The talks, X said, were useful``; ``…, X said.``), or the clause that
  ``according to X`` modifies (its whole sentence, less the source).
- **Labels**: a line led by a speaker's name and a colon (a transcript's ``WALLACE: …``,
  a wire headline's ``Sergei Lavrov: …``) and a quotation signed with a dash (``“…” ―
  Krystal Correa``); the cue is the colon or the dash.

Conventions (the content span is exact, and the same for every statement):

- **direct** content is the text inside the quote marks, less a trailing comma, semicolon
  or colon (the comma of ``“…,” he said`` stands for the quotation's own full stop); the
  speaker's own ``.``/``?``/``!`` stay. A quotation over two paragraphs is one statement
  whose content runs from inside the first mark to inside the last one.
- **indirect** content is the reported clause less the complementizer ``that`` and less
  the reporter's punctuation at either end (no final full stop or comma); quote marks that
  the clause itself contains are kept.
- content is one contiguous span. Where the cue interrupts it (``“…,” he said, “…”``;
  ``The talks, X said, were useful``; ``…, according to X, …``) each part is its own
  statement, with the same speaker and cue: group statements by cue to rebuild the whole.
- the **cue** is the speech verb, with the word that completes a two-word cue (``pointed
  out``, ``called for``, ``voiced confidence``, ``according to``).
- the **speaker** is an entity index or None. The speaker's words (the subject, the
  agent of a passive, the object of ``according to``) are kept in
  ``Attributed.speaker_span``. They resolve to an entity in this order: coreference
  (``doc._.coref``, from the coref component) over the speaker's head word; an entity
  mention there; a named apposition (``the spokesman, John Smith,``); for a mouthpiece
  (``the Interior Ministry's press office``, ``the press service of the State Committee
  …``, ``a statement from the ministry``) the organisation (else the person) it speaks
  for; a definite description that repeats a post the article gave one person (``the
  prime minister``, from ``doc._.roles``) to that person. While no coref component has
  run (``doc._.coref`` is None), a pronoun or a description of a person (``he``, ``the
  minister``) goes to the last PERSON mentioned before the statement, and a description
  of a body (``the ministry``) to the last organisation whose name contains that word;
  once one has run, a phrase it left unlinked stays unresolved. A passive without an
  agent (``He was told that …``) has no speaker: its subject is the addressee.
- a statement whose cue lies inside another statement's content is reported speech
  within reported speech (``X said that Y told him …``): it is the outer speaker's claim,
  so only the outer statement is emitted.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from tidings.nlp import extensions  # noqa: F401  (registers doc._.statements)
from tidings.nlp.annotations import StatementAnnotation
from tidings.nlp.lexicons import BODY_NOUNS

__all__ = [
    "FRAMES",
    "Attributed",
    "Quote",
    "SpeechCue",
    "StatementFinder",
    "find_quotes",
    "speech_cues",
]

# --- the lexicon ------------------------------------------------------------------------

#: How a cue introduces its content; see ``data/speech_verbs.tsv``.
FRAMES: frozenset[str] = frozenset({"that", "quote", "to", "object", "of", "as", "source"})


@dataclass(frozen=True, slots=True)
class SpeechCue:
    """One lexicon row: ``words`` are lemmas ("say"; "voice", "confidence")."""

    words: tuple[str, ...]
    frames: frozenset[str]


@functools.cache
def speech_cues() -> dict[str, tuple[SpeechCue, ...]]:
    """The packaged lexicon, keyed by first lemma; longer cues first under each key."""
    text = resources.files("tidings.data").joinpath("speech_verbs.tsv").read_text("utf-8")
    by_first: dict[str, list[SpeechCue]] = {}
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if fields[:2] != ["cue", "frames"]:
                raise ValueError(f"speech_verbs.tsv:{lineno}: unexpected header {fields!r}")
            header_seen = True
            continue
        words = tuple(fields[0].split())
        frames = frozenset(fields[1].split("|"))
        if not words or len(words) > 2 or not frames or not frames <= FRAMES:
            raise ValueError(f"speech_verbs.tsv:{lineno}: bad cue or frames {fields[:2]!r}")
        by_first.setdefault(words[0], []).append(SpeechCue(words, frames))
    return {
        k: tuple(sorted(v, key=lambda c: -len(c.words))) for k, v in by_first.items()
    }


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

# --- quotations -------------------------------------------------------------------------

#: Opening mark -> the marks that close it.
_PAIRS: dict[str, str] = {
    "\u201c": "\u201d\"",  # “ … ” (or a stray straight close)
    "\u201e": "\u201c\u201d",  # „ … “
    "\u00ab": "\u00bb",  # « … »
    "\u2039": "\u203a",  # ‹ … ›
    "\u2018": "\u2019",  # ‘ … ’
    '"': '"\u201d',
    "'": "'",
}
#: Opening marks that are unambiguous wherever they stand.
_ALWAYS_OPEN = frozenset("\u201c\u201e\u00ab\u2039\u2018")
#: Marks of double quotations, which may run over paragraphs.
_DOUBLE = frozenset("\u201c\u201e\u00ab\"")
_ALL_MARKS = frozenset("\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019\"'")
_OPEN_BEFORE = frozenset("([{\u2015\u2014\u2013-/")
_CLAUSE_BEFORE = frozenset(".!?:;,\u2015\u2014\u2013(")
_CLAUSE_END_INSIDE = frozenset(",.!?\u2026\u2014\u2013-;:")
_CLAUSE_END_AFTER = frozenset(".!?,;:\u2014\u2013)")
_MAX_PARAGRAPHS = 6


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start`` is its opening mark, ``end`` is just after its closing mark."""

    start: int
    end: int
    paragraphs: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _is_opening(text: str, i: int, end: int) -> bool:
    ch = text[i]
    if ch not in _PAIRS:
        return False
    nxt = text[i + 1] if i + 1 < end else ""
    if not nxt or nxt.isspace():
        return False
    if ch in _ALWAYS_OPEN:
        return True
    prev = text[i - 1] if i > 0 else ""
    # Straight marks open only at a word's start: not "don't", not "5'".
    return not prev or prev.isspace() or prev in _OPEN_BEFORE or prev in _ALL_MARKS


def _is_closing(text: str, i: int, closers: str) -> bool:
    ch = text[i]
    if ch not in closers:
        return False
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not prev or prev.isspace():
        return False
    # An apostrophe inside a word ("Clinton’s", "don't") is no closing mark.
    return not (nxt.isalnum() and ch in "\u2019'")


def _find_close(text: str, start: int, end: int, closers: str) -> int | None:
    for j in range(start, end):
        if _is_closing(text, j, closers):
            return j
    return None


def find_quotes(text: str) -> list[Quote]:
    """The outermost quotations in ``text``, in order, closed or continued correctly.

        >>> find_quotes('He said: "We agree."')
        [Quote(start=9, end=20, paragraphs=1)]

    A mark left open at the end of a paragraph continues the quotation only if the next
    paragraph opens with a mark of the same kind; otherwise it is not a quotation.
    """
    paras = _paragraphs(text)
    quotes: list[Quote] = []
    p = 0
    resume = paras[0][0] if paras else 0
    while p < len(paras):
        p_start, p_end = paras[p]
        i = max(p_start, resume)
        next_p = p + 1
        while i < p_end:
            if not _is_opening(text, i, p_end):
                i += 1
                continue
            closers = _PAIRS[text[i]]
            close = _find_close(text, i + 1, p_end, closers)
            if close is not None:
                quotes.append(Quote(i, close + 1))
                i = close + 1
                continue
            found = _continue_over_paragraphs(text, paras, p, text[i], closers)
            if found is None:
                i += 1
                continue
            last_p, close = found
            quotes.append(Quote(i, close + 1, last_p - p + 1))
            next_p = last_p
            resume = close + 1
            break
        p = next_p if next_p > p else p + 1
    return quotes


def _continue_over_paragraphs(
    text: str, paras: list[tuple[int, int]], p: int, opener: str, closers: str
) -> tuple[int, int] | None:
    """(paragraph, closing index) of a quotation opened in paragraph ``p`` and left open."""
    if opener not in _DOUBLE:
        return None
    for q in range(p + 1, min(len(paras), p + _MAX_PARAGRAPHS)):
        q_start, q_end = paras[q]
        if text[q_start] != opener or not _is_opening(text, q_start, q_end):
            return None
        close = _find_close(text, q_start + 1, q_end, closers)
        if close is not None:
            return q, close
    return None


# --- records ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attributed(StatementAnnotation):
    """A statement, with the characters of the speaker's own words (None when unnamed)."""

    speaker_span: tuple[int, int] | None = None


@dataclass(slots=True)
class _Candidate:
    cue: tuple[int, int]
    cue_token: int
    content: tuple[int, int]
    direct: bool
    subject: Token | None
    from_quote: bool = False
    speaker: int | None = None  # set by finders that know the entity, not just the words
    speaker_words: tuple[int, int] | None = None  # set where the parse cannot give them


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


def _tokens_in(doc: Doc, start: int, end: int) -> Span | tuple[()]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None else ()


# --- the component ----------------------------------------------------------------------


@Language.factory(
    "tidings_statements",
    assigns=["doc._.statements"],
    requires=["doc._.entity_groups"],
)
def make_statements(nlp: Language, name: str) -> StatementFinder:
    return StatementFinder()


class StatementFinder:
    """``find`` computes the statements of a parsed ``Doc``; ``__call__`` also writes them."""

    def __init__(self) -> None:
        self.cues = speech_cues()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def set_annotations(self, doc: Doc, statements: list[Attributed]) -> None:
        doc._.statements = statements

    def find(self, doc: Doc) -> list[Attributed]:
        ctx = _Context.build(doc)
        every_quote = find_quotes(doc.text)
        quotes = [q for q in every_quote if _stands_alone(doc.text, q)]
        candidates = list(self._from_quotes(doc, quotes, every_quote))
        quoted_cues = {c.cue_token for c in candidates}
        for cand in self._from_parse(doc):
            if cand.cue_token in quoted_cues:
                continue  # the quotation path has read this cue
            if any(q.start < cand.cue[0] < q.end for q in every_quote):
                continue  # a speech verb in quoted words is not the reporter's attribution
            if _overlaps(cand.content, cand.cue):
                continue
            candidates.append(cand)
        candidates += self._from_labels(doc, ctx)
        kept = _drop_nested(_dedupe(candidates))
        return [self._attribute(ctx, c) for c in kept]

    # --- the cue lexicon over tokens -------------------------------------------------

    def match_cue(self, token: Token) -> tuple[SpeechCue, list[Token]] | None:
        """The lexicon cue this token heads, with the tokens that spell it."""
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is not None:
                return SpeechCue(("according", "to"), frozenset({"source"})), [token, to]
            return None
        if token.pos_ != "VERB":
            return None
        for cue in self.cues.get(token.lemma_.lower(), ()):
            if len(cue.words) == 1:
                return cue, [token]
            second = next(
                (c for c in token.children if c.lemma_.lower() == cue.words[1]), None
            )
            if second is not None:
                return cue, [token, second]
        return None

    def _cue_in(self, tokens: Iterable[Token], frame: str) -> Token | None:
        for token in tokens:
            if token.dep_ in ("relcl", "acl", "amod"):
                continue
            matched = self.match_cue(token)
            if matched is not None and frame in matched[0].frames:
                return token
        return None

    def _cue_span(self, token: Token) -> tuple[int, int]:
        matched = self.match_cue(token)
        tokens = matched[1] if matched else [token]
        return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)

    # --- quotations ------------------------------------------------------------------

    def _from_quotes(
        self, doc: Doc, quotes: list[Quote], every_quote: list[Quote]
    ) -> Iterator[_Candidate]:
        """Statements from quotations that stand alone (``quotes``, a subset of
        ``every_quote``, which also has the words quoted inside sentences)."""
        text = doc.text
        starts = [q.start for q in every_quote]
        previous: tuple[Quote, Token, Token | None] | None = None
        for n, quote in enumerate(quotes):
            later = bisect.bisect_right(starts, quote.start)
            next_start = starts[later] if later < len(starts) else len(text)
            prev_end = quotes[n - 1].end if n > 0 else 0
            found = self._leading_cue(doc, quote, prev_end) or self._trailing_cue(
                doc, quote, next_start
            )
            if found is not None:
                cue, window = found
                subject = _subject_in(doc, cue, window, every_quote)
            elif previous is not None and _continues(doc, quote, previous, self):
                cue, subject = previous[1], previous[2]
            else:
                previous = None
                continue
            previous = (quote, cue, subject)
            content = _direct_content(text, quote)
            if content is None:
                continue
            yield _Candidate(self._cue_span(cue), cue.i, content, True, subject, from_quote=True)

    def _leading_cue(
        self, doc: Doc, quote: Quote, prev_end: int
    ) -> tuple[Token, tuple[int, int]] | None:
        """``He said: “…”`` / ``He said, “…”`` / ``He said “…”``: the cue before the mark."""
        text = doc.text
        before = _prev_char_index(text, quote.start)
        if before is None:
            return None
        if text[before] == "\n":
            # A paragraph that ends "... said:" introduces the quotation below it.
            before = _prev_char_index(text, _line_start(text, quote.start), skip_newlines=True)
            if before is None or text[before] != ":":
                return None
        window_end = before + 1
        first = _token_at(doc, before)
        if first is None:
            return None
        sent_start = first.sent.start_char
        window_start = max(sent_start, prev_end, _line_start(text, window_end - 1))
        tokens = [
            t for t in _tokens_between(doc, window_start, window_end) if not t.is_space
        ]
        if not tokens:
            return None
        last = tokens[-1]
        if last.lower_ == "that":
            # "He said that “...”": only the verb whose clause the quotation is.
            candidates = [last.head.head] if last.head.head.i < last.i else []
        elif last.text in (":", ","):
            candidates = tokens
        elif self._cue_in([last], "quote") is not None:
            candidates = [last]
        else:
            candidates = []
        for token in reversed(candidates):
            if self._cue_in([token], "quote") is not None:
                return token, (window_start, quote.start)
        if last.text in _LABEL_MARKS and _is_name_label(tokens[:-1]):
            # A vox pop or transcript: "Krystal Correa ― “Donald Trump scares me ...”".
            return last, (window_start, quote.start)
        return None

    def _trailing_cue(
        self, doc: Doc, quote: Quote, next_start: int
    ) -> tuple[Token, tuple[int, int]] | None:
        """``“…,” he said`` / ``“…,” said Flynn``: the cue just after the closing mark."""
        text = doc.text
        line_end = text.find("\n", quote.end)
        stop = min(next_start, line_end if line_end >= 0 else len(text))
        window: list[Token] = []
        for token in _tokens_between(doc, quote.end, stop):
            if token.is_space:
                break
            window.append(token)
            if token.text in (".", "!", "?") or len(window) > 30:
                break
        if len(window) > 1 and window[0].text in _LABEL_MARKS and window[0].text != ":":
            # A vox pop signed after the quotation: "“... .” ― Esther Smith, 34, Miami".
            name = list(itertools.takewhile(lambda t: t.text != ",", window[1:]))
            after = doc[name[-1].i + 1] if name and name[-1].i + 1 < len(doc) else None
            if _is_name(name) and (after is None or after.is_space or after.text == ","):
                return window[0], (quote.end, name[-1].idx + len(name[-1]))
        cue = self._cue_in(window, "quote")
        if cue is None:
            return None
        inner_end = quote.end - 2
        while inner_end > quote.start and text[inner_end].isspace():
            inner_end -= 1
        if text[inner_end] in ".!?\u2026":
            # A finished sentence in quotes followed by a new sentence with its own
            # reported content ("“We won.” He said the vote ...") is not attributed there.
            own = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp", "dobj")]
            if any(c.idx >= quote.end for c in own):
                return None
        last = window[-1]
        return cue, (quote.end, last.idx + len(last))

    def _from_labels(self, doc: Doc, ctx: _Context) -> list[_Candidate]:
        """Lines led by a speaker's name and a colon: transcripts ("WALLACE: But ...")
        and wire headlines ("Lavrov: Russia will respond"). Quoted lines are left to
        the quotation finder."""
        text = doc.text
        found = []
        for start, end in _paragraphs(text):
            m = _LABEL_LINE.match(text, start, end)
            if m is None or text[m.end()] in _PAIRS:
                continue
            label = [t for t in _tokens_between(doc, m.start(1), m.end(1)) if not t.is_space]
            colon = _token_at(doc, m.end(1))
            if colon is None or colon.text != ":" or not _is_name_label(label):
                continue
            speaker, transcript = _label_speaker(ctx, label)
            if speaker is None:
                continue
            if transcript:
                content_end = len(text[:end].rstrip())
                content = (m.end(), content_end) if content_end > m.end() else None
            else:
                first = _token_at(doc, m.end(), forward=True)
                last = _token_at(doc, end - 1)
                content = (
                    _content_span(doc, first.i, last.i + 1) if first and last else None
                )
            if content is None:
                continue
            found.append(
                _Candidate(
                    (colon.idx, colon.idx + 1), colon.i, content, transcript, label[-1],
                    speaker=speaker,
                )
            )
        return found

    # --- reported speech -------------------------------------------------------------

    def _from_parse(self, doc: Doc) -> Iterator[_Candidate]:
        for token in doc:
            matched = self.match_cue(token)
            if matched is None:
                continue
            cue, cue_tokens = matched
            cue_span = (min(t.idx for t in cue_tokens), max(t.idx + len(t) for t in cue_tokens))
            if "source" in cue.frames:
                yield from self._according_to(doc, token, cue_tokens, cue_span)
                continue
            subject = _subject(token)
            contents = list(self._complements(doc, token, cue, cue_tokens))
            if not contents and "that" in cue.frames:
                contents = list(_interrupted_clause(doc, token))
            for span in contents:
                yield _Candidate(cue_span, token.i, span, False, subject)

    def _complements(
        self, doc: Doc, verb: Token, cue: SpeechCue, cue_tokens: list[Token]
    ) -> Iterator[tuple[int, int]]:
        heads = [verb, *cue_tokens[1:]]
        if "that" in cue.frames:
            for head in heads:
                for child in _clauses(head, verb):
                        start, end = child.left_edge.i, child.right_edge.i + 1
                        if child.i < verb.i:
                            start, end = _fronted(doc, child, verb)
                        span = _content_span(doc, start, end, near=verb.i)
                        if span is not None:
                            yield span
                            return
        if "to" in cue.frames:
            for child in verb.children:
                if child.dep_ in ("xcomp", "ccomp") and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in child.children
                ):
                    span = _subtree_span(child, near=verb.i)
                    if span is not None:
                        yield span
                        return
            if len(cue_tokens) > 1:  # "called on the parties to resume talks"
                for pobj in cue_tokens[1].children:
                    for child in pobj.children:
                        if child.dep_ in ("xcomp", "relcl", "acl") and child.i > pobj.i:
                            span = _subtree_span(child, near=verb.i)
                            if span is not None:
                                yield span
                                return
        if "of" in cue.frames:
            of = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if of is not None and list(of.children):
                dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                start = dobj.left_edge.i if dobj is not None and dobj.i < of.i else of.i + 1
                span = _content_span(doc, start, of.right_edge.i + 1, near=verb.i)
                if span is not None:
                    yield span
                    return
        if "as" in cue.frames:
            dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            complement = next(
                (
                    c
                    for c in verb.children
                    if c.i > verb.i
                    and (c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as"))
                ),
                None,
            )
            if dobj is not None and complement is not None and dobj.i < complement.i:
                span = _content_span(
                    doc, dobj.left_edge.i, complement.right_edge.i + 1, near=verb.i
                )
                if span is not None:
                    yield span
                    return
        if "object" in cue.frames:
            if len(cue_tokens) > 1 and cue_tokens[1].dep_ == "prep":
                objects = [c for c in cue_tokens[1].children if c.dep_ == "pobj"]
            else:
                objects = [c for c in verb.children if c.dep_ == "dobj"]
            for obj in objects:
                if obj.pos_ == "PRON":
                    continue
                span = _subtree_span(obj, near=verb.i)
                if span is not None:
                    yield span
                    return

    def _according_to(
        self, doc: Doc, according: Token, cue_tokens: list[Token], cue_span: tuple[int, int]
    ) -> Iterator[_Candidate]:
        to = cue_tokens[1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return
        # "According to X" vouches for its whole sentence, wherever the parser hangs it;
        # the source is read off the words, since the parse around it is often wrong.
        sent = according.sent
        src_start, src_end = _source_extent(doc, to.i + 1, sent.end)
        if src_end <= src_start:
            return
        last = doc[src_end - 1]
        words = (doc[src_start].idx, last.idx + len(last))
        head = source if src_start <= source.i < src_end else last
        skip = {according.i, to.i, *range(src_start, src_end)}
        tokens = [t.i for t in sent if t.i not in skip]
        for start, end in _runs(tokens):
            span = _content_span(doc, start, end, near=according.i)
            if span is not None:
                yield _Candidate(cue_span, according.i, span, False, head, speaker_words=words)

    # --- speakers --------------------------------------------------------------------

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


# --- helpers: quotations ------------------------------------------------------------------


def _prev_char_index(text: str, i: int, skip_newlines: bool = False) -> int | None:
    j = i - 1
    while j >= 0 and text[j].isspace() and (skip_newlines or text[j] != "\n"):
        j -= 1
    return j if j >= 0 else None


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _stands_alone(text: str, quote: Quote) -> bool:
    """Whether a quotation is a clause of its own rather than words quoted in a sentence."""
    before = _prev_char_index(text, quote.start)
    if before is not None and text[before] in _ALL_MARKS and before > 0:
        # ‘…Friends.” “I mean…’: the sentence before ended inside its own quote marks.
        before = before - 1 if text[before - 1] in ".!?" else before
    starts = before is None or text[before] in _CLAUSE_BEFORE or text[before] == "\n"
    if not starts:
        # "He said “...”" / "He said that “...”": the word before is a speech verb or
        # "that"; checked on the words, since the parse is not needed for that.
        word = re.search(r"(\w+)\W*$", text[_line_start(text, quote.start) : quote.start])
        starts = word is not None and word.group(1).lower() in _QUOTE_INTRO_WORDS
    if not starts:
        return False
    inner_start, inner_end = quote.inner
    last_inside = text[inner_start:inner_end].rstrip()[-1:]
    after = text[quote.end : quote.end + 1]
    ends = (
        last_inside in _CLAUSE_END_INSIDE
        or after == ""
        or after in _CLAUSE_END_AFTER
        or after == "\n"
        or text[quote.end :].lstrip(" \t")[:1] in ("\n", "")
        or text[quote.end :].lstrip(" \t")[:1] in _PAIRS
    )
    return ends


#: Words right before a quotation that make it a quotation of its own.
_QUOTE_INTRO_WORDS = frozenset(
    """said says say saying told tells added adds adding stated states noted notes wrote
    writes declared asked asks replied replies answered warned warns announced insisted
    stressed emphasized emphasised recalled explained that tweeted posted shouted chanted
    continued""".split()
)


#: Marks between a speaker's name and the words: "LAVROV: ...", "Krystal Correa ― “...”".
_LABEL_MARKS = frozenset({":", "\u2015", "\u2014", "\u2013", "-", "--"})
_NAME_LABEL_MAX = 6


def _is_name_label(tokens: list[Token]) -> bool:
    """Whether tokens are a bare name starting its line or sentence ("Chris Wallace")."""
    if not tokens:
        return False
    first = tokens[0]
    doc = first.doc
    before = doc[first.i - 1] if first.i else None
    at_start = (
        before is None
        or first.is_sent_start
        or "\n" in before.text
        or (before.text in _ALL_MARKS and (before.i == 0 or "\n" in doc[before.i - 1].text))
    )
    return at_start and _is_name(tokens)


def _is_name(tokens: list[Token]) -> bool:
    """Whether tokens are a bare name: capitalised names, nothing else."""
    if not 1 <= len(tokens) <= _NAME_LABEL_MAX:
        return False
    return all(
        t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") or t.text in (".", "-")
        for t in tokens
    ) and any(t.is_alpha and t.text[:1].isupper() for t in tokens)


_LABEL_LINE = re.compile(
    r"[ \t\"\u201c\u00ab]*([^\n:\"\u201c\u00ab]{2,60}?)[ \t]*:[ \t]+(?=\S)"
)


def _label_speaker(ctx: _Context, label: list[Token]) -> tuple[int | None, bool]:
    """(entity, is_transcript) for a line label: an entity mention that is the whole
    label, or a transcript's capitalised surname of a person named in the article."""
    groups = {ctx.mention_of.get(t.i) for t in label if t.is_alpha}
    if len(groups) == 1 and None not in groups:
        (group,) = groups
        if ctx.groups[group].label in ("PERSON", "ORG"):
            return group, all(t.is_upper for t in label if t.is_alpha)
    words = [t.text for t in label if t.is_alpha]
    if words and all(w.isupper() and len(w) > 1 for w in words):
        wanted = words[-1].lower()
        for index, group in enumerate(ctx.groups):
            if group.label != "PERSON":
                continue
            names = [group.name, *group.aliases]
            if any(wanted == n.split()[-1].lower() for n in names if n.split()):
                return index, True
    return None, False


def _direct_content(text: str, quote: Quote) -> tuple[int, int] | None:
    start, end = quote.inner
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return (start, end) if end > start else None


def _continues(
    doc: Doc,
    quote: Quote,
    previous: tuple[Quote, Token, Token | None],
    finder: StatementFinder,
) -> bool:
    """The second half of ``“…,” Flynn said. “…”``: the same cue, if nothing intervenes."""
    prev_quote, prev_cue, _ = previous
    if "\n" in doc.text[prev_quote.end : quote.start]:
        return False
    between = [t for t in _tokens_between(doc, prev_quote.end, quote.start) if not t.is_space]
    if not between:
        return True  # two quotations side by side
    if not prev_quote.end <= prev_cue.idx < quote.start:
        return False
    # Other cues may come between only as the same speaker's ("DuVernay said,
    # emphasizing why ...").
    return not any(
        t.i != prev_cue.i
        and finder.match_cue(t) is not None
        and prev_cue not in t.ancestors
        for t in between
    )


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


def _tokens_between(doc: Doc, start: int, end: int) -> Iterator[Token]:
    first = _token_at(doc, start, forward=True)
    if first is None:
        return
    for token in doc[first.i :]:
        if token.idx >= end:
            return
        yield token


def _token_at(doc: Doc, char: int, forward: bool = False) -> Token | None:
    """The token containing ``char`` (or the first after it, with ``forward``)."""
    if not len(doc):
        return None
    lo, hi = 0, len(doc) - 1
    while lo < hi:  # last token starting at or before char
        mid = (lo + hi + 1) // 2
        if doc[mid].idx <= char:
            lo = mid
        else:
            hi = mid - 1
    token = doc[lo]
    if forward and token.idx + len(token) <= char:
        return doc[lo + 1] if lo + 1 < len(doc) else None
    if forward and token.idx > char:
        return token
    return token


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- helpers: reported speech -------------------------------------------------------------

#: Punctuation the reporter puts around reported content; never part of it.
_EDGE_PUNCT = frozenset({",", ".", ";", ":", "-", "--", "\u2014", "\u2013", "(", ")"})


def _content_span(
    doc: Doc, start: int, end: int, near: int | None = None
) -> tuple[int, int] | None:
    """Characters of tokens [start, end) less edge punctuation, spaces and a first "that".

    Reported content stays in one paragraph: the one nearest the cue (token ``near``).
    """
    breaks = [i for i in range(start, end) if "\n" in doc[i].text]
    if breaks:
        pieces = list(zip([start, *(b + 1 for b in breaks)], [*breaks, end], strict=True))
        anchor = start if near is None else near
        start, end = min(pieces, key=lambda p: _distance(anchor, p))
    while start < end and (doc[start].is_space or doc[start].text in _EDGE_PUNCT):
        start += 1
    if start < end and doc[start].lower_ == "that" and doc[start].dep_ == "mark":
        start += 1
    while start < end and (doc[start].is_space or doc[start].text in _EDGE_PUNCT):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _EDGE_PUNCT):
        end -= 1
    if end <= start or not any(t.is_alpha for t in doc[start:end]):
        return None
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


def _source_extent(doc: Doc, start: int, sent_end: int) -> tuple[int, int]:
    """Token range of the source after "according to": up to the first comma, with an
    apposition that follows it ("according to Smith, a spokesman for X, the ...")."""
    end = start
    while end < sent_end and doc[end].text not in _SOURCE_STOPS and not doc[end].is_space:
        end += 1
    if end < sent_end and doc[end].text == ",":
        nxt = end + 1
        while nxt < sent_end and doc[nxt].text not in _SOURCE_STOPS:
            nxt += 1
        appos = doc[end + 1 : nxt]
        if (
            nxt < sent_end
            and doc[nxt].text == ","
            and len(appos)
            and appos[0].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM")
            and not any(t.pos_ in ("VERB", "AUX") for t in appos)
        ):
            end = nxt
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


_SOURCE_STOPS = frozenset({",", ";", ".", "!", "?", ":", "\u2014", "\u2013", "("})


def _clauses(head: Token, verb: Token) -> list[Token]:
    """Clausal complements of a cue, those after it first.

    A clause before the cue counts only with a subject of its own ("The talks were
    useful, he said", not "Writing for the Times, X noted that ..."). A clause marked
    "that" inside the object counts too: the parser often hangs "told a meeting of
    leaders that ..." there.
    """
    found = [
        c
        for c in head.children
        if c.dep_ == "ccomp" or (head is not verb and c.dep_ == "acl")
    ]
    after = [c for c in found if c.i > verb.i]
    before = [
        c
        for c in found
        if c.i < verb.i and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
    ]
    if not after and head is verb:
        for obj in (c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i):
            after += [
                t
                for t in obj.subtree
                if t.i > obj.i
                and t.pos_ in ("VERB", "AUX")
                and any(g.dep_ == "mark" and g.lower_ == "that" and g.i < t.i for g in t.children)
            ][:1]
    return after + before


def _distance(i: int, piece: tuple[int, int]) -> int:
    return 0 if piece[0] <= i < piece[1] else min(abs(i - piece[0]), abs(i - piece[1] + 1))


def _subtree_span(token: Token, near: int) -> tuple[int, int] | None:
    return _content_span(token.doc, token.left_edge.i, token.right_edge.i + 1, near=near)


def _fronted(doc: Doc, clause: Token, verb: Token) -> tuple[int, int]:
    """Token range of reported content before its cue: ``But A, and B, the source added.``

    The parser often hangs only one clause on the cue; everything from the start of the
    sentence (unless a quotation or another cue is in between) up to the speaker belongs
    to the content.
    """
    start = clause.left_edge.i
    end = clause.right_edge.i + 1
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is not None and subject.i < verb.i and subject.left_edge.i >= end:
        end = subject.left_edge.i
    first = verb.sent.start
    j = start - 1
    while j >= first:
        token = doc[j]
        if token.is_space or "\n" in token.text or token.text in _ALL_MARKS:
            break
        if token.pos_ == "VERB" and token.lemma_.lower() in speech_cues():
            break
        j -= 1
    return j + 1, end


def _runs(indices: list[int]) -> Iterator[tuple[int, int]]:
    """Contiguous [start, end) runs of sorted token indices."""
    if not indices:
        return
    indices = sorted(indices)
    start = prev = indices[0]
    for i in indices[1:]:
        if i != prev + 1:
            yield start, prev + 1
            start = i
        prev = i
    yield start, prev + 1


def _interrupted_clause(doc: Doc, verb: Token) -> Iterator[tuple[int, int]]:
    """``The talks, X said, were useful`` / ``…, X said``: the clause the cue hangs in."""
    if verb.dep_ not in ("parataxis", "ccomp", "advcl", "conj") or verb.head is verb:
        return
    if not any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return
    first = verb.left_edge
    if first.text not in _EDGE_PUNCT and (
        first.i == 0 or doc[first.i - 1].text not in (",", "\u2014", "\u2013", "-")
    ):
        return
    head = verb.head
    if head.i > verb.i and verb.dep_ != "parataxis":
        return  # "said he would go, and left": the cue's clause comes first
    skip = {t.i for t in verb.subtree}
    tokens = [t.i for t in head.subtree if t.i not in skip]
    for start, end in _runs(tokens):
        span = _content_span(doc, start, end, near=verb.i)
        if span is not None:
            yield span


def _subject(verb: Token) -> Token | None:
    """The speaker's head word for a cue: its subject, a passive's agent, or inherited."""
    token = verb
    for _ in range(5):
        children = list(token.children)
        if any(c.dep_ in _PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in children):
            agent = next((c for c in children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            return pobj
        subject = next((c for c in children if c.dep_ in _SUBJECT_DEPS), None)
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
    if head.lemma_.lower() in MOUTHPIECE_NOUNS or head.lower_ in MOUTHPIECE_NOUNS:
        found = _spoken_for(ctx, head)
        if found is not None:
            return found
    titled = _by_title(ctx, head, ref)
    if titled is not None:
        return titled
    if ctx.coref_of is not None:
        return None  # the coref component left this phrase unlinked: so do we
    return _fallback(ctx, head, ref)


def _by_title(ctx: _Context, head: Token, ref: int) -> int | None:
    """"the prime minister" → the person the article gave that post (``doc._.roles``)
    before the statement; the latest such person if several."""
    if head.pos_ not in ("NOUN", "PROPN") or not any(
        c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children
    ):
        return None
    wanted = {head.lemma_.lower()} | {
        c.lower_ for c in head.children if c.dep_ in ("compound", "amod") and not c.ent_type_
    }
    best: tuple[int, int] | None = None
    for role in ctx.doc._.roles or ():
        title = (role.title or "").lower().split()
        if not title or not wanted <= set(title) and not wanted <= {w.rstrip("s") for w in title}:
            continue
        if ctx.groups[role.entity].label != "PERSON" or role.start >= ref:
            continue
        if best is None or role.start > best[0]:
            best = (role.start, role.entity)
    return best[1] if best else None


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


# --- choosing among candidates ----------------------------------------------------------


def _dedupe(candidates: list[_Candidate]) -> list[_Candidate]:
    """One statement per content span (a quotation beats a parse reading of it)."""
    by_content: dict[tuple[int, int], _Candidate] = {}
    for cand in candidates:
        known = by_content.get(cand.content)
        if known is None or (cand.from_quote and not known.from_quote):
            by_content[cand.content] = cand
    kept = sorted(by_content.values(), key=lambda c: (c.content[0], c.cue[0]))
    # The same cue read twice with overlapping contents: keep the longer reading.
    result: list[_Candidate] = []
    for cand in kept:
        clash = next(
            (
                k
                for k in result
                if k.cue_token == cand.cue_token
                and _overlaps(k.content, cand.content)
                and k.from_quote == cand.from_quote
            ),
            None,
        )
        if clash is None:
            result.append(cand)
        elif cand.content[1] - cand.content[0] > clash.content[1] - clash.content[0]:
            result[result.index(clash)] = cand
    return result


def _drop_nested(candidates: list[_Candidate]) -> list[_Candidate]:
    """Speech inside another statement's content is that speaker's claim: drop it."""
    return [
        c
        for c in candidates
        if not any(
            o is not c and o.content[0] <= c.cue[0] and c.cue[1] <= o.content[1]
            for o in candidates
        )
    ]
