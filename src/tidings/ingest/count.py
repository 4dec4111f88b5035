"""Count the articles in inputs before they are read: the total behind the progress
and the time left of ``tidings ingest``.

    >>> count_articles(["samples/"])
    25

The inputs are walked as ``iter_articles`` walks them, and only what must be is opened:
a text or HTML file counts one unread, a JSONL file counts its non-blank lines (a scan
of its bytes, no JSON parsing), a feed or a sitemap the entries its markup appears to
hold (an estimate). Stdin, a web archive and a JSON list cannot be counted short of
reading them in full: with one of them among the inputs there is no total (None).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path

from tidings.ingest.readers import InputWalk, WalkNotes, file_kind, head_bytes
from tidings.model import Rejected

# Opening tags of a feed's entries (RSS <item>, Atom <entry>) and of a sitemap's pages
# or child sitemaps, with any namespace prefix; "<items" and "<urlset" do not match.
_FEED_ENTRY = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s/>]")
_SITEMAP_ENTRY = re.compile(rb"<(?:[\w.-]+:)?(?:url|sitemap)[\s/>]")


def count_articles(inputs: Sequence[str]) -> int | None:
    """How many results ``iter_articles(inputs)`` will give, rejections included:
    exact for text, HTML and JSONL files, estimated for feeds and sitemaps, None when
    an input cannot be counted cheaply (see the module's docstring)."""
    if "-" in inputs:
        return None
    walk = InputWalk(WalkNotes())  # its notes are the reading's business, not counted here
    total = 0
    for item in inputs:
        for found in walk.files(item):
            count = 1 if isinstance(found, Rejected) else _count_file(found)
            if count is None:
                return None
            total += count
    return total


def _count_file(path: Path) -> int | None:
    if not path.is_file():
        return None  # a pipe named on the command line: counting would consume it
    kind = file_kind(path)
    if kind == "page":
        return 1
    if kind == "warc":
        return None
    try:
        if kind == "jsonl":
            return count_jsonl_records(path)
        if kind == "json":
            return None if _opens_a_list(path) else 1
        pattern = _FEED_ENTRY if kind == "feed" else _SITEMAP_ENTRY
        entries = sum(1 for _ in pattern.finditer(path.read_bytes()))
    except OSError:
        return 1  # the reader gives one rejection saying why the file cannot be read
    return max(entries, 1)  # a feed or sitemap without entries is one rejection


def count_jsonl_records(path: Path) -> int:
    """The non-blank lines of a JSONL file: each is one article or one rejection."""
    with path.open("rb") as handle:
        return sum(1 for line in handle if not line.isspace())


def _opens_a_list(path: Path) -> bool:
    return head_bytes(path).removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"[")
