"""Read web archives (WARC, WARC.gz): one article per archived HTML page.

    >>> for item in read_warc(Path("crawl.warc.gz")):
    ...     print(item.source, item.url)

A ``response`` record with HTTP status 200 and an HTML content type is read like an
HTML file, its URL the record's WARC-Target-URI. Every other record (requests,
metadata, warcinfo, a 404, an image) holds no article: it gives nothing and is counted
in ``skipped``. A page whose payload cannot be read or decoded is rejected on its own
("path#record-N"); a file that is cut off or damaged part-way gives one rejection for
the rest, and the records before it are kept.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from tidings import settings
from tidings.errors import Messages
from tidings.ingest.readers import (
    Result,
    _exception_line,
    _guarded_value,
    _reject,
    _unreadable,
    article_from_bytes,
    article_from_string,
)
from tidings.model import RawArticle, Rejected

DAMAGED = "cannot read {name} from record {number} on ({detail}); the records before it were read"
CUT_OFF = (
    "{name} ends inside record {number} (the file is cut off or damaged); "
    "the records before it were read"
)
UNREADABLE_RECORD = "cannot read the archived page ({detail})"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 1 << 16


def looks_like_warc(head: bytes) -> bool:
    """True when the first bytes open a WARC file, plain or gzipped.

        >>> looks_like_warc(b"WARC/1.1\\r\\nWARC-Type: warcinfo\\r\\n")
        True
    """
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def read_warc(path: Path, skipped: Counter[str] | None = None) -> Iterator[Result]:
    """One article (or rejection) per archived HTML page in the WARC file at ``path``;
    ``skipped`` counts the records that hold no page, by kind ("request", "status 404",
    "image/png")."""
    from warcio.archiveiterator import ArchiveIterator

    counts: Counter[str] = skipped if skipped is not None else Counter()
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield _unreadable(path, exc)
        return
    with stream:
        archive = ArchiveIterator(stream)
        records = iter(archive)
        for number in itertools.count(1):
            source = f"{path}#record-{number}"
            try:
                record = next(records)
                page = _page_or_skip(record, source, counts)
                cut_off = _cut_off(record)
            except StopIteration:
                end = _at_end(archive, stream, source, path.name, number)
                if end is not None:
                    yield end
                return
            # warcio, zlib and the header parsers raise assorted errors on damaged bytes.
            except Exception as exc:  # noqa: BLE001
                detail = _exception_line(exc)
                message = DAMAGED.format(name=path.name, number=number, detail=detail)
                yield _reject(source, "bad_warc", message)
                return
            if cut_off:
                message = CUT_OFF.format(name=path.name, number=number)
                yield _reject(source, "truncated", message)
                return
            if page is not None:
                yield page


def _at_end(archive: Any, stream: BinaryIO, source: str, name: str, number: int) -> Rejected | None:
    """Why the records ended, when not at the end of a whole file: warcio stops quietly
    where a record's header is cut off, so bytes left past the last record mean that."""
    size = stream.seek(0, io.SEEK_END)
    if getattr(archive, "offset", size) < size:
        return _reject(source, "truncated", CUT_OFF.format(name=name, number=number))
    if number == 1:
        return _reject(source.rpartition("#")[0], "empty", Messages.EMPTY)
    return None


def _page_or_skip(record: Any, source: str, skipped: Counter[str]) -> Result | None:
    """The article of an HTML page; None, counted, for any other record. The record is
    read to its end either way, so that a cut-off record shows; an error that comes
    from the file itself rather than the page's payload is raised."""
    kind = _not_a_page(record)
    if kind is not None:
        _read_to_end(record)
        if not _cut_off(record):
            skipped[kind] += 1
        return None
    limit = settings.get_int("max_bytes")
    try:
        # One byte over the limit is enough for the page to be rejected as too large.
        payload = record.content_stream().read(limit + 1)
    except Exception as exc:  # noqa: BLE001 - decoders of a damaged payload raise anything
        _read_to_end(record)
        return _reject(source, "bad_record", UNREADABLE_RECORD.format(detail=_exception_line(exc)))
    _read_to_end(record)
    if _cut_off(record):
        return None  # the caller rejects the rest of the file
    return _guarded_value(source, lambda: _article(record, payload, source))


def _not_a_page(record: Any) -> str | None:
    """What kind of record this is when it holds no HTML page; None for a page."""
    if record.rec_type != "response":
        return record.rec_type or "record without a type"
    headers = record.http_headers
    if headers is None:
        return "response without HTTP headers"
    status = headers.get_statuscode()
    if status != "200":
        return f"status {status}"
    media_type, _ = _content_type(headers.get_header("Content-Type"))
    if media_type not in _HTML_TYPES:
        return media_type or "no content type"
    return None


def _article(record: Any, payload: bytes, source: str) -> Result:
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    _, charset = _content_type(record.http_headers.get_header("Content-Type"))
    text = _decode(payload, charset)
    if text is None:  # no charset, or a wrong one: detect it as for a file
        result = article_from_bytes(payload, source, url=url)
    else:
        result = article_from_string(text, source, url=url)
    # The page's own date (its metadata) comes first. Failing that, the day it was
    # archived (WARC-Date) is kept: the page existed by then, so the date is close and
    # never too late; the time of day says nothing about publication and is dropped.
    crawled = record.rec_headers.get_header("WARC-Date") or ""
    if isinstance(result, RawArticle) and result.published is None and crawled[:10]:
        result = dataclasses.replace(result, published=crawled[:10])
    return result


def _decode(payload: bytes, charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return payload.decode(charset).removeprefix("\ufeff")
    except (LookupError, UnicodeDecodeError):
        return None


def _content_type(value: str | None) -> tuple[str, str | None]:
    """Media type and charset of a Content-Type header: ``("text/html", "utf-8")``."""
    media_type, *params = (value or "").split(";")
    charset = None
    for param in params:
        key, _, found = param.partition("=")
        if key.strip().lower() == "charset" and found.strip(" \"'"):
            charset = found.strip(" \"'")
    return media_type.strip().lower(), charset


def _read_to_end(record: Any) -> None:
    while record.raw_stream.read(_CHUNK):
        pass


def _cut_off(record: Any) -> bool:
    """True when the file ended before the record's Content-Length, or the record has
    no type or no length: both mean the file is cut off or damaged here."""
    length = record.rec_headers.get_header("Content-Length") or ""
    if record.rec_type is None or not length.strip().isdigit():
        return True
    return getattr(record.raw_stream, "limit", 0) > 0
