"""The crawlers' settings: where the sites are, who we say we are, how politely we crawl."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from landing.settings import DataSettings, load_settings


class CrawlerSettings(DataSettings):
    """Typed `MERCREDI_*` settings of the crawlers (the data folders come from DataSettings).

    The TMDB key has no default: `mercredi crawl releases` refuses to start without it.
    """

    jpbox_base_url: str = "https://www.jpbox-office.com"
    tmdb_base_url: str = "https://api.themoviedb.org/3"
    tmdb_api_key: SecretStr | None = None
    contact_url: str = "https://github.com/new-is-always-better/mercredi"
    crawl_env: Literal["development", "production"] = "development"
    download_delay_s: float = Field(default=1.0, ge=0.0)
    retry_times: int = Field(default=3, ge=0)
    retry_backoff_s: float = Field(default=2.0, ge=0.0)
    http_cache_expiration_s: int = Field(default=86_400, ge=0)
    crawl_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @property
    def user_agent(self) -> str:
        """The User-Agent of every request: names mercredi and where to reach its owners."""
        return f"mercredi/0.1 (+{self.contact_url})"


def get_crawler_settings() -> CrawlerSettings:
    """The crawler settings read from the environment (and `.env`), fresh at each call.

    Raises SettingsError naming the environment variable of a wrong value.
    """
    return load_settings(CrawlerSettings)
