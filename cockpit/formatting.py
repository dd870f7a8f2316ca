"""Numbers, money and dates written the French way for the cockpit's screens."""

from __future__ import annotations

import datetime as dt
import math
from typing import SupportsFloat

_THIN_SPACE = "\u202f"
_WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
KIND_LABELS = {"backtest": "backtest", "forecast": "prévision", "replay": "semaine rejouée"}
"""A prediction's kind (`fct_prediction.kind`) as the screens name it."""


def _finite(value: SupportsFloat | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def fr_number(value: SupportsFloat | None, decimals: int = 0) -> str:
    """`1 234 567` (narrow no-break space between thousands, comma for decimals); `–` for
    a missing value."""
    number = _finite(value)
    if number is None:
        return "–"
    text = f"{number:,.{decimals}f}"
    return text.replace(",", _THIN_SPACE).replace(".", ",")


def fr_eur(value: SupportsFloat | None) -> str:
    """`12 345 €`, rounded to the euro."""
    text = fr_number(value)
    return text if text == "–" else f"{text}{_THIN_SPACE}€"


def fr_pct(value: SupportsFloat | None, decimals: int = 1) -> str:
    """A share as a percentage: 0.815 -> `81,5 %`."""
    number = _finite(value)
    if number is None:
        return "–"
    return f"{fr_number(number * 100, decimals)}{_THIN_SPACE}%"


def fr_date(value: dt.date | dt.datetime | None) -> str:
    """`30/11/2026` (with `14:05 UTC` for a moment in time)."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        moment = value.astimezone(dt.UTC) if value.tzinfo else value
        return f"{moment:%d/%m/%Y %H:%M} UTC"
    return f"{value:%d/%m/%Y}"


def fr_day(value: dt.date) -> str:
    """`mer. 09/11`: the weekday and the day of a date."""
    return f"{_WEEKDAYS[value.weekday()]} {value:%d/%m}"
