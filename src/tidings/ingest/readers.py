"""Read articles from files, folders, globs, JSONL and stdin; bad input becomes ``Rejected``.

    >>> for item in iter_articles(["samples/"]):
    ...     print(item.source, type(item).__name__)

Nothing here raises for a user's bad input: an empty, binary, oversized, undecodable or
missing input comes back as a ``Rejected`` value with stage "read" and a one-line reason.
"""

from __future__ import annotations

import codecs
import glob
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from tidings import settings
from tidings.errors import Messages
from tidings.ingest.outlet import outlet_from_url
from tidings.model import RawArticle, Rejected

Result = RawArticle | Rejected

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# Share of control characters above which text is taken for binary data.
MAX_CONTROL_SHARE = 0.1
CONTROL_SAMPLE = 8192
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x7fELF", "executable"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|p|div|article|section|main|header|meta|title|h[1-6]"
    r"|span|table|ul|ol|br|a|img|script|style|link)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
# Codecs preferred when the detector finds several equally good ones: the common
# Western and Cyrillic Windows code pages are far likelier than their look-alikes.
_PREFERRED_CODECS = ("cp1252", "latin_1", "cp1251", "utf_8")
_ALLOWED_CONTROLS = frozenset("\n\r\t\f\v")
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*?(/?)>")
_VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
# Deeper than this, the HTML parsers give up (libxml2's limit even with huge_tree).
MAX_HTML_DEPTH = 2000
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def article_from_bytes(
    data: bytes,
    source: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
) -> Result:
    """Decode ``data`` (UTF-8, UTF-16 with BOM, or a detected code page) into an article.

        >>> article_from_bytes("Talks opened.".encode("cp1252"), "a.txt").text
        'Talks opened.'
    """
    limit = settings.get_int("max_bytes")
    if len(data) > limit:
        return _reject(source, "too_large", Messages.TOO_LARGE.format(size=len(data), limit=limit))
    if not data.strip():
        return _reject(source, "empty", Messages.EMPTY)
    kind = _magic_kind(data)
    if kind:
        return _reject(source, "binary", Messages.BINARY.format(detail=kind))
    if _control_byte_share(data) > MAX_CONTROL_SHARE:
        return _reject(source, "binary", Messages.BINARY.format(detail="too many control bytes"))
    damaged_at = _damaged_utf8_offset(data)
    if damaged_at is not None:
        return _reject(source, "invalid_utf8", Messages.INVALID_UTF8.format(offset=damaged_at))
    text = _decode(data)
    if text is None:
        if b"\x00" in data:
            return _reject(source, "binary", Messages.BINARY.format(detail="it has NUL bytes"))
        return _reject(source, "undecodable", Messages.UNDECODABLE)
    return article_from_string(
        text, source, url=url, title=title, published=published, outlet=outlet
    )


def article_from_string(
    text: str,
    source: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
) -> Result:
    """Check a decoded text and read it as HTML when it starts with markup.

        >>> article_from_string("<p>Talks opened in Baku.</p>", "a.html")
    """
    text = _without_surrogates(text)
    limit = settings.get_int("max_bytes")
    size = _utf8_size(text, limit)
    if size > limit:
        return _reject(source, "too_large", Messages.TOO_LARGE.format(size=size, limit=limit))
    if not text.strip():
        return _reject(source, "empty", Messages.EMPTY)
    if _looks_binary(text):
        detail = "too many control characters"
        return _reject(source, "binary", Messages.BINARY.format(detail=detail))
    if looks_like_html(text):
        return article_from_html(
            text, source, url=url, title=title, published=published, outlet=outlet
        )
    return RawArticle(
        source=source,
        text=text,
        url=url,
        title=title,
        published=published,
        outlet=outlet or outlet_from_url(url),
    )


def article_from_html(
    html: str,
    source: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
) -> Result:
    """Main text and metadata of an HTML page; values passed in win over the page's own.

        >>> article_from_html(page, "a.html", url="https://trend.az/n/1").outlet
    """
    html = _xml_safe(html)
    meta = _extract_html(html, url)
    body = (meta.get("text") or "").strip() or _fallback_text(html)
    if not body:
        return _no_body(html, source)
    page_url = url or meta.get("url") or None
    return RawArticle(
        source=source,
        text=body,
        html=html,
        url=page_url,
        title=title or meta.get("title") or None,
        published=published or _iso_day(meta.get("date")),
        outlet=outlet or meta.get("sitename") or outlet_from_url(page_url),
    )


