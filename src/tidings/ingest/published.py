"""Read a publication date given with an article, in any common form, with its precision.

    >>> read_published("Tue, 14 Mar 2024 10:00:00 GMT")
    Published(value='2024-03-14T10:00:00+00:00', precision='time')
    >>> read_published("2024-03")
    Published(value='2024-03-01', precision='month')
    >>> read_published("2024-02-30") is None
    True

Feeds, sitemaps, CMS exports and people write dates differently: RFC 2822/5322 (every
RSS feed), ISO 8601 with or without time and zone, partial ISO ("2024-03", "2024"),
slashed and dotted numbers, and written dates ("14 March 2024", "March 2024"). The
value kept is an ISO day or datetime (the Document contract); a partial date keeps its
first day and says "month" or "year" in ``precision``, so nobody mistakes it for a day.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from tidings.ingest.clean import parse_date

# Longer values are prose, not a date field.
_MAX_LENGTH = 100
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_YEAR = r"(1[89]\d\d|2\d\d\d)"
_PARTIAL_NUMERIC = re.compile(_YEAR + r"(?:[-/.](\d{1,2}))?")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3,9})\.?,?\s+" + _YEAR)
_NUMERIC_DAY = re.compile(_YEAR + r"(?:(\d\d)(\d\d)|([/.])(\d\d?)\4(\d\d?))")
# ISO with a space or "T", optional seconds/fractions, "Z" or an offset.
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d)?")


@dataclass(frozen=True, slots=True)
class Published:
    value: str  # "YYYY-MM-DD" or an ISO datetime
    precision: str  # "time" | "day" | "month" | "year"

    @property
    def day(self) -> str:
        return self.value[:10]


def read_published(value: str | None) -> Published | None:
    """The date in ``value``; None when there is none or it is not a real date."""
    if value is None:
        return None
    text = " ".join(value.split())
    if not text or len(text) > _MAX_LENGTH:
        return None
    for reader in (_iso, _rfc2822, _partial, _numeric_day, _written):
        found = reader(text)
        if found is not None:
            return found
    return None


def _iso(text: str) -> Published | None:
    try:
        return Published(dt.date.fromisoformat(text).isoformat(), "day")
    except ValueError:
        pass
    if not _ISO_TIME.fullmatch(text):
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1).replace(" ", ""))
    except ValueError:
        return None
    return Published(moment.isoformat(), "time")


def _rfc2822(text: str) -> Published | None:
    if not re.search(r"\d\d?:\d\d", text):
        return None  # a day without a time is read by _written
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None or not 1800 <= moment.year <= 2999:
        return None
    return Published(moment.isoformat(), "time")


def _partial(text: str) -> Published | None:
    match = _PARTIAL_NUMERIC.fullmatch(text)
    if match is None:
        month_year = _MONTH_YEAR.fullmatch(text)
        if month_year is None or month_year.group(1).lower() not in _MONTHS:
            return None
        return _first_day(int(month_year.group(2)), _MONTHS[month_year.group(1).lower()])
    year, month = match.groups()
    if month is None:
        return Published(f"{year}-01-01", "year")
    return _first_day(int(year), int(month))


def _first_day(year: int, month: int) -> Published | None:
    if not 1 <= month <= 12:
        return None
    return Published(dt.date(year, month, 1).isoformat(), "month")


def _numeric_day(text: str) -> Published | None:
    """"20240314", "2024/03/14", "2024.3.14"."""
    match = _NUMERIC_DAY.fullmatch(text)
    if match is None:
        return None
    year = match.group(1)
    month, day = match.group(2) or match.group(5), match.group(3) or match.group(6)
    try:
        return Published(dt.date(int(year), int(month), int(day)).isoformat(), "day")
    except ValueError:
        return None


def _written(text: str) -> Published | None:
    """Slashed, dotted and written days ("2024/03/14", "14.03.2024", "14 March 2024"),
    also with a weekday or a time around them."""
    day = parse_date(text)
    return Published(day, "day") if day else None
