"""The per-user cache folder: data Tidings derives from installed packages once and
reads back in later processes (the gazetteer, the decompressed language model).

Everything here can be deleted at any time; it is rebuilt on next use. A read-only or
missing home folder only means rebuilding in every process.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tidings`` or ``~/.cache/tidings``."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tidings"


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` so that readers never see half a file; False when it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        return False
    return True
