"""The project's own data files (lexicons, the country table, regions), and the one
reader of their tab-separated format.

Format: UTF-8; blank lines and lines starting with ``#`` are skipped; the first other
line is the header; lines starting with ``@`` define word classes and may stand
anywhere, at any width.
"""

from __future__ import annotations

from importlib import resources


def read_table(
    filename: str,
    *,
    header: tuple[str, ...] | None = None,
    width: int | None = None,
    error: type[Exception] = ValueError,
) -> list[tuple[int, list[str]]]:
    """``(line number, stripped fields)`` of each data row of ``tidings/data/FILENAME``.

    ``header``: the columns the header must start with; ``width``: the number of fields
    every data row must have. A line that breaks either raises ``error`` naming
    ``FILENAME:LINE``.

        >>> read_table("countries.tsv", width=7)[0][1][0]
        'AFG'
    """
    text = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    rows: list[tuple[int, list[str]]] = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if line.startswith("@"):
            rows.append((lineno, fields))
            continue
        if not header_seen:
            if header is not None and tuple(fields[: len(header)]) != header:
                raise error(f"{filename}:{lineno}: unexpected header {fields!r}")
            header_seen = True
            continue
        if width is not None and len(fields) != width:
            raise error(
                f"{filename}:{lineno}: expected {width} tab-separated columns, got {len(fields)}"
            )
        rows.append((lineno, fields))
    return rows
