"""Ingestion: read articles, clean scraped text, check the language.

    >>> from tidings.ingest import iter_articles, clean_text, check_english
    >>> for raw in iter_articles(["samples/"]):
    ...     cleaned = clean_text(raw.text)
"""

from __future__ import annotations

from tidings.ingest.clean import clean_text, parse_date
from tidings.ingest.language import check_english, detect_language
from tidings.ingest.outlet import outlet_from_text, outlet_from_url
from tidings.ingest.readers import (
    article_from_bytes,
    article_from_html,
    article_from_string,
    iter_articles,
    looks_like_html,
)

__all__ = [
    "article_from_bytes",
    "article_from_html",
    "article_from_string",
    "check_english",
    "clean_text",
    "detect_language",
    "iter_articles",
    "looks_like_html",
    "outlet_from_text",
    "outlet_from_url",
    "parse_date",
]
