"""What the concurrency tests run in child processes (spawned): kept apart from the test module
so that a child imports only what it needs, and starts fast on a busy machine."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import sys
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Final

import polars as pl

from warehouse.database import reading_warehouse
from warehouse.predictions import write_predictions
from warehouse.settings import WarehouseSettings

BATCHES: Final = 12
ROWS_PER_BATCH: Final = 3
BETWEEN_BATCHES_S: Final = 0.05


def batch(number: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "film_id": [f"f-concurrent-{number}-{row}" for row in range(ROWS_PER_BATCH)],
            "title": [f"Film {number}.{row}" for row in range(ROWS_PER_BATCH)],
            "release_date": [dt.date(2024, 1, 10)] * ROWS_PER_BATCH,
            "as_of_date": [dt.date(2023, 12, 27)] * ROWS_PER_BATCH,
            "model_name": ["first-week"] * ROWS_PER_BATCH,
            "model_version": ["1"] * ROWS_PER_BATCH,
            "run_id": [f"run-{number}"] * ROWS_PER_BATCH,
            "kind": ["backtest"] * ROWS_PER_BATCH,
            "p10": [100.0] * ROWS_PER_BATCH,
            "p50": [200.0] * ROWS_PER_BATCH,
            "p90": [300.0] * ROWS_PER_BATCH,
            "predicted_at": [dt.datetime(2024, 1, 1, tzinfo=dt.UTC)] * ROWS_PER_BATCH,
        }
    )


def write_batches(settings: WarehouseSettings, start: Event, report: Connection) -> None:
    """Child process: write BATCHES batches of predictions, one transaction each."""
    report.send("ready")
    start.wait(30)
    try:
        for number in range(BATCHES):
            write_predictions(batch(number), settings=settings, wait_seconds=30)
            # Writes come minutes apart in real life; back to back on a busy machine, a reader
            # could find the file locked at every try and never see a batch in between.
            time.sleep(BETWEEN_BATCHES_S)
        report.send(None)
    except Exception as error:  # reported to the parent, which fails the test with it
        report.send(f"{type(error).__name__}: {error}")


def read_in_a_loop(path: Path, start: Event, stop: Event, report: Connection) -> None:
    """Child process: read the warehouse until told to stop; report every count of
    fct_prediction seen (in order), or the first error."""
    seen: list[int] = []
    report.send("ready")
    start.wait(30)
    try:
        while not stop.is_set():
            with reading_warehouse(path) as connection:
                row = connection.execute(
                    "SELECT (SELECT count(*) FROM dim_film), (SELECT count(*) FROM "
                    "(SELECT table_name FROM duckdb_tables() WHERE table_name = 'fct_prediction'))"
                ).fetchone()
                assert row is not None and row[0] > 0
                if row[1]:
                    found = connection.execute("SELECT count(*) FROM fct_prediction").fetchone()
                    assert found is not None
                    seen.append(int(found[0]))
                else:
                    seen.append(0)
        report.send(seen)
    except Exception as error:
        report.send(f"{type(error).__name__}: {error}")


HOLD_SCRIPT = """
import sys, time, duckdb
with duckdb.connect(sys.argv[1]) as connection:
    connection.execute("SELECT 1").fetchall()
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@contextlib.contextmanager
def held_read_write(path: Path, seconds: float) -> Iterator[None]:
    """Another process holds the file read-write for up to `seconds` (stopped when the block
    ends), as a writer at work does."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRIPT, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        yield
    finally:
        process.terminate()
        process.wait(30)
        if process.stdout is not None:
            process.stdout.close()
