"""From raw articles to Documents: clean → language → spaCy pipeline → records.

    >>> from tidings import extract
    >>> doc = extract("Foreign Minister Murat Nurtleu arrived in Tashkent on Monday.")
    >>> [e.name for e in doc.entities]

``Extractor.run`` is the batch path (``nlp.pipe``); ``extract`` is one article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from tidings.convert import doc_to_document
from tidings.errors import Messages
from tidings.ingest.clean import clean_text
from tidings.ingest.language import check_english
from tidings.ingest.language import preload as preload_language_model
from tidings.ingest.published import Published, read_published
from tidings.isolation import failure_from, run_isolated
from tidings.model import (
    CleanedText,
    Document,
    OffsetSegment,
    RawArticle,
    Rejected,
    content_id,
)
from tidings.nlp.pipeline import get_nlp


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article that passed cleaning and the language check, ready for the NLP stages."""

    raw: RawArticle
    id: str
    cleaned: CleanedText
    language: str
    published_date: Published | None = None
    warnings: tuple[Rejected, ...] = ()  # kept in failures; the article is stored

    @property
    def published(self) -> str | None:
        return self.published_date.value if self.published_date else None

    @property
    def published_precision(self) -> str | None:
        return self.published_date.precision if self.published_date else None

    @property
    def anchor_date(self) -> str | None:
        """The day relative dates count from; a month or a year is too coarse for one."""
        if self.published_date and self.published_date.precision in ("day", "time"):
            return self.published_date.value
        return None

    @property
    def title(self) -> str | None:
        return self.raw.title or self.cleaned.title

    @property
    def outlet(self) -> str | None:
        return self.raw.outlet or self.cleaned.outlet


def prepare(
    raw: RawArticle, *, clean: bool = True, require_english: bool = True
) -> Prepared | Rejected:
    """Clean the text and check its language; a rejection is returned, never raised."""
    if clean:
        cleaned = clean_text(raw.text)
    else:
        cleaned = CleanedText(text=raw.text, offset_map=(OffsetSegment(0, 0, len(raw.text)),))
    if not cleaned.text.strip():
        return Rejected(raw.source, "clean", "empty", Messages.EMPTY)
    doc_id = content_id(cleaned.text)
    language = "en"
    if require_english:
        rejection = check_english(cleaned.text, raw.source)
        if rejection is not None:
            return Rejected(
                rejection.source, rejection.stage, rejection.code, rejection.reason, doc_id
            )
    published, warnings = _published(raw, cleaned, doc_id)
    return Prepared(
        raw=raw, id=doc_id, cleaned=cleaned, language=language, published_date=published,
        warnings=warnings,
    )


def _published(
    raw: RawArticle, cleaned: CleanedText, doc_id: str
) -> tuple[Published | None, tuple[Rejected, ...]]:
    """The date given with the article, else the one the cleaner found in the page;
    a given value that is not a date is dropped with a warning."""
    warnings: tuple[Rejected, ...] = ()
    if raw.published and raw.published.strip():
        given = read_published(raw.published)
        if given is not None:
            return given, ()
        shown = " ".join(raw.published.split())[:60]
        reason = Messages.BAD_PUBLISHED.format(value=shown)
        warnings = (Rejected(raw.source, "read", "bad_published", reason, doc_id),)
    found = Published(cleaned.published, "day") if cleaned.published else None
    return found, warnings


#: The most text, in characters, that one ``nlp.pipe`` batch holds: spaCy parses a
#: batch's documents together, and a batch with several very long articles took a worker
#: process past 1.5 GB (a 30,000-word article alone takes it from 450 MB to 800 MB).
MAX_BATCH_CHARS = 150_000


def _by_size(items: Iterable[Prepared], limit: int) -> Iterator[list[Prepared]]:
    """``items`` in order, in groups of at most ``limit`` characters of text (a longer
    article is a group of its own)."""
    group: list[Prepared] = []
    size = 0
    for item in items:
        length = len(item.cleaned.text)
        if group and size + length > limit:
            yield group
            group, size = [], 0
        group.append(item)
        size += length
    if group:
        yield group


class Extractor:
    """Runs the whole per-article pipeline over many articles, batching the NLP stages."""

    def __init__(
        self,
        model: str | None = None,
        *,
        clean: bool = True,
        require_english: bool = True,
        batch_size: int = 32,
    ) -> None:
        if require_english:
            preload_language_model()
        self.nlp = get_nlp(model)
        self.clean = clean
        self.require_english = require_english
        self.batch_size = batch_size

    def run_prepared(
        self, items: Iterable[Prepared]
    ) -> Iterator[tuple[Prepared, Document | Rejected]]:
        """Run the NLP stages over already prepared articles, in input order."""

        def as_tuples(group: list[Prepared]) -> Iterator[tuple[Doc, Prepared]]:
            for item in group:
                doc = self.nlp.make_doc(item.cleaned.text)
                doc._.published = item.anchor_date
                doc._.title = item.title
                yield doc, item

        for group in _by_size(items, MAX_BATCH_CHARS):
            docs = self.nlp.pipe(as_tuples(group), as_tuples=True, batch_size=self.batch_size)
            for spacy_doc, item in docs:
                yield item, doc_to_document(spacy_doc, item)

    def run(self, raws: Iterable[RawArticle]) -> Iterator[tuple[RawArticle, Document | Rejected]]:
        """Yield one result per input article, in order; rejections are values."""
        pending: list[RawArticle | Prepared] = []

        def flush() -> Iterator[tuple[RawArticle, Document | Rejected]]:
            ready = [p for p in pending if isinstance(p, Prepared)]
            done, errors = run_isolated(ready, self)
            results: dict[int, Document | Rejected] = {id(p): doc for p, doc in done}
            for p, exc in errors:
                results[id(p)] = failure_from(p.raw.source, "nlp", exc, p.id)
            for p in pending:
                if isinstance(p, Prepared):
                    yield p.raw, results[id(p)]
            pending.clear()

        for raw in raws:
            try:
                outcome = prepare(raw, clean=self.clean, require_english=self.require_english)
            except Exception as exc:  # one bad article must not stop the others
                outcome = failure_from(raw.source, "prepare", exc, None)
            if isinstance(outcome, Rejected):
                yield from flush()
                yield raw, outcome
            else:
                pending.append(outcome)
                if len(pending) >= self.batch_size:
                    yield from flush()
        yield from flush()


_EXTRACTORS: dict[tuple[str | None, bool, bool], Extractor] = {}


def extract(
    text_or_html: str,
    url: str | None = None,
    published: str | None = None,
    *,
    title: str | None = None,
    outlet: str | None = None,
    clean: bool = True,
    require_english: bool = True,
    model: str | None = None,
) -> Document | Rejected:
    """Extract one article. Markup is recognised and read as HTML.

    Returns a ``Rejected`` value (never raises) for input that cannot give a Document:
    code ``too_slow`` for one that takes longer than the time budget (setting
    TIDINGS_ARTICLE_SECONDS), ``error`` for an exception inside the NLP stages.
    """
    from tidings.ingest.readers import article_from_string

    try:
        raw = article_from_string(
            text_or_html, source="<string>", url=url, published=published, title=title,
            outlet=outlet,
        )
    except Exception as exc:  # reading is guarded inside; this is the last net
        return failure_from("<string>", "read", exc, None)
    if isinstance(raw, Rejected):
        return raw
    key = (model, clean, require_english)
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = Extractor(model, clean=clean, require_english=require_english)
    for _, result in _EXTRACTORS[key].run([raw]):
        return result
    raise AssertionError("Extractor.run yields one result per input")
