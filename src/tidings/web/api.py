"""The JSON API under ``/api``: the store's documents, entities, actors, events,
statements, search, stories, failures and exports, read-only; extraction of a pasted
article without storing it; storing it only when the server runs with ``--writable``.

Lists are pages: ``limit`` (1–500, default 50) and ``offset``; the answer is
``{"items": [...], "limit", "offset", "next_offset"}``, ``next_offset`` null on the last
page. Event filters are those of ``tidings events`` and are checked the same way
(``tidings.store.filters``). Every error has one shape (``app.error_body``).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from tidings.export import FORMATS
from tidings.model import Document, Rejected
from tidings.store import Corpus
from tidings.store.corpus import MAX_FILTER_CHARS
from tidings.store.exports import export_store
from tidings.store.filters import (
    check_country,
    check_date,
    check_dates_in_order,
    check_event_type,
    check_text,
)

router = APIRouter(prefix="/api", tags=["store"])

MAX_LIMIT = 500
#: The largest article the paste endpoints take, in characters.
MAX_PASTE = 200_000


def open_store(request: Request) -> Iterator[Corpus]:
    """The store, read-only, for one request."""
    corpus = Corpus(request.app.state.web.db, read_only=True)
    try:
        yield corpus
    finally:
        corpus.close()


Store = Annotated[Corpus, Depends(open_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=MAX_FILTER_CHARS)]


def page(fetch: Callable[[int, int], Sequence[Any]], limit: int, offset: int) -> dict[str, Any]:
    """One page of ``fetch(limit, offset)``; one item more is read to know if more exist."""
    found = list(fetch(limit + 1, offset))
    items = [plain(item) for item in found[:limit]]
    return {"items": items, "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(found) > limit else None}


def plain(item: Any) -> Any:
    if hasattr(item, "to_dict"):
        return item.to_dict()
    return dataclasses.asdict(item) if dataclasses.is_dataclass(item) else item


class EventFilters(BaseModel):
    """The filters of ``tidings events``, checked."""

    type: str | None = None
    actor: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None

    def as_kwargs(self) -> dict[str, str | None]:
        return self.model_dump()


def event_filters(
    type: Annotated[str | None, Query(description="PLOVER type, any case.")] = None,
    actor: Annotated[str | None, Query(description="A source or target whose name "
                                       "contains this.")] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-3 of an actor or "
                                         "the place.")] = None,
    since: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    place: Annotated[str | None, Query(description="The place's name contains this.")] = None,
) -> EventFilters:
    found = EventFilters(
        type=check_event_type(type) if type else None,
        actor=check_text(actor, "actor") if actor else None,
        country=check_country(country) if country else None,
        since=check_date(since) if since else None,
        until=check_date(until) if until else None,
        place=check_text(place, "place") if place else None,
    )
    check_dates_in_order(found.since, found.until)
    return found


Filters = Annotated[EventFilters, Depends(event_filters)]


@router.get("/stats", summary="Counts per table and the most mentioned entities")
def stats(corpus: Store) -> dict[str, Any]:
    return corpus.stats()


@router.get("/documents", summary="Stored documents, latest ingested first")
def documents(corpus: Store, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page(corpus.documents, limit, offset)


@router.get("/documents/{doc_id}", summary="One Document (the JSON contract) and its "
            "place in the corpus view")
def document(doc_id: str, corpus: Store) -> dict[str, Any]:
    if not corpus.has(doc_id):
        raise HTTPException(404, f"no document {doc_id!r} in the store")
    return {
        "document": corpus.get(doc_id).to_dict(),
        "copy_of": corpus.copy_of(doc_id),
        "corpus_events": {event: {"corpus_event_id": ce, "n_sources": n}
                          for event, (ce, n) in corpus.corpus_events_of(doc_id).items()},
        "actors": {entity: {"actor_id": a, "name": name, "type": t}
                   for entity, (a, name, t) in corpus.actors_of(doc_id).items()},
    }


@router.get("/entities", summary="Corpus entities, most mentioned first")
def entities(corpus: Store, type: Text = None, name: Text = None, limit: Limit = 50,
             offset: Offset = 0) -> dict[str, Any]:
    return page(lambda n, o: corpus.entities(type=type, name=name, limit=n, offset=o),
                limit, offset)


@router.get("/actors", summary="Corpus actors, most mentioned first")
def actors(corpus: Store, name: Text = None, country: Text = None, type: Text = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    country = check_country(country) if country else None
    return page(lambda n, o: corpus.actors(name=name, country=country, type=type, limit=n,
                                           offset=o), limit, offset)


@router.get("/actors/{actor_id}", summary="One actor: spellings, posts over time, "
            "statements, events, co-actors")
def actor(actor_id: str, corpus: Store) -> dict[str, Any]:
    found = corpus.actor(actor_id)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id!r} in the store")
    return found.to_dict()


@router.get("/events", summary="Corpus events (one happening, all its reports), or with "
            "members=true each article's events")
def events(corpus: Store, filters: Filters, members: bool = False, limit: Limit = 50,
           offset: Offset = 0) -> dict[str, Any]:
    kwargs = filters.as_kwargs()
    if not members and corpus.has_corpus_events():
        return page(lambda n, o: corpus.corpus_events(**kwargs, limit=n, offset=o),
                    limit, offset)
    return page(lambda n, o: corpus.events(**kwargs, limit=n, offset=o), limit, offset)


@router.get("/events/points", summary="Events whose place has coordinates, for maps")
def event_points(corpus: Store, filters: Filters,
                 limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> dict[str, Any]:
    return {"items": [p.to_dict() for p in corpus.event_points(**filters.as_kwargs(),
                                                                limit=limit)]}


@router.get("/statements", summary="Who said what, latest published first")
def statements(corpus: Store, speaker: Text = None, limit: Limit = 50,
               offset: Offset = 0) -> dict[str, Any]:
    return page(lambda n, o: corpus.statements(speaker=speaker, limit=n, offset=o),
                limit, offset)


@router.get("/search", summary="Full-text search over titles and texts")
def search(corpus: Store, q: Annotated[str, Query(max_length=MAX_FILTER_CHARS)],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return page(lambda n, o: corpus.search(q, limit=n, offset=o), limit, offset)


@router.get("/stories", summary="Stories: articles about one happening, latest first")
def stories(corpus: Store, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page(lambda n, o: corpus.stories(limit=n, offset=o), limit, offset)


@router.get("/failures", summary="Inputs that gave no Document, and why")
def failures(corpus: Store, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page(lambda n, o: corpus.failures(limit=n, offset=o), limit, offset)


@router.get("/export/{format}", summary="The whole store as a file: plover, csv, parquet, "
            "geojson, places-geojson or graphml")
def export(format: str, corpus: Store) -> Response:
    if format not in FORMATS:
        raise HTTPException(404, f"no export format {format!r}; one of "
                                 f"{', '.join(sorted(FORMATS))}")
    media_type, suffix, binary = FORMATS[format]
    buffer: io.BytesIO | io.StringIO = io.BytesIO() if binary else io.StringIO()
    export_store(corpus, format, buffer)
    body = buffer.getvalue()
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    name = "tidings-" + format + suffix
    return StreamingResponse(iter([data]), media_type=media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


class PastedArticle(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_PASTE,
                      description="Plain text or HTML of one article.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=100)
    outlet: str | None = Field(None, max_length=200)


def extract_pasted(request: Request, article: PastedArticle) -> Document | Rejected:
    from tidings.extraction import extract

    with request.app.state.web.extract_lock:  # one pipeline, one article at a time
        return extract(article.text, url=article.url, published=article.published,
                       title=article.title, outlet=article.outlet)


@router.post("/extract", summary="Extract one pasted article without storing it")
def extract_article(request: Request, article: PastedArticle) -> dict[str, Any]:
    result = extract_pasted(request, article)
    if isinstance(result, Rejected):
        raise HTTPException(422, f"{result.code}: {result.reason}")
    return result.to_dict()


@router.post("/documents", summary="Extract one pasted article and store it "
             "(only with tidings serve --writable)", status_code=201)
def store_article(request: Request, article: PastedArticle) -> dict[str, Any]:
    state = request.app.state.web
    if not state.writable:
        raise HTTPException(403, "the server is read-only: start it with "
                                 "tidings serve --writable to store articles")
    result = extract_pasted(request, article)
    if isinstance(result, Rejected):
        raise HTTPException(422, f"{result.code}: {result.reason}")
    with Corpus(state.db) as corpus, corpus.transaction():
        stored = corpus.add(result)
        if stored:
            corpus.link([result])
    return {"id": result.id, "stored": stored}
