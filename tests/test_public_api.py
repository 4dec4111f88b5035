"""The package's public names: what `import tidings` promises."""

from __future__ import annotations

import dataclasses

import tidings
from tidings import model


def test_every_public_name_resolves() -> None:
    for name in tidings.__all__:
        assert getattr(tidings, name) is not None, name


def test_all_lists_every_contract_record() -> None:
    records = {
        name
        for name, value in vars(model).items()
        if dataclasses.is_dataclass(value) and not name.startswith("_")
        and value.__module__ == model.__name__
    }
    # Records internal to the pipeline's first steps stay out of the top-level names.
    internal = {"CleanedText", "OffsetSegment"}
    assert records - internal <= set(tidings.__all__), sorted(records - set(tidings.__all__))


def test_extract_is_the_function_not_the_module() -> None:
    from tidings import extract

    assert callable(extract) and extract.__name__ == "extract"
