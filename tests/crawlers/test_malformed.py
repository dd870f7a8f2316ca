"""Malformed input: nothing crashes, no bad row is written, every drop is counted."""

from __future__ import annotations

import datetime as dt

from scrapy.crawler import Crawler

from crawlers.spiders.jpbox_film import JpboxFilmSpider
from crawlers.spiders.jpbox_weekly import JpboxWeeklySpider
from tests.crawlers.conftest import CHART_2026W04, html_response, through_pipelines
from tests.crawlers.handmade import handmade_film_page

WEEK = dt.date(2026, 1, 21)
BASE = "https://www.jpbox-office.com"
CHART_URL = f"{BASE}/v9_tophebdo.php?idsem=2926&view=2"


def _weekly(crawler: Crawler) -> JpboxWeeklySpider:
    return JpboxWeeklySpider.from_crawler(crawler, weeks=[WEEK], base_url=BASE)


def test_a_truncated_chart_keeps_the_whole_rows_and_counts_the_cut_one(crawler: Crawler) -> None:
    body = CHART_2026W04.read_bytes()
    cut = body.index(b"Zootopie 2") + 200  # inside the fourth row, before its numbers
    output = _weekly(crawler).parse_chart(html_response(CHART_URL, body[:cut]), week_start=WEEK)
    run = through_pipelines(crawler, output)
    assert [item.fields["source_id"] for item in run.kept] == [24858, 18827, 25089]
    assert run.stats["mercredi/dropped/weeks/unreadable_row"] == 1
    assert run.stats["mercredi/dropped"] == 1


def test_a_page_without_chart_table_gives_nothing_and_is_counted(crawler: Crawler) -> None:
    body = b"<html><body><p>Maintenance en cours</p></body></html>"
    output = list(_weekly(crawler).parse_chart(html_response(CHART_URL, body), week_start=WEEK))
    assert output == []
    assert crawler.stats is not None
    assert crawler.stats.get_value("mercredi/page_without_chart") == 1


def test_garbled_numbers_drop_their_row_only(crawler: Crawler) -> None:
    body = CHART_2026W04.read_bytes()
    body = body.replace(b"> 373 410<", b"> 373 4l0<")  # a letter l for a one
    body = body.replace(b"> 306<", b"> -<")  # Primate's copies printed as a dash
    body = body.replace(b'"col_poster_contenu_majeur ">9<', b'"col_poster_contenu_majeur ">9?<')
    output = _weekly(crawler).parse_chart(html_response(CHART_URL, body), week_start=WEEK)
    run = through_pipelines(crawler, output)
    kept = {item.fields["source_id"] for item in run.kept}
    assert 24858 not in kept and 24332 not in kept and 25112 not in kept
    assert len(run.kept) == 6
    assert run.stats["mercredi/dropped/weeks/unreadable_value"] == 3
    assert run.stats["mercredi/unreadable/admissions"] == 1
    assert run.stats["mercredi/unreadable/copies"] == 1
    assert run.stats["mercredi/unreadable/week_number"] == 1
    assert any(
        "field admissions: '373 4l0' is not a whole number" in m and CHART_URL in m
        for m in run.dropped
    )


def test_impossible_values_are_dropped_by_the_landing_schema(crawler: Crawler) -> None:
    body = CHART_2026W04.read_bytes().replace(b"> 330 014</td>", b"> 0</td>", 1)
    output = _weekly(crawler).parse_chart(html_response(CHART_URL, body), week_start=WEEK)
    run = through_pipelines(crawler, output)
    assert 25089 not in {item.fields["source_id"] for item in run.kept}
    assert run.stats["mercredi/dropped/weeks/impossible_value"] == 1
    assert any("admissions 0" in message for message in run.dropped)


def test_a_film_page_with_odd_or_missing_parts(crawler: Crawler) -> None:
    """Hand-made: no original title, no country, no genre, runtime '2h', budget '- $',
    and a first week printed 'n.c.'."""
    body = handmade_film_page(
        30001,
        "Un film bizarre",
        country=None,
        genre=None,
        runtime="2h",
        budget="- $",
        first_week="n.c.",
    )
    spider = JpboxFilmSpider.from_crawler(crawler, films={30001: WEEK}, base_url=BASE)
    url = f"{BASE}/fichfilm.php?id=30001&view=2"
    run = through_pipelines(
        crawler, spider.parse_film(html_response(url, body), film_id=30001, release_date=WEEK)
    )
    assert [item.kind for item in run.kept] == ["films"]
    film = run.kept[0].fields
    assert (film["source_id"], film["title"], film["runtime_min"]) == (
        30001,
        "Un film bizarre",
        120,
    )
    assert film["original_title"] is None and film["nationality"] is None and film["genre"] is None
    assert film["budget"] is None and film["budget_currency"] is None
    assert run.stats["mercredi/dropped/weeks/unreadable_value"] == 1
    assert run.stats["mercredi/unreadable/admissions"] == 1


def test_a_page_that_is_not_a_film_page_is_counted(crawler: Crawler) -> None:
    spider = JpboxFilmSpider.from_crawler(crawler, films={1: WEEK}, base_url=BASE)
    url = f"{BASE}/fichfilm.php?id=1&view=2"
    output = list(
        spider.parse_film(
            html_response(url, b"<html><body>Film introuvable</body></html>"),
            film_id=1,
            release_date=WEEK,
        )
    )
    assert output == []
    assert crawler.stats is not None
    assert crawler.stats.get_value("mercredi/dropped/films/not_a_film_page") == 1


def test_a_film_page_cut_inside_its_datalist_gives_nothing(crawler: Crawler) -> None:
    body = handmade_film_page(30002, "Coupé", datalist_options=50)
    cut = body.index(b"Film 25")
    spider = JpboxFilmSpider.from_crawler(crawler, films={30002: WEEK}, base_url=BASE)
    url = f"{BASE}/fichfilm.php?id=30002&view=2"
    assert (
        list(spider.parse_film(html_response(url, body[:cut]), film_id=30002, release_date=WEEK))
        == []
    )
    assert crawler.stats is not None
    assert crawler.stats.get_value("mercredi/dropped/films/not_a_film_page") == 1
