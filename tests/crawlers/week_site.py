"""The local copy of the sites for the week of Wednesday 2026-01-21 (JP's Box-Office chart and
film pages) and for the releases announced for 2026-01-28 (TMDB), shared by the end-to-end tests
of the crawlers and of the nightly job."""

from __future__ import annotations

from tests.crawlers.conftest import CANARY_BLACK, CHART_2026W04, HANDMADE, SONIC
from tests.crawlers.fake_site import Answer, FakeSite
from tests.crawlers.handmade import handmade_film_page

CHART = "/v9_tophebdo.php?idsem=2926&view=2"
JSON = "application/json;charset=utf-8"
DISCOVER = (
    "/3/discover/movie?include_adult=false&language=fr-FR&region=FR&release_date.gte={first}"
    "&release_date.lte={last}&sort_by=popularity.desc&with_release_type=3|2&page={page}"
)


def route_discover(site: FakeSite, first: str, last: str) -> None:
    """Serve the hand-made discover answer (4 films, 2 pages) for the week `first`..`last`."""
    for page in (1, 2):
        body = (HANDMADE / f"handmade-tmdb-discover-2026-01-28-page-{page}.json").read_bytes()
        site.route(
            DISCOVER.format(first=first, last=last, page=page), Answer(body, content_type=JSON)
        )


def week_2026w04_site() -> FakeSite:
    """The chart (an HTTP 500 first, then the page), the film pages (one answers 404) and
    TMDB's discover and movie answers."""
    site = FakeSite()
    site.route(
        CHART,
        Answer(b"<html><body>Erreur</body></html>", status=500),
        Answer(CHART_2026W04.read_bytes()),
    )
    # Hand-made pages for two of the week's three new films; the third answers 404.
    site.route(
        "/fichfilm.php?id=25089&view=2",
        Answer(
            handmade_film_page(
                25089,
                "Le Mage du Kremlin",
                original_title="The Wizard Of The Kremlin",
                runtime="2h 25min",
                genre="Thriller",
            )
        ),
    )
    site.route(
        "/fichfilm.php?id=25112&view=2",
        Answer(handmade_film_page(25112, "Primate", runtime="1h 29min", genre="Horreur")),
    )
    site.route("/fichfilm.php?id=23503&view=2", Answer(SONIC.read_bytes()))
    site.route("/fichfilm.php?id=24044&view=2", Answer(CANARY_BLACK.read_bytes()))
    route_discover(site, "2026-01-28", "2026-02-03")
    for movie_id in (900001, 900002, 900003, 900004):
        body = (HANDMADE / f"handmade-tmdb-movie-{movie_id}.json").read_bytes()
        site.route(
            f"/3/movie/{movie_id}?append_to_response=credits,release_dates&language=fr-FR",
            Answer(body, content_type=JSON),
        )
    return site
