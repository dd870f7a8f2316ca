"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, readable at 390 px."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from portal.web.numbers import group

PALETTE = ("#2f4bb8", "#e07b00", "#2b8a3e", "#a61e4d", "#5f3dc4")
"""One colour per room, in the rooms' order."""
TICK_CHAR = 13.5
"""Width of one character of a tick label in the SVG's units, at the largest font the stylesheet
gives ticks (24 px on a phone, where a chart is drawn at about half its 640 units)."""
LEGEND_CHAR = 14.5
"""The same for a legend label (26 px on a phone)."""
MAX_DATE_LABELS = 5
"""At most this many dates under a line: more would overlap on a phone."""


def _number(value: float) -> str:
    return group(value)


def round_ticks(low: float, high: float) -> list[float]:
    """Three to six equal intervals of a round step (1, 2, 2.5 or 5 times a power of ten; 2.5
    only from 25 up, so that every tick is a whole number) covering `low` to `high`."""
    span = max(high - low, 1.0)
    magnitude = 10 ** max(0, math.floor(math.log10(span / 4)))
    candidates = [
        multiple * magnitude * scale
        for scale in (0.1, 1, 10)
        for multiple in (1, 2, 2.5, 5)
        if multiple * magnitude * scale >= 1 and (multiple != 2.5 or magnitude * scale >= 10)
    ]

    def intervals(step: float) -> int:
        return math.ceil(high / step - 1e-9) - math.floor(low / step + 1e-9)

    fitting = [step for step in candidates if 3 <= intervals(step) <= 6] or [min(candidates)]
    step = min(fitting, key=lambda candidate: (abs(intervals(candidate) - 4), -candidate))
    first = math.floor(low / step + 1e-9) * step
    return [first + step * index for index in range(intervals(step) + 1)]


def _left_margin(ticks: Sequence[str], least: int) -> int:
    """Room left of the plot for the longest tick label, so that none is cut."""
    return max(least, math.ceil(max(map(len, ticks), default=0) * TICK_CHAR) + 8)


def grouped_bars_svg(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    unit: str = "",
    limits: Sequence[float] | None = None,
) -> SafeString:
    """Bars grouped by label (a day), one bar per series (a room), with a legend.

    `limits` draws one dashed line per series (a room's daily capacity).
    """
    width, height, bottom, top = 640, 280, 40, 40
    values = [v for _, serie in series for v in serie] + list(limits or [])
    scale = round_ticks(0.0, max([*values, 1.0]) * 1.05)
    peak = scale[-1]
    ticks = [_number(value) for value in scale]
    left = _left_margin(ticks, 44)
    plot_w, plot_h = width - left - 10, height - bottom - top
    group_w = plot_w / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'class="chart" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for value, tick in zip(scale, ticks, strict=True):
        y = top + plot_h - plot_h * value / peak
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>'
        )
    for index, label in enumerate(labels):
        x0 = left + group_w * index + group_w * 0.1
        for serie_index, (_, serie) in enumerate(series):
            value = serie[index] if index < len(serie) else 0.0
            bar_h = plot_h * value / peak
            x = x0 + bar_w * serie_index
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{bar_h:.1f}" fill="{PALETTE[serie_index % len(PALETTE)]}">'
                f"<title>{escape(label)} : {_number(value)} {escape(unit)}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{height - bottom + 26}" '
            f'text-anchor="middle" class="tick">{escape(label[:3])}</text>'
        )
    for serie_index, limit in enumerate(limits or []):
        y = top + plot_h - plot_h * limit / peak
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{PALETTE[serie_index % len(PALETTE)]}" class="limit"/>'
        )
    x = left
    for serie_index, (name, _) in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="8" width="16" height="16" '
            f'fill="{PALETTE[serie_index % len(PALETTE)]}"/>'
            f'<text x="{x + 22}" y="23" class="legend">{escape(name)}</text>'
        )
        x += 40 + math.ceil(LEGEND_CHAR * len(name))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def line_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str = "€",
    from_zero: bool = False,
) -> SafeString:
    """A line over time with the zero line marked (the cumulative result).

    With `from_zero` the line starts at 0 just before the first value (a running total starts
    from nothing), so a single week still draws a line from 0 to its result.
    """
    width, height, bottom, top = 640, 260, 40, 16
    scale = round_ticks(min([*values, 0.0]), max([*values, 0.0]))
    low, high = scale[0], scale[-1]
    span = high - low
    ticks = [f"{_number(value)} {escape(unit)}" for value in scale]
    left = _left_margin(ticks, 64)
    plot_w, plot_h = width - left - 12, height - bottom - top

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * (value - low) / span

    offset = 1 if from_zero else 0
    count = max(len(values) - 1 + offset, 1)
    points = [
        (left + plot_w * (index + offset) / count, y_of(value))
        for index, value in enumerate(values)
    ]
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'class="chart" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for value, tick in zip(scale, ticks, strict=True):
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" x2="{width - 12}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width - 12}" y1="{y_of(0):.1f}" y2="{y_of(0):.1f}" class="zero"/>'
    )
    if points:
        start = [(float(left), y_of(0.0))] if from_zero else []
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in [*start, *points])
        parts.append(f'<polyline points="{path}" class="line"/>')
        for (x, y), label, value in zip(points, labels, values, strict=True):
            colour = "#2b8a3e" if value >= 0 else "#c92a2a"
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                f"<title>{escape(label)} : {_number(value)} {escape(unit)}</title></circle>"
            )
        step = math.ceil(len(labels) / MAX_DATE_LABELS)
        for index in range(0, len(labels), step):
            x = points[index][0]
            # A label on an edge ends or starts there instead of being cut in half.
            half = len(labels[index]) * TICK_CHAR / 2
            anchor = "end" if x + half > width else "start" if x - half < 0 else "middle"
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" text-anchor="{anchor}" '
                f'class="tick">{escape(labels[index])}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
