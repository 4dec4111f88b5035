"""Checks of the values a user gives the event and actor filters, shared by the CLI and
the HTTP API: each returns the value as the store takes it or raises ``FilterError``
with a one-line reason.

    >>> check_event_type("consult"), check_date("2024-03"), check_country("kaz")
    ('CONSULT', '2024-03', 'KAZ')
"""

from __future__ import annotations

import datetime
import re

from tidings.errors import Messages
from tidings.plover import event_types
from tidings.store.corpus import MAX_FILTER_CHARS, FilterError

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")


def shown(value: str, width: int = 40) -> str:
    """A user's value as an error message quotes it: cut to ``width`` characters."""
    return value if len(value) <= width else value[: width - 1] + "…"


def check_text(value: str, what: str = "the value") -> str:
    """A free-text filter (a name, a query) of at most ``MAX_FILTER_CHARS`` characters."""
    if len(value) > MAX_FILTER_CHARS:
        raise FilterError(Messages.FILTER_TOO_LONG.format(
            name=what, length=len(value), limit=MAX_FILTER_CHARS))
    return value


def check_date(value: str) -> str:
    """A real calendar date as YYYY, YYYY-MM or YYYY-MM-DD."""
    found = _DATE.match(value)
    if not found:
        raise FilterError(Messages.BAD_DATE.format(value=shown(value)))
    year, month, day = found.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise FilterError(Messages.NOT_A_DAY.format(value=value, detail=exc)) from None
    return value


def check_dates_in_order(since: str | None, until: str | None) -> None:
    if since and until and since[: len(until)] > until:
        raise FilterError(Messages.DATES_REVERSED.format(since=since, until=until))


def check_event_type(value: str) -> str:
    """A PLOVER event type, in any case."""
    types = event_types()
    if value.upper() not in types:
        raise FilterError(Messages.UNKNOWN_EVENT_TYPE.format(
            name=shown(value), opts=", ".join(sorted(types))))
    return value.upper()


def check_country(value: str) -> str:
    """An ISO 3166 alpha-3 code in any case; whether the code is known is for the
    caller to ask (``Corpus.event_countries`` holds codes outside ISO 3166)."""
    if not _ISO3.match(value):
        raise FilterError(Messages.BAD_COUNTRY.format(code=shown(value)))
    return value.upper()
