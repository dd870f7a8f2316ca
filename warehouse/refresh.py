"""`mercredi warehouse refresh`: rebuild the DuckDB warehouse from its inputs, atomically.

The new warehouse is built in a temporary file beside the old one, checked, and only then renamed
over it: readers never see a half-built warehouse, and a failed or killed refresh leaves the last
good one as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import duckdb
import polars as pl

from landing.ranges import latest_release
from warehouse.accuracy import build_forecast_accuracy
from warehouse.calendar import build_dim_week
from warehouse.checks import Volume, measure_volumes, run_checks
from warehouse.database import open_duckdb, set_aside, unreadable_reason
from warehouse.decision_backtest import (
    CREATE_DECISION_BACKTEST_TABLE,
    CREATE_DECISION_SUMMARY_TABLE,
)
from warehouse.identity import assign_film_ids
from warehouse.locking import warehouse_lock
from warehouse.marts import (
    build_dim_distributor,
    build_dim_film,
    build_fct_film_week,
    build_fct_first_week,
    build_fct_release,
    quarantine_frame,
    staging_frame,
)
from warehouse.portal_tables import read_portal_tables
from warehouse.predictions import CREATE_PREDICTION_TABLE
from warehouse.settings import WarehouseSettings
from warehouse.sources import SourceError, list_inputs, read_inputs

BUILDING_SUFFIX: Final = ".building"
CARRIED_OVER: Final = (
    "fct_prediction",
    "refresh_log",
    "fct_decision_backtest",
    "fct_decision_summary",
)

CREATE_REFRESH_LOG: Final = """
CREATE TABLE IF NOT EXISTS refresh_log (
    refresh_id VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    duration_s DOUBLE NOT NULL,
    history_dir VARCHAR NOT NULL,
    landing_dir VARCHAR NOT NULL,
    landing_files INTEGER NOT NULL,
    counts JSON NOT NULL
)
"""


@dataclass(frozen=True)
class RefreshResult:
    """What a refresh built: row counts per table, quarantined lines, time taken."""

    warehouse_path: Path
    refresh_id: str
    duration_s: float
    landing_files: int
    counts: dict[str, int]
    set_aside: tuple[Path, str] | None = None
    """An unreadable previous warehouse file, renamed to this path, and why it was unreadable."""


def resolve_landing_dir(settings: WarehouseSettings) -> Path:
    """The landing folder; the default one is created on first use, an explicit one must exist."""
    landing_dir = settings.landing
    if settings.landing_dir is None and not landing_dir.exists():
        landing_dir.mkdir(parents=True)
    return landing_dir


def build_tables(
    settings: WarehouseSettings, landing_dir: Path, *, today: dt.date
) -> tuple[dict[str, pl.DataFrame], int]:
    """Read, validate and model every input; return the tables by name and the file count."""
    inputs = list_inputs(settings.history_dir, landing_dir)
    read = read_inputs(inputs, today=today)
    assign_film_ids([read.records["films"], read.records["weeks"], read.records["releases"]])
    stg_films = staging_frame("films", read.records["films"])
    stg_weeks = staging_frame("weeks", read.records["weeks"])
    stg_releases = staging_frame("releases", read.records["releases"])
    dim_film = build_dim_film(stg_films, stg_releases, stg_weeks)
    fct_film_week = build_fct_film_week(stg_weeks)
    tables = {
        "stg_films": stg_films,
        "stg_weeks": stg_weeks,
        "stg_releases": stg_releases,
        "dim_film": dim_film,
        "dim_distributor": build_dim_distributor(dim_film),
        "dim_week": build_dim_week(),
        "fct_film_week": fct_film_week,
        "fct_first_week": build_fct_first_week(fct_film_week),
        "fct_release": build_fct_release(stg_releases, dim_film),
        "quarantine": quarantine_frame(read.quarantine),
        **read_portal_tables(settings),
    }
    landing_files = sum(1 for item in inputs if item.origin == "landing")
    return tables, landing_files


def refresh_warehouse(
    settings: WarehouseSettings,
    *,
    allow_shrink: bool = False,
    wait_seconds: float = 0.0,
    today: dt.date | None = None,
) -> RefreshResult:
    """Rebuild the warehouse from the seed history and every landing file.

    Raises SourceError for a missing input folder, WarehouseBusyError when another process
    writes the warehouse, and ChecksFailedError when the new warehouse fails its checks; in each
    case the previous warehouse is left exactly as it was.
    """
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    today = today or started.date()
    target = settings.warehouse
    landing_dir = resolve_landing_dir(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    with warehouse_lock(target, wait_seconds=wait_seconds):
        _remove_leftovers(target)
        damaged = _set_aside_if_unreadable(target, started)
        tables, landing_files = build_tables(settings, landing_dir, today=today)
        building = target.with_name(f".{target.name}.{os.getpid()}{BUILDING_SUFFIX}")
        try:
            with open_duckdb(building, read_only=False) as connection:
                for name, frame in tables.items():
                    connection.register("frame", frame.to_arrow())
                    connection.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
                    connection.unregister("frame")
                previous_volumes = _carry_over(connection, target)
                build_forecast_accuracy(connection)
                run_checks(
                    connection,
                    latest_release=latest_release(today),
                    previous_volumes=previous_volumes,
                    allow_shrink=allow_shrink,
                )
                counts = {name: frame.height for name, frame in tables.items()}
                refresh_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
                duration_s = time.perf_counter() - clock
                connection.execute(
                    "INSERT INTO refresh_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        refresh_id,
                        started,
                        dt.datetime.now(dt.UTC),
                        duration_s,
                        str(settings.history_dir),
                        str(landing_dir),
                        landing_files,
                        json.dumps(counts),
                    ],
                )
                connection.execute("CHECKPOINT")
            _fsync(building)
            building.replace(target)
            _fsync(target.parent)
        finally:
            building.unlink(missing_ok=True)
            building.with_name(building.name + ".wal").unlink(missing_ok=True)
    return RefreshResult(target, refresh_id, duration_s, landing_files, counts, damaged)


def _set_aside_if_unreadable(target: Path, now: dt.datetime) -> tuple[Path, str] | None:
    """A previous warehouse DuckDB cannot read must not block every later refresh: rename it
    aside (kept for inspection) and build a new one."""
    if not target.is_file():
        return None
    reason = unreadable_reason(target)
    if reason is None:
        return None
    return set_aside(target, now=now), reason


def _carry_over(connection: duckdb.DuckDBPyConnection, target: Path) -> dict[Volume, int] | None:
    """Copy the tables other writers own from the previous warehouse; return its volumes."""
    connection.execute(CREATE_PREDICTION_TABLE)
    connection.execute(CREATE_REFRESH_LOG)
    connection.execute(CREATE_DECISION_BACKTEST_TABLE)
    connection.execute(CREATE_DECISION_SUMMARY_TABLE)
    if not target.exists():
        return None
    connection.execute("ATTACH ? AS previous (READ_ONLY)", [str(target)])
    try:
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'previous'"
            ).fetchall()
        }
        for name in CARRIED_OVER:
            if name in tables:
                connection.execute(f"INSERT INTO {name} SELECT * FROM previous.{name}")
        return measure_volumes(connection, "previous")
    finally:
        connection.execute("DETACH previous")


def _remove_leftovers(target: Path) -> None:
    for leftover in target.parent.glob(f".{target.name}.*{BUILDING_SUFFIX}*"):
        leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


__all__ = ["RefreshResult", "SourceError", "build_tables", "refresh_warehouse"]
