"""The portal's settings: one typed object read from the environment (and `.env`).

Django's own settings modules (`portal/config/settings/`) read this object; nothing else in the
portal reads the environment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_FILE = "portal.sqlite3"
"""The SQLite file under the data folder used when `DATABASE_URL` is not set."""
API_TOKEN_FILE = "api-token"
"""Where the predictor API keeps the token it made for development, under the data folder (the
API's own rule; the portal reads the file and never writes it)."""


class PortalSettings(BaseSettings):
    """Every variable of the portal, prefixed `MERCREDI_` except the standard `DATABASE_URL`.

    Secrets (`MERCREDI_SECRET_KEY`, `MERCREDI_API_TOKEN`) have no default: production refuses to
    start without them; development falls back to values that only work on 127.0.0.1.
    `MERCREDI_TODAY` (YYYY-MM-DD) is the day `weekly-draft` takes as today, as every job does.
    """

    model_config = SettingsConfigDict(
        env_prefix="MERCREDI_", env_file=".env", extra="ignore", env_ignore_empty=True
    )

    data_dir: Path = Path("data")
    database_url: str | None = Field(default=None, validation_alias=AliasChoices("DATABASE_URL"))
    test_database_url: str | None = None
    secret_key: str | None = None
    allowed_hosts: str | None = None
    csrf_trusted_origins: str | None = None
    api_url: str = "http://127.0.0.1:8000"
    api_token: str | None = None
    api_timeout_s: float = Field(default=5.0, gt=0, le=600)
    manager_username: str = "gerant"
    manager_password: str | None = None
    manager_email: str = "gerant@localhost"
    email_backend: str = "django.core.mail.backends.console.EmailBackend"
    portal_url: str = "http://127.0.0.1:8001"
    cinema_name: str = "New is Always Better"
    today: dt.date | None = None

    @field_validator("database_url", "test_database_url")
    @classmethod
    def _a_database_url(cls, value: str | None) -> str | None:
        if value:
            try:
                dj_database_url.parse(value)
            except ValueError:  # an unknown scheme, a URL with no scheme
                raise ValueError(
                    "is not a database URL; give postgres://user@host:5432/name or "
                    "sqlite:////absolute/path.sqlite3"
                ) from None
        return value

    @property
    def database(self) -> str:
        """`DATABASE_URL`, else a SQLite file `<data dir>/portal.sqlite3` (absolute)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / DEFAULT_DATABASE_FILE).resolve()}"

    @property
    def resolved_api_token(self) -> str:
        """`MERCREDI_API_TOKEN`, else the development token the API keeps in
        `<data dir>/api-token`; empty when there is neither (the API then answers 401, and the
        portal says to set the token)."""
        if self.api_token and self.api_token.strip():
            return self.api_token.strip()
        kept = self.data_dir / API_TOKEN_FILE
        return kept.read_text(encoding="utf-8").strip() if kept.is_file() else ""

    @property
    def allowed_host_list(self) -> list[str]:
        """`MERCREDI_ALLOWED_HOSTS` split on commas (empty when unset)."""
        return [host.strip() for host in (self.allowed_hosts or "").split(",") if host.strip()]

    @property
    def csrf_trusted_origin_list(self) -> list[str]:
        """`MERCREDI_CSRF_TRUSTED_ORIGINS` split on commas (empty when unset)."""
        return [
            origin.strip()
            for origin in (self.csrf_trusted_origins or "").split(",")
            if origin.strip()
        ]


class PortalSettingsError(ValueError):
    """A portal variable has a wrong value; the message names the variable and the value."""


def get_portal_settings() -> PortalSettings:
    """The settings read from the environment (and `.env`), fresh at each call.

    Raises PortalSettingsError naming each variable at fault (`MERCREDI_TODAY='demain': ...`).
    """
    try:
        return PortalSettings()
    except ValidationError as error:
        raise PortalSettingsError(_describe(error)) from None


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        variable = field if field.isupper() else f"MERCREDI_{field.upper()}"
        problems.append(
            f"{variable}={item.get('input')!r}: {item['msg'].removeprefix('Value error, ')}"
        )
    return "; ".join(problems)
