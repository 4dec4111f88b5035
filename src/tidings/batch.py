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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from tidings import settings
from tidings.isolation import BatchExtractor, failure_from, run_isolated
from tidings.model import Document, RawArticle, Rejected
from tidings.progress import LOG_EVERY_SECONDS, ProgressMeter
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
    workers: int = 1,
    progress_every: float = LOG_EVERY_SECONDS,
) -> IngestReport:
    """Read ``inputs`` (files, folders, globs, JSONL, "-" for stdin) into ``corpus``;
    ``workers`` processes run the NLP (see ``ingest_articles``). With ``progress``, the
    inputs are counted first, so that the progress can say how long is left."""
    from tidings.ingest.count import count_articles
    from tidings.ingest.readers import WalkNotes, iter_articles

    total = count_articles(inputs) if progress else None
    notes = WalkNotes()
    articles = iter_articles(inputs, stdin=stdin, notes=notes)
    report = ingest_articles(
        articles, corpus, extractor=extractor, progress=progress,
        batch_size=batch_size, prepare=prepare, workers=workers,
        total=total, progress_every=progress_every,
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
    workers: int = 1,
    total: int | None = None,
    progress_every: float = LOG_EVERY_SECONDS,
) -> IngestReport:
    """Ingest articles already read; see ``ingest``. With ``workers`` > 1 (and no
    ``extractor`` given), the NLP runs in that many processes (``tidings.workers``);
    this process stores the batches in the order they were read, so the store is the
    same as with one.

    ``progress`` shows on stderr the articles done out of ``total`` (how many
    ``articles`` holds, when known), the rate and the time left: a bar on a terminal,
    else a line every ``progress_every`` seconds. An article is done when it is
    rejected or skipped, or when its batch is stored: with workers, reading runs ahead
    of the NLP, and counting what was read would promise too early an end."""
    size = batch_size or settings.get_int("batch_size")
    pool = None
    if extractor is None and workers > 1:
        from tidings.workers import WorkerPool

        pool = WorkerPool(workers, batch_size=size)
    elif extractor is None:
        extractor = _LazyExtractor(size)
    prepare_fn = prepare or _default_prepare(extractor)
    report = IngestReport()
    if corpus.needs_placing():  # documents stored before the corpus view, or unplaced
        corpus.place_unplaced()
    with ProgressMeter(total, enabled=progress, log_every=progress_every) as meter:
        batches = _batches(articles, prepare_fn, corpus, report, meter, size)
        if pool is not None:
            with pool:
                for batch, held, results, failures in pool.extract(batches):
                    _store_batch(batch, held, results, failures, corpus, report)
                    meter.advance(len(batch))
        else:
            assert extractor is not None
            for batch, held in batches:
                # An empty batch (the last) asks nothing of the lazily loaded model.
                results, errors = run_isolated(batch, extractor) if batch else ([], [])
                failures = [(item, failure_from(item.raw.source, "nlp", exc, item.id))
                            for item, exc in errors]
                _store_batch(batch, held, results, failures, corpus, report)
                meter.advance(len(batch))
    return report


def _batches(articles: Iterable[RawArticle | Rejected], prepare_fn: PrepareFn,
             corpus: Corpus, report: IngestReport, meter: ProgressMeter, size: int
             ) -> Iterator[tuple[list[Prepared], list[Rejected]]]:
    """Batches of ``size`` prepared articles not stored yet, each with the rejections
    and warnings read before it, which are stored with it: so the failures table has
    the same order with any number of workers. The last batch may be empty. A rejected
    or skipped article is done for ``meter`` as it is read; the caller advances it by
    a batch once the batch is stored."""
    seen: set[str] = set()
    batch: list[Prepared] = []
    held: list[Rejected] = []
    for item in articles:
        report.read += 1
        ready = _admit(item, prepare_fn, corpus, seen, report, held)
        if ready is None:
            meter.advance()
            continue
        batch.append(ready)
        if len(batch) >= size:
            yield batch, held
            batch, held = [], []
    yield batch, held


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


def _admit(
    item: RawArticle | Rejected,
    prepare_fn: PrepareFn,
    corpus: Corpus,
    seen: set[str],
    report: IngestReport,
    held: list[Rejected],
) -> Prepared | None:
    """Prepare one article; None when it is rejected or already stored/seen. Its
    rejection or warnings are counted now and added to ``held``, for the store."""
    if isinstance(item, Rejected):
        _count_rejected(item, report, held)
        return None
    try:
        outcome = prepare_fn(item)
    except Exception as exc:  # one bad article must not stop the run
        _count_failed(failure_from(item.source, "prepare", exc, None), report, held)
        return None
    if isinstance(outcome, Rejected):
        _count_rejected(outcome, report, held)
        return None
    if outcome.id in seen or corpus.has(outcome.id):
        report.skipped += 1
        return None
    seen.add(outcome.id)
    for warning in outcome.warnings:
        report.warnings += 1
        report.problems.append(warning)
        held.append(warning)
    return outcome


def _store_batch(
    batch: list[Prepared],
    held: list[Rejected],
    results: list[tuple[Prepared, Document | Rejected]],
    failures: list[tuple[Prepared, Rejected]],
    corpus: Corpus,
    report: IngestReport,
) -> None:
    """Commit one batch: the rows held back while it was read, its failures and its
    Documents, in one transaction, and place the new Documents."""
    if not batch and not held:
        return
    placing: list[Document] = []
    with corpus.transaction():
        for row in held:
            corpus.add_failure(row)
        for _, failure in failures:
            _count_failed(failure, report, None)
            corpus.add_failure(failure)
        for item, result in results:
            if isinstance(result, Rejected):
                _count_rejected(result, report, None)
                corpus.add_failure(result)
                continue
            try:
                stored = corpus.add(result)
            except Exception as exc:  # add() rolls back its own savepoint
                failure = failure_from(item.raw.source, "store", exc, item.id)
                _count_failed(failure, report, None)
                corpus.add_failure(failure)
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
        failure = failure_from(docs[0].source or docs[0].id, "link", exc, docs[0].id)
        _count_failed(failure, report, None)
        corpus.add_failure(failure)


def _count_rejected(rejected: Rejected, report: IngestReport,
                    held: list[Rejected] | None) -> None:
    report.rejected += 1
    report.problems.append(rejected)
    if held is not None:
        held.append(rejected)


def _count_failed(failure: Rejected, report: IngestReport, held: list[Rejected] | None) -> None:
    report.failed += 1
    report.problems.append(failure)
    if held is not None:
        held.append(failure)
