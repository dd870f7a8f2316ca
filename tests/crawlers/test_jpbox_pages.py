"""The real pages of JP's Box-Office: every fact the fixtures' README promises comes out."""

from __future__ import annotations

import datetime as dt
import time

from scrapy import Request
from scrapy.crawler import Crawler

from crawlers.pages.html import page_selector, without_datalists
from crawlers.pages.jpbox_chart import parse_chart
from crawlers.pages.jpbox_film import parse_film_page
from crawlers.spiders.jpbox_film import JpboxFilmSpider
from crawlers.spiders.jpbox_weekly import JpboxWeeklySpider
from tests.crawlers.conftest import (
    CANARY_BLACK,
    CHART_2026W04,
    SONIC,
    html_response,
    through_pipelines,
)

WEEK = dt.date(2026, 1, 21)
BASE = "https://www.jpbox-office.com"


def test_sonic_3_page_gives_every_promised_fact() -> None:
    page = parse_film_page(page_selector(SONIC.read_bytes()))
    assert page is not None
    assert (page.film_id, page.title, page.original_title) == (
        "23503",
        "Sonic 3",
        "Sonic the Hedgehog 3",
    )
    assert (page.year, page.nationality, page.runtime) == ("2024", "Etats-Unis", "1h 50min")
    assert page.genre == "Aventure - Action"
    assert page.budget == "122 000 000 $"
    assert page.first_week_admissions == "1 224 090"
    assert page.total_admissions == "2 604 338"
    assert page.first_week_admissions_paris == "292 345"
    assert page.franchise == "SONIC"


def test_canary_black_page_has_no_box_office_and_says_so() -> None:
    page = parse_film_page(page_selector(CANARY_BLACK.read_bytes()))
    assert page is not None
    assert (page.title, page.director, page.year) == ("Canary Black", "Pierre Morel", "2024")
    assert (page.nationality, page.runtime, page.genre) == (
        "Grande-Bretagne",
        "1h 41min",
        "Aventure - Action",
    )
    assert not page.has_box_office
    assert page.first_week_admissions is None
    assert page.budget is None


def test_the_datalist_is_cut_before_parsing() -> None:
    body = SONIC.read_bytes()
    trimmed = without_datalists(body)
    assert len(body) > 3_000_000
    assert len(trimmed) < 200_000
    assert b"<datalist" not in trimmed
    assert b"Sonic the Hedgehog 3" in trimmed


def test_film_page_parsing_does_not_grow_with_the_datalist() -> None:
    body = SONIC.read_bytes()
    start = time.perf_counter()
    for _ in range(10):
        parse_film_page(page_selector(body))
    per_page_s = (time.perf_counter() - start) / 10
    assert per_page_s < 0.05  # the benchmark target is 20 pages a second on one core


def test_weekly_chart_gives_nine_rows_with_their_facts() -> None:
    chart = parse_chart(page_selector(CHART_2026W04.read_bytes()))
    assert chart is not None and chart.unreadable_rows == 0
    assert [row.rank for row in chart.rows] == ["1", "2", "3", "5", "6", "7", "8", "9", "10"]
    first = chart.rows[0]
    assert (first.film_id, first.title, first.original_title) == (
        "24858",
        "La Femme de ménage",
        "The Housemaid",
    )
    assert (first.distributor, first.nationality, first.genre, first.runtime) == (
        "Metropolitan",
        "Etats-Unis",
        "Thriller",
        "2h11",
    )
    assert (first.week_number, first.admissions, first.copies) == ("5", "373 410", "967")
    assert (first.average, first.cumulative_admissions, first.market_share) == (
        "386",
        "3 823 351",
        "14,5 %",
    )
    new = [
        (row.film_id, row.title, row.distributor, row.admissions, row.copies)
        for row in chart.rows
        if row.is_new
    ]
    assert new == [
        ("25089", "Le Mage du Kremlin", "Gaumont", "330 014", "615"),
        ("25112", "Primate", "Paramount", "156 445", "306"),
        ("25042", "Hamnet", "Universal", "151 660", "213"),
    ]
    assert all(row.week_number == "1" for row in chart.rows if row.is_new)
    assert chart.rows[4].original_title is None  # Primate prints no original title


