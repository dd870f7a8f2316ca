"""`mercredi warehouse ...`: refresh the warehouse and show its status."""

from __future__ import annotations

from typing import Annotated

import typer

from warehouse.checks import ChecksFailedError
from warehouse.locking import WarehouseBusyError
from warehouse.refresh import refresh_warehouse
from warehouse.settings import WarehouseSettings
from warehouse.sources import SourceError
from warehouse.status import format_status, read_status

app = typer.Typer(help="The DuckDB warehouse: seed history + landing files.", no_args_is_help=True)


@app.command()
def refresh(
    allow_shrink: Annotated[
        bool, typer.Option(help="Accept a film count dropping by more than 5 %.")
    ] = False,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for another refresh to finish.")
    ] = 0.0,
) -> None:
    """Rebuild the warehouse from the seed history and every landing file, atomically."""
    settings = WarehouseSettings()
    try:
        result = refresh_warehouse(settings, allow_shrink=allow_shrink, wait_seconds=wait)
    except (SourceError, WarehouseBusyError, ChecksFailedError) as error:
        typer.echo(f"refresh failed: {error}", err=True)
        raise typer.Exit(code=1) from None
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
    settings = WarehouseSettings()
    try:
        typer.echo(format_status(read_status(settings.warehouse)))
    except FileNotFoundError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
