"""The portal's SVG charts: what they draw, read back from the markup."""

from __future__ import annotations

import re

import pytest

from portal.web.charts import MAX_DATE_LABELS, TICK_CHAR, grouped_bars_svg, line_svg, round_ticks


def _polyline_points(svg: str) -> list[tuple[float, float]]:
    match = re.search(r'<polyline points="([^"]+)"', svg)
    assert match is not None, svg
    pairs = [pair.split(",") for pair in match.group(1).split()]
    return [(float(x), float(y)) for x, y in pairs]


def _plot_left(svg: str) -> float:
    """Where the plot starts: the first grid line's left end."""
    return float(re.findall(r'<line x1="([0-9.]+)"[^>]*class="grid"', svg)[0])


def _ticks(svg: str) -> list[tuple[float, str, str]]:
    """Every tick label: (x, text-anchor, text)."""
    found = re.findall(
        r'<text x="([-0-9.]+)" y="[-0-9.]+" text-anchor="(\w+)" class="tick">([^<]*)<', svg
    )
    return [(float(x), anchor, text) for x, anchor, text in found]


def test_a_running_total_of_one_week_is_a_line_from_zero_to_its_result() -> None:
    svg = str(line_svg(["04/01/23"], [-1200.0], title="Résultat cumulé", from_zero=True))

    points = _polyline_points(svg)
    zero_y = float(re.findall(r'y1="([0-9.]+)"[^>]*class="zero"', svg)[0])
    assert len(points) == 2
    (x0, y0), (x1, y1) = points
    assert (x0, y0) == (_plot_left(svg), zero_y)  # starts on the zero line, at the left edge
    assert x1 > x0 and y1 > y0  # a loss ends below zero (SVG y grows downwards)
    assert svg.count("<circle") == 1  # the starting 0 is not a week: no dot, no label
    assert "<title>04/01/23 : \u22121\u202f200 €</title>" in svg


def test_without_from_zero_the_line_joins_the_values_only() -> None:
    svg = str(line_svg(["a", "b", "c"], [100.0, 50.0, 300.0], title="t"))

    points = _polyline_points(svg)
    assert len(points) == 3
    assert points[0][0] == _plot_left(svg) and points[-1][0] == 640 - 12
    assert svg.count("<circle") == 3


def test_no_tick_label_starts_left_of_the_chart_even_for_a_large_loss() -> None:
    weeks = [f"{day:02d}/01/23" for day in range(1, 31)]
    svg = str(line_svg(weeks, [-6_000.0 * (i + 1) for i in range(30)], title="t", from_zero=True))

    values = [tick for tick in _ticks(svg) if tick[2].endswith("€")]
    assert values[0][2] == "\u2212200\u202f000 €"  # the lowest tick, below the -180,000 EUR reached
    for x, anchor, text in values:
        assert anchor == "end" and x - len(text) * TICK_CHAR >= 0, text
    dates = [tick for tick in _ticks(svg) if not tick[2].endswith("€")]
    assert 1 < len(dates) <= MAX_DATE_LABELS  # a phone can show them side by side
    for x, anchor, text in dates:
        width = len(text) * TICK_CHAR
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        assert left >= 0 and left + width <= 640, text


def test_bar_ticks_and_legend_fit_a_receipts_chart() -> None:
    days = ["mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lundi", "mardi"]
    svg = str(
        grouped_bars_svg(
            days, [("Salle 1", [12_000.0] * 7), ("Salle 2", [800.0] * 7)], title="t", unit="€"
        )
    )

    values = [tick for tick in _ticks(svg) if tick[1] == "end"]
    assert [text for _, _, text in values] == ["0", "5\u202f000", "10\u202f000", "15\u202f000"]
    for x, _, text in values:
        assert x - len(text) * TICK_CHAR >= 0, text
    legend = re.findall(r'<text x="([0-9.]+)" y="[0-9.]+" class="legend">', svg)
    squares = re.findall(r'<rect x="([0-9.]+)" y="8"', svg)
    # the second room's square starts after the first room's name ends
    assert float(squares[1]) > float(legend[0]) + len("Salle 1") * 14


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 126, [0, 50, 100, 150]),  # a room's 120 seats
        (0, 3_068, [0, 1_000, 2_000, 3_000, 4_000]),
        (-3_510, 0, [-4_000, -3_000, -2_000, -1_000, 0]),
        (-180_000, 0, [-200_000, -150_000, -100_000, -50_000, 0]),
        (-500, 2_600, [-1_000, 0, 1_000, 2_000, 3_000]),
        (0, 840, [0, 250, 500, 750, 1_000]),
        (0, 1.05, [0, 1, 2]),  # nothing expected: whole numbers still
    ],
)
def test_axes_step_by_round_numbers(low: float, high: float, ticks: list[float]) -> None:
    assert round_ticks(low, high) == ticks
