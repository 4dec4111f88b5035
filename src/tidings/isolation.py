"""One article's failure stays that article's: run a batch of prepared articles so that
an exception inside the NLP costs only the article that raised it.

    >>> results, errors = run_isolated(batch, extractor)
    >>> [failure_from(item.raw.source, "nlp", exc, item.id) for item, exc in errors]

Used by the ingest job (``tidings.batch``) and by ``Extractor.run`` (``tidings.extract``
and ``tidings extract``), so neither lets an exception escape for one bad input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from tidings.errors import TidingsError, TimeBudgetExceeded
from tidings.model import Document, Rejected

if TYPE_CHECKING:
    from tidings.extraction import Prepared

MAX_REASON = 500


class BatchExtractor(Protocol):
    """What is needed of ``tidings.extraction.Extractor``; tests replace it."""

    def run_prepared(
        self, items: Iterable[Prepared]
    ) -> Iterator[tuple[Prepared, Document | Rejected]]: ...


def run_isolated(
    batch: list[Prepared], extractor: BatchExtractor
) -> tuple[list[tuple[Prepared, Document | Rejected]], list[tuple[Prepared, Exception]]]:
    """Results for the batch; if the batch raises, the rest run one by one so only the
    bad article fails. A ``TidingsError`` (a missing model: set-up, not the article)
    is raised on."""
    results: list[tuple[Prepared, Document | Rejected]] = []
    try:
        results.extend(extractor.run_prepared(batch))
        return results, []
    except TidingsError:
        raise
    except Exception as exc:
        if len(batch) == 1:
            return results, [(batch[0], exc)]
    done = {id(item) for item, _ in results}
    errors: list[tuple[Prepared, Exception]] = []
    for item in batch:
        if id(item) in done:
            continue
        try:
            results.extend(extractor.run_prepared([item]))
        except TidingsError:
            raise
        except Exception as exc:
            errors.append((item, exc))
    return results, errors


def failure_from(source: str, stage: str, exc: Exception, content_id: str | None) -> Rejected:
    """The failures row for an exception: ``too_slow`` for an article over the time
    budget (its message says where), else ``error`` with the exception in one line."""
    if isinstance(exc, TimeBudgetExceeded):
        code, reason = "too_slow", " ".join(str(exc).split())
    else:
        code, reason = "error", " ".join(f"{type(exc).__name__}: {exc}".split())
    return Rejected(source, stage, code, reason[:MAX_REASON], content_id)
