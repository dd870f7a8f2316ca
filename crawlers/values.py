"""Parse the values the sites print in French: numbers, percentages, runtimes, dates, money.

Each function takes the text as printed and returns the value, or raises ValueError naming the
text it could not read. Blank text is the caller's business (it means "not given").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

# Thousands separators seen on the sites: space, no-break space, narrow no-break space.
_SPACES: Final = re.compile(r"[\s\u00a0\u202f]+")
_COUNT: Final = re.compile(r"^\d+$")
_DECIMAL: Final = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_RUNTIME: Final = re.compile(
    r"^(?:(?P<hours>\d{1,2})\s*h\s*(?:(?P<minutes>\d{1,2})\s*(?:min|mn|m)?)?|(?P<only>\d{1,3})\s*(?:min|mn|m))$",
    re.IGNORECASE,
)
_CURRENCIES: Final = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP"}


def clean_text(text: str) -> str:
    """The text with its runs of white space (including no-break spaces) folded to one space."""
    return _SPACES.sub(" ", text).strip()


def parse_count(text: str) -> int:
    """A whole number printed with spaces between thousands: '1 224 090' -> 1224090."""
    digits = _SPACES.sub("", text)
    if not _COUNT.match(digits):
        raise ValueError(f"{text!r} is not a whole number (digits with spaces between thousands)")
    return int(digits)


def parse_percent(text: str) -> float:
    """A percentage with a decimal comma or point: '14,5 %' -> 14.5, '-34.4%' -> -34.4."""
    number = _SPACES.sub("", text).removesuffix("%")
    if not _DECIMAL.match(number):
        raise ValueError(f"{text!r} is not a percentage such as '14,5 %'")
    return float(number.replace(",", "."))


def parse_runtime(text: str) -> int:
    """A runtime in minutes: '1h 50min' -> 110, '2h11' -> 131, '2h' -> 120, '95 min' -> 95."""
    match = _RUNTIME.match(clean_text(text))
    if match is None:
        raise ValueError(f"{text!r} is not a runtime such as '1h 50min', '2h11' or '95 min'")
    if match["only"] is not None:
        minutes = int(match["only"])
    else:
        extra = int(match["minutes"]) if match["minutes"] else 0
        if extra >= 60:
            raise ValueError(f"{text!r} is not a runtime: {extra} minutes past the hour")
        minutes = int(match["hours"]) * 60 + extra
    if minutes <= 0:
        raise ValueError(f"{text!r} is not a runtime: it lasts no time")
    return minutes


def parse_date(text: str) -> dt.date:
    """A date written 'YYYY-MM-DD' or 'DD/MM/YYYY'."""
    value = clean_text(text)
    for layout in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, layout).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")


def parse_money(text: str) -> tuple[int, str] | None:
    """An amount and its currency: '122 000 000 $' -> (122000000, 'USD').

    The sites print '- $' for an unknown amount: that gives None.
    """
    value = clean_text(text)
    for symbol, currency in sorted(_CURRENCIES.items(), key=lambda pair: -len(pair[0])):
        if value.endswith(symbol) or value.startswith(symbol):
            amount = value.removesuffix(symbol).removeprefix(symbol).strip()
            if amount in ("", "-"):
                return None
            return parse_count(amount), currency
    raise ValueError(f"{text!r} is not an amount with a currency such as '122 000 000 $'")
