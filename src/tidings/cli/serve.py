"""`tidings serve`: the HTTP API and the web app over a store, on this machine only
unless told otherwise.

    $ tidings serve --db tidings.db              # http://127.0.0.1:8000
    $ tidings serve --port 9000 --writable       # pasted articles may be stored
"""

from __future__ import annotations

import ipaddress

import click

from tidings.cli._common import db_option, open_store


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address exposes the "
                   "store to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--writable", is_flag=True,
              help="Allow storing pasted articles (otherwise the store is opened read-only).")
def command(db: str, host: str, port: int, writable: bool) -> None:
    """Serve the web app (pages, maps, timelines) and the JSON API (/api, /docs)."""
    import uvicorn

    from tidings.web import create_app

    with open_store(db):  # a clear error for a missing or foreign file; upgrades an old one
        pass
    try:
        public = not ipaddress.ip_address(host).is_loopback
    except ValueError:
        public = host != "localhost"
    if public:
        click.echo(f"warning: listening on {host}: anyone who can reach it can read the "
                   "store", err=True)
    click.echo(f"Tidings on http://{host}:{port}/ (API docs at /docs); Ctrl+C stops it",
               err=True)
    uvicorn.run(create_app(db, writable=writable), host=host, port=port, log_level="warning")
