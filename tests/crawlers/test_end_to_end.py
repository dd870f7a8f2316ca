"""End to end: `mercredi crawl ...` through Scrapy's engine against a local copy of the sites,
then `mercredi warehouse refresh` shows the crawled films and their first weeks.

Each command runs in its own process, as in production (Scrapy's reactor starts once a process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import HISTORY_DIR
from tests.crawlers.conftest import CHART_2026W04
from tests.crawlers.fake_site import Answer, FakeSite, serve
from tests.crawlers.week_site import CHART, week_2026w04_site

pytestmark = pytest.mark.slow

MERCREDI = Path(sys.executable).with_name("mercredi")


@pytest.fixture(scope="module")
def site() -> Iterator[FakeSite]:
    with serve(week_2026w04_site()) as running:
        yield running


def _mercredi(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(MERCREDI), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (
        f"mercredi {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr[-3000:]}"
    )
    return result


def _query(warehouse: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def _manifests(landing: Path) -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((landing / "_runs").glob("*.json"))
    ]


def test_crawl_then_refresh_shows_the_films_and_their_first_weeks(
    site: FakeSite, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    env = {
        **os.environ,
        "MERCREDI_DATA_DIR": str(data),
        "MERCREDI_HISTORY_DIR": str(HISTORY_DIR),
        "MERCREDI_JPBOX_BASE_URL": site.base_url,
        "MERCREDI_TMDB_BASE_URL": f"{site.base_url}/3",
        "MERCREDI_TMDB_API_KEY": "test-key-not-a-secret",
        "MERCREDI_CRAWL_ENV": "development",
        "MERCREDI_DOWNLOAD_DELAY_S": "0",
        "MERCREDI_RETRY_BACKOFF_S": "0.05",
    }
    env.pop("MERCREDI_LANDING_DIR", None)
    landing, warehouse = data / "landing", data / "warehouse.duckdb"

    boxoffice = _mercredi(env, "crawl", "boxoffice", "--week", "2026-01-21")
    assert "wrote 2 films, 9 weeks" in boxoffice.stdout
    # the terminal: a line a problem, no traceback; the whole log is in the run's log file
    assert "Traceback" not in boxoffice.stderr and "Overridden settings" not in boxoffice.stderr
    assert "the whole log goes to" in boxoffice.stderr
    assert "could not fetch" in boxoffice.stderr
    assert "week 2026-01-21: 9 rows, 3 new films (chart 1 of 1 read)" in boxoffice.stderr
    (log,) = (landing / "_runs").glob("*-jpbox_weekly.log")
    assert "Overridden settings" in log.read_text() and "could not fetch" in log.read_text()
    assert site.requested.count(CHART) == 2  # an HTTP 500, then the page after a retry
    pages = _mercredi(env, "crawl", "films", "--ids", "23503=2024-12-25,24044=2024-10-16")
    assert "(page 2 of 2 read)" in pages.stderr
    announced = _mercredi(env, "crawl", "releases", "--wednesday", "2026-01-28")
    assert "test-key-not-a-secret" not in announced.stdout + announced.stderr

    weekly, films, releases = _manifests(landing)
    assert weekly["spider"] == "jpbox_weekly" and weekly["errors"]["mercredi/failed_pages"] == 1
    assert weekly["errors"]["downloader/response_status_count/404"] == 1
    assert weekly["errors"]["retry/count"] == 1
    assert films["item_counts"]["written"] == {"films": 2, "weeks": 1}
    assert films["stats"]["mercredi/films_without_box_office"] == 1
    assert releases["item_counts"]["written"] == {"releases": 4}

    _mercredi(env, "warehouse", "refresh")
    crawled = dict(
        _query(
            warehouse,
            "select source_id, title from dim_film where source = 'jpbox-office' "
            "and source_id in (25089, 25112, 25042, 23503, 24044, 24858)",
        )
    )
    assert crawled == {
        25089: "Le Mage du Kremlin",
        25112: "Primate",
        25042: "Hamnet",
        23503: "Sonic 3",
        24044: "Canary Black",
        24858: "La Femme de ménage",
    }
    first_weeks = {
        source_id: (admissions, copies)
        for source_id, admissions, copies in _query(
            warehouse,
            "select d.source_id, f.admissions, f.copies from fct_first_week f "
            "join dim_film d using (film_id) where d.source = 'jpbox-office' "
            "and d.source_id in (25089, 25112, 25042, 23503, 24044)",
        )
    }
    assert first_weeks == {
        25089: (330_014, 615),
        25112: (156_445, 306),
        25042: (151_660, 213),
        23503: (1_224_090, None),
    }
    mage = _query(
        warehouse,
        "select distributor_raw, runtime_min, release_date::varchar from dim_film "
        "where source_id = 25089",
    )
    assert mage == [("Gaumont", 145, "2026-01-21")]
    assert _query(warehouse, "select count(*) from fct_release where source = 'tmdb'") == [(4,)]
    counts_sql = (
        "select (select count(*) from dim_film), (select count(*) from fct_first_week), "
        "(select count(*) from fct_film_week), (select count(*) from quarantine)"
    )
    before = _query(warehouse, counts_sql)
    assert _query(
        warehouse, "select count(*) from quarantine where origin_file like '%landing%'"
    ) == [(0,)]

    chart_requests = site.requested.count(CHART)
    again = _mercredi(env, "crawl", "boxoffice", "--week", "2026-01-21")
    assert "wrote 2 films, 9 weeks" in again.stdout
    assert site.requested.count(CHART) == chart_requests  # development: served from the HTTP cache
    _mercredi(env, "warehouse", "refresh")
    assert _query(warehouse, counts_sql) == before  # the same week twice adds nothing
    assert len(list((landing / "jpbox-office" / "weeks").glob("*.jsonl"))) == 3


def test_a_range_obeys_robots_txt_and_counts_a_week_without_chart(tmp_path: Path) -> None:
    site = FakeSite(robots_txt=b"User-agent: *\nDisallow: /fichfilm.php\n")
    site.route(
        "/v9_tophebdo.php?idsem=2925&view=2", Answer(b"<html><body>Maintenance</body></html>")
    )
    site.route(CHART, Answer(CHART_2026W04.read_bytes()))
    data = tmp_path / "data"
    with serve(site):
        env = {
            **os.environ,
            "MERCREDI_DATA_DIR": str(data),
            "MERCREDI_JPBOX_BASE_URL": site.base_url,
            "MERCREDI_CRAWL_ENV": "production",
            "MERCREDI_DOWNLOAD_DELAY_S": "0",
        }
        env.pop("MERCREDI_LANDING_DIR", None)
        result = _mercredi(env, "crawl", "boxoffice", "--from", "2026-01-14", "--to", "2026-01-21")
    assert "wrote 9 weeks" in result.stdout
    assert not [path for path in site.requested if path.startswith("/fichfilm.php")]
    (manifest,) = _manifests(data / "landing")
    assert manifest["arguments"]["weeks"] == ["2026-01-14", "2026-01-21"]
    assert manifest["errors"]["robotstxt/forbidden"] == 3
    assert manifest["errors"]["mercredi/page_without_chart"] == 1
    assert not (data / "httpcache").exists()  # production: no HTTP cache
