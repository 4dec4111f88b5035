"""The web app's pages, rendered on the server (Jinja2, every value escaped) with htmx
for the parts that change in place: overview, documents, article, actors, actor, events
explorer, stories, search, failures, and a page to paste an article and see it
extracted without storing it.

Maps, timelines and networks are drawn in the browser by the vendored libraries
(``static/vendor``) from JSON the page carries in the ``data-json`` attribute of a
hidden element (single-quoted: Jinja's ``tojson`` escapes quotes, ``<``, ``>`` and ``&``
for exactly that place; htmx drops ``<script>`` elements from what it swaps in) or reads
from ``/api``; the page scripts are files of this server (``static/*.js``), so the
Content-Security-Policy forbids every inline script.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from tidings.model import Document, Rejected
from tidings.plover import event_types
from tidings.store import Corpus
from tidings.store.corpus import FilterError
from tidings.web.api import (
    MAX_PASTE,
    PastedArticle,
    Store,
    event_filters,
    extract_pasted,
)
from tidings.web.markup import records, segments

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.autoescape = True
PAGE = 50
#: Private-use characters that mark a search snippet's matches until the template
#: has escaped the text around them.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a link may point to, else None: a
    ``javascript:`` or ``data:`` address from an article is shown as text, never linked."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


templates.env.filters["safe_url"] = safe_url


def render(request: Request, template: str, status_code: int = 200, **context: Any
           ) -> HTMLResponse:
    context.setdefault("writable", request.app.state.web.writable)
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, status=status, message=message)


def _pages(request: Request, offset: int, more: bool) -> dict[str, str | None]:
    def at(where: int) -> str:
        query = dict(request.query_params)
        query["offset"] = str(where)
        return request.url.path + "?" + urlencode(query)

    return {"previous": at(max(0, offset - PAGE)) if offset else None,
            "next": at(offset + PAGE) if more else None}


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, corpus: Store) -> HTMLResponse:
    stats = corpus.counts()  # the page lists top actors, not stats' top entities
    latest = (corpus.corpus_events(limit=10) if corpus.has_corpus_events()
              else corpus.events(limit=10))
    return render(request, "overview.html", stats=stats, latest=latest,
                  grouped=corpus.has_corpus_events(), actors=corpus.actors(limit=10),
                  stories=corpus.stories(limit=5))


def _listing(request: Request, template: str, key: str,
             fetch: Callable[..., Sequence[Any]], offset: int, **context: Any) -> HTMLResponse:
    """A page of ``fetch(limit=..., offset=...)`` as ``key`` in ``template``, with links
    to the pages before and after."""
    found = fetch(limit=PAGE + 1, offset=offset)
    context[key] = found[:PAGE]
    return render(request, template, pages=_pages(request, offset, len(found) > PAGE),
                  **context)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, corpus: Store,
              offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    return _listing(request, "documents.html", "documents", corpus.documents, offset)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def article(request: Request, doc_id: str, corpus: Store) -> HTMLResponse:
    if not corpus.has(doc_id):
        raise HTTPException(404, f"no document {doc_id!r} in the store")
    doc = corpus.get(doc_id)
    actors = corpus.actors_of(doc_id)
    grouped = corpus.corpus_events_of(doc_id)
    return render(request, "article.html", **_article_context(doc, actors, grouped),
                  copy_of=corpus.copy_of(doc_id), stored=True)


def _article_context(doc: Document, actors: dict | None = None,
                     grouped: dict | None = None) -> dict[str, Any]:
    return {"doc": doc, "segments": segments(doc), "records": records(doc, actors, grouped),
            "names": {e.id: e.name for e in doc.entities}}


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, corpus: Store,
           name: Annotated[str | None, Query(max_length=200)] = None,
           offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    return _listing(request, "actors.html", "actors",
                    lambda **page: corpus.actors(name=name or None, **page), offset,
                    name=name or "")


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, actor_id: str, corpus: Store) -> HTMLResponse:
    found = corpus.actor(actor_id)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id!r} in the store")
    timeline = [{"id": i, "content": f"{e.type} ({e.role})", "start": e.date or e.published,
                 "title": e.trigger, "doc": e.doc_id}
                for i, e in enumerate(found.events) if (e.date or e.published)]
    network = {
        "nodes": [{"id": found.id, "label": found.name, "me": True}]
        + [{"id": c.id, "label": c.name, "me": False} for c in found.co_actors],
        "edges": [{"source": found.id, "target": c.id, "weight": c.shared_events}
                  for c in found.co_actors],
    }
    return render(request, "actor.html", actor=found, timeline=timeline, network=network)


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, corpus: Store,
           members: Annotated[bool, Query()] = False,
           offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    raw = {k: request.query_params.get(k) or None
           for k in ("type", "actor", "country", "since", "until", "place")}
    try:
        filters = event_filters(**raw).as_kwargs()
        error = None
    except FilterError as exc:
        filters, error = {k: None for k in raw}, str(exc)
    grouped = not members and corpus.has_corpus_events()
    fetch = corpus.corpus_events if grouped else corpus.events
    found = fetch(**filters, limit=PAGE + 1, offset=offset)
    points = corpus.event_points(**filters, limit=1000)
    timeline = [{"id": i, "content": p.type, "start": p.date, "title": p.title or p.place,
                 "doc": p.doc_id} for i, p in enumerate(points) if p.date]
    context = dict(events=found[:PAGE], grouped=grouped, members=members, error=error,
                   values={k: v or "" for k, v in raw.items()}, types=sorted(event_types()),
                   points=[p.to_dict() for p in points], timeline=timeline,
                   pages=_pages(request, offset, len(found) > PAGE))
    name = "events_results.html" if request.headers.get("HX-Request") else "events.html"
    return render(request, name, **context)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, corpus: Store,
            offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    return _listing(request, "stories.html", "stories", corpus.stories, offset)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, corpus: Store,
           q: Annotated[str, Query(max_length=200)] = "",
           offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    hits = corpus.search(q, limit=PAGE + 1, offset=offset,
                         marks=(MARK_OPEN, MARK_CLOSE)) if q.strip() else []
    shown = [(hit, _marked(hit.snippet)) for hit in hits[:PAGE]]
    return render(request, "search.html", q=q, hits=shown,
                  pages=_pages(request, offset, len(hits) > PAGE))


def _marked(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (text, is a match) parts, for the template to escape each."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(MARK_OPEN)):
        if i == 0:
            parts.append((chunk, False))
            continue
        match, _, rest = chunk.partition(MARK_CLOSE)
        parts += [(match, True), (rest, False)]
    return [p for p in parts if p[0]]


@router.get("/failures", response_class=HTMLResponse)
def failures(request: Request, corpus: Store,
             offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    found = corpus.failures(limit=PAGE + 1, offset=offset)
    shown = {f"failure:{f.id}": {
        "kind": "failure", "title": f"{f.stage}: {f.code}",
        "fields": [("source", f.source), ("stage", f.stage), ("code", f.code),
                   ("content id", f.content_id or ""), ("when", f.created_at)],
        "evidence": f.reason, "link": None} for f in found[:PAGE]}
    return render(request, "failures.html", failures=found[:PAGE], records=shown,
                  pages=_pages(request, offset, len(found) > PAGE))


@router.get("/paste", response_class=HTMLResponse)
def paste_form(request: Request) -> HTMLResponse:
    return render(request, "paste.html", limit=MAX_PASTE)


@router.post("/paste", response_class=HTMLResponse)
def paste(request: Request, text: Annotated[str, Form(max_length=MAX_PASTE)],
          title: Annotated[str, Form(max_length=1000)] = "",
          url: Annotated[str, Form(max_length=2000)] = "",
          published: Annotated[str, Form(max_length=100)] = "",
          store: Annotated[bool, Form()] = False) -> Response:
    article = PastedArticle(text=text or " ", title=title or None, url=url or None,
                            published=published or None)
    result = extract_pasted(request, article)
    name = "paste_result.html" if request.headers.get("HX-Request") else "paste_done.html"
    if isinstance(result, Rejected):
        return render(request, name, rejected=result, stored=False)
    stored = False
    if store:
        state = request.app.state.web
        if not state.writable:
            raise HTTPException(403, "the server is read-only: start it with "
                                     "tidings serve --writable to store articles")
        with Corpus(state.db) as corpus, corpus.transaction():
            stored = corpus.add(result)
            if stored:
                corpus.link([result])
    return render(request, name, rejected=None, stored=stored,
                  **_article_context(result))
