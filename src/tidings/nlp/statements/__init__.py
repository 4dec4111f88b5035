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
  follows (``The talks, X said, were useful``; ``…, X said.``), the clause that
  ``according to X`` modifies (its whole sentence, less the source), or, for a passive
  attribution after the words, the sentence before (``This was stated by X``) or the
  clause it hangs on (``…, as stated by X``).
- **Labels**: a line led by a speaker's name and a colon (a transcript's ``WALLACE: …``,
  a wire headline's ``Sergei Lavrov: …``), a quotation signed with a dash (``“…” ―
  Krystal Correa``), a paragraph that is only ``Name, post:`` above the words, and
  transcript turns run together in one paragraph (``Vladimir Putin: … Pavel Malkov:
  …``); the cue is the colon or the dash.

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

The package follows the component's steps: ``lexicon`` (the speech-cue lexicon and
matching it over tokens), ``quotes`` (quote marks on the characters), ``direct``
(attributing quotations), ``reported`` (reported speech from the parse), ``labels``
(name-and-colon and name-and-dash lines), ``speakers`` (the speaker's words and the
entity they name), ``candidates`` (the records, and choosing among candidates) and
``spans`` (shared character and token helpers).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tidings.nlp import extensions  # noqa: F401  (registers doc._.statements)
from tidings.nlp.budget import check, timed
from tidings.nlp.statements.candidates import Attributed, _dedupe, _drop_nested
from tidings.nlp.statements.direct import DirectSpeech
from tidings.nlp.statements.labels import LabelLines
from tidings.nlp.statements.lexicon import FRAMES, SpeechCue, speech_cues
from tidings.nlp.statements.quotes import Quote, _stands_alone, find_quotes
from tidings.nlp.statements.reported import ReportedSpeech
from tidings.nlp.statements.spans import _overlaps
from tidings.nlp.statements.speakers import SpeakerAttribution, _Context

__all__ = [
    "FRAMES",
    "Attributed",
    "Quote",
    "SpeechCue",
    "StatementFinder",
    "find_quotes",
    "speech_cues",
]


@Language.factory(
    "tidings_statements",
    assigns=["doc._.statements"],
    requires=["doc._.entity_groups"],
)
def make_statements(nlp: Language, name: str) -> StatementFinder:
    return StatementFinder()


class StatementFinder(DirectSpeech, ReportedSpeech, LabelLines, SpeakerAttribution):
    """``find`` computes the statements of a parsed ``Doc``; ``__call__`` also writes them."""

    def __init__(self) -> None:
        self.cues = speech_cues()

    @timed("statements")
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def set_annotations(self, doc: Doc, statements: list[Attributed]) -> None:
        doc._.statements = statements

    def find(self, doc: Doc) -> list[Attributed]:
        ctx = _Context.build(doc)
        text = doc.text  # rebuilt from the tokens on every access: read it once
        every_quote = find_quotes(text)
        quotes = []
        for q in every_quote:
            check()  # each quotation reads the rest of its line
            if _stands_alone(text, q):
                quotes.append(q)
        candidates = list(self._from_quotes(doc, quotes, every_quote))
        quoted_cues = {c.cue_token for c in candidates}
        for cand in self._from_parse(doc):
            check()  # each reading against every quotation
            if cand.cue_token in quoted_cues:
                continue  # the quotation path has read this cue
            if any(q.start < cand.cue[0] < q.end for q in every_quote):
                continue  # a speech verb in quoted words is not the reporter's attribution
            if _overlaps(cand.content, cand.cue):
                continue
            candidates.append(cand)
        candidates += self._from_labels(doc, ctx)
        kept = _drop_nested(_dedupe(candidates))
        found = []
        for c in kept:
            check()
            found.append(self._attribute(ctx, c))
        return found
