"""Exports that open in the tools analysts use, one module per kind of output.

- ``events``: every event as PLOVER-style JSON lines, CSV or Parquet (pandas, DuckDB,
  Excel);
- ``geojson``: events and places as GeoJSON points (QGIS, any web map);
- ``graphml``: the network of actors, weighted by the events between them (Gephi,
  networkx).

Each writer takes an iterable of Documents and a file, and returns what it wrote.
``FORMATS`` names them for the CLI and the API.
"""

from tidings.export.events import (
    CSV_COLUMNS,
    csv_rows,
    flat_row,
    plover_records,
    write_csv,
    write_parquet,
    write_plover,
)
from tidings.export.geojson import write_event_geojson, write_place_geojson
from tidings.export.graphml import ActorLookup, write_graphml

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ActorLookup",
    "csv_rows",
    "flat_row",
    "plover_records",
    "write_csv",
    "write_event_geojson",
    "write_graphml",
    "write_parquet",
    "write_place_geojson",
    "write_plover",
]

#: Export format → (media type, file suffix, binary output).
FORMATS: dict[str, tuple[str, str, bool]] = {
    "plover": ("application/x-ndjson", ".jsonl", False),
    "csv": ("text/csv", ".csv", False),
    "parquet": ("application/vnd.apache.parquet", ".parquet", True),
    "geojson": ("application/geo+json", ".geojson", False),
    "places-geojson": ("application/geo+json", ".geojson", False),
    "graphml": ("application/graphml+xml", ".graphml", False),
}
