"""The NLP of an ingest in worker processes: ``tidings ingest --workers N``.

    >>> with WorkerPool(2, batch_size=32) as pool:
    ...     for batch, beside, results, failures in pool.extract(pairs):
    ...         ...  # store the batch: answers come back in the order batches went in

Each worker process loads the pipeline once (the pool's initializer) and extracts whole
batches, one article at a time after an exception (``isolation.run_isolated``), so one
bad article is one failure. Only the articles' positions go back with their Documents,
not the prepared articles themselves. At most ``2 × N`` batches are in flight, so a
feed of a million articles is never held in memory. The parent process, the only
writer, stores the batches in order: the store is the same as with one process.

Processes are started with "spawn": a fresh interpreter, whatever threads the parent
runs (SQLite, the progress bar).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from tidings.isolation import failure_from, run_isolated
from tidings.model import Document, Rejected

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from tidings.extraction import Extractor, Prepared

#: One batch's answer: (position in the batch, Document or Rejected) for each article
#: the NLP ran on, and (position, failure) for each article it raised on.
BatchAnswer = tuple[list[tuple[int, Document | Rejected]], list[tuple[int, Rejected]]]

_extractor: Extractor | None = None  # the worker process's pipeline
T = TypeVar("T")


_load_error: BaseException | None = None


def _load(batch_size: int, model: str | None) -> None:
    global _extractor, _load_error
    from tidings.extraction import Extractor

    try:
        _extractor = Extractor(model, batch_size=batch_size)  # loads the model
    except Exception as exc:  # noqa: BLE001
        # An initializer that raises makes the pool start a new process forever; the
        # error is given to the first batch instead, and so reaches the parent.
        _load_error = exc


def _extract(batch: list[Prepared]) -> BatchAnswer:
    if _load_error is not None:
        raise _load_error
    assert _extractor is not None, "the worker's initializer loads the pipeline"
    position = {id(item): n for n, item in enumerate(batch)}
    results, errors = run_isolated(batch, _extractor)
    return (
        [(position[id(item)], result) for item, result in results],
        [(position[id(item)], failure_from(item.raw.source, "nlp", exc, item.id))
         for item, exc in errors],
    )


class WorkerPool:
    """``workers`` processes extracting batches of prepared articles."""

    def __init__(self, workers: int, batch_size: int = 32, model: str | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be 1 or more")
        self.workers = workers
        self._start = (batch_size, model)
        self._pool: Any = None  # started by the first batch: a re-run with nothing new
        # to extract loads no model

    def _started(self) -> Any:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.workers, initializer=_load, initargs=self._start)
        return self._pool

    def extract(self, batches: Iterable[tuple[list[Prepared], T]]) -> Iterator[tuple[
            list[Prepared], T, list[tuple[Prepared, Document | Rejected]],
            list[tuple[Prepared, Rejected]]]]:
        """Each batch, with what the caller gave beside it (kept in this process), its
        results and its failures, in the order given."""
        pending: deque[tuple[list[Prepared], T, AsyncResult[BatchAnswer]]] = deque()
        for batch, beside in batches:
            answer = self._started().apply_async(_extract, (batch,)) if batch else _NOTHING
            pending.append((batch, beside, answer))
            if len(pending) >= 2 * self.workers:
                yield self._answer(*pending.popleft())
        while pending:
            yield self._answer(*pending.popleft())

    @staticmethod
    def _answer(batch: list[Prepared], beside: T, answer: AsyncResult[BatchAnswer]
                ) -> tuple[list[Prepared], T, list[tuple[Prepared, Document | Rejected]],
                           list[tuple[Prepared, Rejected]]]:
        results, failures = answer.get()
        return (batch, beside, [(batch[n], result) for n, result in results],
                [(batch[n], failure) for n, failure in failures])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is not None and self._pool is not None:
            self._pool.terminate()
        self.close()


class _Nothing:
    """The answer for an empty batch, given without asking a worker."""

    @staticmethod
    def get() -> BatchAnswer:
        return [], []


_NOTHING: Any = _Nothing()
