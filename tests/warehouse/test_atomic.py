"""A refresh that fails, is killed or races another never damages the last good warehouse."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import HISTORY_DIR, REPO_ROOT, write_jsonl
from tests.warehouse.factories import film, week
from warehouse.checks import ChecksFailedError, run_checks
from warehouse.locking import WarehouseBusyError, warehouse_lock
from warehouse.refresh import refresh_warehouse
from warehouse.settings import WarehouseSettings
from warehouse.sources import SourceError


def _film_count(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as connection:
        row = connection.execute("SELECT count(*) FROM dim_film").fetchone()
    assert row is not None
    return int(row[0])


def test_a_shrinking_warehouse_is_refused_unless_allowed(
    small_settings: WarehouseSettings,
) -> None:
    refresh_warehouse(small_settings)
    before = small_settings.warehouse.read_bytes()
    history = small_settings.history_dir
    write_jsonl(history / "films.jsonl", [film("Le Grand Bleu", "1988-05-11", source_id=101)])
    write_jsonl(history / "first_weeks.jsonl", [week("Le Grand Bleu", "1988-05-11", 250_000)])
    with pytest.raises(ChecksFailedError, match=r"films would drop from 3 to 1.*--allow-shrink"):
        refresh_warehouse(small_settings)
    assert small_settings.warehouse.read_bytes() == before
    assert [p.name for p in small_settings.warehouse.parent.glob(".*building*")] == []
    refresh_warehouse(small_settings, allow_shrink=True)
    assert _film_count(small_settings.warehouse) == 1


def test_checks_name_every_failure(tmp_path: Path) -> None:
    import datetime as dt

    with duckdb.connect(str(tmp_path / "broken.duckdb")) as connection:
        connection.execute(
            "CREATE TABLE dim_film AS SELECT * FROM (VALUES ('f-1', 'A', DATE '2020-01-01', "
            "DATE '2020-01-01'), ('f-1', 'B', DATE '1850-01-01', DATE '1850-01-01')) "
            "t(film_id, title, release_date, release_week)"
        )
        connection.execute(
            "CREATE TABLE fct_film_week AS SELECT * FROM (VALUES ('f-2', 1, 0, 0)) "
            "t(film_id, week_number, admissions, copies)"
        )
        connection.execute(
            "CREATE TABLE fct_first_week AS SELECT 'f-2' AS film_id, DATE '2020-01-01' AS "
            "week_start, 0 AS admissions"
        )
        connection.execute("CREATE TABLE fct_release(film_id VARCHAR, planned_copies INT)")
        connection.execute("CREATE TABLE dim_week(week_start DATE)")
        connection.execute("CREATE TABLE dim_distributor(distributor VARCHAR)")
        with pytest.raises(ChecksFailedError) as caught:
            run_checks(
                connection,
                latest_release=dt.date(2030, 1, 1),
                previous_volumes=None,
                allow_shrink=False,
            )
    message = str(caught.value)
    for expected in (
        "dim_film: film_id is unique: 1 offending",
        "fct_film_week: admissions > 0: 1 offending",
        "fct_film_week: copies >= 1 or null: 1 offending",
        "release_date between 1900-01-01 and 2030-01-01: 1 offending",
        "fct_film_week: every film is in dim_film: 1 offending",
    ):
        assert expected in message


def test_missing_inputs_name_the_path_and_setting(tmp_path: Path) -> None:
    no_history = WarehouseSettings(data_dir=tmp_path, history_dir=tmp_path / "nowhere")
    with pytest.raises(SourceError, match=r"nowhere does not exist; set MERCREDI_HISTORY_DIR"):
        refresh_warehouse(no_history)
    no_landing = WarehouseSettings(
        data_dir=tmp_path, history_dir=HISTORY_DIR, landing_dir=tmp_path / "typo"
    )
    with pytest.raises(SourceError, match=r"typo does not exist.*MERCREDI_LANDING_DIR"):
        refresh_warehouse(no_landing)
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_a_second_refresh_at_once_stops_with_a_clear_message(
    small_settings: WarehouseSettings,
) -> None:
    refresh_warehouse(small_settings)
    holding = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:
        with warehouse_lock(small_settings.warehouse):
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert holding.wait(10)
        with pytest.raises(WarehouseBusyError, match=rf"pid {os.getpid()}.*--wait"):
            refresh_warehouse(small_settings, wait_seconds=0.3)
    finally:
        release.set()
        holder.join()
    refresh_warehouse(small_settings, wait_seconds=5)


@pytest.mark.slow
def test_a_killed_refresh_leaves_the_previous_warehouse_intact(tmp_path: Path) -> None:
    settings = WarehouseSettings(data_dir=tmp_path / "data", history_dir=HISTORY_DIR)
    refresh_warehouse(settings)
    before = settings.warehouse.read_bytes()
    environment = {
        **os.environ,
        "MERCREDI_DATA_DIR": str(settings.data_dir),
        "MERCREDI_HISTORY_DIR": str(HISTORY_DIR),
    }
    killed_mid_build = False
    for _ in range(5):
        process = subprocess.Popen(
            [sys.executable, "-m", "cron.cli", "warehouse", "refresh"],
            cwd=REPO_ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if any(settings.data_dir.glob(".warehouse.duckdb.*.building")):
                process.send_signal(signal.SIGKILL)
                killed_mid_build = True
                break
            time.sleep(0.002)
        process.wait(60)
        if killed_mid_build:
            break
        before = settings.warehouse.read_bytes()
    assert killed_mid_build, "the refresh finished before it could be killed mid-build"
    assert process.returncode == -signal.SIGKILL
    assert settings.warehouse.read_bytes() == before
    assert _film_count(settings.warehouse) == 9089
    result = refresh_warehouse(settings)
    assert result.counts["dim_film"] == 9089
    assert list(settings.data_dir.glob(".warehouse.duckdb.*.building*")) == []


def test_two_instances_never_touch_each_other(tmp_path: Path) -> None:
    first = WarehouseSettings(data_dir=tmp_path / "one", history_dir=HISTORY_DIR)
    second = WarehouseSettings(
        data_dir=tmp_path / "two",
        history_dir=HISTORY_DIR,
        warehouse_path=tmp_path / "elsewhere" / "wh.duckdb",
    )
    refresh_warehouse(first)
    files_of_first = sorted(p.relative_to(tmp_path) for p in (tmp_path / "one").rglob("*"))
    write_jsonl(
        second.landing / "jpbox-office" / "weeks" / "20260101T000000Z-x.jsonl",
        [week("Seulement dans la deuxième", "2025-01-08", 1000)],
    )
    refresh_warehouse(second)
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "one").rglob("*")) == files_of_first
    assert _film_count(first.warehouse) == 9089
    assert _film_count(second.warehouse) == 9090
    assert second.warehouse.exists() and not (tmp_path / "two" / "warehouse.duckdb").exists()
