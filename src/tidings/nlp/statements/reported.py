"""Reported speech from the dependency parse.

:class:`ReportedSpeech` reads a lexicon cue's clausal complement (``X noted that …``),
``to``-infinitive, object, ``of`` or ``as`` phrase (``_complements``), the clause a cue
interrupts or follows (``_interrupted_clause``), and the sentence that ``according to X``
vouches for, less the source (``_according_to``, ``_source_extent``).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from tidings.nlp.budget import check
from tidings.nlp.statements.candidates import _Candidate
from tidings.nlp.statements.lexicon import CueMatcher, SpeechCue, speech_cues
from tidings.nlp.statements.quotes import _ALL_MARKS
from tidings.nlp.statements.spans import _EDGE_PUNCT, _content_span
from tidings.nlp.statements.speakers import _SUBJECT_DEPS, _subject


class ReportedSpeech(CueMatcher):
    """The component's reading of the parse."""

    def _from_parse(self, doc: Doc) -> Iterator[_Candidate]:
        for token in doc:
            matched = self.match_cue(token)
            if matched is None:
                continue
            check()  # a cue's clauses may span the text: quadratic over many cues
            cue, cue_tokens = matched
            cue_span = (min(t.idx for t in cue_tokens), max(t.idx + len(t) for t in cue_tokens))
            if "source" in cue.frames:
                yield from self._according_to(doc, token, cue_tokens, cue_span)
                continue
            subject = _subject(token)
            contents = list(self._complements(doc, token, cue, cue_tokens))
            if not contents and "that" in cue.frames:
                contents = list(_interrupted_clause(doc, token))
            if not contents and "that" in cue.frames:
                contents = list(_passive_attribution(doc, token))
            for span in contents:
                yield _Candidate(cue_span, token.i, span, False, subject)

    def _complements(
        self, doc: Doc, verb: Token, cue: SpeechCue, cue_tokens: list[Token]
    ) -> Iterator[tuple[int, int]]:
        heads = [verb, *cue_tokens[1:]]
        if "that" in cue.frames:
            for head in heads:
                for child in _clauses(head, verb):
                        start, end = child.left_edge.i, _own_end(child, verb)
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


_DEMONSTRATIVES = frozenset({"this", "that", "it", "these", "those"})


def _passive_attribution(doc: Doc, verb: Token) -> Iterator[tuple[int, int]]:
    """A passive cue with an agent that points at words already given: "This was
    announced by X" (the sentence before), "…, as stated by X" (the clause it hangs on)."""
    if not any(c.dep_ == "agent" for c in verb.children):
        return
    if verb.tag_ != "VBN" and not any(c.dep_ == "auxpass" for c in verb.children):
        return
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    sent = verb.sent
    if subject is not None and subject.lower_ in _DEMONSTRATIVES and subject.i == sent.start:
        if sent.start == 0:
            return
        before = doc[sent.start - 1].sent
        span = _content_span(doc, before.start, before.end, near=before.end - 1)
        if span is not None:
            yield span
        return
    marker = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as"), None)
    if marker is not None and verb.dep_ == "advcl" and verb.head is not verb:
        skip = {t.i for t in verb.subtree}
        tokens = [t.i for t in verb.head.subtree if t.i not in skip]
        for start, end in _runs(tokens):
            span = _content_span(doc, start, end, near=verb.i)
            if span is not None:
                yield span


def _own_end(clause: Token, verb: Token) -> int:
    """Where a reported clause ends: before a verb the parser joined to it that has no
    subject and the cue's own tense ("X noted that A, and thanked B for C": the thanks
    are X's act, not what X said)."""
    end = clause.right_edge.i + 1
    for child in clause.children:
        if (child.dep_ == "conj" and child.pos_ == "VERB" and child.tag_ == verb.tag_
                and child.i > clause.i
                and not any(g.dep_ in _SUBJECT_DEPS or g.dep_ in ("nsubjpass", "expl")
                            for g in child.children)):
            cut = child.left_edge.i
            while cut > clause.i and clause.doc[cut - 1].lower_ in ("and", ",", "but"):
                cut -= 1
            end = min(end, cut)
    return end
