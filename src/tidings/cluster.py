"""The NLP on a Dask cluster: ``tidings ingest --engine dask``, then ``tidings load``.

    >>> shards = ingest_on_cluster(["archive/"], out="shards/", scheduler="tcp://head:8786")
    >>> with Corpus("tidings.db") as corpus:
    ...     load_shards(["shards/"], corpus)

The client reads the inputs and sends chunks of articles to the cluster, one task per
chunk. A worker process loads the pipeline once (kept in the process for later tasks)
and writes what its chunk gave (Documents, and the inputs that gave none) to one
Parquet shard in ``out``, a folder every machine sees under the same path; the task
returns the shard's name and counts. A shard's name is a hash of its articles, so a run
again writes the same shards. ``load_shards`` stores them: Documents through the same
store and corpus view as ``tidings ingest``, failures as rows; a Document already
stored is passed over, so loading twice changes nothing.

A shard has three columns: ``kind`` ("document" or "failure"), ``id`` (the Document's
id, or the failed input's source) and ``json`` (``Document.to_dict`` or
``Rejected.to_dict`` as JSON).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tidings.model import Document, RawArticle, Rejected

#: Articles per task: enough to amortise a task's overhead, few enough to spread work.
CHUNK = 64

_extractor: Any = None  # a worker process's pipeline, loaded by its first task


@dataclass(frozen=True, slots=True)
class ShardReport:
    shard: str
    documents: int
    failures: int


def _pipeline() -> Any:
    global _extractor
    if _extractor is None:
        from tidings.extraction import Extractor

        _extractor = Extractor()
    return _extractor


def extract_chunk(articles: list[dict[str, Any]], out: str) -> ShardReport:
    """Run on a worker: extract ``articles`` (``RawArticle`` fields) and write a shard."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    raws = [RawArticle(**fields) for fields in articles]
    rows: dict[str, list[str]] = {"kind": [], "id": [], "json": []}
    for raw, result in _pipeline().run(raws):
        kind = "document" if isinstance(result, Document) else "failure"
        rows["kind"].append(kind)
        rows["id"].append(result.id if isinstance(result, Document) else raw.source)
        rows["json"].append(json.dumps(result.to_dict(), ensure_ascii=False))
    name = "shard-" + hashlib.sha1("\n".join(
        a["source"] + "\0" + a["text"][:200] for a in articles).encode()).hexdigest()[:16]
    path = Path(out) / f"{name}.parquet"
    partial = path.with_suffix(".partial")
    pq.write_table(pa.table(rows), partial)
    partial.replace(path)  # a shard is whole or absent
    documents = rows["kind"].count("document")
    return ShardReport(path.name, documents, len(rows["kind"]) - documents)


def _chunks(items: Iterable[RawArticle], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(asdict(item))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest_on_cluster(inputs: Sequence[str], out: str | Path, scheduler: str,
                      chunk: int = CHUNK) -> tuple[list[ShardReport], list[Rejected]]:
    """Extract ``inputs`` on the cluster at ``scheduler`` into shards in ``out``; the
    shards written, and the inputs rejected while reading (which the client keeps)."""
    from distributed import Client, as_completed

    from tidings.ingest.readers import iter_articles

    folder = Path(out).absolute()
    folder.mkdir(parents=True, exist_ok=True)
    rejected: list[Rejected] = []

    def readable() -> Iterator[RawArticle]:
        for item in iter_articles(list(inputs)):
            if isinstance(item, Rejected):
                rejected.append(item)
            else:
                yield item

    reports: list[ShardReport] = []
    with Client(scheduler) as client:
        futures = [client.submit(extract_chunk, part, str(folder), pure=False)
                   for part in _chunks(readable(), chunk)]
        for future in as_completed(futures):
            reports.append(future.result())
    if rejected:
        _write_failures(folder, rejected)
    return sorted(reports, key=lambda r: r.shard), rejected


def _write_failures(folder: Path, rejected: list[Rejected]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = {"kind": ["failure"] * len(rejected), "id": [r.source for r in rejected],
            "json": [json.dumps(r.to_dict(), ensure_ascii=False) for r in rejected]}
    digest = hashlib.sha1("\n".join(rows["id"]).encode()).hexdigest()[:16]
    pq.write_table(pa.table(rows), folder / f"read-failures-{digest}.parquet")


def shard_files(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.parquet`` files named, or found in the folders named, in name order."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        found += sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    return found


@dataclass(slots=True)
class LoadReport:
    shards: int = 0
    stored: int = 0
    skipped: int = 0
    failures: int = 0


def load_shards(paths: Iterable[str | Path], corpus: Any, batch: int = 32) -> LoadReport:
    """Store the shards' Documents (placing them in the corpus view) and failures;
    what is already stored is passed over."""
    import pyarrow.parquet as pq

    report = LoadReport()
    for path in shard_files(paths):
        table = pq.read_table(path).to_pydict()
        report.shards += 1
        rows = list(zip(table["kind"], table["json"], strict=True))
        for start in range(0, len(rows), batch):
            placing: list[Document] = []
            with corpus.transaction():
                for kind, text in rows[start : start + batch]:
                    data = json.loads(text)
                    if kind == "failure":
                        report.failures += corpus.add_failure(Rejected(**data))
                        continue
                    document = Document.from_dict(data)
                    if corpus.add(document):
                        report.stored += 1
                        placing.append(document)
                    else:
                        report.skipped += 1
                if placing:
                    corpus.link(placing)
    return report
