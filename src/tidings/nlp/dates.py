"""Dates: find date expressions and normalise them against the publication date.

The ``tidings_dates`` component writes ``doc._.dates``: a list of
:class:`~tidings.model.DateMention` sorted by start, each with offsets such that
``doc.text[m.start:m.end] == m.text`` and an ISO value at day, month or year precision.

    >>> normalize_date("March 3", date(2024, 3, 14))
    ('2024-03-03', 'day')
    >>> nlp.add_pipe("tidings_dates")   # after "ner"; set doc._.published first

Candidates come from rules over the whole text (patterns the small model misses or
labels badly) and from spaCy ``DATE`` entities (which alone license bare years such as
"2019 was..." and bare month names). Relative expressions ("yesterday", "on Monday",
"March 3") need a publication date; without one they are dropped, never guessed.
Durations ("for three years", "past 20 months"), decades and times are not point dates
and are never emitted; "this week" / "last week" are given at month precision when the
week lies in one month, seasons ("last summer") and "the end of the year" at the
precision of their year or month. A range of years ("2014–2016", "1991-92") gives both
years as mentions; a year used as a modifier ("the 2008 war") is a year.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Token

import tidings.nlp.extensions  # noqa: F401  (registers doc._.published / doc._.dates)
from tidings.model import DateMention, Precision
from tidings.nlp.budget import timed

__all__ = ["DateFinder", "find_dates", "normalize_date", "parse_published"]

Resolved = tuple[str, Precision]

# --- lexicons ---------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
    "July": 7, "August": 8, "September": 9, "October": 10, "November": 11,
    "December": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS: dict[str, int] = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4,
    "Saturday": 5, "Sunday": 6,
}  # fmt: skip
#: Counts in "two days ago"; digits are accepted too.
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
#: Words that resolve to the publication day itself.
SAME_DAY_WORDS: tuple[str, ...] = (
    "today", "tonight", "this morning", "this afternoon", "this evening",
)  # fmt: skip
#: Day offsets of single relative words, longest phrases first.
DAY_OFFSET_WORDS: dict[str, int] = {
    "day before yesterday": -2,
    "day after tomorrow": 2,
    "yesterday": -1,
    "tomorrow": 1,
}
#: Prepositions that make a bare year or month name a date ("in 2019", "since May").
DATE_PREPOSITIONS: tuple[str, ...] = (
    "in", "since", "until", "till", "by", "during", "from", "to", "before", "after",
    "through", "throughout", "between", "and", "of",
)  # fmt: skip
#: Part-of-period modifiers ("mid-March", "early 2020"); they keep month/year precision.
PERIOD_MODIFIERS: tuple[str, ...] = ("early", "mid", "late")
#: Seasons by their first and last month (northern hemisphere, as news from the
#: regions Tidings covers uses them).
SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
}
#: Plural nouns a year-like number may count ("the 2000 soldiers"): not a year then.
COUNTED_NOUNS: tuple[str, ...] = (
    "people", "persons", "soldiers", "troops", "residents", "civilians", "migrants",
    "refugees", "members", "votes", "cases", "deaths", "dead", "families", "children",
    "tonnes", "tons", "units", "homes", "houses", "km", "kilometres", "kilometers", "miles",
    "metres", "meters", "dollars", "euros", "rubles", "roubles", "hectares",
)
#: Words before a year used as a modifier ("the 2008 war", "Russia's 2022 invasion").
YEAR_MODIFIER_OPENERS: tuple[str, ...] = (
    "the", "a", "an", "his", "her", "its", "their", "this", "that", "our",
)
#: News convention: a month and day without a year more than this far after the
#: publication date refers to the previous year.
FUTURE_HORIZON = timedelta(days=183)

# --- pattern pieces ---------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of ``words``, longest first so that "Sept" beats "Sep"."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_MONTH = (
    rf"(?P<month>(?:{_alternation(MONTHS)})\b"
    rf"|(?:{_alternation(MONTH_ABBREVIATIONS)})\b\.?)"
)
_WEEKDAY = rf"(?P<weekday>{_alternation(WEEKDAYS)})\b"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
# "March 3-4, 2019": the range end is part of the evidence; the value is the start.
_DAY_RANGE = r"(?:\s*[-\u2013]\s*[0-3]?\d(?:st|nd|rd|th)?(?!\d))?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?![\w-]|[.,:/]\d)"
_SEP_YEAR = rf"(?:,\s*|\s+){_YEAR}"
_MOD = rf"(?P<mod>(?i:{_alternation(PERIOD_MODIFIERS)}))(?:-|\s+)"
_REL = r"(?P<rel>(?i:last|next|this))\s+"
_NUMBER = rf"(?P<n>\d{{1,3}}|(?i:{_alternation(NUMBER_WORDS)}))"
_PREP = rf"\b(?i:{_alternation(DATE_PREPOSITIONS)})\s+"
# "the last year", "the next month" are durations, not the calendar year or month.
_NOT_AFTER_THE = r"(?<![Tt]he\s)(?<!THE\s)"


# --- resolution helpers -----------------------------------------------------------------


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    return MONTHS.get(name) or MONTH_ABBREVIATIONS[name]


def _safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None when no such day exists (e.g. 31 April)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_days(d: date, days: int) -> date | None:
    """``d + days``, or None past the calendar's ends (year 1, year 9999)."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return None


