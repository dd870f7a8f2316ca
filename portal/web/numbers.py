"""French number formats, the one place the portal writes them: 1 234 567 and 12,5."""

from __future__ import annotations

THIN_SPACE = "\u202f"
"""Between digit groups and before a unit, as French typography wants."""
MINUS = "\u2212"
"""The minus sign (not the hyphen) of a negative number."""


def group(value: float, decimals: int = 0) -> str:
    """`value` with French digit grouping and decimal comma: -1234.5 -> −1 234,5."""
    text = f"{abs(value):,.{decimals}f}".replace(",", THIN_SPACE).replace(".", ",")
    negative = value < 0 and text.strip("0,") != ""
    return f"{MINUS}{text}" if negative else text
