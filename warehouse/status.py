"""`mercredi warehouse status`: what the warehouse holds and how its last refresh went."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from warehouse.database import WarehouseUnreadableError, connect_warehouse

STATUS_TABLES = ("quarantine", "refresh_log")
"""Tables every refresh writes, that the status reads: a DuckDB file without them is not a
warehouse."""


@dataclass(frozen=True)
class WarehouseStatus:
    """Row counts per table, quarantined lines per reason, and the last refresh."""

    path: Path
    table_counts: dict[str, int]
    quarantine_by_reason: dict[str, int]
    last_refresh_at: dt.datetime | None
    last_refresh_duration_s: float | None
    refresh_count: int


def read_status(path: Path) -> WarehouseStatus:
    """Read the status of the warehouse at `path` (opened read-only).

    Raises WarehouseMissingError or WarehouseUnreadableError (a folder, a damaged file, a
    DuckDB file that no refresh wrote), each saying what to do.
    """
    with connect_warehouse(path, read_every_row=True) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM duckdb_tables() ORDER BY table_name"
            ).fetchall()
        ]
        missing = [table for table in STATUS_TABLES if table not in tables]
        if missing:
            raise WarehouseUnreadableError(
                f"{path} is a DuckDB file but not a mercredi warehouse (no table "
                f"{', '.join(missing)}); check MERCREDI_WAREHOUSE_PATH, or run `mercredi "
                "warehouse refresh` to build one there (it replaces this file)"
            )
        counts = {}
        for table in tables:
            row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts[table] = int(row[0]) if row else 0
        reasons = dict(
            connection.execute(
                "SELECT reason, count(*) FROM quarantine GROUP BY reason ORDER BY reason"
            ).fetchall()
        )
        last = connection.execute(
            "SELECT finished_at, duration_s FROM refresh_log ORDER BY finished_at DESC LIMIT 1"
        ).fetchone()
    return WarehouseStatus(
        path=path,
        table_counts=counts,
        quarantine_by_reason={str(k): int(v) for k, v in reasons.items()},
        last_refresh_at=last[0] if last else None,
        last_refresh_duration_s=float(last[1]) if last else None,
        refresh_count=counts.get("refresh_log", 0),
    )


def format_status(status: WarehouseStatus) -> str:
    """The status as the lines `mercredi warehouse status` prints."""
    lines = [f"warehouse {status.path}"]
    if status.last_refresh_at is not None and status.last_refresh_duration_s is not None:
        lines.append(
            f"last refresh: {status.last_refresh_at:%Y-%m-%d %H:%M:%S %Z} "
            f"({status.last_refresh_duration_s:.1f} s); {status.refresh_count} refresh(es) logged"
        )
    lines.append("tables:")
    width = max(len(name) for name in status.table_counts)
    lines.extend(f"  {name:<{width}}  {count:>9,}" for name, count in status.table_counts.items())
    if status.quarantine_by_reason:
        lines.append("quarantine by reason:")
        lines.extend(
            f"  {reason:<{width}}  {count:>9,}"
            for reason, count in status.quarantine_by_reason.items()
        )
    else:
        lines.append("quarantine: empty")
    return "\n".join(lines)
