"""Keep the TMDB key out of the logs: Scrapy logs request URLs, and a v3 key travels in one."""

from __future__ import annotations

import logging
import re
from typing import Any, Final

_API_KEY: Final = re.compile(r"(api_key=)[^&\s>'\"]+")
REDACTED: Final = r"\1<redacted>"


def redact(text: str) -> str:
    """`text` with every `api_key=...` value replaced by `<redacted>`."""
    return _API_KEY.sub(REDACTED, text)


def redact_api_keys_in_logs() -> None:
    """From now on, every log record of this process has its `api_key=` values redacted.

    Done in the record factory because Scrapy replaces its root handler (and its filters) when
    a crawl starts.
    """
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts_api_keys", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return record
        if "api_key=" in message:
            record.msg, record.args = redact(message), ()
        return record

    factory.redacts_api_keys = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
