"""Statement expectations for golden files (``must.statements``, ``must_not.statements``).

Each expected statement gives any of these keys; every key given must hold:

- ``speaker``: the speaker entity's name (``null``: the statement names no entity);
- ``cue``: the cue's text exactly ("noted", "voiced confidence", "according to");
- ``content_starts`` / ``content_ends``: the content's text starts / ends with this;
- ``content``: the content's text exactly;
- ``direct``: true for a quotation, false for reported speech.

A ``must`` statement must match at least one emitted statement; a ``must_not`` statement
fails the case if any emitted statement matches it.
"""

from __future__ import annotations

from typing import Any

STATEMENT_KEYS = frozenset(
    {"speaker", "cue", "content_starts", "content_ends", "content", "direct"}
)


def statement_matches(expected: dict[str, Any], statement, names: dict[str, str]) -> bool:
    text = statement.content.text
    checks = {
        "speaker": lambda v: names.get(statement.speaker or "") == v
        if v is not None
        else statement.speaker is None,
        "cue": lambda v: statement.cue.text == v,
        "content_starts": lambda v: text.startswith(v),
        "content_ends": lambda v: text.endswith(v),
        "content": lambda v: text == v,
        "direct": lambda v: statement.direct is v,
    }
    return all(checks[key](value) for key, value in expected.items())


def describe_statement(statement, names: dict[str, str]) -> str:
    speaker = names.get(statement.speaker or "")
    return (
        f"speaker={speaker!r} cue={statement.cue.text!r} direct={statement.direct} "
        f"content={statement.content.text!r}"
    )


def statement_problems(case: dict[str, Any], doc) -> list[str]:
    """Every way ``doc``'s statements fall short of the case, one line each."""
    names = {e.id: e.name for e in doc.entities}
    problems = []
    for exp in case.get("must", {}).get("statements", ()):
        if not any(statement_matches(exp, s, names) for s in doc.statements):
            near = [
                describe_statement(s, names)
                for s in doc.statements
                if exp.get("cue") in (None, s.cue.text)
            ]
            problems.append(f"missing statement {exp}; emitted with that cue: {near}")
    for exp in case.get("must_not", {}).get("statements", ()):
        for s in doc.statements:
            if statement_matches(exp, s, names):
                problems.append(f"unwanted statement {exp}: {describe_statement(s, names)}")
    return problems
