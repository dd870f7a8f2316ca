"""A refresh never swaps a good warehouse for a worse one, and survives hostile inputs: a damaged
warehouse file, an apostrophe in a path, a byte-order mark, 29 February."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from tests.conftest import write_jsonl
from tests.warehouse.factories import film, release, small_history, week
from warehouse.checks import ChecksFailedError
from warehouse.database import WarehouseUnreadableError
from warehouse.refresh import refresh_warehouse
from warehouse.settings import WarehouseSettings
from warehouse.status import read_status


def _count(settings: WarehouseSettings, sql: str) -> int:
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        row = connection.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_an_emptied_films_file_is_refused(small_settings: WarehouseSettings) -> None:
    refresh_warehouse(small_settings)
    before = small_settings.warehouse.read_bytes()
    (small_settings.history_dir / "films.jsonl").write_bytes(b"")
    with pytest.raises(ChecksFailedError) as caught:
        refresh_warehouse(small_settings)
    message = str(caught.value)
    # The film count holds (the weeks name every film): the filled facts are what collapse.
    assert "dim_film: films would drop" not in message
    assert "dim_film: films with a genre would drop from 3 to 0" in message
    assert "dim_film: films with a distributor would drop from 3 to 0" in message
    assert "dim_film: films with a runtime would drop from 3 to 0" in message
    assert "--allow-shrink" in message
    assert small_settings.warehouse.read_bytes() == before


def test_an_emptied_first_weeks_file_is_refused(small_settings: WarehouseSettings) -> None:
    refresh_warehouse(small_settings)
    before = small_settings.warehouse.read_bytes()
    (small_settings.history_dir / "first_weeks.jsonl").write_bytes(b"")
    with pytest.raises(ChecksFailedError) as caught:
        refresh_warehouse(small_settings)
    assert "fct_first_week: first weeks would drop from 3 to 0" in str(caught.value)
    assert "fct_first_week: first weeks with copies would drop from 2 to 0" in str(caught.value)
    assert small_settings.warehouse.read_bytes() == before
    refresh_warehouse(small_settings, allow_shrink=True)
    assert _count(small_settings, "SELECT count(*) FROM fct_first_week") == 0


def test_a_damaged_warehouse_is_set_aside_and_rebuilt(small_settings: WarehouseSettings) -> None:
    refresh_warehouse(small_settings)
    good = small_settings.warehouse.read_bytes()
    damaged = good[: len(good) // 3]
    small_settings.warehouse.write_bytes(damaged)
    with pytest.raises(WarehouseUnreadableError, match=r"not a readable DuckDB file.*refresh"):
        read_status(small_settings.warehouse)
    result = refresh_warehouse(small_settings, today=dt.date(2026, 11, 25))
    assert result.set_aside is not None
    aside, reason = result.set_aside
    assert aside.read_bytes() == damaged  # kept, never deleted
    assert aside.name.startswith("warehouse.duckdb.unreadable-")
    assert "not a readable DuckDB file" in reason
    assert read_status(small_settings.warehouse).table_counts["dim_film"] == 3
    # The next refresh finds a good warehouse and sets nothing aside.
    assert refresh_warehouse(small_settings).set_aside is None


def test_a_warehouse_path_that_is_a_folder_is_named(small_settings: WarehouseSettings) -> None:
    small_settings.warehouse.mkdir(parents=True)
    with pytest.raises(WarehouseUnreadableError, match=r"is a folder.*MERCREDI_WAREHOUSE_PATH"):
        read_status(small_settings.warehouse)


@pytest.mark.parametrize("tables", [[], ["CREATE TABLE t (a INTEGER)"]])
def test_a_duckdb_file_that_is_not_a_warehouse_is_named(
    small_settings: WarehouseSettings, tables: list[str]
) -> None:
    small_settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(small_settings.warehouse)) as connection:
        for sql in tables:
            connection.execute(sql)
    with pytest.raises(
        WarehouseUnreadableError,
        match=r"is a DuckDB file but not a mercredi warehouse \(no table quarantine, "
        r"refresh_log\); check MERCREDI_WAREHOUSE_PATH",
    ):
        read_status(small_settings.warehouse)


def test_an_apostrophe_in_the_data_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "l'entrepôt d'Anne"
    (data_dir / "landing").mkdir(parents=True)
    settings = WarehouseSettings(data_dir=data_dir, history_dir=small_history(tmp_path / "h"))
    for _ in range(3):  # the second refresh attaches the first one's file
        assert refresh_warehouse(settings).counts["dim_film"] == 3
    assert read_status(settings.warehouse).refresh_count == 3


def test_a_byte_order_mark_is_accepted(small_settings: WarehouseSettings) -> None:
    path = small_settings.landing / "tmdb" / "releases" / "20261125T000000Z-bom.jsonl"
    write_jsonl(path, [release("Le Film Neuf", "2026-12-02", 350)])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = refresh_warehouse(small_settings, today=dt.date(2026, 11, 25))
    assert result.counts["quarantine"] == 0
    assert result.counts["fct_release"] == 1


def test_a_refresh_on_29_february(small_settings: WarehouseSettings) -> None:
    path = small_settings.landing / "tmdb" / "releases" / "20240229T000000Z-leap.jsonl"
    write_jsonl(
        path,
        [release("Dans deux ans", "2026-02-28", 100), release("Trop tard", "2026-03-01", 100)],
    )
    result = refresh_warehouse(small_settings, today=dt.date(2024, 2, 29))
    assert result.counts["fct_release"] == 1
    assert result.counts["quarantine"] == 1


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (week("Énorme", "2020-01-08", 10**12), "admissions"),
        (week("Énorme", "2020-01-08", 1000, copies=3_000_000_000), "copies"),
        (film("x" * 5_000, "2020-01-08"), "title"),
        (film("Vieux", "1899-12-27"), "release_date"),
        (film("Long", "2020-01-08", runtime_min=1000), "runtime_min"),
        (film("Foule", "2020-01-08", cast=["x"] * 101), "cast"),
    ],
)
def test_a_value_outside_its_range_is_quarantined(
    small_settings: WarehouseSettings, record: dict[str, object], field: str
) -> None:
    kind = "weeks" if "admissions" in record else "films"
    path = small_settings.landing / "jpbox-office" / kind / "20261125T000000Z-big.jsonl"
    write_jsonl(path, [record])
    result = refresh_warehouse(small_settings, today=dt.date(2026, 11, 25))
    assert result.counts["quarantine"] == 1
    with duckdb.connect(str(small_settings.warehouse), read_only=True) as connection:
        row = connection.execute("SELECT reason, detail FROM quarantine").fetchone()
    assert row is not None
    assert row[0] == "impossible_value"
    assert row[1].startswith(field)
