"""Several processes on the one warehouse file: readers and writers wait for each other briefly
(`warehouse.database`), a refresh renames a new file under readers, and no row is ever lost."""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.connection import Connection
from pathlib import Path

import duckdb
import pytest

from tests.warehouse.processes import (
    BATCHES,
    ROWS_PER_BATCH,
    held_read_write,
    read_in_a_loop,
    write_batches,
)
from warehouse import database
from warehouse.database import reading_warehouse, writing_warehouse
from warehouse.locking import WarehouseBusyError
from warehouse.refresh import refresh_warehouse
from warehouse.settings import WarehouseSettings

_SPAWN = multiprocessing.get_context("spawn")


def _received(report: Connection, seconds: float) -> object:
    assert report.poll(seconds), "the child process did not report in time"
    return report.recv()


def _prediction_count(path: Path) -> int:
    with reading_warehouse(path) as connection:
        row = connection.execute("SELECT count(*) FROM fct_prediction").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def refreshed(small_settings: WarehouseSettings) -> WarehouseSettings:
    refresh_warehouse(small_settings)
    return small_settings


@pytest.mark.slow
@pytest.mark.parametrize("refreshing", [False, True], ids=["write", "write-and-refresh"])
def test_readers_writers_and_refreshes_never_fail_and_no_row_is_lost(
    refreshed: WarehouseSettings, refreshing: bool
) -> None:
    """One process reads in a loop while another writes predictions BATCHES times; in the
    second case this process refreshes the warehouse meanwhile (renaming a new file over the
    one the others have open)."""
    start, stop = _SPAWN.Event(), _SPAWN.Event()
    writer_end, writer_report = _SPAWN.Pipe(duplex=False)
    reader_end, reader_report = _SPAWN.Pipe(duplex=False)
    writer = _SPAWN.Process(target=write_batches, args=(refreshed, start, writer_report))
    reader = _SPAWN.Process(
        target=read_in_a_loop, args=(refreshed.warehouse, start, stop, reader_report)
    )
    writer.start()
    reader.start()
    inodes = {refreshed.warehouse.stat().st_ino}
    try:
        assert _received(writer_end, 60) == _received(reader_end, 60) == "ready"
        start.set()
        while refreshing and (not writer_end.poll(0) or len(inodes) < 4):
            refresh_warehouse(refreshed, wait_seconds=30)
            inodes.add(refreshed.warehouse.stat().st_ino)
            assert len(inodes) < 50, "the writer never finished"
            time.sleep(0.3)  # nightly in real life; back to back, a writer polling never gets in
        assert _received(writer_end, 60) is None
        stop.set()
        seen = _received(reader_end, 30)
    finally:
        stop.set()
        writer.join(30)
        reader.join(30)
    assert len(inodes) >= 4 if refreshing else len(inodes) == 1
    assert isinstance(seen, list), seen
    assert any(0 < count < BATCHES * ROWS_PER_BATCH for count in seen)  # read while written
    assert seen == sorted(seen)  # a count never goes back: no refresh dropped a prediction
    assert _prediction_count(refreshed.warehouse) == BATCHES * ROWS_PER_BATCH


def test_an_open_waits_for_a_short_hold_and_names_the_file_after_the_bound(
    refreshed: WarehouseSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = refreshed.warehouse
    with held_read_write(path, 1.0):
        with pytest.raises(duckdb.IOException, match="Could not set lock"):
            duckdb.connect(str(path), read_only=True)  # what every reader met before
        began = time.monotonic()
        with reading_warehouse(path) as connection:
            waited = time.monotonic() - began
            row = connection.execute("SELECT count(*) FROM dim_film").fetchone()
        assert row == (3,)
        assert 0.2 < waited < database.BUSY_TIMEOUT_S

    with held_read_write(path, 2.0):
        monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.5)
        began = time.monotonic()
        with pytest.raises(WarehouseBusyError) as caught, writing_warehouse(path, wait_seconds=0):
            pass
        assert time.monotonic() - began < 1.5
    message = str(caught.value)
    assert str(path) in message and "more than 0.5 s" in message and "retry" in message
