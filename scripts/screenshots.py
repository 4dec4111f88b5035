"""Screenshots of every page of `tidings serve`, for the README and docs/.

Ingests the sample articles into a fresh store, serves it on 127.0.0.1 and photographs
each page with Debian's chromium (Playwright), hovering an entity on the article page.

    .venv/bin/python scripts/screenshots.py            # writes docs/screenshots/*.png
"""

from __future__ import annotations

import json
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web_server import SAMPLES, serving  # noqa: E402

from tidings import batch  # noqa: E402
from tidings.store import Corpus  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/lib/chromium/chromium"


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path) as response:
        return json.loads(response.read())


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "samples.db"
        with Corpus(db) as corpus:
            batch.ingest([str(SAMPLES)], corpus, progress=False)
        with serving(db) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            actor = api(base, "/api/actors?limit=1")["items"][0]["id"]
            docs = api(base, "/api/documents?limit=50")["items"]
            # The article with the most events shows the most highlights.
            article = max(docs, key=lambda d: len(api(base, f"/api/documents/{d['id']}")
                                                 ["document"]["events"]))["id"]
            shots = {
                "overview": "/", "events": "/events", "actor": f"/actors/{actor}",
                "article": f"/documents/{article}", "search": "/search?q=border",
                "stories": "/stories", "paste": "/paste", "api-docs": "/docs",
                "documents": "/documents", "failures": "/failures",
            }
            for name, path in shots.items():
                page.goto(base + path, wait_until="networkidle")
                if name == "article":
                    page.locator("#article-text span.entity").nth(2).hover()
                    page.wait_for_selector("#record:not([hidden])")
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(f"{name}: {path}")
            browser.close()


if __name__ == "__main__":
    main()
