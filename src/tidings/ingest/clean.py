"""Remove the page chrome scrapers leave in plain text, keeping a map back to the raw text.

    >>> cleaned = clean_text("12 March 2024, 14:05  A+ A- 14px\\nTalks opened in Baku.\\nShare")
    >>> cleaned.text, cleaned.published
    ('Talks opened in Baku.', '2024-03-12')

A line is chrome only when it is short and matches a chrome pattern; a body sentence
that merely mentions shares or cookies is kept. Every character of the cleaned text is
copied from the raw text, so ``offset_map`` covers all of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tidings.ingest.outlet import outlet_from_text
from tidings.model import CleanedText, OffsetSegment, TextSpan

MAX_CHROME_LEN = 120
# Cookie banners run longer than other chrome but always open the same way.
MAX_COOKIE_LEN = 300

# Month names as page dates write them: English, and the Russian and Ukrainian names
# (genitive and nominative) that dates in regional English copy carry ("5 мая 2021").
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan", "января", "январь", "січня", "січень"),
    ("february", "feb", "февраля", "февраль", "лютого", "лютий"),
    ("march", "mar", "марта", "март", "березня", "березень"),
    ("april", "apr", "апреля", "апрель", "квітня", "квітень"),
    ("may", "мая", "май", "травня", "травень"),
    ("june", "jun", "июня", "июнь", "червня", "червень"),
    ("july", "jul", "июля", "июль", "липня", "липень"),
    ("august", "aug", "августа", "август", "серпня", "серпень"),
    ("september", "sep", "sept", "сентября", "сентябрь", "вересня", "вересень"),
    ("october", "oct", "октября", "октябрь", "жовтня", "жовтень"),
    ("november", "nov", "ноября", "ноябрь", "листопада", "листопад"),
    ("december", "dec", "декабря", "декабрь", "грудня", "грудень"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"

_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I), "dMy"),
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "Mdy"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dmy"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "slash"),
)

_TIME = (
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*\(?(?:GMT|UTC)(?:\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?)?\)?)?"
    r"|\(?\b(?:GMT|UTC)\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?\)?"
)
_WEEKDAY = r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
_DATE_WORDS = r"\b(?:updated|published|posted|last updated|modified|on|at)\b:?"
_DATE_TOKENS = re.compile(
    "|".join(p.pattern for p, _ in _DATE_PATTERNS) + rf"|{_TIME}|{_WEEKDAY}|{_DATE_WORDS}",
    re.I,
)
_SEPARATORS = re.compile(r"[\s|,•·/\\\-–—:()\[\]]*")

_FONT_BUTTONS = re.compile(
    r"\bA\s?\+\s*A\s?[-−–]|\bA\s?[-−–]\s*A\s?\+|\bA\s+A\s+A\b"
    r"|\b\d{1,2}\s?px\b|\bfont size\b"
)
_SOCIAL_WORD = (
    r"(?:share(?:\s+(?:on|via|to)\s+\w+)?|share this(?: article| story| page)?|print"
    r"(?: this(?: article| page)?)?|tweet|e-?mail|copy link|whatsapp|telegram|facebook"
    r"|twitter|x|linkedin|vk|ok|reddit|pinterest|comments?|save|bookmark|\d+\s*(?:views|comments))"
)
_CHROME_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        rf"(?:{_SOCIAL_WORD}[\s|•·,:/\-–]*)+",
        r"(?:subscribe|sign up|join us|follow us|like us)\b.{0,80}",
        r"(?:read more|read also|also read|see also|related(?: news| articles| stories)?"
        r"|more on this(?: topic)?|more news)\b\s*[:»>.\-–]?.{0,110}",
        r"(?:author|written by|reporting by|editing by|additional reporting by)\s*:?\s+.{1,100}",
        r"(?:advertisement|advertising|sponsored(?: content)?|ad|reklama)\s*",
        r"(?:©|\(c\)|copyright\b).{0,110}",
        r".{0,80}\ball rights reserved\b.{0,60}",
        r"(?:photo|photos|image|video|pictured|photo credit|foto)\s*(?:by|:)\s*.{1,60}",
        r"tags?\s*:.{0,110}",
        r"(?:accept(?: all)?|reject(?: all)?|manage)\s+cookies.{0,60}",
        r".{0,40}©.{0,110}",
        r"(?:reprinting|reproduction|when using (?:the )?materials|full or partial use)\b.{0,110}",
    )
)
# "Kyrgyzstan | Central Asia | World": a menu of three or more short items.
_MENU = re.compile(r"[^|\n]{1,30}(?:\|[^|\n]{1,30}){2,}")
# "Kabar - Kyrgyz National News Agency": the masthead at the top of a scraped page.
_MASTHEAD = re.compile(
    r"(?P<name>[^\W\d][\w.&'-]*(?: [\w.&'-]+){0,3}?)\s*(?:[-–—|:]\s*)?"
    r"(?:[\w-]+\s+){0,4}(?:news|information|press)\s+agency\b.{0,40}",
    re.IGNORECASE,
)
_MASTHEAD_LINES = 3
_READ_MORE_HEADER = re.compile(
    r"(?:read more|read also|also read|see also|related(?: news| articles| stories)?"
    r"|more news)\s*[:»>]?\s*",
    re.IGNORECASE,
)
_RELATED_HEADLINES = 4
_COOKIE_BANNER = re.compile(
    r"(?:we use cookies|this (?:web)?site uses cookies|cookies help us|by (?:using|continuing)"
    r" .{0,60}you agree to (?:our|the) use of cookies)",
    re.I,
)
# "By John Smith | 12.03.2024": a name of up to four capitalised words, then nothing or a
# separator and a date, so that "By Monday, the troops had left." stays.
_BYLINE = re.compile(
    r"By\s+(?:[A-Z][\w.'’-]*\s*){1,4}(?:(?:[|,–—-]|\bon\b)\s*(?P<rest>.*))?"
)
_LINE = re.compile(r"([^\r\n]*)(\r\n|\n|\r|$)")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # raw offset of the line's first character
    end: int  # raw offset after the line's content (before its terminator)
    term_end: int  # raw offset after its terminator
    content: str
    chrome: bool

    @property
    def blank(self) -> bool:
        return not self.content.strip()


def clean_text(raw: str) -> CleanedText:
    """Drop chrome lines, collapse blank runs, and record what was found in the chrome.

        >>> clean_text("By John Smith | 12.03.2024\\nThe summit opened.").text
        'The summit opened.'
    """
    lines = _mark_context_chrome(list(_split_lines(raw)))
    kept = _collapse_blanks([line for line in lines if not line.chrome])
    text, segments = _assemble(raw, kept)
    removed = tuple(TextSpan(ln.start, ln.end, ln.content) for ln in lines if ln.chrome)
    return CleanedText(
        text=text,
        offset_map=segments,
        published=_published_from(removed),
        outlet=outlet_from_text(text) or _outlet_from_masthead(lines),
        removed=removed,
        title=_headline(text),
    )


def is_chrome(line: str) -> bool:
    """True when ``line`` is page chrome: ``is_chrome("Share on Facebook") is True``."""
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) <= MAX_COOKIE_LEN and _COOKIE_BANNER.match(stripped):
        return True
    if len(stripped) >= MAX_CHROME_LEN:
        return False
    if _FONT_BUTTONS.search(stripped) or _is_date_only(stripped):
        return True
    if any(p.fullmatch(stripped) for p in _CHROME_LINES):
        return True
    if _MENU.fullmatch(stripped) and not stripped.endswith((".", "!", "?")):
        return True
    byline = _BYLINE.fullmatch(stripped)
    if byline is None:
        return False
    rest = byline.group("rest")
    return not rest or parse_date(rest) is not None


def parse_date(text: str) -> str | None:
    """First unambiguous calendar date in ``text`` as YYYY-MM-DD.

        >>> parse_date("Mar 12, 2024 | A A A")
        '2024-03-12'
    """
    found: list[tuple[int, str]] = []
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _date_value(match.groups(), order)
            if value:
                found.append((match.start(), value))
                break
    return min(found)[1] if found else None


def _date_value(groups: tuple[str, ...], order: str) -> str | None:
    a, b, c = groups
    if order == "ymd":
        year, month, day = int(a), int(b), int(c)
    elif order == "dMy":
        year, month, day = int(c), _MONTHS[b.lower()], int(a)
    elif order == "Mdy":
        year, month, day = int(c), _MONTHS[a.lower()], int(b)
    elif order == "dmy":
        year, month, day = int(c), int(b), int(a)
    else:
        first, second = int(a), int(b)
        if first <= 12 and second <= 12 and first != second:
            return None  # 03/04/2024 could be either order
        day, month = (first, second) if first > 12 or first == second else (second, first)
        year = int(c)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _is_date_only(line: str) -> bool:
    if parse_date(line) is None:
        return False
    rest = _DATE_TOKENS.sub(" ", line)
    return _SEPARATORS.fullmatch(rest) is not None


def _split_lines(raw: str) -> Iterator[_Line]:
    for match in _LINE.finditer(raw):
        if match.start() == len(raw) and raw:
            return
        content = match.group(1)
        yield _Line(match.start(1), match.end(1), match.end(2), content, is_chrome(content))
        if not match.group(2):
            return


def _mark_context_chrome(lines: list[_Line]) -> list[_Line]:
    """Chrome that only its place shows: a masthead among the first lines, and the
    headlines listed under a bare "Read more:"."""
    out: list[_Line] = []
    related_left = 0
    content_lines = 0
    for line in lines:
        stripped = line.content.strip()
        chrome = line.chrome
        if stripped and not chrome:
            if content_lines < _MASTHEAD_LINES and _MASTHEAD.fullmatch(stripped):
                chrome = True
            elif related_left and len(stripped) < MAX_CHROME_LEN and not stripped.endswith(
                (".", "!", "?", '"', "”", "»")
            ):
                chrome = True
                related_left -= 1
            else:
                related_left = 0
        if stripped:
            content_lines += 1
            if _READ_MORE_HEADER.fullmatch(stripped):
                related_left = _RELATED_HEADLINES
        out.append(_Line(line.start, line.end, line.term_end, line.content, chrome) if chrome != line.chrome else line)
    return out


MAX_HEADLINE_LEN = 160


def _headline(text: str) -> str | None:
    """The first line, when it reads as a headline: short, on its own line, and not a
    sentence ending in a full stop."""
    first, newline, rest = text.partition("\n")
    first = first.strip()
    if not newline or not rest.strip() or not first or len(first) > MAX_HEADLINE_LEN:
        return None
    if first.endswith((".", ":", ",", ";")) or len(first.split()) < 3:
        return None
    return first


def _outlet_from_masthead(lines: list[_Line]) -> str | None:
    for line in lines[: _MASTHEAD_LINES + 2]:
        match = _MASTHEAD.fullmatch(line.content.strip())
        if match:
            return match.group("name").strip()
    return None


def _collapse_blanks(lines: list[_Line]) -> list[_Line]:
    """Keep at most one blank line in a row and none at either end."""
    out: list[_Line] = []
    for line in lines:
        if line.blank and (not out or out[-1].blank):
            continue
        out.append(line)
    while out and out[-1].blank:
        out.pop()
    return out


def _assemble(raw: str, kept: list[_Line]) -> tuple[str, tuple[OffsetSegment, ...]]:
    """Join the kept lines using their own raw terminators, so nothing is inserted."""
    pieces: list[tuple[int, int]] = []
    for i, line in enumerate(kept):
        start, end = line.start, line.end
        if line.blank:
            start = end  # a blank line contributes only its line break
        if i == 0:
            start = line.start + (len(line.content) - len(line.content.lstrip()))
        if i == len(kept) - 1:
            end = line.start + len(line.content.rstrip())
        else:
            end = line.term_end
        _append_piece(pieces, start, end)
    text_parts: list[str] = []
    segments: list[OffsetSegment] = []
    offset = 0
    for start, end in pieces:
        text_parts.append(raw[start:end])
        segments.append(OffsetSegment(offset, start, end - start))
        offset += end - start
    return "".join(text_parts), tuple(segments)


def _append_piece(pieces: list[tuple[int, int]], start: int, end: int) -> None:
    if end <= start:
        return
    if pieces and pieces[-1][1] == start:
        pieces[-1] = (pieces[-1][0], end)
    else:
        pieces.append((start, end))


def _published_from(removed: tuple[TextSpan, ...]) -> str | None:
    for span in removed:
        value = parse_date(span.text)
        if value:
            return value
    return None
