"""The ingest job: inputs → articles → Documents → store, resumable and idempotent.

    >>> with Corpus("tidings.db") as corpus:
    ...     report = ingest(["samples/"], corpus)
    >>> report.summary()
    'stored 12, skipped 0 already stored, rejected 1 (see failures), failed 0'

Articles whose content id is already stored are skipped before the NLP stages, so a
re-run after a kill resumes where it stopped. Each batch is one transaction: a kill
loses at most the batch in flight. One bad document becomes a ``failures`` row and the
batch goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from tqdm import tqdm

from tidings import settings
from tidings.isolation import BatchExtractor, failure_from, run_isolated
from tidings.model import Document, RawArticle, Rejected
from tidings.store import Corpus

if TYPE_CHECKING:
    from tidings.extraction import Prepared


PrepareFn = Callable[[RawArticle], "Prepared | Rejected"]


@dataclass(slots=True)
class IngestReport:
    read: int = 0  # articles the readers produced, rejected ones included
    stored: int = 0
    skipped: int = 0  # already in the store, or repeated within this run
    rejected: int = 0
    failed: int = 0  # unexpected errors, recorded in failures with stage/code
    warnings: int = 0  # stored articles with a dropped value, e.g. an unreadable date
    passed_over: str | None = None  # what folder walks did not read, e.g. ".db" files
    problems: list[Rejected] = field(default_factory=list)  # all of the above

    def summary(self) -> str:
        text = (
            f"stored {self.stored}, skipped {self.skipped} already stored, "
            f"rejected {self.rejected} (see failures), failed {self.failed}"
        )
        text += f", {self.warnings} with warnings" if self.warnings else ""
        return text + (f"; {self.passed_over}" if self.passed_over else "")

    @property
    def exit_code(self) -> int:
        """0 every input stored (or already stored), 1 some rejected or failed,
        2 nothing readable at all."""
        problems = self.rejected + self.failed
        if self.read == 0 or problems == self.read:
            return 2
        return 1 if problems else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "failed": self.failed,
            "warnings": self.warnings,
            "passed_over": self.passed_over,
            "problems": [p.to_dict() for p in self.problems],
        }


def ingest(
    inputs: Sequence[str],
    corpus: Corpus,
    *,
    extractor: BatchExtractor | None = None,
    progress: bool = True,
    stdin: BinaryIO | None = None,
    batch_size: int | None = None,
    prepare: PrepareFn | None = None,
) -> IngestReport:
    """Read ``inputs`` (files, folders, globs, JSONL, "-" for stdin) into ``corpus``."""
    from tidings.ingest.readers import WalkNotes, iter_articles

    notes = WalkNotes()
    articles = iter_articles(inputs, stdin=stdin, notes=notes)
    report = ingest_articles(
        articles, corpus, extractor=extractor, progress=progress,
        batch_size=batch_size, prepare=prepare,
    )
    report.passed_over = notes.summary()
    return report


def ingest_articles(
    articles: Iterable[RawArticle | Rejected],
    corpus: Corpus,
    *,
    extractor: BatchExtractor | None = None,
    progress: bool = True,
    batch_size: int | None = None,
    prepare: PrepareFn | None = None,
) -> IngestReport:
    """Ingest articles already read; see ``ingest``."""
    size = batch_size or settings.get_int("batch_size")
    if extractor is None:
        extractor = _LazyExtractor(size)
    prepare_fn = prepare or _default_prepare(extractor)
    report = IngestReport()
    seen: set[str] = set()
    batch: list[Prepared] = []
    if corpus.needs_placing():  # documents stored before the corpus view, or unplaced
        corpus.place_unplaced()
    with _progress_bar(progress) as bar:
        for item in articles:
            report.read += 1
            bar.update()
            ready = _admit(item, prepare_fn, corpus, seen, report)
            if ready is None:
                continue
            batch.append(ready)
            if len(batch) >= size:
                _store_batch(batch, extractor, corpus, report)
                batch = []
        _store_batch(batch, extractor, corpus, report)
    return report


class _LazyExtractor:
    """Loads the spaCy pipeline on the first batch: a re-run with nothing new to
    process never pays for loading the model."""

    def __init__(self, batch_size: int) -> None:
        self._batch_size = batch_size
        self._real: BatchExtractor | None = None

    def run_prepared(
        self, items: Iterable[Prepared]
    ) -> Iterator[tuple[Prepared, Document | Rejected]]:
        if self._real is None:
            self._real = _default_extractor(self._batch_size)
        return self._real.run_prepared(items)


def _default_extractor(batch_size: int) -> BatchExtractor:
    from tidings.extraction import Extractor

    return Extractor(batch_size=batch_size)


def _default_prepare(extractor: BatchExtractor) -> PrepareFn:
    from tidings.extraction import prepare

    clean = getattr(extractor, "clean", True)
    require_english = getattr(extractor, "require_english", True)
    return lambda raw: prepare(raw, clean=clean, require_english=require_english)


def _progress_bar(enabled: bool) -> tqdm[Any]:
    show = enabled and sys.stderr.isatty()
    return tqdm(unit="article", file=sys.stderr, disable=not show, dynamic_ncols=True)


def _admit(
    item: RawArticle | Rejected,
    prepare_fn: PrepareFn,
    corpus: Corpus,
    seen: set[str],
    report: IngestReport,
) -> Prepared | None:
    """Prepare one article; None when it is rejected or already stored/seen."""
    if isinstance(item, Rejected):
        _reject(item, corpus, report)
        return None
    try:
        outcome = prepare_fn(item)
    except Exception as exc:  # one bad article must not stop the run
        _fail(item.source, "prepare", exc, None, corpus, report)
        return None
    if isinstance(outcome, Rejected):
        _reject(outcome, corpus, report)
        return None
    if outcome.id in seen or corpus.has(outcome.id):
        report.skipped += 1
        return None
    seen.add(outcome.id)
    for warning in outcome.warnings:
        report.warnings += 1
        report.problems.append(warning)
        corpus.add_failure(warning)
    return outcome


def _store_batch(
    batch: list[Prepared], extractor: BatchExtractor, corpus: Corpus, report: IngestReport
) -> None:
    """Run the NLP over one batch and commit its Documents and failures together."""
    if not batch:
        return
    results, errors = run_isolated(batch, extractor)
    placing: list[Document] = []
    with corpus.transaction():
        for item, exc in errors:
            _fail(item.raw.source, "nlp", exc, item.id, corpus, report)
        for item, result in results:
            if isinstance(result, Rejected):
                _reject(result, corpus, report)
                continue
            try:
                stored = corpus.add(result)
            except Exception as exc:  # add() rolls back its own savepoint
                _fail(item.raw.source, "store", exc, item.id, corpus, report)
                continue
            if stored:
                report.stored += 1
                placing.append(result)
            else:
                report.skipped += 1
        _place(placing, corpus, report)


def _place(docs: list[Document], corpus: Corpus, report: IngestReport) -> None:
    """Place the batch's new documents in the corpus view (copies, stories, actors,
    corpus events). A failure here is recorded and the documents stay stored: the next
    ingest places them."""
    if not docs:
        return
    try:
        corpus.link(docs)
    except Exception as exc:
        corpus.mark_unplaced()
        _fail(docs[0].source or docs[0].id, "link", exc, docs[0].id, corpus, report)


def _reject(rejected: Rejected, corpus: Corpus, report: IngestReport) -> None:
    report.rejected += 1
    report.problems.append(rejected)
    corpus.add_failure(rejected)


def _fail(
    source: str,
    stage: str,
    exc: Exception,
    content_id: str | None,
    corpus: Corpus,
    report: IngestReport,
) -> None:
    failure = failure_from(source, stage, exc, content_id)
    report.failed += 1
    report.problems.append(failure)
    corpus.add_failure(failure)
