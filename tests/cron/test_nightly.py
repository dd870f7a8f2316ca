"""`mercredi nightly` end to end, offline: real `mercredi` processes crawl a local copy of JP's
Box-Office and TMDB, then refresh the warehouse; run twice, the warehouse is the same."""

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
from tests.crawlers.fake_site import Answer, FakeSite, serve
from tests.crawlers.week_site import CHART, DISCOVER, JSON, route_discover, week_2026w04_site

pytestmark = pytest.mark.slow

MERCREDI = Path(sys.executable).with_name("mercredi")
TODAY = "2026-01-28"  # a Wednesday: last week is 2026-01-21, the next two are 02-04 and 02-11
EMPTY_DISCOVER = b'{"page": 1, "results": [], "total_pages": 1, "total_results": 0}'
COUNTS_SQL = (
    "select (select count(*) from dim_film), (select count(*) from fct_first_week), "
    "(select count(*) from fct_film_week), (select count(*) from fct_release), "
    "(select count(*) from quarantine)"
)


def _site(chart_down: bool = False) -> FakeSite:
    """The crawlers' week of 2026-01-21; the hand-made releases stand for the week of 02-04."""
    site = week_2026w04_site()
    if chart_down:
        site.route(CHART, Answer(b"<html><body>Erreur</body></html>", status=503))
    route_discover(site, "2026-02-04", "2026-02-10")
    site.route(
        DISCOVER.format(first="2026-02-11", last="2026-02-17", page=1),
        Answer(EMPTY_DISCOVER, content_type=JSON),
    )
    return site


@pytest.fixture(scope="module")
def site() -> Iterator[FakeSite]:
    with serve(_site()) as running:
        yield running


def _environment(site: FakeSite, data: Path, *, tmdb_key: bool = True) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MERCREDI_") and key != "MLFLOW_TRACKING_URI"
    }
    env.update(
        {
            "MERCREDI_DATA_DIR": str(data),
            "MERCREDI_HISTORY_DIR": str(HISTORY_DIR),
            "MERCREDI_TODAY": TODAY,
            "MERCREDI_JPBOX_BASE_URL": site.base_url,
            "MERCREDI_TMDB_BASE_URL": f"{site.base_url}/3",
            "MERCREDI_CRAWL_ENV": "production",
            "MERCREDI_DOWNLOAD_DELAY_S": "0",
            "MERCREDI_RETRY_TIMES": "1",
            "MERCREDI_RETRY_BACKOFF_S": "0.05",
        }
    )
    if tmdb_key:
        env["MERCREDI_TMDB_API_KEY"] = "test-key-not-a-secret"
    return env


def _nightly(env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]]]:
    result = subprocess.run(
        [str(MERCREDI), "nightly"], env=env, capture_output=True, text=True, timeout=300
    )
    steps = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result, steps


def _marts(counts: dict[str, int]) -> dict[str, int]:
    return {
        table: count
        for table, count in counts.items()
        if not table.startswith("stg_") and table not in ("landing_files", "refresh_log")
    }


def _counts(warehouse: Path) -> tuple[Any, ...]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        row = connection.execute(COUNTS_SQL).fetchone()
    assert row is not None
    return tuple(row)


def test_nightly_twice_crawls_refreshes_and_changes_nothing_the_second_time(
    site: FakeSite, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    env = _environment(site, data)

    first, steps = _nightly(env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert [step["step"] for step in steps] == [
        "crawl boxoffice 2026-01-21",
        "crawl releases 2026-02-04",
        "crawl releases 2026-02-11",
        "warehouse refresh",
    ]
    assert all(step["status"] == "ok" and step["job"] == "nightly" for step in steps)
    assert all(step["duration_s"] >= 0 for step in steps)
    chart, releases, no_releases, refresh = (step["counts"] for step in steps)
    assert (chart["films"], chart["weeks"]) == (2, 9)
    assert releases["releases"] == 4
    assert no_releases == {"dropped": 0, "errors": 0}
    assert refresh["dim_film"] == 9_089 + 9 + 4  # the history, the chart's 9 films, 4 releases
    assert refresh["fct_release"] == 4
    assert "nightly for 2026-01-28 done: 4 steps" in first.stdout
    assert "test-key-not-a-secret" not in first.stdout + first.stderr

    warehouse = data / "warehouse.duckdb"
    before = _counts(warehouse)
    assert before[3] == 4 and before[4] == 0

    second, again = _nightly(env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert [step["status"] for step in again] == ["ok"] * 4
    assert _counts(warehouse) == before
    # Landing files are append-only (staging sees each observation twice); the marts do not move.
    assert _marts(again[-1]["counts"]) == _marts(refresh)
    assert again[-1]["counts"]["landing_files"] > refresh["landing_files"]


def test_a_source_down_fails_its_step_only_and_an_unconfigured_one_is_skipped(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    with serve(_site(chart_down=True)) as site:
        result, steps = _nightly(_environment(site, data, tmdb_key=False))
    assert result.returncode == 1
    statuses = {step["step"]: (step["status"], step["level"]) for step in steps}
    assert statuses == {
        "crawl boxoffice 2026-01-21": ("failed", "error"),
        "crawl releases 2026-02-04": ("skipped", "warning"),
        "crawl releases 2026-02-11": ("skipped", "warning"),
        "warehouse refresh": ("ok", "info"),
    }
    assert "MERCREDI_TMDB_API_KEY is not set" in steps[1]["message"]
    assert steps[0]["message"].startswith("exit code 1")
    assert "nightly for 2026-01-28 failed: crawl boxoffice 2026-01-21" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert _counts(data / "warehouse.duckdb")[0] == 9_089  # the refresh still ran
