"""A time budget per article and stage, so that no input can hold a batch for long.

Each Tidings pipeline component runs its work on one ``Doc`` inside ``stage``
(the ``timed`` decorator on its ``__call__``). That starts a fresh ``Deadline`` of
``article_seconds`` (setting TIDINGS_ARTICLE_SECONDS; 0 turns it off): the budget is
per component and per document, so the model's own batched work on other documents never
counts against one. Loops that can grow faster than the text (every mention against
every other, every quotation against the sentences) call ``check()`` once per round,
and the stage checks once more when it ends; over the deadline they raise
``TimeBudgetExceeded``, which ``tidings.batch`` records as a ``too_slow`` failure of that
article before it goes on with the others.

    >>> @timed("coreference")
    ... def __call__(self, doc): ...
    >>> for mention in mentions:
    ...     check()        # a context-variable read and a clock read when a stage is on

``check()`` outside any stage (a helper called on its own) does nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from time import monotonic
from typing import TypeVar

from tidings import settings
from tidings.errors import Messages, SettingError, TimeBudgetExceeded

__all__ = ["Deadline", "article_seconds", "check", "stage", "timed"]

_SETTING = "article_seconds"

F = TypeVar("F", bound=Callable[..., object])


class Deadline:
    """When one stage must be done with one article."""

    __slots__ = ("at", "seconds", "stage")

    def __init__(self, stage: str, seconds: float) -> None:
        self.stage = stage
        self.seconds = seconds
        self.at = monotonic() + seconds

    def check(self) -> None:
        if monotonic() > self.at:
            raise TimeBudgetExceeded(
                Messages.TOO_SLOW.format(seconds=f"{self.seconds:g}", stage=self.stage)
            )


_CURRENT: ContextVar[Deadline | None] = ContextVar("tidings_deadline", default=None)

_parsed: tuple[str, float | None] = ("", None)  # the setting's last text and its value


def article_seconds() -> float | None:
    """The budget from the setting, read now (not cached at import); None for no limit."""
    global _parsed
    text = settings.get(_SETTING)
    if text != _parsed[0]:
        try:
            seconds = float(text)
        except ValueError:
            seconds = float("nan")
        if seconds != seconds or seconds == float("inf") or seconds < 0:  # nan, inf, < 0
            env = next(s.env for s in settings.SETTINGS if s.name == _SETTING)
            raise SettingError(Messages.BAD_SETTING.format(
                env=env, value=text, expected="a number of seconds (0: no limit)"))
        _parsed = (text, seconds if seconds > 0 else None)
    return _parsed[1]


def check() -> None:
    """Raise ``TimeBudgetExceeded`` if the stage running now is past its deadline."""
    deadline = _CURRENT.get()
    if deadline is not None and monotonic() > deadline.at:
        deadline.check()


@contextmanager
def stage(name: str) -> Iterator[Deadline | None]:
    """Run the block as the stage ``name`` of one article, under a fresh deadline; the
    block's end is checked too, so a stage with no checks inside is still bounded."""
    seconds = article_seconds()
    deadline = Deadline(name, seconds) if seconds is not None else None
    token = _CURRENT.set(deadline)
    try:
        yield deadline
        if deadline is not None:
            deadline.check()
    finally:
        _CURRENT.reset(token)


def timed(name: str) -> Callable[[F], F]:
    """Decorate a component's ``__call__`` (or a function component) to run each call
    as the stage ``name``."""

    def decorate(call: F) -> F:
        @functools.wraps(call)
        def timed_call(*args: object, **kwargs: object) -> object:
            with stage(name):
                return call(*args, **kwargs)

        return timed_call  # type: ignore[return-value]

    return decorate
