"""The warehouse's settings: where the seed history, the landing zone and the DuckDB file are."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from landing.settings import DataSettings


class WarehouseSettings(DataSettings):
    """`MERCREDI_HISTORY_DIR` (default `../shared/data/jpbox-history`) and
    `MERCREDI_WAREHOUSE_PATH` (default `<data dir>/warehouse.duckdb`), beside the data folders."""

    history_dir: Path = Path("../shared/data/jpbox-history")
    warehouse_path: Path | None = None

    @property
    def warehouse(self) -> Path:
        """The DuckDB file: `MERCREDI_WAREHOUSE_PATH`, else `<data dir>/warehouse.duckdb`."""
        if self.warehouse_path is not None:
            return self.warehouse_path
        return self.data_dir / "warehouse.duckdb"


@lru_cache(maxsize=1)
def get_settings() -> WarehouseSettings:
    """The settings read from the environment (and `.env`), once per process."""
    return WarehouseSettings()
