from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import HISTORY_DIR
from warehouse.refresh import RefreshResult, refresh_warehouse
from warehouse.settings import WarehouseSettings


@pytest.fixture(scope="session")
def history_refresh(tmp_path_factory: pytest.TempPathFactory) -> RefreshResult:
    """One refresh of the real seed history, shared by the read-only tests."""
    data_dir = tmp_path_factory.mktemp("history-warehouse")
    settings = WarehouseSettings(data_dir=data_dir, history_dir=HISTORY_DIR)
    return refresh_warehouse(settings)


@pytest.fixture
def history_db(history_refresh: RefreshResult) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(history_refresh.warehouse_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def small_settings(tmp_path: Path) -> WarehouseSettings:
    """Settings over a three-film history and an empty landing folder."""
    from tests.warehouse.factories import small_history

    history = small_history(tmp_path / "history")
    (tmp_path / "data" / "landing").mkdir(parents=True)
    return WarehouseSettings(data_dir=tmp_path / "data", history_dir=history)
