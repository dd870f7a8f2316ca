"""Landing files and run manifests: written atomically when the spider closes, never edited."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from crawlers.items import LandingItem
from crawlers.known_releases import landed_release_dates
from crawlers.manifest import claim_run_id, manifest_path
from crawlers.pipelines import LandingWriterPipeline
from crawlers.spiders.jpbox_weekly import JpboxWeeklySpider
from landing.layout import iter_landing_files, landing_file_path, write_landing_file

NOW = dt.datetime(2026, 1, 28, 6, 30, 5, tzinfo=dt.UTC)


def test_run_ids_sort_in_time_order_and_never_collide(tmp_path: Path) -> None:
    first = claim_run_id(tmp_path, "jpbox_weekly", NOW)
    second = claim_run_id(tmp_path, "jpbox_weekly", NOW)
    later = claim_run_id(tmp_path, "jpbox_weekly", NOW + dt.timedelta(seconds=1))
    assert first == "20260128T063005Z-jpbox_weekly"
    assert second == "20260128T063005Z-jpbox_weekly-2"
    assert sorted([later, second, first]) == [first, second, later]


def _week(source_id: int, admissions: int) -> LandingItem:
    return LandingItem(
        kind="weeks",
        source="jpbox-office",
        url="https://www.jpbox-office.com/v9_tophebdo.php?idsem=2927&view=2",
        fields={
            "source": "jpbox-office",
            "source_id": source_id,
            "title": f"Film {source_id}",
            "release_date": "2026-01-28",
            "week_start": "2026-01-28",
            "week_number": 1,
            "admissions": admissions,
            "copies": 100,
        },
    )


def test_files_appear_whole_at_close_with_their_manifest(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    run_id = claim_run_id(landing, "jpbox_weekly", NOW)
    crawler = get_crawler(
        settings_dict={"MERCREDI_LANDING_DIR": str(landing), "MERCREDI_RUN_ID": run_id}
    )
    crawler.spider = JpboxWeeklySpider.from_crawler(crawler, weeks=[dt.date(2026, 1, 28)])
    writer = LandingWriterPipeline.from_crawler(crawler)
    for item in (_week(1, 1000), _week(2, 2000)):
        writer.process_item(item)
    assert list(iter_landing_files(landing)) == []  # nothing visible before the spider closes
    writer.close_spider()

    (landing_file,) = iter_landing_files(landing)
    assert (landing_file.source, landing_file.kind, landing_file.run_id) == (
        "jpbox-office",
        "weeks",
        run_id,
    )
    lines = [
        json.loads(line) for line in landing_file.path.read_text(encoding="utf-8").splitlines()
    ]
    assert [(line["source_id"], line["admissions"]) for line in lines] == [(1, 1000), (2, 2000)]
    assert not list(landing.rglob("*.part"))
    manifest = json.loads(manifest_path(landing, run_id).read_text(encoding="utf-8"))
    assert manifest["spider"] == "jpbox_weekly"
    assert manifest["arguments"]["weeks"] == ["2026-01-28"]
    assert manifest["item_counts"]["written"] == {"weeks": 2}
    assert manifest["files"][0]["path"] == str(landing_file.path)


def test_a_landing_file_is_never_rewritten(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    crawler = get_crawler(
        settings_dict={
            "MERCREDI_LANDING_DIR": str(landing),
            "MERCREDI_RUN_ID": "20260128T063005Z-x",
        }
    )
    writer = LandingWriterPipeline.from_crawler(crawler)
    writer.process_item(_week(1, 1000))
    writer.close_spider()
    again = LandingWriterPipeline.from_crawler(crawler)
    again.process_item(_week(1, 5))
    with pytest.raises(FileExistsError, match="never edited"):
        again.close_spider()


def test_release_dates_come_from_the_weeks_already_landed(tmp_path: Path) -> None:
    landing = tmp_path / "landing"

    def week(source_id: int, release: str, start: str, number: int) -> dict[str, object]:
        return {
            "source": "jpbox-office",
            "source_id": source_id,
            "title": f"Film {source_id}",
            "release_date": release,
            "week_start": start,
            "week_number": number,
            "admissions": 10,
        }

    older = landing_file_path(landing, "jpbox-office", "weeks", "20260121T060000Z-jpbox_weekly")
    write_landing_file(
        older, [week(1, "2026-01-14", "2026-01-21", 2), week(2, "2026-01-21", "2026-01-21", 1)]
    )
    newer = landing_file_path(landing, "jpbox-office", "weeks", "20260128T060000Z-jpbox_weekly")
    write_landing_file(
        newer, [week(1, "2026-01-13", "2026-01-13", 1), week(2, "2026-01-14", "2026-01-28", 2)]
    )
    with newer.open("a", encoding="utf-8") as out:  # a bad line is skipped, not fatal
        out.write('{"source": "jpbox-office", "source_id": 3, "title": "Cut\n')
    assert landed_release_dates(landing, [1, 2, 3]) == {
        1: dt.date(2026, 1, 13),  # the week-1 record beats a date implied by a later week
        2: dt.date(2026, 1, 21),  # and stays when a later week implies another date
    }
    assert landed_release_dates(tmp_path / "nowhere", [1]) == {}
