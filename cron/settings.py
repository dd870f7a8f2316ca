"""The settings of the jobs and of `make run`: which day it is, where the API is, which ports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field, field_validator

from landing.ranges import date_problem
from landing.settings import DataSettings, load_settings
from landing.weeks import cinema_today


class CronSettings(DataSettings):
    """Typed `MERCREDI_*` settings of `cron/` (the data folders come from DataSettings).

    `MERCREDI_TODAY` (YYYY-MM-DD) is the day every job takes as today (replays, tests); empty
    means the date in Paris. `MERCREDI_API_URL`: the API the retrain job tells to reload its
    model (its token is the API's own setting). `MERCREDI_RUN_*`: where `make run` starts the
    four services.
    """

    today: dt.date | None = None
    api_url: str = "http://127.0.0.1:8000"
    job_step_timeout_s: float = Field(default=3600.0, gt=0)
    mlflow_allowed_hosts: str | None = None
    run_host: str = "127.0.0.1"
    run_api_port: int = Field(default=8000, ge=0, le=65535)
    run_portal_port: int = Field(default=8001, ge=0, le=65535)
    run_cockpit_port: int = Field(default=8501, ge=0, le=65535)
    run_mlflow_port: int = Field(default=5000, ge=0, le=65535)
    run_start_timeout_s: float = Field(default=300.0, gt=0)

    @field_validator("today")
    @classmethod
    def _a_day_a_job_can_take(cls, value: dt.date | None) -> dt.date | None:
        problem = None if value is None else date_problem("the day", value)
        if problem is not None:  # year 1 or 9999: the weeks around it do not exist
            raise ValueError(problem)
        return value

    def current_day(self) -> dt.date:
        """`MERCREDI_TODAY` when set, else today's date in Paris (the cinema's day)."""
        if self.today is not None:
            return self.today
        return cinema_today()

    @property
    def jobs_lock(self) -> Path:
        """The file lock every job holds while it runs (one job at a time)."""
        return self.data_dir / "jobs.lock"

    @property
    def run_dir(self) -> Path:
        """Where `make run` keeps the pid file of each service it started."""
        return self.data_dir / "run"

    @property
    def logs_dir(self) -> Path:
        """Where `make run` writes each service's log."""
        return self.data_dir / "logs"


def get_cron_settings() -> CronSettings:
    """The settings read from the environment (and `.env`), fresh at each call.

    Raises SettingsError naming the environment variable of a wrong value.
    """
    return load_settings(CronSettings)
