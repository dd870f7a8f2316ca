"""`jpbox_weekly`: JP's Box-Office weekly France charts, one week or a range, and new films."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawlers.items import LandingItem
from crawlers.pages.html import response_selector
from crawlers.pages.jpbox_chart import ChartRow, parse_chart
from crawlers.pages.jpbox_film import FilmPage
from crawlers.spiders.jpbox_base import JpboxSpider
from crawlers.weeks import idsem_of

SOURCE = "jpbox-office"
CHART_PATH = "/v9_tophebdo.php?idsem={idsem}&view=2"


def film_fields(page: FilmPage, row: ChartRow | None, url: str) -> dict[str, Any]:
    """A `films` record's fields from a film page, completed by its chart row when known.

    The film page gives the director, budget and franchise; only the chart gives the
    distributor. Where both print a fact, the film page wins.
    """
    return {
        "source": SOURCE,
        "source_id": page.film_id or (row.film_id if row else None),
        "url": url,
        "title": page.title,
        "original_title": page.original_title or (row.original_title if row else None),
        "genre": page.genre or (row.genre if row else None),
        "nationality": page.nationality or (row.nationality if row else None),
        "runtime_min": page.runtime or (row.runtime if row else None),
        "director": page.director,
        "cast": [],
        "distributor": row.distributor if row else None,
        "budget": page.budget,
        "budget_currency": None,
        "age_rating": None,
        "is_franchise": page.franchise is not None,
        "is_remake": None,
        "franchise": page.franchise,
        "year": page.year,
    }


class JpboxWeeklySpider(JpboxSpider):
    """Every row of the chart of each requested week gives a `weeks` record; each film in its
    first week (Sem. = 1) is followed to its film page for a `films` record.

    Arguments: `weeks`, a list of Wednesdays (dates or 'YYYY-MM-DD' separated by commas).
    """

    name = "jpbox_weekly"

    def __init__(
        self, weeks: list[dt.date] | str, base_url: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(weeks, str):
            weeks = [
                dt.date.fromisoformat(part.strip()) for part in weeks.split(",") if part.strip()
            ]
        self.weeks = list(weeks)
        self.charts_read = 0
        self.base_url = (base_url or "https://www.jpbox-office.com").rstrip("/")
        self.arguments = {
            "weeks": [week.isoformat() for week in self.weeks],
            "base_url": self.base_url,
        }

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One chart request per week."""
        for week in self.weeks:
            yield scrapy.Request(
                self.base_url + CHART_PATH.format(idsem=idsem_of(week)),
                callback=self.parse_chart,
                errback=self.page_failed,
                cb_kwargs={"week_start": week},
            )

    def parse_chart(
        self, response: Response, week_start: dt.date
    ) -> Iterator[LandingItem | scrapy.Request]:
        """The week's `weeks` records, and requests for the film pages of its new films."""
        chart = parse_chart(response_selector(response))
        if chart is None:
            self.crawler.stats.inc_value("mercredi/page_without_chart")
            self.logger.error(
                "no chart table in %s (week %s): nothing taken", response.url, week_start
            )
            return
        self.crawler.stats.inc_value("mercredi/chart_rows", len(chart.rows))
        self.charts_read += 1
        self.logger.info(
            "week %s: %d rows, %d new films (chart %d of %d read)",
            week_start,
            len(chart.rows),
            sum(row.is_new for row in chart.rows),
            self.charts_read,
            len(self.weeks),
        )
        if chart.unreadable_rows:
            self.count_drop("weeks", "unreadable_row", chart.unreadable_rows)
            self.logger.warning(
                "%d chart rows of %s have no film link or too few cells: dropped",
                chart.unreadable_rows,
                response.url,
            )
        for row in chart.rows:
            yield LandingItem(
                kind="weeks",
                source=SOURCE,
                url=response.url,
                fields={
                    "source": SOURCE,
                    "source_id": row.film_id,
                    "title": row.title,
                    "release_date": None,  # from week_start and week_number in the pipeline
                    "week_start": week_start.isoformat(),
                    "week_number": row.week_number,
                    "admissions": row.admissions,
                    "copies": row.copies,
                    "rank": row.rank,
                    "original_title": row.original_title,
                    "distributor": row.distributor,
                    "nationality": row.nationality,
                    "genre": row.genre,
                    "runtime_min": row.runtime,
                    "cumulative_admissions": row.cumulative_admissions,
                    "market_share_pct": row.market_share,
                },
            )
            if row.is_new and row.film_href:
                yield response.follow(
                    row.film_href,
                    callback=self.parse_film,
                    errback=self.page_failed,
                    cb_kwargs={"row": row, "week_start": week_start},
                )

    def parse_film(
        self, response: Response, row: ChartRow, week_start: dt.date
    ) -> Iterator[LandingItem]:
        """The `films` record of a film released in `week_start`."""
        page = self.read_film_page(response)
        if page is None:
            return
        fields = film_fields(page, row, response.url)
        fields["release_date"] = week_start.isoformat()
        yield LandingItem(kind="films", source=SOURCE, url=response.url, fields=fields)
