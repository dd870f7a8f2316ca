"""The warehouse's settings: where the seed history, the landing zone and the DuckDB file are."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, field_validator

from landing.settings import DataSettings, load_settings

PORTAL_DATABASE_FILE = "portal.sqlite3"
"""The portal's SQLite file under the data folder when `DATABASE_URL` is not set."""


class WarehouseSettings(DataSettings):
    """`MERCREDI_HISTORY_DIR` (default `../shared/data/jpbox-history`) and
    `MERCREDI_WAREHOUSE_PATH` (default `<data dir>/warehouse.duckdb`), beside the data folders."""

    history_dir: Path = Path("../shared/data/jpbox-history")
    warehouse_path: Path | None = None
    database_url: str | None = Field(default=None, validation_alias=AliasChoices("DATABASE_URL"))

    @property
    def portal_database(self) -> str:
        """The portal's database (read into fct_programme and fct_cinema_day): `DATABASE_URL`,
        else the SQLite file `<data dir>/portal.sqlite3`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / PORTAL_DATABASE_FILE).resolve()}"

    @field_validator("history_dir")
    @classmethod
    def _history_is_a_folder(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError("is a file, not the folder holding films.jsonl and first_weeks.jsonl")
        return value

    @field_validator("warehouse_path")
    @classmethod
    def _warehouse_is_a_file(cls, value: Path | None) -> Path | None:
        if value is not None and value.is_dir():
            raise ValueError("is a folder; give the path of the DuckDB file")
        return value

    @property
    def warehouse(self) -> Path:
        """The DuckDB file: `MERCREDI_WAREHOUSE_PATH`, else `<data dir>/warehouse.duckdb`."""
        if self.warehouse_path is not None:
            return self.warehouse_path
        return self.data_dir / "warehouse.duckdb"


def get_warehouse_settings() -> WarehouseSettings:
    """The settings read from the environment (and `.env`), fresh at each call.

    Raises SettingsError naming the environment variable of a wrong value.
    """
    return load_settings(WarehouseSettings)
