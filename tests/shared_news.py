"""Where the shared real-news sets are, and a mark for tests that need them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings import settings as tidings_settings

DATA = Path(tidings_settings.get("data_dir"))
needs_shared_news = pytest.mark.skipif(
    not all((DATA / d).is_dir() for d in ("current_events", "wikinews_en", "press_releases")),
    reason=f"the shared real-news sets are not at {DATA}",
)
