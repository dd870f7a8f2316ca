"""The `mercredi` command: one subcommand group per package, each defined beside its code."""

from __future__ import annotations

from typing import Annotated

import typer

from crawlers.cli import app as crawl_app
from cron.commands import jobs_app, serve_mlflow, stack_app
from landing.cli_errors import job_failed, run_command, usage_error
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
app.add_typer(jobs_app)  # nightly, retrain, weekly at the top level
app.add_typer(stack_app, name="stack")  # make run / make stop
app.add_typer(portal_app, name="portal")

serve_app = typer.Typer(help="Start one of mercredi's servers.", no_args_is_help=True)
app.add_typer(serve_app, name="serve")
serve_app.command("mlflow")(serve_mlflow)
serve_app.command("portal")(serve_portal)


@serve_app.command("cockpit")
def serve_cockpit(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1.")] = 8501,
    host: Annotated[str, typer.Option(help="Interface (0.0.0.0 in a container).")] = "127.0.0.1",
) -> None:
    """The team's Streamlit cockpit (read-only over the warehouse), headless on 127.0.0.1."""
    from cockpit.server import PortInUseError, serve

    try:
        serve(port, host=host)
    except PortInUseError as error:
        raise job_failed(str(error)) from None


@serve_app.command("api")
def serve_api(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default MERCREDI_API_HOST).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Port (default MERCREDI_API_PORT, 8000)."),
    ] = None,
) -> None:
    """The predictor's HTTP API (FastAPI under uvicorn), token in MERCREDI_API_TOKEN."""
    from predictor.api.server import PortInUseError, serve
    from predictor.api.settings import ApiSettingsError, get_api_settings
    from predictor.tracking import TrackingError

    settings = get_api_settings()
    where = "MERCREDI_API_TOKEN" if settings.api_token else str(settings.token_file)
    typer.echo(
        f"API on http://{host or settings.api_host}:{port or settings.api_port} "
        f"(docs at /docs); token: {where}"
    )
    try:
        serve(host, port, settings)
    except ApiSettingsError as error:
        raise usage_error(str(error)) from None
    except (PortInUseError, TrackingError) as error:
        raise job_failed(str(error)) from None


def main() -> None:
    """The `mercredi` console command: every failure one line, exit 2 usage / 1 failed job."""
    run_command(app)


if __name__ == "__main__":
    main()
