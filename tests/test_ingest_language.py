"""Language gate: English news passes, other languages are rejected with a reason."""

from __future__ import annotations

import pytest

from tidings.ingest.language import check_english, detect_language

ENGLISH = (
    "The foreign ministers of Azerbaijan and Uzbekistan met in Baku on Monday to discuss "
    "transport corridors and energy cooperation. The sides agreed to hold the next round "
    "of talks in Tashkent later this year, the ministry said in a statement."
)
NAMES = (
    "Shavkat Mirziyoyev, Kassym-Jomart Tokayev, Sadyr Japarov, Emomali Rahmon and "
    "Serdar Berdimuhamedov met in Dushanbe. Mirziyoyev and Japarov discussed the "
    "Kambarata HPP-1 project and the Andijan-Osh-Irkeshtam road with Tokayev."
)


def test_english_news_paragraph_is_accepted() -> None:
    assert check_english(ENGLISH, "a.txt") is None
    lang, score = detect_language(ENGLISH)
    assert lang == "en"
    assert 0.5 < score <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        NAMES,
        "President Shavkat Mirziyoyev received Kassym-Jomart Tokayev in Tashkent.",
        "Tokayev met Japarov.",
        "Mirziyoyev, Tokayev, Japarov",
    ],
)
def test_english_full_of_central_asian_names_is_accepted(text: str) -> None:
    assert check_english(text, "a.txt") is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Президент Узбекистана Шавкат Мирзиёев провёл переговоры с министром иностранных "
            "дел Казахстана в Ташкенте. Стороны обсудили транспортные коридоры.",
            "ru",
        ),
        (
            "Les ministres des affaires étrangères se sont réunis lundi à Bakou pour discuter "
            "des corridors de transport et de la coopération énergétique.",
            "fr",
        ),
        (
            "Die Außenminister haben sich am Montag in Baku getroffen, um über die "
            "Zusammenarbeit im Energiebereich und neue Verkehrskorridore zu sprechen.",
            "de",
        ),
        ("两国外长周一在巴库举行会谈，讨论了交通走廊和能源合作问题。", "zh"),
        ("التقى وزيرا خارجية البلدين في باكو يوم الاثنين لبحث التعاون في مجال الطاقة.", "ar"),
    ],
)
def test_other_languages_are_rejected(text: str, lang: str) -> None:
    rejected = check_english(text, "x.txt")
    assert rejected is not None
    assert rejected.code == "not_english"
    assert rejected.stage == "language"
    assert rejected.source == "x.txt"
    assert f"'{lang}'" in rejected.reason
    assert "\n" not in rejected.reason


def test_text_without_letters_is_rejected_as_no_text() -> None:
    rejected = check_english("12:05 -- 3.14 / 2024 !!!", "n.txt")
    assert rejected is not None and rejected.code == "no_text"
    assert detect_language("12:05 -- 3.14") == ("und", 0.0)


def test_only_the_start_of_a_long_text_is_read() -> None:
    text = ENGLISH * 40 + " Президент провёл переговоры." * 500
    assert check_english(text, "a.txt") is None


def test_english_report_quoting_russian_is_english() -> None:
    text = (
        "The foreign minister of Kyrgyzstan spoke to reporters in Bishkek on Tuesday after "
        "the talks with his Tajik counterpart.\n\n"
        '"Мы готовы продолжать переговоры по всем участкам границы, которые остаются '
        'спорными, и надеемся на скорый результат," the minister said.\n\n'
        '"Решение будет найдено, и мы приложим все усилия," he added.'
    )
    assert check_english(text, "q.txt") is None


def test_russian_article_with_english_quotes_is_still_russian() -> None:
    text = (
        "Министр иностранных дел Киргизии провёл переговоры с таджикским коллегой в "
        "Бишкеке. Стороны обсудили вопросы делимитации границы и водопользования. "
        '"We are ready to continue," заявил министр журналистам после встречи.'
    )
    rejected = check_english(text, "r.txt")
    assert rejected is not None and rejected.code == "not_english"
