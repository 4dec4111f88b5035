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
