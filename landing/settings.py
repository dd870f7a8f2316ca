"""Where the data lives: the settings every package that touches files shares."""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class DataSettings(BaseSettings):
    """`MERCREDI_DATA_DIR` and `MERCREDI_LANDING_DIR` (default `<data dir>/landing`).

    Relative paths are taken from the current directory. Two instances with different data
    folders never touch each other's files.
    """

    model_config = SettingsConfigDict(env_prefix="MERCREDI_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    landing_dir: Path | None = None

    @model_validator(mode="after")
    def _derive_paths(self) -> DataSettings:
        if self.landing_dir is None:
            self.landing_dir = self.data_dir / "landing"
        return self

    @property
    def landing(self) -> Path:
        """The landing folder (always set once validated)."""
        assert self.landing_dir is not None
        return self.landing_dir
