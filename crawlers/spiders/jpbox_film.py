"""`jpbox_film`: JP's Box-Office film pages, each giving a `films` record and, when the page has a
French box-office block, the film's first week ("Démarrage") as a week-1 `weeks` record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import scrapy
from scrapy.http import Response

from crawlers.items import LandingItem
from crawlers.spiders.jpbox_base import JpboxSpider
from crawlers.spiders.jpbox_weekly import SOURCE, film_fields

FILM_PATH = "/fichfilm.php?id={film_id}&view=2"


class JpboxFilmSpider(JpboxSpider):
    """Arguments: `films`, film id -> French release date (or None when unknown).

    The film page prints only the year: the release date must come from the caller (the chart
    the film was seen in, or `--ids ID=YYYY-MM-DD`). Without it the records cannot meet the
    landing contract and are dropped as `missing_field` (release_date), counted and logged.
    A page without box office gives the film and no admissions (missing, not 0).
    """

    name = "jpbox_film"

    def __init__(
        self,
        films: Mapping[int, dt.date | None] | str,
        base_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(films, str):
            films = {int(part.strip()): None for part in films.split(",") if part.strip()}
        self.films = dict(films)
        self.pages_read = 0
        self.base_url = (base_url or "https://www.jpbox-office.com").rstrip("/")
        self.arguments = {
            "films": {str(k): v.isoformat() if v else None for k, v in self.films.items()},
            "base_url": self.base_url,
        }

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One film page request per film id."""
        for film_id, release_date in self.films.items():
            yield scrapy.Request(
                self.base_url + FILM_PATH.format(film_id=film_id),
                callback=self.parse_film,
                errback=self.page_failed,
                cb_kwargs={"film_id": film_id, "release_date": release_date},
            )

    def parse_film(
        self, response: Response, film_id: int, release_date: dt.date | None
    ) -> Iterator[LandingItem]:
        """The film's `films` record and, when the page has one, its week-1 `weeks` record."""
        page = self.read_film_page(response)
        if page is None:
            return
        self.pages_read += 1
        self.logger.info(
            "film %s: %s (page %d of %d read)",
            film_id,
            page.title,
            self.pages_read,
            len(self.films),
        )
        if release_date is None:
            self.logger.warning(
                "film page %s prints no release date; pass --ids %s=YYYY-MM-DD to keep it",
                response.url,
                film_id,
            )
        fields = film_fields(page, None, response.url)
        fields["source_id"] = fields["source_id"] or str(film_id)
        dates: dict[str, str] = {}
        if release_date is not None:  # left out when unknown: the record then lacks the field
            dates = {
                "release_date": release_date.isoformat(),
                "week_start": release_date.isoformat(),
            }
            fields["release_date"] = dates["release_date"]
        yield LandingItem(kind="films", source=SOURCE, url=response.url, fields=fields)
        if not page.has_box_office:
            self.crawler.stats.inc_value("mercredi/films_without_box_office")
            return
        yield LandingItem(
            kind="weeks",
            source=SOURCE,
            url=response.url,
            fields={
                "source": SOURCE,
                "source_id": fields["source_id"],
                "title": page.title,
                **dates,
                "week_number": 1,
                "admissions": page.first_week_admissions,
                "copies": None,
                "total_admissions": page.total_admissions,
                "first_week_admissions_paris": page.first_week_admissions_paris,
                "total_admissions_paris": page.total_admissions_paris,
            },
        )
