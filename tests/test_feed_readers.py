"""Feeds in (issue 13): RSS, Atom, WARC and sitemap files are read entry by entry; a bad
entry or record is one Rejected and the rest of the file goes on."""

from __future__ import annotations

import gzip
import io
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.ingest.feeds import looks_like_feed, read_feed
from tidings.ingest.readers import WalkNotes, iter_articles
from tidings.ingest.sitemaps import looks_like_sitemap, read_sitemap
from tidings.ingest.warc import looks_like_warc, read_warc
from tidings.model import RawArticle, Rejected
from tidings.store import Corpus

TASHKENT = (
    "Foreign ministers of Kazakhstan and Uzbekistan met in Tashkent on Monday to discuss "
    "water sharing on the Syr Darya, the ministry said."
)
BAKU = (
    "President Ilham Aliyev received the Georgian Prime Minister in Baku on Tuesday, and "
    "the two leaders discussed transport links across the South Caucasus."
)
ASTANA = (
    "The parliament of Kazakhstan approved a new budget in Astana on Wednesday after a "
    "long debate about energy subsidies and rural roads."
)
BISHKEK = (
    "Officials from Kyrgyzstan and Tajikistan signed a border agreement in Bishkek on "
    "Thursday, ending a dispute that had closed two crossings for a year."
)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Caspian Wire</title>
  <link>https://caspianwire.example/</link>
  <item>
    <title>Ministers meet in Tashkent</title>
    <link>https://caspianwire.example/news/1</link>
    <pubDate>Tue, 12 Mar 2024 10:00:00 GMT</pubDate>
    <description>A short teaser.</description>
    <content:encoded><![CDATA[<p>{TASHKENT}</p><script>track("x")</script>]]></content:encoded>
  </item>
  <item>
    <title>Aliyev receives Georgian premier</title>
    <link>https://caspianwire.example/news/2</link>
    <pubDate>Wed, 13 Mar 2024 08:15:00 +0400</pubDate>
    <description>{BAKU.replace("Baku", "&lt;b&gt;Baku&lt;/b&gt;")}</description>
  </item>
  <item>
    <title>Photo of the day</title>
    <link>https://caspianwire.example/news/3</link>
  </item>
</channel>
</rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Steppe Daily</title>
  <id>urn:uuid:steppe</id>
  <updated>2024-03-14T12:00:00Z</updated>
  <entry>
    <title>Budget approved</title>
    <link rel="alternate" href="https://steppe.example/budget"/>
    <id>urn:uuid:1</id>
    <published>2024-03-13T09:30:00Z</published>
    <updated>2024-03-14T12:00:00Z</updated>
    <content type="html">&lt;p&gt;{ASTANA}&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Border agreement signed</title>
    <link rel="alternate" href="https://steppe.example/border"/>
    <id>urn:uuid:2</id>
    <updated>2024-03-14T11:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{BISHKEK}</p></div></content>
  </entry>
</feed>
"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://caspianwire.example/news/1</loc>
    <news:news>
      <news:publication><news:name>Caspian Wire</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2024-03-12</news:publication_date>
      <news:title>Ministers meet in Tashkent</news:title>
    </news:news>
  </url>
  <url><loc>https://caspianwire.example/news/2</loc><lastmod>2024-03-13</lastmod></url>
