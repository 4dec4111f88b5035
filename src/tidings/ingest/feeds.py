"""Read RSS 2.0, RSS 1.0 (RDF) and Atom feeds saved as files: one article per entry.

    >>> for item in read_feed(Path("caspian.rss")):
    ...     print(item.source, type(item).__name__)

An entry's HTML (``content:encoded`` or Atom ``content``, else its summary) is read like
an HTML page; its link, title and date come from the entry, and the feed's title is the
outlet. The date is passed on as the feed writes it (RFC 2822 in RSS, ISO 8601 in
Atom): ``ingest.published`` reads it when the article is extracted, as for JSONL.
An entry with no text is rejected as "empty"; a file that is no feed gives one
rejection. A feed with a flaw (feedparser's ``bozo``) that still yields entries is read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tidings.ingest.readers import (
    Result,
    _guarded_value,
    _one_line,
    _reject,
    _unreadable,
    article_from_string,
    looks_like_html,
    xml_root,
)

NOT_A_FEED = "not a readable RSS or Atom feed ({detail})"
NO_ENTRIES = "the feed has no entries"
NO_TEXT = "{entry}: no text"
_ATOM_NAMESPACES = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")
_RSS1_NAMESPACE = b"http://purl.org/rss/1.0/"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes open an RSS, RSS 1.0 or Atom document.

        >>> looks_like_feed(b'<?xml version="1.0"?><rss version="2.0">')
        True
    """
    root = xml_root(head)
    if root is None:
        return False
    name, attributes = root
    local = name.rpartition(":")[2].lower()
    if local == "rss":
        return True
    if local == "rdf":
        return _RSS1_NAMESPACE in head
    return local == "feed" and any(space in attributes for space in _ATOM_NAMESPACES)


def read_feed(path: Path) -> Iterator[Result]:
    """One article (or rejection) per entry of the feed file at ``path``."""
    import feedparser

    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(path, exc)
        return
    # A stream, never a string: feedparser fetches a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries:
        if parsed.get("bozo"):
            detail = _one_line(str(parsed.get("bozo_exception") or "no entries found"))[:200]
            yield _reject(str(path), "bad_feed", NOT_A_FEED.format(detail=detail))
        else:
            yield _reject(str(path), "empty", NO_ENTRIES)
        return
    outlet = _text(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        source = f"{path}#entry-{number}"
        yield _guarded_value(
            source, lambda e=entry, n=number, s=source: _article(e, n, s, path, outlet)
        )


def _article(entry: Any, number: int, source: str, path: Path, outlet: str | None) -> Result:
    url = _text(entry.get("link"))
    body = _body(entry)
    if body is None:
        where = f"{path.name} entry {number}" + (f" ({url})" if url else "")
        return _reject(source, "empty", NO_TEXT.format(entry=where))
    value, kind = body
    if kind in _HTML_TYPES and not looks_like_html(value):
        # A fragment that opens with text ("Talks <b>closed</b>") is still HTML: the
        # wrapper sends it through the HTML reading, which drops the markup.
        value = f"<div>{value}</div>"
    return article_from_string(
        value,
        source,
        url=url,
        title=_text(entry.get("title")),
        published=_text(entry.get("published") or entry.get("updated")),
        outlet=outlet,
    )


def _body(entry: Any) -> tuple[str, str] | None:
    """The entry's full content, else its summary, with its type; None when neither
    has any text."""
    details = list(entry.get("content") or []) + [entry.get("summary_detail") or {}]
    for detail in details:
        value = detail.get("value")
        if isinstance(value, str) and value.strip():
            return value, (detail.get("type") or "text/html").lower()
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        return summary, "text/html"
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
