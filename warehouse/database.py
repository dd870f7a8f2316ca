"""Opening the warehouse file: one place that turns a missing, misplaced or damaged file into a
message that says what is wrong and what to do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from warehouse.locking import WarehouseBusyError

REFRESH_HINT = "run `mercredi warehouse refresh` to build it (or set MERCREDI_WAREHOUSE_PATH)"


class WarehouseMissingError(FileNotFoundError):
    """The warehouse file does not exist yet."""


class WarehouseUnreadableError(RuntimeError):
    """The warehouse path is a folder, or a file DuckDB cannot read (corrupted, truncated)."""


def connect_warehouse(
    path: Path, *, read_only: bool = True, read_every_row: bool = False
) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse at `path`.

    Raises WarehouseMissingError when there is none yet and WarehouseUnreadableError when the
    path is a folder or not a DuckDB file, each naming the path and what to do. DuckDB counts
    rows from its metadata: `read_every_row` also reads every table to the end, which finds a
    truncated file (what `status` and `refresh` do).
    """
    if path.is_dir():
        raise WarehouseUnreadableError(
            f"warehouse path {path} is a folder; set MERCREDI_WAREHOUSE_PATH to a file path "
            "(default: $MERCREDI_DATA_DIR/warehouse.duckdb)"
        )
    if not path.exists():
        raise WarehouseMissingError(f"warehouse {path} does not exist; {REFRESH_HINT}")
    try:
        connection = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise WarehouseBusyError(
                f"warehouse {path} is open for writing in another process; wait for it to "
                "finish and retry"
            ) from None
        raise _unreadable(path, error) from None
    except duckdb.Error as error:
        raise _unreadable(path, error) from None
    try:
        tables = connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        for (table,) in tables:
            if read_every_row:
                connection.sql(f'SELECT * FROM "{table}"').to_arrow_table()
            else:
                connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    except duckdb.Error as error:
        connection.close()
        raise _unreadable(path, error) from None
    return connection


def unreadable_reason(path: Path) -> str | None:
    """Why the existing file at `path` cannot serve as a warehouse, or None when it can."""
    try:
        connect_warehouse(path, read_only=True, read_every_row=True).close()
    except WarehouseUnreadableError as error:
        return str(error)
    return None


def set_aside(path: Path, *, now: dt.datetime | None = None) -> Path:
    """Rename a damaged warehouse file out of the way (never delete it); return its new path."""
    moment = now or dt.datetime.now(dt.UTC)
    aside = path.with_name(f"{path.name}.unreadable-{moment:%Y%m%dT%H%M%SZ}")
    path.rename(aside)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.rename(aside.with_name(aside.name + ".wal"))
    return aside


def _unreadable(path: Path, error: duckdb.Error) -> WarehouseUnreadableError:
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    return WarehouseUnreadableError(
        f"warehouse {path} is not a readable DuckDB file ({detail}); run "
        "`mercredi warehouse refresh`: it builds a new one and keeps this file aside"
    )
