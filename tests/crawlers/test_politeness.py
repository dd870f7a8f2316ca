"""Polite by default: robots.txt, delays, AutoThrottle, retries with backoff, a named User-Agent,
the HTTP cache in development only, and no TMDB key in the logs."""

from __future__ import annotations

import logging
import re

import pytest

from crawlers.config import CrawlerSettings
from crawlers.middlewares import RetryBackoffMiddleware
from crawlers.redaction import redact, redact_api_keys_in_logs
from crawlers.run import scrapy_settings
from tests.conftest import REPO_ROOT


def test_default_settings_are_polite() -> None:
    config = CrawlerSettings(contact_url="https://cinema.example/contact")
    settings = scrapy_settings(config, "20260128T060000Z-jpbox_weekly")
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1.0
    assert settings.getfloat("DOWNLOAD_DELAY_JITTER") == 0.0
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("RETRY_TIMES") == 3 and 500 in settings.getlist("RETRY_HTTP_CODES")
    assert settings["USER_AGENT"] == "mercredi/0.1 (+https://cinema.example/contact)"
    assert settings.getbool("HTTPCACHE_ENABLED")  # development is the default
    assert 500 in settings.getlist("HTTPCACHE_IGNORE_HTTP_CODES")
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
    assert settings["MERCREDI_RUN_ID"] == "20260128T060000Z-jpbox_weekly"


def test_production_has_no_http_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MERCREDI_CRAWL_ENV", "production")
    monkeypatch.setenv("MERCREDI_DOWNLOAD_DELAY_S", "2.5")
    settings = scrapy_settings(CrawlerSettings(), "run")
    assert not settings.getbool("HTTPCACHE_ENABLED")
    assert settings.getfloat("DOWNLOAD_DELAY") == 2.5
    assert settings.getfloat("AUTOTHROTTLE_START_DELAY") == 2.5


def test_retries_back_off_exponentially_up_to_a_cap() -> None:
    middleware = RetryBackoffMiddleware(base_delay_s=2.0)
    assert [middleware.backoff_s(n) for n in range(5)] == [0.0, 2.0, 4.0, 8.0, 16.0]
    assert middleware.backoff_s(20) == 120.0


def test_tmdb_keys_never_reach_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    url = "https://api.themoviedb.org/3/movie/1?api_key=s3cr3t&language=fr-FR"
    assert redact(url) == "https://api.themoviedb.org/3/movie/1?api_key=<redacted>&language=fr-FR"
    factory = logging.getLogRecordFactory()
    try:
        redact_api_keys_in_logs()
        with caplog.at_level(logging.ERROR):
            logging.getLogger("scrapy.downloadermiddlewares.retry").error(
                "Gave up retrying <GET %s>", url
            )
    finally:
        logging.setLogRecordFactory(factory)
    assert "s3cr3t" not in caplog.text
    assert "api_key=<redacted>" in caplog.text


def test_every_crawler_setting_is_listed_in_env_example() -> None:
    listed = set(
        re.findall(r"^(MERCREDI_[A-Z0-9_]+)=", (REPO_ROOT / ".env.example").read_text(), re.M)
    )
    missing = {f"MERCREDI_{name.upper()}" for name in CrawlerSettings.model_fields} - listed
    assert not missing, f"{sorted(missing)} missing from .env.example"
