"""Progress of a long job on stderr: a bar on a terminal, a line now and then in a log.

    >>> with ProgressMeter(total=5000) as meter:
    ...     meter.advance(32)

On a terminal, tqdm draws the articles done, the rate and, with a total, the time left.
When stderr is a file or a pipe (the log of a long run), a line such as
``tidings: 1,200 of 5,000 articles, 23.8 articles/s, about 2m40s left`` is written at
most every ``log_every`` seconds. A meter that is not enabled shows nothing.
"""

from __future__ import annotations

import sys
from time import monotonic
from typing import Any, TextIO

from tqdm import tqdm

LOG_EVERY_SECONDS = 10.0


class ProgressMeter:
    """Counts articles done out of ``total`` (None: unknown, no time left shown)."""

    def __init__(self, total: int | None, *, enabled: bool = True,
                 log_every: float = LOG_EVERY_SECONDS, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        on_terminal = self._stream.isatty()
        self._bar = (tqdm(total=total, unit="article", file=self._stream, dynamic_ncols=True)
                     if enabled and on_terminal else None)
        self._log_every = log_every if enabled and not on_terminal else None
        self._started = self._last_line = monotonic()

    def advance(self, articles: int = 1) -> None:
        if articles <= 0:
            return
        self.done += articles
        if self._bar is not None:
            self._bar.update(articles)
        elif self._log_every is not None:
            now = monotonic()
            if now - self._last_line >= self._log_every:
                self._last_line = now
                line = progress_line(self.done, self.total, now - self._started)
                print(line, file=self._stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> ProgressMeter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def progress_line(done: int, total: int | None, seconds: float) -> str:
    """One line for a log; the time left only when the total is known and not passed.

        >>> progress_line(1200, 5000, 50.4)
        'tidings: 1,200 of 5,000 articles, 23.8 articles/s, about 2m40s left'
    """
    rate = done / seconds if seconds > 0 else 0.0
    if total is None or done > total:  # an estimated total can be passed
        return f"tidings: {done:,} articles, {rate:,.1f} articles/s"
    line = f"tidings: {done:,} of {total:,} articles, {rate:,.1f} articles/s"
    if rate > 0:
        line += f", about {_duration((total - done) / rate)} left"
    return line


def _duration(seconds: float) -> str:
    """``40s``, ``2m40s`` or ``1h05m``."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"
