"""Shared pytest fixtures. Session-scoped only: each is built once per test run."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extractor():
    """One ``tidings.Extractor`` for the session, so the spaCy model loads once."""
    from tidings import Extractor

    return Extractor()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say at the end whether the development data beside the repository was there."""
    from pathlib import Path

    from tidings import settings

    data = Path(settings.get("data_dir")).resolve()
    if not data.is_dir():
        terminalreporter.write_line(
            f"tidings development data not found at {data} (a folder beside the "
            "repository, see README 'Development data'): the tests that need it were skipped"
        )


@pytest.fixture(scope="session")
def web_store(extractor, tmp_path_factory: pytest.TempPathFactory):
    """A store of the sample articles, a hostile one and a rejected input."""
    from web_server import build_store

    return build_store(tmp_path_factory.mktemp("web"), extractor)


@pytest.fixture(scope="session")
def web_server(web_store):
    """The web app and API over ``web_store``, read-only, on a real uvicorn server."""
    from web_server import serving

    with serving(web_store) as url:
        yield url
