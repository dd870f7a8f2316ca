"""A crawl's terminal: one line per problem or progress report, never a traceback."""

from __future__ import annotations

import io
import logging

import pytest

from crawlers.terminal_log import terminal_log


def test_problems_and_progress_one_line_each_and_the_rest_left_to_the_log_file(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)  # as Scrapy leaves the root logger: every record reaches it
    stream = io.StringIO()
    with terminal_log("jpbox_weekly", stream):
        logging.getLogger("scrapy.middleware").info("Enabled extensions:\n['a', 'b']")
        logging.getLogger("scrapy.extensions.logstats").info("Crawled 3 pages (at 3 pages/min)")
        logging.getLogger("jpbox_weekly").info("the chart of 2026-01-21 has 9 rows")
        try:
            raise ConnectionError("DNS lookup failed")
        except ConnectionError:
            logging.getLogger("scrapy.core.scraper").exception(
                "Error downloading <GET http://x.invalid/>"
            )
        logging.getLogger("scrapy.core.engine").warning("first line\nsecond line")
    logging.getLogger("jpbox_weekly").error("after the crawl: not on this terminal")
    lines = stream.getvalue().splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == [
        "info: Crawled 3 pages (at 3 pages/min)",
        "info: the chart of 2026-01-21 has 9 rows",
        "error: Error downloading <GET http://x.invalid/>",
        "warning: first line",
    ]
    assert "Traceback" not in stream.getvalue()
