"""Run one spider in this process through Scrapy's engine: the service behind `mercredi crawl`.

Every argument is checked before any request is sent. Scrapy's reactor can start only once per
process, so each command runs one crawl.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers.config import CrawlerSettings, get_crawler_settings
from crawlers.known_releases import landed_release_dates
from crawlers.manifest import claim_run_id, log_path, read_manifest
from crawlers.redaction import redact_api_keys_in_logs
from crawlers.spiders.jpbox_film import JpboxFilmSpider
from crawlers.spiders.jpbox_weekly import JpboxWeeklySpider
from crawlers.spiders.releases import ReleasesSpider
from crawlers.terminal_log import terminal_log
from landing.ranges import INT_RANGES, date_problem
from landing.weeks import require_wednesday, wednesdays


class CrawlArgumentError(ValueError):
    """An argument of `mercredi crawl` that cannot be crawled; raised before any request."""


@dataclass(frozen=True)
class CrawlResult:
    """What a crawl wrote: its run id, its manifest (None if the crawl died before writing it)
    and its whole log."""

    run_id: str
    manifest: dict[str, Any] | None
    log_file: Path | None = None

    @property
    def written(self) -> dict[str, int]:
        """Records written per kind."""
        if self.manifest is None:
            return {}
        return dict(self.manifest["item_counts"]["written"])

    @property
    def dropped(self) -> dict[str, int]:
        """Records dropped per `<kind>/<reason>`."""
        if self.manifest is None:
            return {}
        return dict(self.manifest["item_counts"]["dropped"])


def scrapy_settings(config: CrawlerSettings, run_id: str) -> Settings:
    """Scrapy settings: the project module, then the typed mercredi settings on top."""
    settings = Settings()
    settings.setmodule("crawlers.scrapy_settings", priority="project")
    development = config.crawl_env == "development"
    overrides: dict[str, Any] = {
        "USER_AGENT": config.user_agent,
        "DOWNLOAD_DELAY": config.download_delay_s,
        "AUTOTHROTTLE_START_DELAY": max(config.download_delay_s, 0.01),
        "RETRY_TIMES": config.retry_times,
        "MERCREDI_RETRY_BACKOFF_S": config.retry_backoff_s,
        "HTTPCACHE_ENABLED": development,
        "HTTPCACHE_DIR": str((config.data_dir / "httpcache").resolve()),
        "HTTPCACHE_EXPIRATION_SECS": config.http_cache_expiration_s,
        "LOG_LEVEL": config.crawl_log_level,
        "LOG_FILE": str(log_path(config.landing, run_id)),
        # The run id is new, so is its log; Scrapy opens the file again for the crawler, and
        # truncating would lose its start-up report.
        "LOG_FILE_APPEND": True,
        "MERCREDI_LANDING_DIR": str(config.landing),
        "MERCREDI_RUN_ID": run_id,
    }
    settings.setdict(overrides, priority="cmdline")
    return settings


def _run(spider: type[Spider], config: CrawlerSettings, **arguments: Any) -> CrawlResult:
    run_id = claim_run_id(config.landing, spider.name, dt.datetime.now(dt.UTC))
    redact_api_keys_in_logs()
    log_file = log_path(config.landing, run_id)
    process = CrawlerProcess(scrapy_settings(config, run_id))
    with terminal_log(spider.name):
        logging.getLogger(__name__).info("run %s: the whole log goes to %s", run_id, log_file)
        process.crawl(spider, **arguments)
        process.start()
    return CrawlResult(
        run_id=run_id, manifest=read_manifest(config.landing, run_id), log_file=log_file
    )


def _checked(check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except ValueError as error:
        raise CrawlArgumentError(str(error)) from None


def _check_date(name: str, day: dt.date | None) -> None:
    problem = date_problem(name, day) if day is not None else None
    if problem is not None:
        raise CrawlArgumentError(problem)


def crawl_boxoffice(
    *,
    week: dt.date | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
    config: CrawlerSettings | None = None,
) -> CrawlResult:
    """Crawl JP's Box-Office weekly charts of one week (`week`) or a range (`first`..`last`).

    Writes `weeks` records for every row and `films` records for the films in their first week.
    """
    config = config or get_crawler_settings()
    for option, day in (("--week", week), ("--from", first), ("--to", last)):
        _check_date(option, day)
    if week is not None and (first is not None or last is not None):
        raise CrawlArgumentError("give either --week or --from/--to, not both")
    if week is not None:
        weeks = [_checked(require_wednesday, week, "--week")]
    elif first is not None and last is not None:
        weeks = list(_checked(lambda a, b: list(wednesdays(a, b)), first, last))
    else:
        raise CrawlArgumentError("give --week YYYY-MM-DD, or both --from and --to")
    return _run(JpboxWeeklySpider, config, weeks=weeks, base_url=config.jpbox_base_url)


def crawl_films(
    *, films: Mapping[int, dt.date | None], config: CrawlerSettings | None = None
) -> CrawlResult:
    """Crawl JP's Box-Office film pages (film id -> French release date, None if unknown).

    The pages print no release date: an unknown one is taken from the JP's Box-Office weeks
    already in the landing zone; a film still without one is dropped, counted and logged.
    """
    config = config or get_crawler_settings()
    if not films:
        raise CrawlArgumentError("give at least one film id: --ids 23503=2024-12-25")
    ids = INT_RANGES["source_id"]
    bad = [film_id for film_id in films if not ids.low <= film_id <= ids.high]
    if bad:
        raise CrawlArgumentError(f"film ids must be whole numbers in {ids.describe()}, not {bad}")
    for film_id, release in films.items():
        _check_date(f"release date of film {film_id}", release)
    unknown = [film_id for film_id, date in films.items() if date is None]
    landed = landed_release_dates(config.landing, unknown)
    dated = {film_id: date or landed.get(film_id) for film_id, date in films.items()}
    return _run(JpboxFilmSpider, config, films=dated, base_url=config.jpbox_base_url)


def crawl_releases(*, wednesday: dt.date, config: CrawlerSettings | None = None) -> CrawlResult:
    """Crawl the films TMDB announces for release in France in the week of `wednesday`."""
    config = config or get_crawler_settings()
    _check_date("--wednesday", wednesday)
    _checked(require_wednesday, wednesday, "--wednesday")
    if config.tmdb_api_key is None or not config.tmdb_api_key.get_secret_value().strip():
        raise CrawlArgumentError(
            "MERCREDI_TMDB_API_KEY is not set; put your TMDB API key (or read access token) in "
            "the environment or in .env (see .env.example)"
        )
    return _run(
        ReleasesSpider,
        config,
        wednesday=wednesday,
        api_key=config.tmdb_api_key.get_secret_value().strip(),
        base_url=config.tmdb_base_url,
    )


def parse_film_ids(values: list[str]) -> dict[int, dt.date | None]:
    """`--ids` values: 'ID' or 'ID=YYYY-MM-DD', each possibly a comma-separated list."""
    films: dict[int, dt.date | None] = {}
    for value in values:
        for part in (p.strip() for p in value.split(",")):
            if not part:
                continue
            film_id, _, date = part.partition("=")
            if not film_id.strip().isdigit():
                raise CrawlArgumentError(
                    f"film id {film_id.strip()!r} in --ids {value!r} is not a whole number; "
                    "write ID or ID=YYYY-MM-DD"
                )
            try:
                release = dt.date.fromisoformat(date.strip()) if date.strip() else None
            except ValueError:
                raise CrawlArgumentError(
                    f"release date {date.strip()!r} in --ids {value!r} is not a date (YYYY-MM-DD)"
                ) from None
            films[int(film_id)] = release
    return films