def looks_like_html(text: str) -> bool:
    """True when ``text`` opens with markup: ``looks_like_html("  <!DOCTYPE html>") is True``."""
    return _HTML_START.match(text[:4096]) is not None


@dataclass(slots=True)
class WalkNotes:
    """What a walk passed over without reading: files that are not articles (by
    ending), and links or repeated inputs leading to a folder or file already read."""

    not_articles: Counter[str] = field(default_factory=Counter)  # ending -> files
    repeated: int = 0
    # Web-archive records that hold no article (requests, images, a 404): kind -> records.
    skipped_records: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str | None:
        parts = []
        total = sum(self.not_articles.values())
        if total:
            what = "file that is not an article" if total == 1 else "files that are not articles"
            parts.append(f"passed over {total} {what} ({', '.join(sorted(self.not_articles))})")
        if self.repeated:
            paths = _count(self.repeated, "path")
            parts.append(f"skipped {paths} to files or folders already read")
        records = sum(self.skipped_records.values())
        if records:
            what = _count(records, "web-archive record")
            kinds = ", ".join(sorted(self.skipped_records))
            parts.append(f"skipped {what} that hold no article page ({kinds})")
        return "; ".join(parts) or None


def iter_articles(
    inputs: Sequence[str], *, stdin: BinaryIO | None = None, notes: WalkNotes | None = None
) -> Iterator[Result]:
    """One result per article in files, folders (recursive), globs, JSONL files and "-".

        >>> list(iter_articles(["missing.txt"]))[0].code
        'not_found'

    Every real file is read once, however many links or inputs lead to it.
    """
    walk = InputWalk(notes if notes is not None else WalkNotes())
    for item in inputs:
        if item == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer)
            continue
        for found in walk.files(item):
            if isinstance(found, Rejected):
                yield found
            else:
                yield from _guarded(str(found), lambda f=found: _read_file(f, walk.notes))


