"""Readers: every bad input becomes one Rejected with a code and a one-line reason."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tidings.ingest.readers import (
    article_from_bytes,
    article_from_html,
    article_from_string,
    iter_articles,
)
from tidings.model import RawArticle, Rejected

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
RUSSIAN = "Президент Узбекистана провёл переговоры с министром иностранных дел Казахстана."


def assert_rejected(result: object, code: str) -> Rejected:
    assert isinstance(result, Rejected), result
    assert result.code == code
    assert result.stage == "read"
    assert result.reason and "\n" not in result.reason
    return result


def test_plain_english_file_reads_as_one_article() -> None:
    [article] = list(iter_articles([str(FIXTURES / "wire_en.txt")]))
    assert isinstance(article, RawArticle)
    assert article.text.startswith("TASHKENT, March 12 (UzA)")
    assert article.source == str(FIXTURES / "wire_en.txt")
    assert article.html is None


def test_utf8_bom_is_dropped() -> None:
    article = article_from_bytes(b"\xef\xbb\xbfTalks opened in Baku.", "a.txt")
    assert isinstance(article, RawArticle)
    assert article.text == "Talks opened in Baku."


def test_utf16_with_bom_decodes() -> None:
    article = article_from_bytes("Talks opened in Baku.".encode("utf-16"), "a.txt")
    assert isinstance(article, RawArticle)
    assert article.text == "Talks opened in Baku."


def test_cp1251_russian_is_detected_and_converted() -> None:
    article = article_from_bytes((RUSSIAN + " " + RUSSIAN).encode("cp1251"), "ru.txt")
    assert isinstance(article, RawArticle)
    assert article.text.startswith(RUSSIAN)


def test_latin1_english_with_accents_is_converted() -> None:
    text = "The café in Zürich served crème brûlée to the délégation from Genève."
    article = article_from_bytes(text.encode("latin-1"), "fr.txt")
    assert isinstance(article, RawArticle)
    assert article.text == text


def test_empty_and_whitespace_files_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    results = list(iter_articles([str(tmp_path)]))
    assert [assert_rejected(r, "empty").source for r in results] == [
        str(tmp_path / "blank.txt"),
        str(tmp_path / "empty.txt"),
    ]


def test_png_file_is_rejected_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    [result] = list(iter_articles([str(path)]))
    assert "PNG" in assert_rejected(result, "binary").reason


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n...", b"PK\x03\x04rest", b"\x1f\x8b\x08\x00", b"text\x00with\x00nul"]
)
def test_known_binary_formats_are_rejected(data: bytes) -> None:
    assert_rejected(article_from_bytes(data, "x.bin"), "binary")


def test_control_characters_string_is_rejected_as_binary() -> None:
    assert_rejected(article_from_string("\x01\x02\x03\x04abc\x05\x06", "s"), "binary")


def test_file_over_max_bytes_is_rejected_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.seek(20 * 1024 * 1024 - 1)
        handle.write(b"a")
    [result] = list(iter_articles([str(path)]))
    assert "20971520" in assert_rejected(result, "too_large").reason


def test_max_bytes_setting_applies_to_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_MAX_BYTES", "10")
    assert_rejected(article_from_string("Talks opened in Baku.", "s"), "too_large")


def test_random_high_bytes_are_undecodable() -> None:
    assert_rejected(article_from_bytes(bytes(range(128, 256)) * 4, "x.txt"), "undecodable")


def test_utf8_with_one_bad_byte_still_reads() -> None:
    article = article_from_bytes(b"Talks opened in Baku, caf\xe9 owners said.", "x.txt")
    assert isinstance(article, RawArticle)
    assert article.text.startswith("Talks opened in Baku")


def test_html_file_gives_main_text_and_metadata() -> None:
    [article] = list(iter_articles([str(FIXTURES / "article.html")]))
    assert isinstance(article, RawArticle)
    assert "Middle Corridor" in article.text
    assert "Home" not in article.text
    assert article.title == "Azerbaijan and Uzbekistan discuss transport corridors"
    assert article.published == "2024-03-12"
    assert article.outlet == "Trend News Agency"
    assert article.html is not None and article.html.startswith("<!DOCTYPE html>")


def test_html_outlet_falls_back_to_url() -> None:
    html = "<p>The ministers of Kazakhstan and Kyrgyzstan met in Astana on Monday.</p>"
    article = article_from_html(html, "s", url="https://www.kun.uz/en/news/1")
    assert isinstance(article, RawArticle)
    assert article.outlet == "kun.uz"
    assert article.text == "The ministers of Kazakhstan and Kyrgyzstan met in Astana on Monday."


def test_html_with_no_body_is_rejected() -> None:
    [result] = list(iter_articles([str(FIXTURES / "no_body.html")]))
    assert_rejected(result, "no_body")


@pytest.mark.parametrize("html", ["<html><body><p>a<div>", "<div>" * 500, "<p></p>\x00<b>"])
def test_malformed_html_never_raises(html: str) -> None:
    assert isinstance(article_from_string(html, "s"), RawArticle | Rejected)


def test_jsonl_bad_line_is_rejected_and_good_lines_come_through() -> None:
    path = FIXTURES / "batch.jsonl"
    results = list(iter_articles([str(path)]))
    assert [type(r).__name__ for r in results] == [
        "RawArticle", "Rejected", "Rejected", "RawArticle"
    ]
    first, bad, no_text, last = results
    assert isinstance(first, RawArticle) and isinstance(last, RawArticle)
    assert first.source == f"{path}:1"
    assert first.url == "https://24.kg/english/1"
    assert first.published == "2024-03-11"
    assert first.outlet == "24.kg"
    assert assert_rejected(bad, "bad_json").source == f"{path}:2"
    assert "line 2" in bad.reason
    assert assert_rejected(no_text, "bad_record").source == f"{path}:3"
    assert last.outlet == "Khovar"
    assert last.text.startswith("The Tajik and Turkmen ministers")


def test_missing_path_and_empty_glob_are_rejected(tmp_path: Path) -> None:
    results = list(iter_articles([str(tmp_path / "nope.txt"), str(tmp_path / "*.md")]))
    assert_rejected(results[0], "not_found")
    assert_rejected(results[1], "no_match")


def test_folder_is_walked_sorted_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second article text.")
    (tmp_path / "a.txt").write_text("First article text.")
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Hidden too.")
    sources = [r.source for r in iter_articles([str(tmp_path)])]
    assert sources == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "two.txt")]


def test_glob_pattern_reads_matching_files(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("One article.")
    (tmp_path / "two.txt").write_text("Two article.")
    (tmp_path / "skip.md").write_text("Skipped.")
    results = list(iter_articles([str(tmp_path / "*.txt")]))
    texts = [r.text for r in results if isinstance(r, RawArticle)]
    assert texts == ["One article.", "Two article."]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Secret.")
    path.chmod(0)
    [result] = list(iter_articles([str(path)]))
    assert_rejected(result, "unreadable")


def test_stdin_jsonl_gives_one_article_per_line() -> None:
    stdin = io.BytesIO(b'{"text": "First story."}\n\n{"text": "Second story."}\n')
    results = list(iter_articles(["-"], stdin=stdin))
    assert [(r.source, r.text) for r in results if isinstance(r, RawArticle)] == [
        ("-:1", "First story."),
        ("-:3", "Second story."),
    ]


def test_stdin_plain_text_is_one_article() -> None:
    stdin = io.BytesIO(b'Talks opened.\n{"not": "all json"}\n')
    [article] = list(iter_articles(["-"], stdin=stdin))
    assert isinstance(article, RawArticle)
    assert article.source == "-"
    assert article.text.startswith("Talks opened.")
