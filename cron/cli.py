"""The `mercredi` command: one subcommand group per package, each defined beside its code."""

from __future__ import annotations

from typing import Annotated

import typer

from crawlers.cli import app as crawl_app
from portal.cli import app as portal_app
from portal.cli import serve_portal
from predictor.cli import app as predictor_app
from predictor.cli import model_app
from warehouse.cli import app as warehouse_app

app = typer.Typer(
    name="mercredi",
    help="mercredi, the weekly programming assistant of the cinema New is Always Better.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(warehouse_app, name="warehouse")
app.add_typer(crawl_app, name="crawl")
app.add_typer(predictor_app)  # train, backtest, predict at the top level
app.add_typer(model_app, name="model")
app.add_typer(portal_app, name="portal")

serve_app = typer.Typer(help="Start one of mercredi's servers.", no_args_is_help=True)
app.add_typer(serve_app, name="serve")
serve_app.command("portal")(serve_portal)


@serve_app.command("cockpit")
def serve_cockpit(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1.")] = 8501,
) -> None:
    """The team's Streamlit cockpit (read-only over the warehouse), headless on 127.0.0.1."""
    from cockpit.server import PortInUseError, serve

    try:
        serve(port)
    except PortInUseError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=1) from None


if __name__ == "__main__":
    app()
