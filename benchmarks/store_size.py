"""How many bytes does the store take per article, against the article's own text?

Compacts a copy of the store (``VACUUM INTO``, so free pages do not count) and prints,
per article: the bytes of its text (UTF-8, as stored), the bytes of the document rows
and the full-text index (where the text lives), and of the whole store, table by table.

    .venv/bin/python benchmarks/store_size.py tidings.db
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
from pathlib import Path

#: The parts of the store that hold the article itself: its row, the full-text index and
#: the unique index on its id.
DOCUMENT_PARTS = ("documents", "documents_fts", "sqlite_autoindex_documents")


def sizes(db: Path) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        compact = Path(folder) / "compact.db"
        with sqlite3.connect(db) as conn:
            conn.execute("VACUUM INTO ?", (str(compact),))
        conn = sqlite3.connect(compact)
        articles, text_bytes = conn.execute(
            "SELECT count(*), sum(length(CAST(text AS BLOB))) FROM documents").fetchone()
        by_table = dict(conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"))
        conn.close()
    document_bytes = sum(n for name, n in by_table.items() if name.startswith(DOCUMENT_PARTS))
    whole = sum(by_table.values())
    return {
        "articles": articles,
        "text_kb_per_article": round(text_bytes / articles / 1000, 2),
        "document_kb_per_article": round(document_bytes / articles / 1000, 2),
        "document_to_text": round(document_bytes / text_bytes, 2),
        "store_kb_per_article": round(whole / articles / 1000, 2),
        "store_to_text": round(whole / text_bytes, 2),
        "kb_per_article_by_table": {name: round(n / articles / 1000, 2)
                                    for name, n in by_table.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    args = parser.parse_args()
    found = sizes(args.db)
    print(f"{found['articles']:,} articles, text {found['text_kb_per_article']} KB each")
    print(f"document rows and full-text index: {found['document_kb_per_article']} KB per "
          f"article, {found['document_to_text']}x the text")
    print(f"whole store: {found['store_kb_per_article']} KB per article, "
          f"{found['store_to_text']}x the text")
    for name, kb in list(found["kb_per_article_by_table"].items())[:15]:
        print(f"  {name:40s} {kb:7.2f} KB")
    print(json.dumps(found))


if __name__ == "__main__":
    main()
