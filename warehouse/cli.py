"""`mercredi warehouse ...`: refresh the warehouse and show its status."""

from __future__ import annotations

from typing import Annotated

import typer

from landing.cli_errors import job_failed, wait_option
from landing.ranges import WAIT_SECONDS
from warehouse.checks import MAX_SHRINK, ChecksFailedError
from warehouse.database import WarehouseMissingError, WarehouseUnreadableError
from warehouse.locking import WarehouseBusyError
from warehouse.settings import get_warehouse_settings

app = typer.Typer(
    help="The DuckDB warehouse: the seed history and the landing files.", no_args_is_help=True
)


@app.command()
def refresh(
    allow_shrink: Annotated[
        bool,
        typer.Option(
            help=f"Accept films, first weeks or filled facts dropping by more than "
            f"{MAX_SHRINK:.0%} from the previous warehouse."
        ),
    ] = False,
    wait: Annotated[
        float,
        typer.Option(
            parser=wait_option,
            metavar="SECONDS",
            help=f"Seconds to wait for another writer to finish, {WAIT_SECONDS.low} to "
            f"{WAIT_SECONDS.high:,}.",
        ),
    ] = 0.0,
) -> None:
    """Rebuild the warehouse from the seed history and every landing file, atomically."""
    settings = get_warehouse_settings()
    from warehouse.refresh import refresh_warehouse
    from warehouse.sources import SourceError

    try:
        result = refresh_warehouse(settings, allow_shrink=allow_shrink, wait_seconds=wait)
    except (SourceError, WarehouseBusyError, ChecksFailedError) as error:
        raise job_failed(f"refresh failed: {error}") from None
    if result.set_aside is not None:
        aside, reason = result.set_aside
        typer.echo(
            f"warning: {reason.split(';')[0]}; kept aside as {aside} and rebuilt "
            "(its predictions and refresh log could not be carried over)",
            err=True,
        )
    quarantined = result.counts["quarantine"]
    typer.echo(
        f"warehouse {result.warehouse_path} refreshed in {result.duration_s:.1f} s: "
        f"{result.counts['dim_film']:,} films, {result.counts['fct_first_week']:,} first weeks, "
        f"{result.counts['fct_release']:,} announced releases, {result.landing_files} landing "
        f"file(s), {quarantined:,} line(s) quarantined"
    )


@app.command()
def status() -> None:
    """Print counts per table, quarantined lines by reason and the last refresh."""
    settings = get_warehouse_settings()
    from warehouse.status import format_status, read_status

    try:
        typer.echo(format_status(read_status(settings.warehouse)))
    except (WarehouseMissingError, WarehouseUnreadableError, WarehouseBusyError) as error:
        raise job_failed(str(error)) from None
