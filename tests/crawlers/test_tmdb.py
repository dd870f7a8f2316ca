"""TMDB answers (hand-made, in TMDB's documented shapes) become `releases` records with the
history's labels."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import TextResponse

from crawlers.items import LandingItem
from crawlers.mappings import (
    COUNTRY_LABELS,
    TMDB_GENRE_LABELS,
    history_age_rating,
    history_genre,
    history_nationality,
)
from crawlers.spiders.releases import ReleasesSpider
from tests.conftest import HISTORY_DIR
from tests.crawlers.conftest import HANDMADE, through_pipelines

WEDNESDAY = dt.date(2026, 1, 28)
API = "http://tmdb.test/3"
HISTORY_FILMS = HISTORY_DIR / "films.jsonl"


def _json_response(url: str, path: Path) -> TextResponse:
    return TextResponse(url=url, body=path.read_bytes(), encoding="utf-8", request=Request(url))


def _history_labels(field: str) -> set[str]:
    with HISTORY_FILMS.open(encoding="utf-8") as lines:
        return {value for line in lines if (value := json.loads(line)[field])}


def test_every_mapped_label_is_one_the_history_uses() -> None:
    genres, nationalities = _history_labels("genre"), _history_labels("nationality")
    assert {label for label in TMDB_GENRE_LABELS.values() if label} <= genres
    assert set(COUNTRY_LABELS.values()) <= nationalities
    assert "Comédie dramatique" in genres  # reached by the comedy + drama rule


@pytest.mark.parametrize(
    ("genre_ids", "label"),
    [
        ([28, 12, 878], "Aventure - Action"),
        ([12, 16, 35], "Animation"),
        ([18, 99], "Documentaire"),
        ([18, 35], "Comédie dramatique"),
        ([35, 10749], "Comédie"),
        ([80, 18], "Thriller"),
        ([27, 53], "Horreur"),
        ([36, 10752], "Guerre"),  # History has no equivalent: the next genre decides
        ([36], None),
        ([10770], None),
        ([], None),
    ],
)
def test_tmdb_genres_map_to_one_history_genre(genre_ids: list[int], label: str | None) -> None:
    assert history_genre(genre_ids) == label


def test_countries_and_certifications_map_to_history_labels() -> None:
    assert history_nationality(["US"]) == "Etats-Unis"
    assert history_nationality(["gb"]) == "Grande-Bretagne"
    assert history_nationality(["XK", "FR"]) == "France"
    assert history_nationality(["XK"]) is None
    assert history_nationality(["BE", "FR"]) == "Belgique"
    assert history_nationality(["BE", "FR"], "fr") == "France"
    assert history_nationality(["GB", "US"], "en") == "Grande-Bretagne"
    assert [history_age_rating(c) for c in ("U", "12", "16", "18", "10", "", None)] == [
        "Tous publics",
        "Moins de 12 ans",
        "Moins de 16 ans",
        "Moins de 18 ans",
        None,
        None,
        None,
    ]


def _spider(crawler: Crawler) -> ReleasesSpider:
    return ReleasesSpider.from_crawler(crawler, wednesday=WEDNESDAY, api_key="k3y", base_url=API)


def test_discover_pages_ask_for_each_film_and_the_next_page(crawler: Crawler) -> None:
    spider = _spider(crawler)
    first = list(
        spider.parse_discover(
            _json_response(
                f"{API}/discover/movie?page=1",
                HANDMADE / "handmade-tmdb-discover-2026-01-28-page-1.json",
            )
        )
    )
    urls = [request.url for request in first]
    assert urls[0].startswith(f"{API}/movie/900001?") and urls[1].startswith(f"{API}/movie/900002?")
    assert "append_to_response=credits%2Crelease_dates" in urls[0] and "api_key=k3y" in urls[0]
    next_page = urls[2]
    for part in (
        "region=FR",
        "with_release_type=3%7C2",
        "release_date.gte=2026-01-28",
        "release_date.lte=2026-02-03",
        "page=2",
    ):
        assert part in next_page
    last = list(
        spider.parse_discover(
            _json_response(
                f"{API}/discover/movie?page=2",
                HANDMADE / "handmade-tmdb-discover-2026-01-28-page-2.json",
            )
        )
    )
    assert [r.url.split("?")[0] for r in last] == [f"{API}/movie/900003", f"{API}/movie/900004"]


def test_a_read_access_token_goes_in_a_bearer_header(crawler: Crawler) -> None:
    spider = ReleasesSpider.from_crawler(
        crawler, wednesday=WEDNESDAY, api_key="eyJhbGciOi.x.y", base_url=API
    )
    request = spider._discover(1)
    assert request.headers.get("Authorization") == b"Bearer eyJhbGciOi.x.y"
    assert "api_key" not in request.url


def _releases(crawler: Crawler) -> dict[int, dict[str, Any]]:
    spider = _spider(crawler)
    items: list[LandingItem] = []
    for movie_id in (900001, 900002, 900003, 900004):
        items.extend(
            spider.parse_details(
                _json_response(
                    f"{API}/movie/{movie_id}", HANDMADE / f"handmade-tmdb-movie-{movie_id}.json"
                )
            )
        )
    run = through_pipelines(crawler, items)
    assert run.dropped == []
    return {item.fields["source_id"]: item.fields for item in run.kept}


def test_details_become_releases_records(crawler: Crawler) -> None:
    releases = _releases(crawler)
    phare = releases[900001]
    assert phare["source"] == "tmdb" and phare["url"] == "https://www.themoviedb.org/movie/900001"
    assert (phare["title"], phare["release_date"], phare["genre"]) == (
        "Le Dernier Phare",
        "2026-01-28",
        "Comédie dramatique",
    )
    assert (phare["nationality"], phare["age_rating"], phare["runtime_min"]) == (
        "France",
        "Tous publics",
        97,
    )
    assert (phare["director"], phare["cast"]) == (
        "Anne Fictive",
        ["Paul Imaginaire", "Claire Inventée"],
    )
    assert (phare["budget"], phare["budget_currency"], phare["is_franchise"]) == (None, None, False)
    assert phare["planned_copies"] is None and phare["distributor"] is None
    assert phare["production_companies"] == ["Phare Films", "Les Films du Nord"]

    orbital = releases[900002]
    assert (orbital["genre"], orbital["nationality"], orbital["age_rating"]) == (
        "Aventure - Action",
        "Etats-Unis",
        "Moins de 12 ans",
    )
    assert (orbital["budget"], orbital["budget_currency"]) == (150_000_000, "USD")
    assert (orbital["is_franchise"], orbital["collection"]) == (True, "Orbital - la saga")
    assert orbital["cast"] == ["Acteur 0", "Acteur 1", "Acteur 2", "Acteur 3"]
    assert orbital["director"] == "John Madeup"


def test_missing_french_date_runtime_and_country_fall_back(crawler: Crawler) -> None:
    releases = _releases(crawler)
    kaiju = releases[900003]
    assert kaiju["release_date"] == "2026-01-28"  # no French date: the Wednesday asked for
    assert (kaiju["genre"], kaiju["nationality"], kaiju["runtime_min"]) == (
        "Animation",
        "Japon",
        None,
    )
    assert kaiju["age_rating"] is None and kaiju["cast"] == []
    nowhere = releases[900004]
    assert nowhere["release_date"] == "2026-02-01"  # limited theatrical
    assert (nowhere["genre"], nowhere["nationality"], nowhere["age_rating"]) == (None, None, None)
    assert crawler.stats is not None
    assert crawler.stats.get_value("mercredi/unmapped/country/XK") == 1
    assert crawler.stats.get_value("mercredi/unmapped/genre/Téléfilm") == 1


def test_an_unreadable_answer_is_counted_not_fatal(crawler: Crawler) -> None:
    spider = _spider(crawler)
    url = f"{API}/movie/1"
    response = TextResponse(
        url=url, body=b'{"id": 1, "title": "Cut', encoding="utf-8", request=Request(url)
    )
    assert list(spider.parse_details(response)) == []
    assert crawler.stats is not None
    assert crawler.stats.get_value("mercredi/dropped/releases/unreadable_answer") == 1
