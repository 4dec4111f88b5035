"""``tidings serve``: an HTTP API and a web app over one store, fully offline.

- ``app.py``: the application, its security headers and its one JSON shape for errors;
- ``api.py``: the JSON endpoints under ``/api`` (OpenAPI at ``/openapi.json``, Swagger
  UI at ``/docs``, served from the package);
- ``pages.py`` and ``templates/``: the pages, rendered on the server;
- ``markup.py``: an article's text cut into highlighted segments and their records;
- ``static/``: the pages' scripts and styles, and the vendored libraries
  (``static/vendor``: Leaflet, world-atlas, topojson-client, cytoscape, vis-timeline,
  htmx).
"""

from tidings.web.app import create_app

__all__ = ["create_app"]