def test_weekly_spider_turns_the_chart_into_weeks_records_and_follows_new_films(
    crawler: Crawler,
) -> None:
    spider = JpboxWeeklySpider.from_crawler(crawler, weeks=[WEEK], base_url=BASE)
    url = f"{BASE}/v9_tophebdo.php?idsem=2926&view=2"
    output = list(
        spider.parse_chart(html_response(url, CHART_2026W04.read_bytes()), week_start=WEEK)
    )
    follows = [out.url for out in output if isinstance(out, Request)]
    assert follows == [
        f"{BASE}/fichfilm.php?id={film_id}&view=2" for film_id in (25089, 25112, 25042)
    ]
    run = through_pipelines(crawler, output)
    assert run.dropped == []
    records = {item.fields["source_id"]: item.fields for item in run.kept}
    assert len(records) == 9
    mage = records[25089]
    assert (mage["week_number"], mage["admissions"], mage["copies"]) == (1, 330_014, 615)
    assert mage["release_date"] == mage["week_start"] == "2026-01-21"
    housemaid = records[24858]
    assert (housemaid["week_number"], housemaid["admissions"], housemaid["copies"]) == (
        5,
        373_410,
        967,
    )
    assert housemaid["release_date"] == "2025-12-24"  # four weeks before
    assert (housemaid["cumulative_admissions"], housemaid["market_share_pct"]) == (3_823_351, 14.5)
    assert (housemaid["runtime_min"], records[18827]["runtime_min"]) == (131, 192)
    assert records[25112]["original_title"] is None


def test_film_spider_gives_the_film_and_its_first_week(crawler: Crawler) -> None:
    spider = JpboxFilmSpider.from_crawler(
        crawler, films={23503: dt.date(2024, 12, 25)}, base_url=BASE
    )
    url = f"{BASE}/fichfilm.php?id=23503&view=2"
    output = spider.parse_film(
        html_response(url, SONIC.read_bytes()), film_id=23503, release_date=dt.date(2024, 12, 25)
    )
    run = through_pipelines(crawler, output)
    assert run.dropped == []
    film, week = run.kept
    assert film.kind == "films" and week.kind == "weeks"
    assert film.fields["source_id"] == 23503
    assert (film.fields["title"], film.fields["original_title"]) == (
        "Sonic 3",
        "Sonic the Hedgehog 3",
    )
    assert (film.fields["runtime_min"], film.fields["nationality"], film.fields["genre"]) == (
        110,
        "Etats-Unis",
        "Aventure - Action",
    )
    assert (film.fields["budget"], film.fields["budget_currency"]) == (122_000_000, "USD")
    assert film.fields["is_franchise"] is True
    assert film.fields["release_date"] == "2024-12-25"
    assert (week.fields["week_number"], week.fields["admissions"], week.fields["copies"]) == (
        1,
        1_224_090,
        None,
    )
    assert week.fields["week_start"] == "2024-12-25"
    assert (week.fields["total_admissions"], week.fields["first_week_admissions_paris"]) == (
        2_604_338,
        292_345,
    )


def test_a_page_without_box_office_gives_the_film_and_no_admissions(crawler: Crawler) -> None:
    spider = JpboxFilmSpider.from_crawler(
        crawler, films={24044: dt.date(2024, 10, 16)}, base_url=BASE
    )
    url = f"{BASE}/fichfilm.php?id=24044&view=2"
    output = spider.parse_film(
        html_response(url, CANARY_BLACK.read_bytes()),
        film_id=24044,
        release_date=dt.date(2024, 10, 16),
    )
    run = through_pipelines(crawler, output)
    assert [item.kind for item in run.kept] == ["films"]
    film = run.kept[0].fields
    assert (film["director"], film["nationality"], film["runtime_min"]) == (
        "Pierre Morel",
        "Grande-Bretagne",
        101,
    )
    assert film["is_franchise"] is False
    assert run.stats["mercredi/films_without_box_office"] == 1
    assert "mercredi/dropped" not in run.stats


def test_a_film_without_release_date_is_dropped_and_counted(crawler: Crawler) -> None:
    spider = JpboxFilmSpider.from_crawler(crawler, films={23503: None}, base_url=BASE)
    url = f"{BASE}/fichfilm.php?id=23503&view=2"
    run = through_pipelines(
        crawler,
        spider.parse_film(html_response(url, SONIC.read_bytes()), film_id=23503, release_date=None),
    )
    assert run.kept == []
    assert run.stats["mercredi/dropped/films/missing_field"] == 1
    assert run.stats["mercredi/dropped/weeks/missing_field"] == 1
    assert all(url in message and "release_date" in message for message in run.dropped)
