"""What JP's Box-Office spiders share: reading a film page (the TMDB spider has no such page)."""

from __future__ import annotations

from scrapy.http import Response

from crawlers.pages.html import response_selector
from crawlers.pages.jpbox_film import FilmPage, parse_film_page
from crawlers.spiders.base import MercrediSpider


class JpboxSpider(MercrediSpider):
    """A spider of JP's Box-Office: film pages read, and counted when they are not one."""

    def read_film_page(self, response: Response) -> FilmPage | None:
        """The JP's Box-Office film page in `response`; None (counted, logged) if not one."""
        page = parse_film_page(response_selector(response))
        if page is None:
            self.count_drop("films", "not_a_film_page")
            self.logger.warning("%s is not a film page (no title): nothing taken", response.url)
        return page
