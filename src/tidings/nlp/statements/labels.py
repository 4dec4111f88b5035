"""Labels: a speaker's name with a colon or a dash instead of a speech verb.

A line led by a name and a colon (a transcript's ``WALLACE: …``, a wire headline's
``Sergei Lavrov: …``) is read by :class:`LabelLines`; the name tests (``_is_name_label``,
``_is_name``) and ``_LABEL_MARKS`` also serve the quotation finder's vox pops
(``“…” ― Krystal Correa``).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from tidings.nlp.statements.candidates import _Candidate
from tidings.nlp.statements.quotes import _ALL_MARKS, _PAIRS
from tidings.nlp.statements.spans import _content_span, _paragraphs, _token_at, _tokens_between
from tidings.nlp.statements.speakers import _Context

#: Marks between a speaker's name and the words: "LAVROV: ...", "Krystal Correa ― “...”".
_LABEL_MARKS = frozenset({":", "\u2015", "\u2014", "\u2013", "-", "--"})
_NAME_LABEL_MAX = 6
#: How many words of a post may stand before a speaker's name in a transcript turn.
_TURN_POST_MAX = 8


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


class LabelLines:
    """The component's reading of label lines."""

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
        return found + self._from_heading_labels(doc, ctx) + self._from_inline_turns(doc, ctx)

    def _from_inline_turns(self, doc: Doc, ctx: _Context) -> list[_Candidate]:
        """Transcript turns run together in one paragraph, as official readouts print
        them: "President of Russia Vladimir Putin: Mr Malkov, good afternoon. Pavel
        Malkov: Good afternoon, Mr President." Each turn is its speaker's, up to the next
        turn or the paragraph's end."""
        text = doc.text
        turns: list[tuple[int, Token, int]] = []  # (turn start char, colon, speaker)
        for colon in doc:
            if colon.text != ":" or colon.i == 0:
                continue
            group = ctx.mention_of.get(colon.i - 1)
            if group is None or ctx.groups[group].label != "PERSON":
                continue
            start = colon.i - 1
            while start > 0 and ctx.mention_of.get(start - 1) == group:
                start -= 1
            lead = start  # a post may stand before the name: "President of Russia ..."
            while lead > 0 and start - lead < _TURN_POST_MAX and (
                    doc[lead - 1].is_title or doc[lead - 1].lower_ in ("of", "the")):
                lead -= 1
            before = doc[lead - 1] if lead > 0 else None
            if before is not None and not (before.text in (".", "!", "?", "…")
                                           or "\n" in before.text or before.is_space
                                           or "\n" in before.whitespace_):
                continue
            turns.append((doc[lead].idx, colon, group))
        if len(turns) < 2:
            return []  # one "Name:" alone is a label line, read above
        found = []
        paragraphs = _paragraphs(text)
        for n, (_, colon, group) in enumerate(turns):
            para_end = next((e for s, e in paragraphs if s <= colon.idx < e), len(text))
            end = min(turns[n + 1][0] if n + 1 < len(turns) else len(text), para_end)
            first = _token_at(doc, colon.idx + 1, forward=True)
            last = _token_at(doc, end - 1)
            if first is None or last is None or last.i < first.i:
                continue
            body_end = len(text[:last.idx + len(last)].rstrip())
            content = (first.idx, body_end) if body_end > first.idx else None
            if content is None:
                continue
            found.append(_Candidate((colon.idx, colon.idx + 1), colon.i, content, False,
                                    doc[colon.i - 1], speaker=group))
        return found

    def _from_heading_labels(self, doc: Doc, ctx: _Context) -> list[_Candidate]:
        """A paragraph that is only a speaker and a colon, the words in the paragraph
        below: "Kamchybek Tashiev, Chairman of the State Committee for National
        Security:" then "“We have solved ...”"."""
        text = doc.text
        paragraphs = _paragraphs(text)
        found = []
        for (start, end), (next_start, next_end) in zip(paragraphs, paragraphs[1:],
                                                        strict=False):
            line = text[start:end].rstrip()
            if not line.endswith(":") or len(line) > 200:
                continue
            first = _token_at(doc, start, forward=True)
            if first is None or first.i not in ctx.mention_of:
                continue
            speaker = ctx.mention_of[first.i]
            if ctx.groups[speaker].label not in ("PERSON", "ORG"):
                continue
            mention_end = first.i
            while mention_end < len(doc) and ctx.mention_of.get(mention_end) == speaker:
                mention_end += 1
            rest = text[doc[mention_end - 1].idx + len(doc[mention_end - 1]) : start + len(line)]
            if rest.strip() not in (":",) and not rest.lstrip().startswith(","):
                continue  # "X said:" and the like belong to the quotation finder
            body = text[next_start:next_end].strip()
            direct = body[:1] in _PAIRS
            offset = text.index(body, next_start)
            inner_start = offset + (1 if direct else 0)
            inner_end = offset + len(body) - (1 if direct and body[-1:] in _ALL_MARKS else 0)
            if inner_end <= inner_start:
                continue
            colon = _token_at(doc, start + len(line) - 1)
            if colon is None:
                continue
            found.append(_Candidate((colon.idx, colon.idx + 1), colon.i,
                                    (inner_start, inner_end), direct, doc[mention_end - 1],
                                    speaker=speaker))
        return found