</urlset>
"""

PAGE_WITH_DATE = f"""<!DOCTYPE html>
<html><head><title>Ministers meet in Tashkent | Caspian Wire</title>
<meta property="article:published_time" content="2024-03-10T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers meet in Tashkent</h1><p>{TASHKENT}</p><p>{ASTANA}</p></article>
</body></html>"""
PAGE_WITHOUT_DATE = f"""<!DOCTYPE html>
<html><head><title>Aliyev receives Georgian premier</title></head><body>
<article><h1>Aliyev receives Georgian premier</h1><p>{BAKU}</p><p>{BISHKEK}</p></article>
</body></html>"""
CRAWLED = "2024-03-15T08:30:00Z"


def assert_rejected(result: object, code: str) -> Rejected:
    assert isinstance(result, Rejected), result
    assert (result.code, result.stage) == (code, "read")
    assert result.reason and "\n" not in result.reason
    return result


def split(results: list[RawArticle | Rejected]) -> tuple[list[RawArticle], list[Rejected]]:
    return (
        [r for r in results if isinstance(r, RawArticle)],
        [r for r in results if isinstance(r, Rejected)],
    )


def assert_clean_text(article: RawArticle, *words: str) -> None:
    for word in words:
        assert word in article.text
    assert "<" not in article.text and "track(" not in article.text


# RSS and Atom


def test_rss_items_become_articles_and_an_item_without_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "caspian.rss"
    path.write_text(RSS, encoding="utf-8")
    articles, rejected = split(list(iter_articles([str(path)])))
    assert len(articles) == 2 and len(rejected) == 1

    first, second = articles
    assert first.source == f"{path}#entry-1"
    assert first.url == "https://caspianwire.example/news/1"
    assert first.title == "Ministers meet in Tashkent"
    assert first.published == "Tue, 12 Mar 2024 10:00:00 GMT"  # read downstream
    assert first.outlet == "Caspian Wire"
    assert_clean_text(first, "water sharing on the Syr Darya")
    assert "teaser" not in first.text  # content:encoded wins over the description

    assert second.source == f"{path}#entry-2"
    assert second.url == "https://caspianwire.example/news/2"
    assert second.title == "Aliyev receives Georgian premier"
    assert second.published == "Wed, 13 Mar 2024 08:15:00 +0400"
    assert second.outlet == "Caspian Wire"
    assert_clean_text(second, "received the Georgian Prime Minister in Baku on Tuesday")

    [empty] = rejected
    assert_rejected(empty, "empty")
    assert empty.source == f"{path}#entry-3"
    assert empty.reason == "caspian.rss entry 3 (https://caspianwire.example/news/3): no text"


def test_atom_entries_become_articles_with_their_dates(tmp_path: Path) -> None:
    path = tmp_path / "steppe.atom"
    path.write_text(ATOM, encoding="utf-8")
    articles, rejected = split(list(read_feed(path)))
    assert rejected == []
    budget, border = articles
    assert (budget.url, budget.title, budget.published, budget.outlet) == (
        "https://steppe.example/budget", "Budget approved", "2024-03-13T09:30:00Z",
        "Steppe Daily",
    )
    assert_clean_text(budget, "approved a new budget in Astana")
    # No <published>: the entry's <updated> is its date.
    assert (border.url, border.title, border.published, border.outlet) == (
        "https://steppe.example/border", "Border agreement signed", "2024-03-14T11:00:00Z",
        "Steppe Daily",
    )
    assert_clean_text(border, "signed a border agreement in Bishkek")


def test_rss_1_0_feed_is_read(tmp_path: Path) -> None:
    path = tmp_path / "rdf.xml"
    path.write_text(
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://cw.example/"><title>Caspian Wire</title></channel>'
        '<item rdf:about="https://cw.example/1"><title>Budget</title>'
        f"<link>https://cw.example/1</link><description>{ASTANA}</description>"
        "<dc:date>2024-03-13</dc:date></item></rdf:RDF>",
        encoding="utf-8",
    )
    [article] = list(iter_articles([str(path)]))
    assert isinstance(article, RawArticle), article
    assert (article.url, article.title, article.published, article.outlet) == (
        "https://cw.example/1", "Budget", "2024-03-13", "Caspian Wire"
    )
    assert article.text == ASTANA


def test_truncated_feed_without_entries_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "cut.rss"
    path.write_text(RSS[: RSS.index("Caspian Wire")], encoding="utf-8")  # cut in the title
    [result] = list(iter_articles([str(path)]))
    assert_rejected(result, "bad_feed")
    assert result.source == str(path)
    assert result.reason.startswith("not a readable RSS or Atom feed")


def test_feed_with_a_flaw_keeps_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "flawed.rss"
    # Cut inside the last item: feedparser flags the feed and still gives the entries.
    path.write_text(RSS[: RSS.index("<title>Photo of the day")], encoding="utf-8")
    articles, rejected = split(list(read_feed(path)))
    assert [a.url for a in articles] == [
        "https://caspianwire.example/news/1", "https://caspianwire.example/news/2"
    ]
    assert [r.code for r in rejected] == ["empty"]  # the cut-off third item


def test_feed_with_no_entries_is_one_empty_rejection(tmp_path: Path) -> None:
    path = tmp_path / "quiet.rss"
    path.write_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    [result] = list(read_feed(path))
    assert assert_rejected(result, "empty").reason == "the feed has no entries"


# WARC


def write_warc(path: Path, records: list[tuple[str, ...]], *, gzip_it: bool = True) -> int:
    """Write ``records`` (kind, url, status, content type, body) with warcio; returns the
    offset where the last record starts."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_it)
    last = 0
    for kind, url, status, content_type, body in records:
        last = buffer.tell()
        if kind == "request":
            line, fields = f"GET {url} HTTP/1.1", [("Host", "x")]
            headers = StatusAndHeaders(line, fields, is_http_request=True)
        else:
            fields = [("Content-Type", content_type)]
            headers = StatusAndHeaders(status, fields, protocol="HTTP/1.1")
        payload = io.BytesIO(body.encode("utf-8") if isinstance(body, str) else body)
        writer.write_record(writer.create_warc_record(
            url, kind, payload=payload, http_headers=headers,
            warc_headers_dict={"WARC-Date": CRAWLED},
        ))
    path.write_bytes(buffer.getvalue())
    return last


