"""Opening the warehouse file: the one place every process opens it, read-only or read-write.

DuckDB lets several processes hold a file read-only, or one process hold it read-write, never
both: an open that meets the other kind fails at once with "Could not set lock on file". Every
open here retries that error (and only that one) with a short backoff, up to a bound, then
raises WarehouseBusyError naming the file and what to do. A missing, misplaced or damaged file
gets a message that says what is wrong and what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import duckdb

from warehouse.locking import WarehouseBusyError, warehouse_lock

REFRESH_HINT = "run `mercredi warehouse refresh` to build it (or set MERCREDI_WAREHOUSE_PATH)"
BUSY_TIMEOUT_S: Final = 5.0
"""How long an open waits for another process's hold on the file (readers and writers hold it
for milliseconds to a second or so)."""
_FIRST_BACKOFF_S: Final = 0.005
_MAX_BACKOFF_S: Final = 0.2
_LOCK_ERROR: Final = "could not set lock on file"


class WarehouseMissingError(FileNotFoundError):
    """The warehouse file does not exist yet."""


class WarehouseUnreadableError(RuntimeError):
    """The warehouse path is a folder, or a file DuckDB cannot read (corrupted, truncated)."""


def is_lock_error(error: BaseException) -> bool:
    """Whether `error` is DuckDB's "Could not set lock on file": another process holds the file
    in the other mode (read-only against read-write)."""
    return isinstance(error, duckdb.IOException) and _LOCK_ERROR in str(error).lower()


def open_duckdb(
    path: Path, *, read_only: bool, busy_seconds: float | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file at `path`, retrying DuckDB's lock error (only that one) with a
    growing, jittered backoff for up to `busy_seconds` (default BUSY_TIMEOUT_S).

    Raises WarehouseBusyError naming the file and what to do when the bound is exceeded; any
    other DuckDB error is raised as it is. The caller checks the path exists first when it must
    (a read-write open creates a missing file).
    """
    bound = BUSY_TIMEOUT_S if busy_seconds is None else busy_seconds
    deadline = time.monotonic() + bound
    backoff = _FIRST_BACKOFF_S
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as error:
            if not is_lock_error(error):
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                holder = "writing" if read_only else "reading or writing"
                raise WarehouseBusyError(
                    f"warehouse {path} stayed open for {holder} in another process for more "
                    f"than {bound:g} s; retry in a moment, and if it lasts, find the process "
                    "that keeps it open (`fuser` on the file) and stop it"
                ) from None
            time.sleep(min(left, backoff * random.uniform(0.5, 1.0)))
            backoff = min(backoff * 2, _MAX_BACKOFF_S)


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise WarehouseUnreadableError(
            f"warehouse path {path} is a folder; set MERCREDI_WAREHOUSE_PATH to a file path "
            "(default: $MERCREDI_DATA_DIR/warehouse.duckdb)"
        )
    if not path.exists():
        raise WarehouseMissingError(f"warehouse {path} does not exist; {REFRESH_HINT}")


def _open_existing(
    path: Path, *, read_only: bool, busy_seconds: float | None
) -> duckdb.DuckDBPyConnection:
    _check_path(path)
    try:
        return open_duckdb(path, read_only=read_only, busy_seconds=busy_seconds)
    except duckdb.Error as error:
        raise _unreadable(path, error) from None


@contextlib.contextmanager
def reading_warehouse(
    path: Path, *, busy_seconds: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the warehouse at `path`, closed on exit; hold it briefly (a
    writer waits for it).

    Waits up to `busy_seconds` (default BUSY_TIMEOUT_S) while another process writes the file,
    then raises WarehouseBusyError; raises WarehouseMissingError when there is no warehouse yet
    and WarehouseUnreadableError when the path is a folder or not a DuckDB file.
    """
    connection = _open_existing(path, read_only=True, busy_seconds=busy_seconds)
    try:
        yield connection
    finally:
        connection.close()


@contextlib.contextmanager
def writing_warehouse(
    path: Path, *, wait_seconds: float = 60.0, busy_seconds: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to the existing warehouse at `path`, under the warehouse's write
    lock (so it never races a refresh or another writer), closed on exit.

    Waits up to `wait_seconds` for the write lock (WarehouseBusyError naming the holder's pid
    after), then up to `busy_seconds` (default BUSY_TIMEOUT_S) for readers to let go of the file
    (WarehouseBusyError after); WarehouseMissingError when there is no warehouse yet.
    """
    _check_path(path)
    with warehouse_lock(path, wait_seconds=wait_seconds):
        connection = _open_existing(path, read_only=False, busy_seconds=busy_seconds)
        try:
            yield connection
        finally:
            connection.close()


def connect_warehouse(
    path: Path,
    *,
    read_only: bool = True,
    read_every_row: bool = False,
    busy_seconds: float | None = None,
) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse at `path`, checked table by table.

    Raises WarehouseMissingError when there is none yet and WarehouseUnreadableError when the
    path is a folder or not a DuckDB file, each naming the path and what to do; waits for
    another process's hold as `open_duckdb` does (WarehouseBusyError after `busy_seconds`).
    DuckDB counts rows from its metadata: `read_every_row` also reads every table to the end,
    which finds a truncated file (what `status` and `refresh` do).
    """
    connection = _open_existing(path, read_only=read_only, busy_seconds=busy_seconds)
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
