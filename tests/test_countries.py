"""Checks for the packaged country table and its lookups."""

from __future__ import annotations

import re

from tidings.countries import (
    city_country,
    country_by_demonym,
    country_by_iso3,
    country_by_name,
    load_countries,
)


def test_table_shape() -> None:
    rows = load_countries()
    assert len(rows) >= 200
    codes = [c.iso3 for c in rows]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)
    assert all(c.name and c.capital for c in rows)


def test_extra_territories_present() -> None:
    for code in ("PSE", "XKX", "TWN", "VAT", "ESH", "HKG", "MAC", "PRI", "GRL"):
        assert country_by_iso3(code) is not None, code


def test_kazakhstan_capital() -> None:
    kaz = country_by_iso3("KAZ")
    assert kaz is not None
    assert kaz.capital == "Astana"
    assert "Nur-Sultan" in kaz.capital_aliases
    assert city_country("Nur-Sultan") == ("Astana", "KAZ")
    assert city_country("Alma-Ata") == ("Almaty", "KAZ")


def test_demonyms() -> None:
    assert country_by_demonym("Kazakh").iso3 == "KAZ"
    assert country_by_demonym("Kazakhs").iso3 == "KAZ"
    assert country_by_demonym("Azeri").iso3 == "AZE"
    assert country_by_demonym("Americans").iso3 == "USA"
    assert country_by_demonym("Chinese").iso3 == "CHN"
    assert country_by_demonym("polish") is None


def test_cities() -> None:
    assert city_country("Kiev") == ("Kyiv", "UKR")
    assert city_country("Chișinău") == ("Chisinau", "MDA")
    assert city_country("Tripoli") == ("Tripoli", "LBY")


def test_names() -> None:
    assert country_by_name("U.S.").iso3 == "USA"
    assert country_by_name("US").iso3 == "USA"
    assert country_by_name("us") is None
    assert country_by_name("Turkiye").iso3 == "TUR"
    assert country_by_name("Türkiye").iso3 == "TUR"
    assert country_by_name("ivory coast").iso3 == "CIV"
    assert country_by_name("Kyrgyz Republic").iso3 == "KGZ"
