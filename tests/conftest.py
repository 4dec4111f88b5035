"""Shared pytest fixtures. Session-scoped only: each is built once per test run."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extractor():
    """One ``tidings.Extractor`` for the session, so the spaCy model loads once."""
    from tidings import Extractor

    return Extractor()