def _count(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _day(d: date | None) -> Resolved | None:
    return (d.isoformat(), "day") if d is not None and 1 <= d.year <= 9999 else None


def _month(year: int, month: int) -> Resolved | None:
    return (f"{year:04d}-{month:02d}", "month") if 1 <= year <= 9999 else None


def _year(year: int) -> Resolved | None:
    return (f"{year:04d}", "year") if 1 <= year <= 9999 else None


def _infer_year(month: int, day: int, published: date) -> int:
    """Year of a month/day given without one: the publication year, unless that puts
    it more than ~6 months after publication (then the previous year)."""
    candidate = _safe_date(published.year, month, min(day, 28))
    if candidate is not None and (candidate - published) > FUTURE_HORIZON:
        return published.year - 1
    return published.year


# --- resolvers: (match, published) -> (value, precision) | None ------------------------

Resolver = Callable[[re.Match[str], date | None], Resolved | None]


def _resolve_full_date(m: re.Match[str], published: date | None) -> Resolved | None:
    return _day(_safe_date(int(m["year"]), _month_number(m["month"]), int(m["day"])))


def _resolve_numeric_date(m: re.Match[str], published: date | None) -> Resolved | None:
    return _day(_safe_date(int(m["year"]), int(m["month"]), int(m["day"])))


def _resolve_month_day(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    month, day = _month_number(m["month"]), int(m["day"])
    return _day(_safe_date(_infer_year(month, day, published), month, day))


def _resolve_month_year(m: re.Match[str], published: date | None) -> Resolved | None:
    return _month(int(m["year"]), _month_number(m["month"]))


def _resolve_month_only(m: re.Match[str], published: date | None) -> Resolved | None:
    """"mid-March", "in May", "last March": year from the publication date."""
    if published is None:
        return None
    month = _month_number(m["month"])
    rel = (m.groupdict().get("rel") or "").lower()
    if rel == "last":
        year = published.year if month < published.month else published.year - 1
    elif rel == "next":
        year = published.year if month > published.month else published.year + 1
    elif rel == "this":
        year = published.year
    else:
        year = _infer_year(month, 1, published)
    return _month(year, month)


def _resolve_year(m: re.Match[str], published: date | None) -> Resolved | None:
    return _year(int(m["year"]))


def _resolve_weekday(m: re.Match[str], published: date | None) -> Resolved | None:
    """Bare weekday: the latest such day on or before publication ("Monday" in a
    Monday paper is that day). "last": strictly before; "next": strictly after;
    "this": within the publication week (Monday to Sunday)."""
    if published is None:
        return None
    weekday = WEEKDAYS[m["weekday"]]
    rel = (m.groupdict().get("rel") or "").lower()
    if rel == "next":
        offset = (weekday - published.weekday()) % 7 or 7
    elif rel == "last":
        offset = -((published.weekday() - weekday) % 7 or 7)
    elif rel == "this":
        offset = weekday - published.weekday()
    else:
        offset = -((published.weekday() - weekday) % 7)
    return _day(_add_days(published, offset))


def _resolve_same_day(m: re.Match[str], published: date | None) -> Resolved | None:
    return _day(published) if published is not None else None


def _resolve_day_offset(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    phrase = " ".join(m["word"].lower().split())
    return _day(_add_days(published, DAY_OFFSET_WORDS[phrase]))


def _resolve_relative_unit(m: re.Match[str], published: date | None) -> Resolved | None:
    """"last month", "next year", "this year"."""
    if published is None:
        return None
    delta = {"last": -1, "next": 1, "this": 0}[m["rel"].lower()]
    if m["unit"].lower() == "year":
        return _year(published.year + delta)
    return _month(*_shift_months(published.year, published.month, delta))


def _resolve_ago(m: re.Match[str], published: date | None) -> Resolved | None:
    """"two days ago", "three years ago", "a month ago"."""
    if published is None:
        return None
    n, unit = _count(m["n"]), m["unit"].lower().rstrip("s")
    if unit == "day":
        return _day(_add_days(published, -n))
    if unit == "month":
        return _month(*_shift_months(published.year, published.month, -n))
    return _year(published.year - n)


def _resolve_season(m: re.Match[str], published: date | None) -> Resolved | None:
    """"last summer", "this spring", "next winter": the year of that season (northern
    seasons; a winter is dated by its January)."""
    if published is None:
        return None
    first, last = SEASONS[m["season"].lower()]
    rel = m["rel"].lower()
    month = published.month
    if first > last:  # winter, December to February, dated by its January
        current = published.year + 1 if month == 12 else published.year
        ended = first > month > last
        year = {"last": current - 1 if not ended else current, "this": current,
                "next": current + 1}[rel]
        return _year(year)
    if rel == "this":
        return _year(published.year)
    if rel == "last":
        return _year(published.year if month > last else published.year - 1)
    return _year(published.year if month < first else published.year + 1)


def _resolve_part_of_unit(m: re.Match[str], published: date | None) -> Resolved | None:
    """"the end of the year", "the beginning of next month": that year or month."""
    if published is None:
        return None
    delta = {"last": -1, "next": 1, "this": 0, "the": 0}[m["rel"].lower()]
    if m["unit"].lower() == "year":
        return _year(published.year + delta)
    return _month(*_shift_months(published.year, published.month, delta))


def _resolve_week(m: re.Match[str], published: date | None) -> Resolved | None:
    """"this week", "last week": the month that week lies in, when it lies in one."""
    if published is None:
        return None
    delta = {"last": -7, "next": 7, "this": 0}[m["rel"].lower()]
    monday = _add_days(published, delta - published.weekday())
    sunday = _add_days(monday, 6) if monday is not None else None
    if monday is None or sunday is None or (monday.year, monday.month) != (
            sunday.year, sunday.month):
        return None
    return _month(monday.year, monday.month)


def _resolve_range_end(m: re.Match[str], published: date | None) -> Resolved | None:
    """The second year of "2014–2016" or "1991-92" (two digits: the first's century)."""
    end = m["end"]
    if len(end) == 4:
        return _year(int(end))
    start = int(m.string[m.start() - 7 : m.start()].strip(" -\u2013\u2014")[-4:])
    year = start - start % 100 + int(end)
    return _year(year) if year > start else None


# --- rules ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    """One date pattern. The evidence span is group ``d`` if present, else the match.

    ``in_date_entity_only``: the pattern is too ambiguous on its own (a bare "2019", a
    bare "May") and is applied only inside spaCy ``DATE`` entities.
    """

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    in_date_entity_only: bool = False


def _rule(name: str, pattern: str, resolve: Resolver, *, in_date_entity_only: bool = False) -> _Rule:
    return _Rule(name, re.compile(pattern), resolve, in_date_entity_only)


_PART_OF_UNIT = (r"\b(?:(?i:the)\s+)?(?i:end|beginning|start|middle|turn)\s+of\s+"
                 r"(?P<rel>(?i:the|this|last|next))\s+(?P<unit>(?i:year|month))\b")
_DASH = r"[-\u2013\u2014]"
_RANGE_START = rf"(?<![\w,.-])(?P<year>1[89]\d\d|20\d\d)(?=\s?{_DASH}\s?(?:\d\d){{1,2}}\b)"
_RANGE_END = (rf"(?:(?<=(?:1[89]|20)\d\d{_DASH})|(?<=(?:1[89]|20)\d\d\s{_DASH}\s))"
              r"(?P<end>(?:1[89]|20)?\d\d)(?![\w-])")
_YEAR_MODIFIER = (rf"(?<![\w])(?:(?i:{_alternation(YEAR_MODIFIER_OPENERS)})|\w+['\u2019]s)\s+"
                  rf"(?P<d>{_YEAR})\s+(?!(?i:{_alternation(COUNTED_NOUNS)})\b)(?=[a-z])")

RULES: tuple[_Rule, ...] = (
    _rule("month_day_year", rf"\b{_MONTH}\s+{_DAY}{_DAY_RANGE}{_SEP_YEAR}", _resolve_full_date),
    _rule("day_month_year", rf"\b{_DAY}{_DAY_RANGE}\s+(?:of\s+)?{_MONTH}{_SEP_YEAR}", _resolve_full_date),
    _rule("iso_date", r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)", _resolve_numeric_date),
    _rule("dotted_date", r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?![\d])", _resolve_numeric_date),
    _rule("month_year", rf"\b(?:{_MOD})?{_MONTH},?\s+{_YEAR}", _resolve_month_year),
    _rule("month_day", rf"\b{_MONTH}\s+{_DAY}{_DAY_RANGE}", _resolve_month_day),
    _rule("day_month", rf"\b{_DAY}{_DAY_RANGE}\s+(?:of\s+)?{_MONTH}", _resolve_month_day),
    _rule("modified_month", rf"\b{_MOD}{_MONTH}", _resolve_month_only),
    _rule("relative_month", rf"{_NOT_AFTER_THE}\b{_REL}{_MONTH}", _resolve_month_only),
    _rule("preposition_month", rf"{_PREP}(?P<d>{_MONTH})", _resolve_month_only),
    _rule("modified_year", rf"\b{_MOD}{_YEAR}", _resolve_year),
    _rule("preposition_year", rf"{_PREP}(?P<d>{_YEAR})", _resolve_year),
    _rule("weekday", rf"\b(?:{_REL})?{_WEEKDAY}", _resolve_weekday),
    _rule("same_day", rf"\b(?i:{_alternation(SAME_DAY_WORDS)})\b", _resolve_same_day),
    _rule("day_offset", rf"\b(?:(?i:the)\s+)?(?P<d>(?P<word>(?i:{_alternation(DAY_OFFSET_WORDS)})))\b", _resolve_day_offset),
    _rule("relative_unit", rf"{_NOT_AFTER_THE}\b{_REL}(?P<unit>(?i:month|year))\b", _resolve_relative_unit),
    _rule("ago", rf"\b{_NUMBER}\s+(?P<unit>(?i:days?|months?|years?))\s+(?i:ago)\b", _resolve_ago),
    _rule("season", rf"\b{_REL}(?P<season>(?i:{_alternation(SEASONS)}))\b", _resolve_season),
    _rule("part_of_unit", _PART_OF_UNIT, _resolve_part_of_unit),
    _rule("week", rf"{_NOT_AFTER_THE}\b{_REL}(?i:week)\b", _resolve_week),
    _rule("range_start", _RANGE_START, _resolve_year),
    _rule("range_end", _RANGE_END, _resolve_range_end),
    _rule("year_modifier", _YEAR_MODIFIER, _resolve_year),
    _rule("bare_year", rf"(?<![\w,.-]){_YEAR}", _resolve_year, in_date_entity_only=True),
    _rule("bare_month", rf"\b{_MONTH}", _resolve_month_only, in_date_entity_only=True),
)  # fmt: skip

# "on 3 March" -> "3 March": leading words normalize_date ignores.
_LEADING_FILLER = re.compile(r"^(?i:on|at)\s+")


# --- public functions -------------------------------------------------------------------


def parse_published(value: object) -> date | None:
    """The publication date from ``doc._.published``: None, a date/datetime, or an ISO
    string ("2024-03-14" or "2024-03-14T09:30:00Z").

        >>> parse_published("2024-03-14T09:30:00Z")
        datetime.date(2024, 3, 14)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValueError(
        f"doc._.published must be an ISO date 'YYYY-MM-DD', an ISO datetime or None; "
        f"got {value!r}"
    )


def normalize_date(text: str, published: date | None) -> Resolved | None:
    """Normalise one date expression: ``(ISO value, precision)`` or None.

        >>> normalize_date("two days ago", date(2024, 3, 14))
        ('2024-03-12', 'day')
        >>> normalize_date("150 soldiers", None) is None
        True
    """
    text = _LEADING_FILLER.sub("", text.strip())
    for rule in RULES:
        match = rule.pattern.fullmatch(text)
        if match is not None:
            resolved = rule.resolve(match, published)
            if resolved is not None:
                return resolved
    return None


def find_dates(doc: Doc, published: date | None) -> list[DateMention]:
    """All date mentions in ``doc``, normalised against ``published``, sorted by start.

    Overlapping candidates are resolved in favour of the longest span ("March 3, 2019"
    over "March 3"), so every character belongs to at most one mention.

        >>> [m.value for m in find_dates(nlp("He left on Monday."), date(2024, 3, 14))]
        ['2024-03-11']
    """
    text = doc.text
    candidates = list(_scan(text, 0, len(text), published, entity=False))
    for ent in doc.ents:
        if ent.label_ == "DATE":
            candidates.extend(_scan(text, ent.start_char, ent.end_char, published, entity=True))
    mentions = _without_overlaps(candidates)
    if published is None:
        return mentions
    return [_forward_if_future(doc, m, published) for m in mentions]


#: Words that put a sentence in the future: "will be held in November", "the upcoming
#: summit in May", "talks scheduled for Friday".
FUTURE_MARKERS = frozenset({"will", "shall", "upcoming", "scheduled", "planned", "expected"})
_HAS_YEAR = re.compile(r"\d{4}|\b(?:year|month)\b", re.I)
_PAST_WORDS = re.compile(r"\b(?:last|ago|yesterday|previous|past|earlier)\b", re.I)
_NAMED_DAY_OR_MONTH = re.compile(
    r"\b(?:" + "|".join([*MONTHS, *WEEKDAYS]) + r")\b", re.I
)


def _forward_if_future(doc: Doc, mention: DateMention, published: date) -> DateMention:
    """A month, day or weekday given without a year, in a sentence about the future and
    resolved before publication, means the next such date instead."""
    if (
        _HAS_YEAR.search(mention.text)
        or _PAST_WORDS.search(mention.text)
        or not _NAMED_DAY_OR_MONTH.search(mention.text)
        or mention.value >= published.isoformat()[: len(mention.value)]
    ):
        return mention
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START") and not doc.has_annotation("DEP"):
        return mention
    clause = _clause_verb(span.root)
    if clause is not None and _past_tense(clause):
        return mention  # "the meeting, which had been planned, took place on Monday"
    own = _own_clause(clause) if clause is not None else list(span.sent)
    if not any(t.lower_ in FUTURE_MARKERS for t in own):
        return mention
    value = _next_occurrence(mention, published)
    return DateMention(mention.start, mention.end, mention.text, value, mention.precision)


def _clause_verb(token: Token) -> Token | None:
    """The verb whose clause holds ``token``."""
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _past_tense(verb: Token) -> bool:
    """A clause told in the past: "took place", "has met", "were held"."""
    if verb.tag_ == "VBD":
        return True
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a.tag_ == "VBD" or a.lemma_.lower() == "have" for a in auxes) and not any(
        a.lower_ in FUTURE_MARKERS for a in auxes)


def _own_clause(verb: Token) -> list[Token]:
    """The clause of ``verb`` without the relative and adverbial clauses inside it."""
    found, stack = [], [verb]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(c for c in node.children if c.dep_ not in ("relcl", "acl", "advcl"))
    return found


def _next_occurrence(mention: DateMention, published: date) -> str:
    if mention.precision == "month":
        year, month = (int(x) for x in mention.value.split("-"))
        return f"{year + 1:04d}-{month:02d}" if (year, month) < (published.year, published.month) else mention.value
    past = date.fromisoformat(mention.value)
    if (published - past).days < 7:  # a weekday: the same weekday in the coming week
        return (past + timedelta(days=7)).isoformat()
    shifted = _safe_date(past.year + 1, past.month, past.day)
    return shifted.isoformat() if shifted else mention.value


def _scan(
    text: str, start: int, end: int, published: date | None, *, entity: bool
) -> Iterator[DateMention]:
    """Mentions found by the rules in ``text[start:end]``. Inside a DATE entity all
    rules apply (matches may not leave the entity); elsewhere only unambiguous ones."""
    for rule in RULES:
        if rule.in_date_entity_only and not entity:
            continue
        for match in rule.pattern.finditer(text, start, end):
            resolved = rule.resolve(match, published)
            if resolved is None:
                continue
            group = "d" if "d" in rule.pattern.groupindex else 0
            s, e = match.span(group)
            yield DateMention(s, e, text[s:e], resolved[0], resolved[1])


def _without_overlaps(candidates: list[DateMention]) -> list[DateMention]:
    """Keep the longest of overlapping mentions (earliest on a tie), sorted by start."""
    kept: list[DateMention] = []
    for cand in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda m: m.start)


# --- spaCy component --------------------------------------------------------------------


class DateFinder:
    """Pipeline component: ``doc._.dates = find_dates(doc, doc._.published)``."""

    def __init__(self, nlp: Language, name: str = "tidings_dates") -> None:
        self.name = name

    @timed("dates")
    def __call__(self, doc: Doc) -> Doc:
        mentions = find_dates(doc, parse_published(doc._.published))
        self.set_annotations(doc, mentions)
        return doc

    def set_annotations(self, doc: Doc, mentions: list[DateMention]) -> None:
        doc._.dates = mentions


@Language.factory("tidings_dates", assigns=["doc._.dates"], requires=["doc.ents"])
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder(nlp, name)
