"""What every mercredi spider does alike: count and log failed pages and dropped items."""

from __future__ import annotations

import scrapy
from twisted.python.failure import Failure

from crawlers.redaction import redact


class MercrediSpider(scrapy.Spider):
    """A spider whose failures and drops show in the crawl stats (and so in the run manifest)."""

    def count_drop(self, kind: str, reason: str, count: int = 1) -> None:
        """Count `count` items of `kind` dropped for `reason`, and in the dropped total."""
        self.crawler.stats.inc_value(f"mercredi/dropped/{kind}/{reason}", count)
        self.crawler.stats.inc_value("mercredi/dropped", count)

    def page_failed(self, failure: Failure) -> None:
        """Count and log a page that could not be fetched (after retries)."""
        self.crawler.stats.inc_value("mercredi/failed_pages")
        request = getattr(failure, "request", None)
        url = redact(request.url) if request else "?"
        self.logger.error("could not fetch %s: %s", url, failure.getErrorMessage())
