"""Recursive walks over a parse without Python's call stack.

A parse can be thousands of tokens deep (a list of names joined by commas, a run of
prepositions): a function that calls itself once per level then raises RecursionError
and loses the whole article. ``run_nested`` runs such a function on an explicit stack.
The function is written as a generator that asks for each recursive call by yielding
that call's arguments and receives its result back:

    >>> def depth(token):
    ...     deepest = 0
    ...     for child in token.children:
    ...         deepest = max(deepest, (yield (child,)))
    ...     return deepest + 1
    >>> run_nested(depth, sentence.root)

The calls run in the same order and give the same results as the recursive version.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, TypeVar

__all__ = ["Nested", "run_nested"]

R = TypeVar("R")

#: A step function's generator: yields a recursive call's arguments (a tuple), is sent
#: that call's result, and returns its own result.
Nested = Generator[tuple[Any, ...], Any, R]


def run_nested(step: Callable[..., Nested[R]], *args: Any) -> R:
    """``step(*args)`` with each ``yield (a, b, ...)`` inside it run as ``step(a, b, ...)``
    and its result sent back in; the stack of pending calls is a list, not C frames."""
    stack: list[Nested[Any]] = [step(*args)]
    value: Any = None
    while True:
        try:
            request = stack[-1].send(value)
        except StopIteration as finished:
            stack.pop()
            if not stack:
                return finished.value  # type: ignore[no-any-return]
            value = finished.value
        else:
            stack.append(step(*request))
            value = None
