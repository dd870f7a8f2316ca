"""The portal's SVG charts: what they draw, read back from the markup."""

from __future__ import annotations

import re

from portal.web.charts import line_svg


def _polyline_points(svg: str) -> list[tuple[float, float]]:
    match = re.search(r'<polyline points="([^"]+)"', svg)
    assert match is not None, svg
    pairs = [pair.split(",") for pair in match.group(1).split()]
    return [(float(x), float(y)) for x, y in pairs]


def test_a_running_total_of_one_week_is_a_line_from_zero_to_its_result() -> None:
    svg = str(line_svg(["04/01/23"], [-1200.0], title="Résultat cumulé", from_zero=True))

    points = _polyline_points(svg)
    zero_y = float(re.findall(r'y1="([0-9.]+)"[^>]*class="zero"', svg)[0])
    assert len(points) == 2
    (x0, y0), (x1, y1) = points
    assert (x0, y0) == (64.0, zero_y)  # starts on the zero line, at the left edge
    assert x1 > x0 and y1 > y0  # a loss ends below zero (SVG y grows downwards)
    assert svg.count("<circle") == 1  # the starting 0 is not a week: no dot, no label
    assert "<title>04/01/23 : -1\u202f200 €</title>" in svg


def test_without_from_zero_the_line_joins_the_values_only() -> None:
    svg = str(line_svg(["a", "b", "c"], [100.0, 50.0, 300.0], title="t"))

    points = _polyline_points(svg)
    assert len(points) == 3
    assert points[0][0] == 64.0 and points[-1][0] == 640 - 12
    assert svg.count("<circle") == 3
