"""`releases`: the films announced for a Wednesday in France, from TMDB's API.

`discover/movie` with `region=FR`, `with_release_type=3|2` (theatrical, limited) and release dates
from the Wednesday to the Tuesday after, page by page; then each film's details with
`append_to_response=credits,release_dates`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.items import LandingItem
from crawlers.pages.tmdb import parse_discover, parse_release
from crawlers.spiders.base import MercrediSpider

SOURCE = "tmdb"
LANGUAGE = "fr-FR"
MAX_DISCOVER_PAGES = 20


class ReleasesSpider(MercrediSpider):
    """Arguments: `wednesday` (date or 'YYYY-MM-DD') and the TMDB `api_key`.

    A key that looks like a TMDB v4 read access token (a JWT, 'eyJ...') is sent as a Bearer
    header; a v3 API key goes in the `api_key` query parameter.
    """

    name = "releases"

    def __init__(
        self,
        wednesday: dt.date | str,
        api_key: str,
        base_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.wednesday = (
            dt.date.fromisoformat(wednesday) if isinstance(wednesday, str) else wednesday
        )
        self.base_url = (base_url or "https://api.themoviedb.org/3").rstrip("/")
        self._api_key = api_key
        self.arguments = {"wednesday": self.wednesday.isoformat(), "base_url": self.base_url}

    def _request(self, path: str, params: dict[str, str], **kwargs: Any) -> scrapy.Request:
        headers = {"Accept": "application/json"}
        if self._api_key.startswith("eyJ"):
            headers["Authorization"] = f"Bearer {self._api_key}"
        else:
            params = {**params, "api_key": self._api_key}
        return scrapy.Request(
            f"{self.base_url}{path}?{urlencode(params)}",
            headers=headers,
            errback=self.page_failed,
            **kwargs,
        )

    def _discover(self, page: int) -> scrapy.Request:
        last_day = self.wednesday + dt.timedelta(days=6)
        params = {
            "region": "FR",
            "with_release_type": "3|2",
            "release_date.gte": self.wednesday.isoformat(),
            "release_date.lte": last_day.isoformat(),
            "language": LANGUAGE,
            "sort_by": "popularity.desc",
            "include_adult": "false",
            "page": str(page),
        }
        return self._request("/discover/movie", params, callback=self.parse_discover)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The first page of the week's discover query."""
        yield self._discover(1)

    def parse_discover(self, response: Response) -> Iterator[scrapy.Request]:
        """A details request per film, and the next discover page while there is one."""
        try:
            page = parse_discover(json.loads(response.text))
        except (ValueError, TypeError) as error:
            self.crawler.stats.inc_value("mercredi/page_unreadable")
            self.logger.error("discover answer %s is unreadable: %s", response.url, error)
            return
        self.crawler.stats.inc_value("mercredi/discovered", len(page.movie_ids))
        for movie_id in page.movie_ids:
            yield self._request(
                f"/movie/{movie_id}",
                {"language": LANGUAGE, "append_to_response": "credits,release_dates"},
                callback=self.parse_details,
            )
        if page.page < min(page.total_pages, MAX_DISCOVER_PAGES):
            yield self._discover(page.page + 1)

    def parse_details(self, response: Response) -> Iterator[LandingItem]:
        """The film's `releases` record."""
        try:
            release = parse_release(json.loads(response.text), self.wednesday)
        except (ValueError, TypeError, KeyError) as error:
            self.count_drop("releases", "unreadable_answer")
            self.logger.warning("movie details %s are unreadable: %s", response.url, error)
            return
        for code in release.unmapped_countries:
            self.crawler.stats.inc_value(f"mercredi/unmapped/country/{code}")
        for name in release.unmapped_genres:
            self.crawler.stats.inc_value(f"mercredi/unmapped/genre/{name}")
        yield LandingItem(
            kind="releases", source=SOURCE, url=release.fields["url"], fields=release.fields
        )
