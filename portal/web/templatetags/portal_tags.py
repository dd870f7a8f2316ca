"""French formats for the templates: 1 234 €, 12 %, 310 000, 1er décembre 2026."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import date as django_date

from portal.web.numbers import MINUS, THIN_SPACE
from portal.web.numbers import group as _group

register = template.Library()


@register.filter
def num(value: Any, decimals: int = 0) -> str:
    """A number with French digit grouping; an em dash for a missing value."""
    if value is None or value == "":
        return "—"
    return _group(float(value), int(decimals))


@register.filter
def eur(value: Any) -> str:
    """Euros, rounded to the unit: 1 234 €."""
    if value is None or value == "":
        return "—"
    return f"{_group(float(value))}{THIN_SPACE}€"


@register.filter
def pct(value: Any, decimals: int = 0) -> str:
    """A share as a percentage: 0.453 -> 45 %."""
    if value is None or value == "":
        return "—"
    return f"{_group(float(value) * 100, int(decimals))}{THIN_SPACE}%"


@register.filter
def signed_pct(value: Any) -> str:
    """A relative error with its sign: +12 %, -5 %."""
    if value is None or value == "":
        return "—"
    sign = "+" if float(value) >= 0 else MINUS
    return f"{sign}{_group(abs(float(value)) * 100)}{THIN_SPACE}%"


@register.filter(expects_localtime=True)
def long_date(value: Any, time_format: str = "") -> str:
    """A day written out as French writes it: 9 novembre 2022, 1er décembre 2026 (the first of
    the month is "1er"); with a `time_format` such as "H:i", followed by "à 14:05"."""
    if value is None or value == "":
        return "—"
    day = django_date(value, "j")
    text = f"{'1er' if day == '1' else day} {django_date(value, 'F Y')}"
    return f"{text} à {django_date(value, time_format)}" if time_format else text


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """`mapping[key]` in a template (None when absent)."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def at(sequence: Any, index: int) -> Any:
    """`sequence[index]` in a template."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return None
