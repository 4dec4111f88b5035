"""A store and a real uvicorn server on 127.0.0.1 for the web tests (``test_web_api``,
``test_web_browser``): the sample articles, one article whose title, text and URL carry
script payloads, and one input that is rejected (so the failures page has a row).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from tidings import batch
from tidings.store import Corpus
from tidings.web import create_app

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

#: An article whose every field a page shows carries a payload that must stay inert.
HOSTILE = {
    "title": "<script>window.pwned = 1</script> Minister <b>bold</b> visit",
    "url": "javascript:window.pwned=2",
    "outlet": "<img src=x onerror=\"window.pwned=3\">",
    "published": "2024-05-02",
    "text": ("Foreign Minister Bakhtiyor Saidov met Kazakh officials in Astana on Monday "
             "<img src=x onerror=\"window.pwned=4\"> and said the railway talks went well. "
             "<script>window.pwned = 5</script> He returned to Tashkent on Tuesday, "
             "officials said. javascript:alert(1) was written on a banner."),
}


def build_store(folder: Path, extractor) -> Path:
    """A store of the samples, the hostile article and one rejected input."""
    db = folder / "web.db"
    inputs = folder / "inputs"
    inputs.mkdir()
    (inputs / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    (inputs / "empty.txt").write_text("   \n", encoding="utf-8")
    with Corpus(db) as corpus:
        batch.ingest([str(SAMPLES), str(inputs)], corpus, extractor=extractor, progress=False)
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(db: Path, *, writable: bool = False) -> Iterator[str]:
    """Run the app on a free port of 127.0.0.1 in a thread; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, writable=writable),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
