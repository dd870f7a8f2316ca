"""What a crawl prints on its terminal: its progress and its problems, one line each.

The whole log, Scrapy's start-up report and tracebacks included, goes to the run's log file
(`crawlers.manifest.log_path`); the terminal gets a short line per warning or error, the
spider's own messages and Scrapy's periodic progress ("Crawled N pages ...").
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from typing import TextIO

PROGRESS_LOGGERS = frozenset({"scrapy.extensions.logstats", "crawlers.run"})


class _Worth(logging.Filter):
    """Warnings and errors from anywhere, and every message of the spider or of progress."""

    def __init__(self, spider: str) -> None:
        super().__init__()
        self.spider = spider

    def filter(self, record: logging.LogRecord) -> bool:
        return (
            record.levelno >= logging.WARNING
            or record.name == self.spider
            or record.name in PROGRESS_LOGGERS
        )


class _OneLine(logging.Formatter):
    """`HH:MM:SS level: first line of the message`, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        lines = record.getMessage().strip().splitlines()
        first = lines[0] if lines else ""
        return f"{self.formatTime(record, '%H:%M:%S')} {record.levelname.lower()}: {first}"


@contextlib.contextmanager
def terminal_log(spider: str, stream: TextIO | None = None) -> Iterator[None]:
    """While inside, the crawl of `spider` also prints its one-line log on `stream` (stderr)."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setLevel(logging.INFO)
    handler.addFilter(_Worth(spider))
    handler.setFormatter(_OneLine())
    logging.root.addHandler(handler)
    try:
        yield
    finally:
        logging.root.removeHandler(handler)
