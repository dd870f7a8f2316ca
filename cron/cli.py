"""The `mercredi` command: one subcommand group per package, each defined beside its code."""

from __future__ import annotations

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

serve_app = typer.Typer(help="Start a server.", no_args_is_help=True)
serve_app.command("portal")(serve_portal)
app.add_typer(serve_app, name="serve")

if __name__ == "__main__":
    app()
