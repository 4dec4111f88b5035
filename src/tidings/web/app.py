"""The application: the JSON API (``api.py``) and the pages (``pages.py``) over one
store, with the security headers every response carries and one JSON shape for errors.

    >>> app = create_app("tidings.db")                 # read-only
    >>> app = create_app("tidings.db", writable=True)  # paste-and-store allowed

Each request opens the store read-only (SQLite ``mode=ro`` and ``query_only``); only
the store-a-pasted-article endpoint, present with ``writable``, opens it for writing.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from tidings.errors import TidingsError
from tidings.store.corpus import FilterError

STATIC = Path(__file__).parent / "static"

#: Scripts only from this server; no inline script, no eval. Inline styles are allowed:
#: Leaflet, vis-timeline and cytoscape set element styles as they draw.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
#: Swagger UI starts from an inline script: its pages allow exactly that script, by hash.
_DOC_PAGES = ("/docs", "/docs/oauth2-redirect")
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


@dataclass
class WebState:
    db: Path
    writable: bool = False
    extractor: Any = None  # the spaCy pipeline, loaded on the first pasted article
    extract_lock: threading.Lock = field(default_factory=threading.Lock)


def create_app(db: str | Path, *, writable: bool = False) -> FastAPI:
    from tidings.web import api, pages

    app = FastAPIOffline(
        redoc_url=None,  # ReDoc fetches a logo from the internet; Swagger UI does not
        title="Tidings",
        version=_version(),
        description="Event data with evidence: documents, entities, actors, events, "
                    "statements, stories and exports from one Tidings store.",
    )
    app.state.web = WebState(Path(db), writable)
    app.middleware("http")(_security_headers)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(FilterError, _filter_error)
    app.add_exception_handler(TidingsError, _tidings_error)
    app.add_exception_handler(Exception, _internal_error)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("tidings")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0"


async def _security_headers(request: Request, call_next: Any) -> Response:
    started = time.perf_counter()
    response = await call_next(request)
    # The server's own time for the answer, for browsers' developer tools and benchmarks.
    response.headers["Server-Timing"] = f"app;dur={1000 * (time.perf_counter() - started):.1f}"
    policy = CSP
    if request.url.path in _DOC_PAGES:
        body = b"".join([chunk async for chunk in response.body_iterator])
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
            for script in _INLINE_SCRIPT.findall(body))
        policy = CSP.replace("script-src 'self'", f"script-src 'self' {hashes}")
        response = Response(body, status_code=response.status_code,
                            headers=dict(response.headers), media_type=response.media_type)
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one shape of every error: ``{"error": {"status", "code", "message"}}``."""
    return {"error": {"status": status, "code": code, "message": message}}


_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 422: "invalid", 500: "internal"}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", "")


def _error(request: Request, status: int, code: str, message: str) -> Response:
    """The error page for a browser's page request, else the JSON error."""
    if _wants_html(request):
        from tidings.web.pages import error_page

        return error_page(request, status, message)
    return JSONResponse(error_body(status, code, message), status_code=status)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return _error(request, exc.status_code, _CODES.get(exc.status_code, "error"), message)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    parts = []
    for problem in exc.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("query", "body"))
        parts.append(f"{where}: {problem.get('msg', 'invalid')}" if where else
                     str(problem.get("msg", "invalid")))
    return _error(request, 422, "invalid", "; ".join(parts) or "invalid request")


async def _filter_error(request: Request, exc: FilterError) -> Response:
    return _error(request, 400, "bad_filter", str(exc))


async def _tidings_error(request: Request, exc: TidingsError) -> Response:
    return _error(request, 500, "store", str(exc))


async def _internal_error(request: Request, exc: Exception) -> Response:
    """A bug: one line to the client, the traceback to the server's log."""
    import logging

    logging.getLogger("tidings.web").error("internal error on %s", request.url.path,
                                           exc_info=exc)
    message = f"internal error ({type(exc).__name__}); the server's log has the traceback"
    return _error(request, 500, "internal", message)