CRAWL = [
    ("response", "https://caspianwire.example/news/1", "200 OK", "text/html; charset=utf-8",
     PAGE_WITH_DATE),
    ("request", "https://caspianwire.example/news/1", "", "", ""),
    ("response", "https://caspianwire.example/gone", "404 Not Found", "text/html",
     "<html><body><p>Not found</p></body></html>"),
    ("response", "https://caspianwire.example/logo.png", "200 OK", "image/png",
     b"\x89PNG\r\n\x1a\n" + bytes(64)),
    ("response", "https://caspianwire.example/news/2", "200 OK", "text/html",
     PAGE_WITHOUT_DATE),
]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles_and_other_records_are_counted(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    write_warc(path, CRAWL, gzip_it=name.endswith(".gz"))
    notes = WalkNotes()
    articles, rejected = split(list(iter_articles([str(path)], notes=notes)))
    assert rejected == []
    dated, undated = articles
    assert dated.source == f"{path}#record-1"
    assert dated.url == "https://caspianwire.example/news/1"
    assert dated.title == "Ministers meet in Tashkent"
    assert dated.published == "2024-03-10"  # the page's own date
    assert dated.outlet == "caspianwire.example"
    assert_clean_text(dated, "water sharing on the Syr Darya", "approved a new budget")
    assert "World" not in dated.text

    assert undated.source == f"{path}#record-5"
    assert undated.url == "https://caspianwire.example/news/2"
    assert undated.title == "Aliyev receives Georgian premier"
    assert undated.published == "2024-03-15"  # no date on the page: the day it was archived
    assert_clean_text(undated, "transport links across the South Caucasus")

    assert notes.skipped_records == Counter({"request": 1, "status 404": 1, "image/png": 1})
    assert notes.summary() == (
        "skipped 3 web-archive records that hold no article page (image/png, request, "
        "status 404)"
    )


@pytest.mark.parametrize("gzip_it", [True, False])
def test_warc_cut_off_in_the_last_record_keeps_the_records_before(
    tmp_path: Path, gzip_it: bool
) -> None:
    whole = tmp_path / "whole.warc"
    last = write_warc(whole, CRAWL, gzip_it=gzip_it)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip_it else "cut.warc")
    cut.write_bytes(data[: last + (len(data) - last) // 2])
    articles, rejected = split(list(iter_articles([str(cut)])))
    assert [a.url for a in articles] == ["https://caspianwire.example/news/1"]
    [rest] = rejected
    assert_rejected(rest, "truncated")
    assert rest.source == f"{cut}#record-5"
    assert rest.reason == (
        f"{cut.name} ends inside record 5 (the file is cut off or damaged); the records "
        "before it were read"
    )


def test_warc_with_damaged_gzip_keeps_the_records_before(tmp_path: Path) -> None:
    path = tmp_path / "damaged.warc.gz"
    write_warc(path, CRAWL)
    members = path.read_bytes()
    # Garble the compressed bytes of the last record (a gzip member of its own).
    start = members.rindex(b"\x1f\x8b\x08")
    middle = start + (len(members) - start) // 2
    path.write_bytes(members[:middle] + bytes(b ^ 0x5A for b in members[middle:middle + 40])
                     + members[middle + 40:])
    results = list(read_warc(path))
    articles, rejected = split(results)
    assert [a.url for a in articles] == ["https://caspianwire.example/news/1"]
    [rest] = rejected
    assert rest.code in {"bad_warc", "truncated"}
    assert rest.source == f"{path}#record-5" and results[-1] is rest


def test_warc_page_that_cannot_be_decoded_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    broken = "<html><body><p>Talks \u2014 in Baku</p></body></html>".encode() + b"\xff\xfe bad"
    write_warc(path, [
        ("response", "https://x.example/broken", "200 OK", "text/html; charset=utf-8", broken),
        CRAWL[-1],
    ])
    first, second = list(read_warc(path))
    assert assert_rejected(first, "invalid_utf8").source == f"{path}#record-1"
    assert isinstance(second, RawArticle) and second.url == "https://caspianwire.example/news/2"


def test_empty_warc_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    [result] = list(iter_articles([str(path)]))
    assert assert_rejected(result, "empty").source == str(path)


# Sitemaps


def test_sitemap_urls_are_rejected_as_pages_tidings_does_not_download(tmp_path: Path) -> None:
    path = tmp_path / "news-sitemap.xml"
    path.write_text(SITEMAP, encoding="utf-8")
    first, second = list(iter_articles([str(path)]))
    assert assert_rejected(first, "no_text").source == f"{path}#url-1"
    assert first.reason == (
        "sitemap lists https://caspianwire.example/news/1 (Ministers meet in Tashkent; "
        "Caspian Wire; 2024-03-12) but Tidings does not download pages: fetch the page "
        "and ingest the file"
    )
    assert assert_rejected(second, "no_text").source == f"{path}#url-2"
    assert second.reason.startswith("sitemap lists https://caspianwire.example/news/2 (2024-03-13)")


def test_sitemap_index_gives_one_rejection_per_child_sitemap(tmp_path: Path) -> None:
    path = tmp_path / "index.xml"
    path.write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://cw.example/news.xml</loc></sitemap>"
        "<sitemap><loc>https://cw.example/archive.xml</loc></sitemap></sitemapindex>"
    )
    results = list(iter_articles([str(path)]))
    assert [assert_rejected(r, "no_text").source for r in results] == [
        f"{path}#sitemap-1", f"{path}#sitemap-2"
    ]
    assert "https://cw.example/archive.xml" in results[1].reason


def test_malformed_sitemap_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(SITEMAP[: SITEMAP.index("</news:title>")], encoding="utf-8")
    [result] = list(read_sitemap(path))
    assert assert_rejected(result, "bad_sitemap").source == str(path)
    assert result.reason.startswith("not a readable XML sitemap")


# Recognising the files


@pytest.mark.parametrize(
    ("head", "feed", "sitemap", "warc"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0">', True, False, False),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', True, False, False),
        (b'<feed xmlns="urn:something-else">', False, False, False),
        (b'<rdf:RDF xmlns="http://purl.org/rss/1.0/">', True, False, False),
        (b'\xef\xbb\xbf<!-- made by hand --><urlset xmlns="x">', False, True, False),
        (b"<sitemapindex>", False, True, False),
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", False, False, True),
        (gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"), False, False, True),
        (gzip.compress(b"<html><body>gzipped page</body></html>"), False, False, False),
        (b"<html><body><p>A page</p></body></html>", False, False, False),
        (b"Plain text about <rss> feeds.", False, False, False),
    ],
)
def test_files_are_recognised_by_their_first_bytes(
    head: bytes, feed: bool, sitemap: bool, warc: bool
) -> None:
    assert (looks_like_feed(head), looks_like_sitemap(head), looks_like_warc(head)) == (
        feed, sitemap, warc
    )


def test_folder_walk_reads_feeds_archives_and_sitemaps_and_passes_over_other_xml(
    tmp_path: Path,
) -> None:
    (tmp_path / "caspian.xml").write_text(RSS, encoding="utf-8")  # a feed by its content
    (tmp_path / "steppe").write_text(ATOM, encoding="utf-8")  # no ending: sniffed
    (tmp_path / "news-sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    (tmp_path / "pom.xml").write_text("<project><version>1</version></project>")
    write_warc(tmp_path / "crawl.warc.gz", CRAWL)
    notes = WalkNotes()
    results = list(iter_articles([str(tmp_path)], notes=notes))
    by_file = Counter(r.source.split("#")[0].rpartition("/")[2] for r in results)
    assert by_file == Counter(
        {"caspian.xml": 3, "crawl.warc.gz": 2, "news-sitemap.xml": 2, "steppe": 2}
    )
    assert notes.not_articles == Counter({".xml": 1})
    assert notes.summary() == (
        "passed over 1 file that is not an article (.xml); skipped 3 web-archive records "
        "that hold no article page (image/png, request, status 404)"
    )


# End to end


def test_cli_ingest_stores_feed_and_archive_articles_and_failures(
    tmp_path: Path, extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tidings import batch

    monkeypatch.setattr(batch, "_default_extractor", lambda size: extractor)
    feed = tmp_path / "caspian.rss"
    feed.write_text(RSS.replace(TASHKENT, ASTANA), encoding="utf-8")  # unlike the crawl
    crawl = tmp_path / "crawl.warc.gz"
    last = write_warc(crawl, CRAWL)
    cut = tmp_path / "cut.warc.gz"
    data = crawl.read_bytes()
    cut.write_bytes(data[: last + (len(data) - last) // 2])
    db = tmp_path / "t.db"

    result = CliRunner().invoke(
        main, ["ingest", str(feed), str(crawl), str(cut), "--db", str(db), "-q"]
    )
    assert result.exit_code == 1, result.output  # stored, with some inputs rejected
    with Corpus(db) as corpus:
        documents = corpus.documents()
        failures = [(f.source.rpartition("/")[2], f.stage, f.code) for f in corpus.failures()]
        stored = {d.source.rpartition("/")[2]: corpus.get(d.id) for d in documents}
    # Two feed entries, two archived pages; the cut archive's first page is a repeat.
    assert sorted(stored) == [
        "caspian.rss#entry-1", "caspian.rss#entry-2", "crawl.warc.gz#record-1",
        "crawl.warc.gz#record-5",
    ]
    assert sorted(failures) == [
        ("caspian.rss#entry-3", "read", "empty"), ("cut.warc.gz#record-5", "read", "truncated")
    ]
    entry = stored["caspian.rss#entry-1"]
    assert (entry.url, entry.outlet, entry.published) == (
        "https://caspianwire.example/news/1", "Caspian Wire", "2024-03-12T10:00:00+00:00"
    )
    page = stored["crawl.warc.gz#record-5"]
    assert (page.url, page.published) == ("https://caspianwire.example/news/2", "2024-03-15")
