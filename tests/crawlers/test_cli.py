"""`mercredi crawl ...` refuses bad arguments before any request is sent."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawlers.run import CrawlArgumentError, CrawlResult, parse_film_ids
from cron.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["boxoffice", "--week", "2026-01-22"], "--week 2026-01-22 is a Thursday, not a Wednesday"),
        (
            ["boxoffice", "--from", "2026-01-28", "--to", "2026-01-21"],
            "--from 2026-01-28 is after --to 2026-01-21",
        ),
        (
            ["boxoffice", "--from", "2026-01-27", "--to", "2026-02-04"],
            "--from 2026-01-27 is a Tuesday",
        ),
        (["boxoffice"], "give --week YYYY-MM-DD, or both --from and --to"),
        (
            ["boxoffice", "--week", "2026-01-21", "--from", "2026-01-21"],
            "either --week or --from/--to",
        ),
        (["releases", "--wednesday", "2026-01-28"], "MERCREDI_TMDB_API_KEY is not set"),
        (["releases", "--wednesday", "2026-01-29"], "--wednesday 2026-01-29 is a Thursday"),
        (
            ["films", "--ids", "23503,abc"],
            "film id 'abc' in --ids '23503,abc' is not a whole number",
        ),
        (["films", "--ids", "23503=2024-25-12"], "release date '2024-25-12' in --ids"),
    ],
)
def test_bad_arguments_fail_before_any_request(
    arguments: list[str], message: str, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["crawl", *arguments])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "data").exists()  # no run was claimed, nothing was fetched


def test_film_ids_with_and_without_release_dates() -> None:
    import datetime as dt

    assert parse_film_ids(["23503=2024-12-25,24044", "25089"]) == {
        23503: dt.date(2024, 12, 25),
        24044: None,
        25089: None,
    }
    with pytest.raises(CrawlArgumentError):
        parse_film_ids(["-4"])


def test_a_crawl_that_wrote_nothing_because_pages_failed_exits_non_zero(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manifest = {
        "files": [],
        "item_counts": {"written": {}, "dropped": {}},
        "errors": {"downloader/response_status_count/503": 4, "mercredi/failed_pages": 1},
        "stats": {"mercredi/failed_pages": 1},
    }
    failed = CrawlResult(run_id="20260128T060000Z-jpbox_weekly", manifest=manifest)
    monkeypatch.setattr("crawlers.run.crawl_boxoffice", lambda **_: failed)
    result = runner.invoke(app, ["crawl", "boxoffice", "--week", "2026-01-28"])
    assert result.exit_code == 1
    assert "1 pages could not be fetched" in result.output
    assert "wrote nothing: response_status_count/503 x4, failed_pages x1" in result.output
    assert "_runs/20260128T060000Z-jpbox_weekly.json" in result.output