#: In a folder walk, files with these endings (or none) are read as articles; others
#: (data, databases, documentation, code) are counted and passed over, and so is an
#: ``.xml`` file that is neither a feed nor a sitemap. A file named explicitly is always
#: read.
ARTICLE_SUFFIXES = frozenset(
    {"", ".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".jsonl", ".ndjson"}
    | {".rss", ".atom", ".xml", ".warc", ".warc.gz"}
)
FEED_SUFFIXES = frozenset({".rss", ".atom"})
WARC_SUFFIXES = frozenset({".warc", ".warc.gz"})
# Endings whose files are told apart by their first bytes: a feed, a sitemap or a web
# archive is read as such, anything else as before.
SNIFFED_SUFFIXES = frozenset({".xml", ""})
HEAD_BYTES = 4096


class InputWalk:
    """The files that inputs name, each real file once; what it passes over goes in
    ``notes``."""

    def __init__(self, notes: WalkNotes) -> None:
        self.notes = notes
        self._seen: set[Path] = set()

    def files(self, item: str) -> Iterator[Path | Rejected]:
        """The file ``item`` names, the article files in the folder it names
        (recursive) or the files its glob matches; a rejection for a name that leads to
        nothing readable."""
        if _is_glob(item) and not Path(item).exists():
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield _reject(item, "no_match", Messages.NO_MATCH.format(pattern=item))
            for match in matches:
                yield from self._path(Path(match))
        else:
            yield from self._path(Path(item))

    def _path(self, path: Path) -> Iterator[Path | Rejected]:
        real = _real_path(path)
        if isinstance(real, Rejected):
            yield real
        elif real.is_dir():
            yield from self._folder(path, real)
        elif real.exists():
            if self._first_visit(real):
                yield path
        else:
            yield _reject(str(path), "not_found", Messages.NOT_FOUND.format(path=path))

    def _first_visit(self, real: Path) -> bool:
        if real in self._seen:
            self.notes.repeated += 1
            return False
        self._seen.add(real)
        return True

    def _folder(self, folder: Path, real: Path) -> Iterator[Path | Rejected]:
        if not self._first_visit(real):
            return
        try:
            children = sorted(folder.iterdir())
        except OSError as exc:
            yield _unreadable(folder, exc)
            return
        for child in children:
            if child.name.startswith("."):
                continue
            child_real = _real_path(child)
            if isinstance(child_real, Rejected):
                yield child_real
            elif child_real.is_dir():
                yield from self._folder(child, child_real)
            elif not child_real.is_file():
                continue  # sockets, fifos and dangling links are not articles
            elif not _is_article_file(child):
                self.notes.not_articles[child.suffix.lower()] += 1
            elif self._first_visit(child_real):
                yield child


def _real_path(path: Path) -> Path | Rejected:
    """The path with every link resolved; a link loop is a rejection, not 'not found'."""
    try:
        return path.resolve(strict=path.is_symlink())
    except (OSError, RuntimeError) as exc:
        if path.is_symlink():
            detail = "a symbolic link that leads back to itself or nowhere"
            if isinstance(exc, FileNotFoundError):
                detail = "a symbolic link to a missing file"
            message = Messages.UNREADABLE.format(path=path, detail=detail)
            return _reject(str(path), "unreadable", message)
        return path.absolute()


def _guarded(source: str, read: Callable[[], Iterator[Result]]) -> Iterator[Result]:
    """Whatever goes wrong while reading one input becomes its rejection."""
    try:
        yield from read()
    except Exception as exc:  # one bad input must not stop the walk
        yield _read_error(source, exc)


FileKind = Literal["warc", "feed", "sitemap", "jsonl", "json", "page"]


def file_kind(path: Path) -> FileKind:
    """How the file at ``path`` is read: as a web archive, a feed, a sitemap, JSONL, a
    JSON record or list, or one text or HTML "page". Archives, feeds and sitemaps are
    known by their ending or, for ``.xml`` and files without one, by their first bytes.

        >>> file_kind(Path("crawl.warc.gz"))
        'warc'
    """
    suffix = _long_suffix(path)
    if suffix in WARC_SUFFIXES:
        return "warc"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in SNIFFED_SUFFIXES:
        sniffed = _sniffed_kind(head_bytes(path))
        if sniffed is not None:
            return sniffed
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".json":
        return "json"
    return "page"


def _sniffed_kind(head: bytes) -> FileKind | None:
    # Imported here: those modules read their pages through this one.
    from tidings.ingest import feeds, sitemaps, warc

    kinds: tuple[tuple[FileKind, Callable[[bytes], bool]], ...] = (
        ("feed", feeds.looks_like_feed),
        ("sitemap", sitemaps.looks_like_sitemap),
        ("warc", warc.looks_like_warc),
    )
    for kind, looks_like in kinds:
        if looks_like(head):
            return kind
    return None


def _read_file(path: Path, notes: WalkNotes | None = None) -> Iterator[Result]:
    from tidings.ingest import feeds, sitemaps, warc  # imported here: as above

    kind = file_kind(path)
    if kind == "warc":
        skipped = notes.skipped_records if notes is not None else None
        yield from warc.read_warc(path, skipped=skipped)
    elif kind == "feed":
        yield from feeds.read_feed(path)
    elif kind == "sitemap":
        yield from sitemaps.read_sitemap(path)
    elif kind == "jsonl":
        yield from _read_jsonl_file(path)
    elif kind == "json":
        yield from _read_json_file(path)
    else:
        yield from _read_page_file(path)


def _read_page_file(path: Path) -> Iterator[Result]:
    limit = settings.get_int("max_bytes")
    try:
        size = path.stat().st_size
        if size > limit:
            message = Messages.TOO_LARGE.format(size=size, limit=limit)
            yield _reject(str(path), "too_large", message)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(path, exc)
        return
    yield article_from_bytes(data, str(path))


def _is_article_file(path: Path) -> bool:
    suffix = _long_suffix(path)
    if suffix == ".xml":
        return file_kind(path) != "page"
    return suffix in ARTICLE_SUFFIXES


def _long_suffix(path: Path) -> str:
    """The ending, counting ``.warc.gz`` as one."""
    return ".warc.gz" if path.name.lower().endswith(".warc.gz") else path.suffix.lower()


def head_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError:
        return b""  # read as before, which says why the file cannot be read


_XML_ROOT = re.compile(
    rb"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*"
    rb"<([A-Za-z_][\w.:-]*)([^>]*)",
    re.DOTALL | re.IGNORECASE,
)


def xml_root(head: bytes) -> tuple[str, str] | None:
    """Name and attributes of the first element in the first bytes of an XML file.

        >>> xml_root(b'<?xml version="1.0"?>\\n<rss version="2.0"><channel>')
        ('rss', ' version="2.0"')
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    match = _XML_ROOT.match(head.removeprefix(codecs.BOM_UTF8))
    if match is None:
        return None
    return match.group(1).decode("latin-1"), match.group(2).decode("utf-8", "replace")


def _read_jsonl_file(path: Path) -> Iterator[Result]:
    try:
        with path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                yield from _jsonl_line(line, number, str(path))
    except OSError as exc:
        yield _unreadable(path, exc)


def _read_json_file(path: Path) -> Iterator[Result]:
    """A .json file named explicitly: one record, or a list of records, with 'text' or
    'html' fields like JSONL lines."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(path, exc)
        return
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        detail = _one_line(str(exc))
        yield _reject(str(path), "bad_json", Messages.BAD_JSON_FILE.format(detail=detail))
        return
    records = value if isinstance(value, list) else [value]
    for number, record in enumerate(records, start=1):
        source = f"{path}:{number}" if isinstance(value, list) else str(path)
        yield _guarded_value(
            source, lambda r=record, n=number, s=source: _article_from_record(r, n, s)
        )


def _jsonl_line(line: bytes, number: int, path: str) -> Iterator[Result]:
    if not line.strip():
        return
    source = f"{path}:{number}"
    yield from _guarded(source, lambda: _jsonl_record(line, number, source))


def _jsonl_record(line: bytes, number: int, source: str) -> Iterator[Result]:
    try:
        record = json.loads(line.decode("utf-8-sig") if number == 1 else line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        detail = _one_line(str(exc))
        yield _reject(source, "bad_json", Messages.BAD_JSON.format(line=number, detail=detail))
        return
    yield _article_from_record(record, number, source)


def _article_from_record(record: Any, number: int, source: str) -> Result:
    if not isinstance(record, dict):
        return _reject(source, "bad_record", Messages.BAD_JSONL_RECORD.format(line=number))
    fields = {key: _str_or_none(record.get(key)) for key in ("url", "title", "published", "outlet")}
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return article_from_string(text, source, **fields)
    if isinstance(html, str) and html.strip():
        return article_from_html(html, source, **fields)
    return _reject(source, "bad_record", Messages.BAD_JSONL_RECORD.format(line=number))


def _read_stdin(stream: BinaryIO) -> Iterator[Result]:
    try:
        data = stream.read()
    except OSError as exc:
        yield _reject("-", "unreadable", Messages.UNREADABLE.format(path="stdin", detail=exc))
        return
    yield from articles_from_bytes(data, "-")


def articles_from_bytes(data: bytes, source: str) -> Iterator[Result]:
    """The articles in bytes of unknown kind: JSONL records when the first line is a JSON
    object (a bad line is that line's rejection), else one text or HTML article."""
    if not _starts_as_jsonl(data):
        yield _guarded_value(source, lambda: article_from_bytes(data, source))
        return
    for number, line in enumerate(data.splitlines(), start=1):
        yield from _jsonl_line(line, number, source)


def _starts_as_jsonl(data: bytes) -> bool:
    """True when the first non-empty line is a JSON object: the stream is then read as
    JSONL, one record per line, and a bad line is that line's rejection."""
    for line in data.lstrip(codecs.BOM_UTF8).splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith(b"{"):
            return False
        try:
            return isinstance(json.loads(line), dict)
        except ValueError:
            return False
    return False


def _guarded_value(source: str, read: Callable[[], Result]) -> Result:
    try:
        return read()
    except Exception as exc:  # one bad input must not stop the run
        return _read_error(source, exc)


def _read_error(source: str, exc: Exception) -> Rejected:
    return _reject(source, "error", Messages.READ_ERROR.format(detail=_exception_line(exc)))


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return _try_decode(data[len(codecs.BOM_UTF8):], "utf-8")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _try_decode(data, codec)
    if b"\x00" in data:
        return None
    text = _try_decode(data, "utf-8")
    return text if text is not None else _detect_and_decode(data)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _damaged_utf8_offset(data: bytes) -> int | None:
    """Byte offset of the first invalid sequence in text that is otherwise UTF-8.

    Bytes with no valid multi-byte UTF-8 sequence at all are a single-byte code page
    (cp1251, latin-1) and are decoded by detection instead; bytes that mix valid UTF-8
    with invalid sequences are damaged, and guessing would garble them silently.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            return exc.start
    return None


_CONTROL_BYTES = frozenset(range(0x20)) - frozenset(b"\n\r\t\f\v") | {0x7F}


def _control_byte_share(data: bytes) -> float:
    """Share of control bytes at the start: text in any single- or multi-byte
    encoding has next to none, random or compressed data about one in eight."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return 0.0  # UTF-16/32 text is full of zero bytes (the UTF-32-LE BOM starts as UTF-16-LE's)
    sample = data[:CONTROL_SAMPLE]
    return sum(1 for byte in sample if byte in _CONTROL_BYTES) / len(sample)


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _detect_and_decode(data: bytes) -> str | None:
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    ties = [
        m for m in matches
        if m.chaos <= best.chaos + 0.005 and m.coherence >= best.coherence - 0.01
    ]
    for codec in _PREFERRED_CODECS:
        for match in ties:
            if codec in match.could_be_from_charset:
                return _try_decode(data, codec)
    return str(best)


def _magic_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:CONTROL_SAMPLE]
    controls = sum(
        1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return controls > MAX_CONTROL_SHARE * len(sample)


def _utf8_size(text: str, limit: int) -> int:
    # A character takes at most four UTF-8 bytes: short texts need no encoding to compare.
    if len(text) * 4 <= limit:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def _extract_html(html: str, url: str | None) -> dict[str, Any]:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
        )
    # trafilatura and lxml raise assorted errors on broken markup; the page then simply
    # has no body, which is reported as such.
    except Exception:  # noqa: BLE001
        return {}
    if document is None:
        return {}
    return document.as_dict() if hasattr(document, "as_dict") else dict(document)


def _fallback_text(html: str) -> str:
    """Visible text of a fragment such as ``<p>One paragraph.</p>``, which trafilatura
    skips, or of a page nested deeper than trafilatura's parser goes."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.LxmlError, ValueError):
        return ""
    if not isinstance(root.tag, str):
        return ""  # the fragment is a lone comment or processing instruction
    for element in root.xpath("//head|//script|//style|//noscript|//nav|//header|//footer"):
        element.drop_tree()
    return " ".join(root.text_content().split())


def _no_body(html: str, source: str) -> Rejected:
    """Say why a page gave no text: markup too deep to parse, or really no text."""
    if _nesting_depth(html) > MAX_HTML_DEPTH:
        return _reject(source, "too_deep", Messages.TOO_DEEP)
    return _reject(source, "no_body", Messages.NO_BODY)


def _nesting_depth(html: str) -> int:
    """How deep the elements nest, counted from the tags alone (no parser has a limit)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _VOID_ELEMENTS:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _iso_day(value: Any) -> str | None:
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _without_surrogates(text: str) -> str:
    """Lone surrogates (from JSON escapes or broken encoders) become U+FFFD, one
    character for one, so offsets stay put and the text can be encoded."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _xml_safe(html: str) -> str:
    """Markup without the characters XML forbids (C0 controls, surrogates, U+FFFE/F),
    which make lxml refuse the whole page."""
    return _NOT_XML.sub("", html)


def _exception_line(exc: BaseException) -> str:
    return _one_line(f"{type(exc).__name__}: {exc}")[:300]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _reject(source: str, code: str, reason: str) -> Rejected:
    return Rejected(source=source, stage="read", code=code, reason=_one_line(reason))


def _unreadable(path: Path, exc: OSError) -> Rejected:
    detail = exc.strerror or type(exc).__name__
    return _reject(str(path), "unreadable", Messages.UNREADABLE.format(path=path, detail=detail))


def _is_glob(item: str) -> bool:
    return any(ch in item for ch in "*?[")
