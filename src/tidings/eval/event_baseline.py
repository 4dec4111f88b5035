"""The keyword baseline that ``tidings eval events`` runs beside Tidings.

One short word list per PLOVER type, written from PLOVER's type definitions before any
of Tidings' errors on the gold were read, and never tuned on them since. A sentence
reports at most one event: the first word (in text order) that begins with a listed
stem gives its type and trigger; a stem listed under two types belongs to the first type
in ``KEYWORDS``. The source is the nearest capitalised name before the trigger in the
sentence, the target the first one after it; there is no place, date or truth.

    >>> [(e.type, e.trigger) for e in keyword_events("Police arrested 12 protesters.")]
    [('COERCE', (7, 15))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["KEYWORDS", "BaselineEvent", "keyword_events"]

#: Word stems per type; a word matches a stem it begins with.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "ASSAULT": ("attack", "kill", "bomb", "shell", "airstrike", "air strike", "strike",
                "shoot", "shot", "clash", "fight", "assassinat", "abduct", "kidnap",
                "tortur", "execut", "massacre", "gunfire", "wound", "stab"),
    "COERCE": ("arrest", "detain", "detention", "ban", "censor", "curfew", "martial law",
               "deport", "seize", "seiz", "confiscat", "raid", "jail", "imprison", "custody"),
    "PROTEST": ("protest", "demonstrat", "rally", "rallie", "march", "riot", "boycott",
                "sit-in", "blockade", "hunger strike"),
    "SANCTION": ("sanction", "embargo", "expel", "sever", "convict", "sentenc", "suspend",
                 "tariff"),
    "MOBILIZE": ("deploy", "mobiliz", "mobilis", "troops", "reinforce", "military exercise",
                 "drill", "alert"),
    "THREATEN": ("threat", "warn", "ultimatum"),
    "ACCUSE": ("accus", "condemn", "critici", "blame", "denounc", "alleg", "investigat",
               "probe", "charg"),
    "REJECT": ("reject", "refus", "deny", "denie", "denial", "veto", "dismiss", "oppose"),
    "REQUEST": ("request", "ask", "urge", "appeal", "call for", "called for", "call on",
                "called on", "demand", "plead"),
    "RETREAT": ("withdr", "retreat", "release", "freed", "ceasefire", "cease-fire", "truce",
                "resign", "evacuat", "disarm"),
    "AID": ("aid", "assistance", "donat", "humanitarian", "relief", "asylum", "supplie",
            "deliver"),
    "COOPERATE": ("cooperat", "co-operat", "collaborat", "joint", "partnership", "extradit"),
    "CONCEDE": ("concede", "concession", "ease", "eased", "lift", "pardon", "amnesty",
                "yield"),
    "SUPPORT": ("support", "prais", "endorse", "welcome", "congratulat", "thank",
                "condolence", "apologi", "recogni"),
    "AGREE": ("agree", "sign", "deal", "accord", "treaty", "pledge", "promise"),
    "CONSULT": ("meet", "met ", "talks", "visit", "summit", "phone", "call", "discuss",
                "negotiat", "conference", "consult"),
}

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_NAME = re.compile(r"(?:[A-Z][\w'.-]*)(?:\s+(?:of|the|for|and|de|al|el|bin)?\s*[A-Z][\w'.-]*)*")
#: Capitalised words that begin sentences or name times, not actors.
_NOT_NAMES = frozenset({"The", "A", "An", "On", "In", "At", "It", "He", "She", "They", "We",
                        "This", "That", "These", "Those", "His", "Her", "Their", "Monday",
                        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                        "January", "February", "March", "April", "May", "June", "July",
                        "August", "September", "October", "November", "December"})


@dataclass(frozen=True, slots=True)
class BaselineEvent:
    type: str
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    source: tuple[str, ...]
    target: tuple[str, ...]


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for cut in _SENTENCE_END.finditer(text):
        if text[start:cut.start()].strip():
            spans.append((start, cut.start()))
        start = cut.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _first_keyword(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    lowered = text.lower()
    for word in _WORD.finditer(text, start, end):
        rest = lowered[word.start():end] + " "
        for etype, stems in KEYWORDS.items():
            for stem in stems:
                if rest.startswith(stem):
                    return etype, word.start(), word.end()
    return None


def _names(text: str, start: int, end: int) -> list[str]:
    found = []
    for match in _NAME.finditer(text, start, end):
        words = [w.rstrip(".,'") for w in match.group().split() if w not in _NOT_NAMES]
        if words:
            found.append(" ".join(words))
    return found


def keyword_events(text: str) -> list[BaselineEvent]:
    """At most one event per sentence, in text order."""
    events = []
    for start, end in _sentences(text):
        hit = _first_keyword(text, start, end)
        if hit is None:
            continue
        etype, t_start, t_end = hit
        before = _names(text, start, t_start)
        after = _names(text, t_end, end)
        events.append(BaselineEvent(
            type=etype,
            trigger=(t_start, t_end),
            sentence=(start, end),
            source=(before[-1],) if before else (),
            target=(after[0],) if after else (),
        ))
    return events
