"""Pages parsed per second, on one core: the 3.5 MB film page and the weekly chart.

Usage: uv run python benchmarks/parse_pages.py [--seconds 3]
Prints its figures and writes them to benchmarks/results/parse_pages.json. The real pages are read
from ../shared/fixtures/jpbox/ (beside the repository). The film page is also parsed with its
datalist doubled, to show parsing does not slow down with the datalist, and parsed whole (datalist
kept) with lxml, to show what the cut saves. The chart is an excerpt without its datalist; it is
also parsed with the film page's datalist put back, about the size of the real chart page.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from harness import FIXTURES_DIR, machine, write_results

from crawlers.pages.html import page_selector
from crawlers.pages.jpbox_chart import parse_chart
from crawlers.pages.jpbox_film import parse_film_page

FIXTURES = FIXTURES_DIR


def pages_per_second(parse: Callable[[], object], seconds: float) -> tuple[float, int]:
    """Parse repeatedly for about `seconds`; return pages a second and how many were parsed."""
    parse()  # warm up
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        parse()
        count += 1
    return count / elapsed, count


def main() -> None:
    """Run the benchmark and write its results file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent on each case")
    arguments = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    film = (FIXTURES / "film-23503-sonic-3.html").read_bytes()
    chart = (FIXTURES / "weekly-chart-2026w04-excerpt.html").read_bytes()
    start, end = film.index(b"<datalist"), film.index(b"</datalist>") + len(b"</datalist>")
    doubled = film[:end] + film[start:end] + film[end:]
    # The excerpt had its 4 MB datalist cut; put the film page's back to get a full-size chart.
    body_at = chart.index(b"<body>") + len(b"<body>")
    full_chart = chart[:body_at] + film[start:end] + chart[body_at:]

    def whole_page_lxml() -> object:
        from parsel import Selector

        return Selector(text=film.decode("utf-8"), type="html").xpath("//h1")

    cases: dict[str, tuple[Callable[[], object], int]] = {
        "film_page": (lambda: parse_film_page(page_selector(film)), len(film)),
        "film_page_datalist_doubled": (
            lambda: parse_film_page(page_selector(doubled)),
            len(doubled),
        ),
        "weekly_chart_excerpt": (lambda: parse_chart(page_selector(chart)), len(chart)),
        "weekly_chart_with_a_datalist": (
            lambda: parse_chart(page_selector(full_chart)),
            len(full_chart),
        ),
        "film_page_parsed_whole_without_cut": (whole_page_lxml, len(film)),
    }
    results: dict[str, object] = {
        "machine": machine("pinned to 1"),
        "seconds_per_case": arguments.seconds,
        "target_film_pages_per_s": 20,
    }
    for name, (parse, size) in cases.items():
        rate, count = pages_per_second(parse, arguments.seconds)
        results[name] = {"pages_per_s": round(rate, 1), "pages": count, "page_bytes": size}
        print(f"{name:38s} {rate:8.1f} pages/s  ({count} pages of {size / 1e6:.2f} MB)")
    write_results("parse_pages", results)


if __name__ == "__main__":
    main()
