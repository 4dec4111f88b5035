"""Custom ``Doc`` attributes the Tidings components read and write.

Components communicate only through these attributes and ``doc.ents``.
"""

from __future__ import annotations

from spacy.tokens import Doc

#: name -> default. ``published``: the article's publication date (ISO) or None, and
#: ``title``: its headline or None, both set by the caller before the pipeline runs.
#: ``dates``: list[DateMention] (tidings_dates).
#: ``acronyms``: dict long-form-span-key -> acronym text (tidings_entity_fixes).
#: ``entity_groups``: list[EntityGroup] (tidings_entity_groups).
#: ``places``, ``roles``, ``coref``, ``statements``, ``events``: lists of the records in
#: ``tidings.nlp.annotations``, each written by the component of that name.
DOC_EXTENSIONS: dict[str, object] = {
    "published": None,
    "title": None,
    "dates": None,
    "acronyms": None,
    "entity_groups": None,
    "places": None,
    "roles": None,
    "coref": None,
    "statements": None,
    "events": None,
}


def register() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
