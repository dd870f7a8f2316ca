"""Downloader middleware: wait longer before each new retry of a request (exponential backoff)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.utils.asyncio import sleep

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

MAX_BACKOFF_S = 120.0


class RetryBackoffMiddleware:
    """Delays the n-th retry of a request by `MERCREDI_RETRY_BACKOFF_S` x 2^(n-1) seconds.

    Scrapy's RetryMiddleware re-schedules a failed request at once; this spaces the attempts out
    so a struggling site gets time to recover.
    """

    def __init__(self, base_delay_s: float) -> None:
        self.base_delay_s = base_delay_s

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        """Built by Scrapy with the crawl's settings."""
        return cls(crawler.settings.getfloat("MERCREDI_RETRY_BACKOFF_S", 2.0))

    def backoff_s(self, retry_times: int) -> float:
        """Seconds to wait before retry number `retry_times` (0: first attempt, no wait)."""
        if retry_times <= 0:
            return 0.0
        return float(min(MAX_BACKOFF_S, self.base_delay_s * 2 ** (retry_times - 1)))

    async def process_request(self, request: Request) -> None:
        """Wait before sending a retried request; other requests pass at once."""
        delay = self.backoff_s(int(request.meta.get("retry_times", 0)))
        if delay > 0:
            await sleep(delay)
