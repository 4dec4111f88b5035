"""Read XML sitemaps saved as files: each listed page is a rejection saying so.

    >>> [item.code for item in read_sitemap(Path("news-sitemap.xml"))]
    ['no_text', 'no_text']

A sitemap (``<urlset>``, also with Google News' ``news:title``,
``news:publication_date`` and ``news:publication/news:name``) lists pages but holds
none of their text, and Tidings never downloads: each ``<url>`` becomes a "no_text"
rejection that names the page, so that nothing listed passes unnoticed and the reason
says what to do (fetch the pages, ingest the files). A ``<sitemapindex>`` gives one
per child sitemap; a file that is not well-formed XML gives one for the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tidings.ingest.readers import Result, _one_line, _reject, _unreadable, xml_root
from tidings.model import Rejected

LISTED_PAGE = (
    "sitemap lists {page} but Tidings does not download pages: fetch the page and "
    "ingest the file"
)
LISTED_SITEMAP = (
    "sitemap index lists the sitemap {page} but Tidings does not download: fetch the "
    "pages it lists and ingest those files"
)
NOT_A_SITEMAP = "not a readable XML sitemap ({detail})"
NO_URLS = "the sitemap lists no pages"
_KINDS = {"urlset": ("url", LISTED_PAGE), "sitemapindex": ("sitemap", LISTED_SITEMAP)}
_MAX_TITLE = 80


def looks_like_sitemap(head: bytes) -> bool:
    """True when the first bytes open a ``<urlset>`` or ``<sitemapindex>``.

        >>> looks_like_sitemap(b'<?xml version="1.0"?><urlset xmlns="...">')
        True
    """
    root = xml_root(head)
    return root is not None and root[0].rpartition(":")[2] in _KINDS


def read_sitemap(path: Path) -> Iterator[Result]:
    """One "no_text" rejection per page (or child sitemap) listed in the file at ``path``."""
    import lxml.etree

    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(path, exc)
        return
    # Entities are left unexpanded and nothing is fetched: a sitemap is data, not code.
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        detail = _one_line(str(exc))[:200]
        yield _reject(str(path), "bad_sitemap", NOT_A_SITEMAP.format(detail=detail))
        return
    kind = lxml.etree.QName(root).localname
    if kind not in _KINDS:
        detail = f"it is <{kind}>, not <urlset> or <sitemapindex>"
        yield _reject(str(path), "bad_sitemap", NOT_A_SITEMAP.format(detail=detail))
        return
    child, message = _KINDS[kind]
    entries = [e for e in root if isinstance(e.tag, str) and _local(e) == child]
    if not entries:
        yield _reject(str(path), "empty", NO_URLS)
    for number, entry in enumerate(entries, start=1):
        yield _listed(entry, f"{path}#{child}-{number}", message)


def _listed(entry: Any, source: str, message: str) -> Rejected:
    """The rejection for one listed page: its URL, and the news title, outlet and date
    when the sitemap gives them."""
    url = _field(entry, "loc") or "an entry without a <loc> URL"
    about = [
        _field(entry, "news", "title")[:_MAX_TITLE],
        _field(entry, "news", "publication", "name"),
        _field(entry, "news", "publication_date") or _field(entry, "lastmod"),
    ]
    shown = "; ".join(part for part in about if part)
    page = f"{url} ({shown})" if shown else url
    return _reject(source, "no_text", message.format(page=page))


def _field(element: Any, *names: str) -> str:
    """Text of the child reached by local names, whatever the namespace prefixes."""
    steps = "/".join(f"*[local-name()='{name}']" for name in names)
    return " ".join(str(element.xpath(f"string({steps})")).split())


def _local(element: Any) -> str:
    import lxml.etree

    return lxml.etree.QName(element).localname
