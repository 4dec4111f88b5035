"""Cleaning: chrome lines go, body lines stay, and offsets always slice the raw text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidings.ingest.clean import clean_text, is_chrome, parse_date
from tidings.ingest.outlet import outlet_from_text, outlet_from_url
from tidings.model import CleanedText

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def assert_offsets_exact(raw: str, cleaned: CleanedText) -> None:
    covered = 0
    for seg in cleaned.offset_map:
        assert seg.text_start == covered, "segments are contiguous and in order"
        piece = cleaned.text[seg.text_start:seg.text_start + seg.length]
        assert piece == raw[seg.raw_start:seg.raw_start + seg.length]
        covered += seg.length
    assert covered == len(cleaned.text), "every character is copied from the raw text"
    for span in cleaned.removed:
        assert raw[span.start:span.end] == span.text


def test_scraped_wire_article_loses_chrome_and_keeps_body() -> None:
    raw = (FIXTURES / "scraped_wire.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.text == (
        "Politics\n\n"
        "BAKU, Azerbaijan, March 12. Azerbaijan and Uzbekistan will expand cooperation in "
        "transport and energy, the Foreign Ministry's press office told Trend.az.\n"
        "Share prices of the national airline rose after the announcement.\n\n"
        "He said the cookies were served at the reception in the ministry."
    )
    assert cleaned.published == "2024-03-12"
    assert cleaned.outlet == "Trend.az"
    removed = [span.text for span in cleaned.removed]
    assert "12 March 2024, 14:05  A+ A- 14px" in removed
    assert "By John Smith | 12.03.2024" in removed
    assert len(removed) == 10
    assert_offsets_exact(raw, cleaned)


@pytest.mark.parametrize(
    "line",
    [
        "12 March 2024, 14:05  A+ A- 14px",
        "Mar 12, 2024 | A A A",
        "Share",
        "Print",
        "Tweet",
        "Share on Facebook",
        "Subscribe to our newsletter",
        "Read more: Tokayev arrives in Tashkent",
        "Read also",
        "Related: Kyrgyz border talks resume",
        "By John Smith | 12.03.2024",
        "Author: Aziz Karimov",
        "We use cookies to give you the best experience. By continuing you accept them.",
        "Accept all cookies",
        "Advertisement",
        "© 2024 Trend News Agency. All rights reserved",
        "Photo: Reuters",
        "Follow us on Telegram",
        "2024-03-12 10:15",
    ],
)
def test_chrome_lines_are_recognised(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell on Monday.",
        "He said the cookies were baked by the embassy staff.",
        "By Monday, the troops had left the town.",
        "Printing of the new ballots began on March 12, 2024, the commission said.",
        "The minister said the agreement would be signed in Tashkent.",
        "Read the full statement of the foreign ministry on its website, the spokesman "
        "said, adding that the talks in Baku had been constructive and open.",
        "Follow-up talks are planned for April.",
        "",
    ],
)
def test_body_lines_are_never_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_long_line_with_chrome_words_is_kept() -> None:
    raw = "Share " * 30 + "\nBody."
    assert clean_text(raw).text.startswith("Share Share")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 March 2024", "2024-03-12"),
        ("March 12, 2024", "2024-03-12"),
        ("Mar 12 2024", "2024-03-12"),
        ("12.03.2024", "2024-03-12"),
        ("2024-03-12T10:00", "2024-03-12"),
        ("25/03/2024", "2024-03-25"),
        ("03/25/2024", "2024-03-25"),
        ("03/04/2024", None),
        ("31.02.2024", None),
        ("no date here", None),
        ("5 мая 2021", "2021-05-05"),
        ("17 березня 2022", "2022-03-17"),
        ("1 декабря 2023, 09:15", "2023-12-01"),
        ("3 March 2021 14:20 (UTC+05:00)", "2021-03-03"),
        ("02.04.2023 [09:15]", "2023-04-02"),
    ],
)
def test_parse_date_formats_and_ambiguity(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_blank_runs_collapse_and_crlf_offsets_hold() -> None:
    raw = "  First line.\r\n\r\n\r\nShare\r\n\r\nSecond line.  \r\n\r\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "First line.\r\n\r\nSecond line."
    assert_offsets_exact(raw, cleaned)


def test_all_chrome_gives_empty_text() -> None:
    cleaned = clean_text("Share\nPrint\nAdvertisement\n")
    assert cleaned.text == ""
    assert cleaned.offset_map == ()


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("The gas deal was signed, the ministry's press office told Trend.az.", "Trend.az"),
        ("The two leaders spoke by phone on Tuesday, Xinhua reported.", "Xinhua"),
        ("A new border post opened in Osh, reports AKIpress.", "AKIpress"),
        ("(Reuters) - Kazakhstan raised its key rate on Friday.", "Reuters"),
        ("TASHKENT, March 12 (UzA) -- The president received the delegation.", "UzA"),
        ("Exports rose by 12 percent, according to Interfax.", "Interfax"),
        ("The Foreign Ministry reported that talks would resume.", None),
        ("The Ministry of Defence told reporters that drills had ended.", None),
    ],
)
def test_outlet_from_body_attribution(text: str, outlet: str | None) -> None:
    assert outlet_from_text(text) == outlet
    assert clean_text(text).outlet == outlet


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.trend.az/business/123.html", "trend.az"),
        ("http://kun.uz/en/news", "kun.uz"),
        ("24.kg/english/1", "24.kg"),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, host: str | None) -> None:
    assert outlet_from_url(url) == host


_LINES = st.one_of(
    st.sampled_from(
        [
            "12 March 2024, 14:05  A+ A- 14px",
            "Share",
            "Read more: x",
            "By John Smith | 12.03.2024",
            "Advertisement",
            "",
            "   ",
            "Share prices fell on Monday.",
            "The talks in Baku ended, Xinhua reported.",
        ]
    ),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
)


@given(st.lists(_LINES, max_size=15), st.sampled_from(["\n", "\r\n", "\r"]))
def test_clean_text_offsets_always_slice_raw(lines: list[str], newline: str) -> None:
    raw = newline.join(lines)
    cleaned = clean_text(raw)
    assert_offsets_exact(raw, cleaned)
    assert cleaned.text == cleaned.text.strip()
    assert "\n\n\n" not in cleaned.text.replace("\r", "")


@pytest.mark.parametrize(
    "line",
    ["3 March 2021 14:20 (UTC+05:00)", "5 мая 2021, 14:20", "02.04.2023 [09:15]",
     "March 3, 2021 | 10:15 GMT+3"],
)
def test_date_lines_of_a_page_give_published_and_leave_the_text(line: str) -> None:
    raw = f"Kabar\n{line}\n\nThe ministers met in Bishkek on Monday to discuss the border.\n"
    cleaned = clean_text(raw)
    assert cleaned.published is not None
    assert line not in cleaned.text
    assert "The ministers met in Bishkek" in cleaned.text
