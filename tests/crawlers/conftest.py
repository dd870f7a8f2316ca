"""Shared helpers of the crawler tests: fixture paths, a crawler with stats, the pipelines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawlers.config import CrawlerSettings
from crawlers.items import LandingItem
from crawlers.pipelines import ParseValuesPipeline, ValidateRecordPipeline
from tests.conftest import FIXTURES_DIR as JPBOX_FIXTURES

HANDMADE = Path(__file__).resolve().parent / "fixtures"
SONIC = JPBOX_FIXTURES / "film-23503-sonic-3.html"
CANARY_BLACK = JPBOX_FIXTURES / "film-24044-canary-black-no-box-office.html"
CHART_2026W04 = JPBOX_FIXTURES / "weekly-chart-2026w04-excerpt.html"


def html_response(url: str, body: bytes, **cb_kwargs: Any) -> HtmlResponse:
    """A response as the downloader would hand it to a callback (UTF-8 declared by the server)."""
    request = Request(url, cb_kwargs=cb_kwargs)
    return HtmlResponse(
        url=url, body=body, request=request, headers={"Content-Type": "text/html; charset=utf-8"}
    )


@dataclass
class PipelineRun:
    """What the parse and validate pipelines kept and dropped, and the crawl's stats."""

    kept: list[LandingItem]
    dropped: list[str]
    stats: dict[str, Any]


def through_pipelines(crawler: Crawler, items: Iterable[Any]) -> PipelineRun:
    """Push a callback's items through ParseValuesPipeline and ValidateRecordPipeline."""
    parse = ParseValuesPipeline.from_crawler(crawler)
    validate = ValidateRecordPipeline.from_crawler(crawler)
    kept: list[LandingItem] = []
    dropped: list[str] = []
    for item in items:
        if not isinstance(item, LandingItem):
            continue
        try:
            kept.append(validate.process_item(parse.process_item(item)))
        except DropItem as error:
            dropped.append(str(error))
    assert crawler.stats is not None
    return PipelineRun(kept=kept, dropped=dropped, stats=crawler.stats.get_stats())


@pytest.fixture
def crawler() -> Crawler:
    """An unconfigured crawler with stats, no reactor needed."""
    return get_crawler(settings_dict={"MERCREDI_RETRY_BACKOFF_S": 0.0})


@pytest.fixture(autouse=True)
def _no_ambient_crawler_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """No crawler setting comes from the developer's environment (the data folder is the test's,
    see tests/conftest.py)."""
    for name in CrawlerSettings.model_fields:
        if name != "data_dir":
            monkeypatch.delenv(f"MERCREDI_{name.upper()}", raising=False)
