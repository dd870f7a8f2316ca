"""Where the data lives: the settings every package that touches files shares."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class DataSettings(BaseSettings):
    """`MERCREDI_DATA_DIR` and `MERCREDI_LANDING_DIR` (default `<data dir>/landing`).

    Relative paths are taken from the current directory. Two instances with different data
    folders never touch each other's files.
    """

    # `NAME=` (as in .env.example) means "the default", never the current folder.
    model_config = SettingsConfigDict(
        env_prefix="MERCREDI_", env_file=".env", extra="ignore", env_ignore_empty=True
    )

    data_dir: Path = Path("data")
    landing_dir: Path | None = None

    @property
    def landing(self) -> Path:
        """The landing folder: `MERCREDI_LANDING_DIR`, else `<data dir>/landing`."""
        return self.landing_dir if self.landing_dir is not None else self.data_dir / "landing"
