"""`mercredi nightly | retrain | weekly`, `mercredi serve mlflow`, `mercredi stack up | down`:
thin commands over `cron.jobs` and `cron.stack`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from cron.jobs import (
    JobBusyError,
    Step,
    job_lock,
    nightly_steps,
    retrain_steps,
    run_job,
    weekly_steps,
)
from cron.settings import CronSettings, get_cron_settings
from cron.stack import port_is_free
from landing.cli_errors import job_failed, usage_error
from landing.settings import SettingsError

jobs_app = typer.Typer(help="The scheduled jobs (cron/crontab runs them).", no_args_is_help=True)


def load_settings() -> CronSettings:
    """The cron settings, or exit code 2 with the variable, its value and what to do."""
    try:
        return get_cron_settings()
    except SettingsError as error:
        raise usage_error(str(error)) from None


def _run(job: str, build: Callable[[CronSettings], list[Step]]) -> None:
    settings = load_settings()
    today = settings.current_day()
    try:
        steps = build(settings)  # reads the settings its steps need: a wrong one stops here
    except SettingsError as error:
        raise usage_error(str(error)) from None
    try:
        with job_lock(settings, job):
            report = run_job(job, today, steps, emit=typer.echo)
    except JobBusyError as error:
        raise job_failed(str(error)) from None
    if report.failed:
        typer.echo(report.summary(), err=True)
        raise typer.Exit(code=1)
    typer.echo(report.summary())


@jobs_app.command()
def nightly() -> None:
    """Last week's chart and new films, the next two Wednesdays' releases, warehouse refresh."""
    _run("nightly", lambda settings: nightly_steps(settings, settings.current_day()))


@jobs_app.command()
def retrain(
    force: Annotated[
        bool, typer.Option(help="Train even if the last challenger saw exactly this data.")
    ] = False,
) -> None:
    """Train a challenger, promote it if better, tell the API to reload its model."""
    _run("retrain", lambda settings: retrain_steps(settings, force=force))


@jobs_app.command()
def weekly() -> None:
    """Create next Wednesday's draft programme in the portal and tell the manager."""
    _run("weekly", lambda settings: weekly_steps(settings, settings.current_day()))


def serve_mlflow(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 5000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server worker processes.")] = 1,
) -> None:
    """The MLflow UI and tracking server on the project's tracking store (runs, registry)."""
    from predictor.config import get_predictor_settings

    settings = get_predictor_settings()
    uri = settings.tracking_uri
    if uri.startswith(("http://", "https://")):
        raise usage_error(
            f"the tracking store is the server {uri} (MLFLOW_TRACKING_URI); the MLflow "
            "server needs a database: set MERCREDI_MLFLOW_TRACKING_URI to it and leave "
            "MLFLOW_TRACKING_URI empty for this service"
        )
    if uri.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    if not port_is_free(host, port):  # the server would log the bind error and exit 0
        raise job_failed(
            f"port {port} on {host} is not free; stop what listens there or pick another with "
            "--port"
        )
    artifacts = settings.artifacts_dir.resolve()
    artifacts.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "mlflow",
        "server",
        "--backend-store-uri",
        uri,
        "--artifacts-destination",
        str(artifacts),
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    allowed = load_settings().mlflow_allowed_hosts
    if allowed:
        command += ["--allowed-hosts", allowed]
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    # MLflow 3's server-side job runner (GenAI jobs, several huey worker processes): unused here.
    os.environ.setdefault("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false")
    shown = make_url(uri).render_as_string(hide_password=True) if "://" in uri else uri
    typer.echo(f"MLflow UI on http://{host}:{port} over {shown}", err=True)
    sys.stdout.flush()
    os.execv(sys.executable, command)


stack_app = typer.Typer(
    help="`make run` / `make stop`: the servers in the background.", no_args_is_help=True
)


@stack_app.command("up")
def stack_up_command() -> None:
    """Start the servers that do not answer, wait until each answers, print their addresses."""
    from cron.stack import StackError, api_token, stack_table, stack_up

    settings = load_settings()
    try:
        statuses = stack_up(settings)
        _, token_origin = api_token()
    except StackError as error:
        raise job_failed(str(error)) from None
    typer.echo(stack_table(settings, statuses, token_origin))
    failed = [status.service.name for status in statuses if status.state == "failed"]
    if failed:
        raise job_failed(f"{', '.join(failed)} did not start; see the logs above")


@stack_app.command("down")
def stack_down_command() -> None:
    """Stop the servers `make run` started from this data folder."""
    from cron.stack import stack_down

    stopped = stack_down(load_settings())
    typer.echo(f"stopped / arrêtés: {', '.join(stopped)}" if stopped else "nothing was running")
