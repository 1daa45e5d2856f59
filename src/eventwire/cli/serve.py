"""``eventwire serve``: the REST API and the dashboard over a store (``eventwire.serve``)."""

from __future__ import annotations

import click

from eventwire.cli.common import report_errors
from eventwire.cli.main import _db_option, _settings, cli


@click.command(name="serve")
@_db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Only this machine can connect unless you choose another.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--refresh",
    "refresh_s",
    type=click.FloatRange(min=0.5),
    default=5.0,
    show_default=True,
    help="Seconds between checks for a changed store (an ingest that finished).",
)
@click.pass_context
@report_errors
def serve_cmd(ctx: click.Context, db: str | None, host: str, port: int, refresh_s: float) -> None:
    """Serve the dashboard at http://HOST:PORT/ and the read-only REST API under /api (OpenAPI
    schema at /openapi.json, interactive docs at /docs), from a snapshot of the store that is
    refreshed when an ingest changes it. Stop with Ctrl-C."""
    import uvicorn

    from eventwire.serve.app import create_app

    settings = _settings(ctx, store={"path": db})
    app = create_app(settings.store.path, refresh_s=refresh_s)
    click.echo(f"serving {settings.store.path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        app.state.snapshot.close()


cli.add_command(serve_cmd)
