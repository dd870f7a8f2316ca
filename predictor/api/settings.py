"""The API's settings: the predictor's, plus where it listens and the token it requires."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr

from landing.settings import load_settings
from predictor.config import PredictorSettings


class ApiSettingsError(ValueError):
    """Settings the API refuses to start with; the message says which and what to do."""


class ApiSettings(PredictorSettings):
    """`MERCREDI_API_TOKEN` (the bearer token every route but health and docs requires),
    `MERCREDI_API_HOST` (default 127.0.0.1), `MERCREDI_API_PORT` (default 8000) and
    `MERCREDI_ENV` (`development` or `production`: production refuses to start without a
    token; development makes one and keeps it in `<data dir>/api-token`)."""

    api_token: SecretStr | None = None
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    env: Literal["development", "production"] = "development"

    @property
    def token_file(self) -> Path:
        """Where development keeps the token it made when none was set."""
        return self.data_dir / "api-token"


def get_api_settings() -> ApiSettings:
    """The settings read from the environment (and `.env`), fresh at each call.

    Raises SettingsError naming the environment variable of a wrong value.
    """
    return load_settings(ApiSettings)


def resolve_token(settings: ApiSettings) -> str:
    """The token the API requires: `MERCREDI_API_TOKEN`; in development without one, the token
    kept in `<data dir>/api-token` (made on first start, readable by its owner only).

    Raises ApiSettingsError in production without a token.
    """
    if settings.api_token is not None and settings.api_token.get_secret_value().strip():
        return settings.api_token.get_secret_value().strip()
    if settings.env == "production":
        raise ApiSettingsError(
            "MERCREDI_API_TOKEN is not set and MERCREDI_ENV is production; set a long random "
            "token (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
        )
    path = settings.token_file
    if path.exists():
        kept = path.read_text(encoding="utf-8").strip()
        if kept:
            return kept
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    temporary = path.with_name(path.name + ".part")
    temporary.touch(mode=0o600)
    temporary.write_text(token + "\n", encoding="utf-8")
    temporary.replace(path)
    return token
