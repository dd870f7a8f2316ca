"""Item pipelines, one purpose each: read the printed values, check the record, write the files.

Order (ITEM_PIPELINES): ParseValuesPipeline (100) -> ValidateRecordPipeline (200) ->
LandingWriterPipeline (900). A dropped item is counted in the crawl stats under
`mercredi/dropped/<kind>/<reason>` and logged with its URL and the field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from scrapy.exceptions import DropItem

from crawlers.items import LandingItem
from crawlers.manifest import run_manifest, write_manifest
from crawlers.values import parse_count, parse_date, parse_money, parse_percent, parse_runtime
from landing.layout import landing_file_path, write_landing_file
from landing.schema import RECORD_MODELS, LandingKind, LandingRecordError, validate_record
from landing.weeks import release_wednesday

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


def _iso_date(text: str) -> str:
    return parse_date(text).isoformat()


FIELD_PARSERS: Final[dict[str, Callable[[str], Any]]] = {
    "source_id": parse_count,
    "rank": parse_count,
    "week_number": parse_count,
    "admissions": parse_count,
    "copies": parse_count,
    "planned_copies": parse_count,
    "cumulative_admissions": parse_count,
    "total_admissions": parse_count,
    "first_week_admissions_paris": parse_count,
    "total_admissions_paris": parse_count,
    "runtime_min": parse_runtime,
    "market_share_pct": parse_percent,
    "release_date": _iso_date,
    "week_start": _iso_date,
}


def _drop(stats: StatsCollector, item: LandingItem, reason: str, message: str) -> DropItem:
    stats.inc_value(f"mercredi/dropped/{item.kind}/{reason}")
    stats.inc_value("mercredi/dropped")
    return DropItem(f"{item.kind} record from {item.url or 'an unknown page'}: {message}")


class ParseValuesPipeline:
    """Turns printed values into typed ones: '1 224 090' -> 1224090, '2h11' -> 131, dates.

    Blank text means "not given" (None, never 0). A value that cannot be read drops the item
    (reason `unreadable_value`, plus `mercredi/unreadable/<field>`). A chart row's release
    date is the Wednesday its run started (`landing.weeks.release_wednesday`).
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParseValuesPipeline:
        """Built by Scrapy with the crawl's stats."""
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: LandingItem) -> LandingItem:
        """The item with its printed values parsed; raises DropItem on an unreadable value."""
        fields = item.fields
        for name, value in list(fields.items()):
            if not isinstance(value, str):
                continue
            if not value.strip():
                fields[name] = None
                continue
            try:
                if name == "budget":
                    self._parse_budget(fields, value)
                elif name in FIELD_PARSERS:
                    fields[name] = FIELD_PARSERS[name](value)
            except ValueError as error:
                self.stats.inc_value(f"mercredi/unreadable/{name}")
                raise _drop(
                    self.stats, item, "unreadable_value", f"field {name}: {error}"
                ) from None
        if (
            item.kind == "weeks"
            and fields.get("release_date") is None
            and isinstance(fields.get("week_start"), str)
            and isinstance(fields.get("week_number"), int)
        ):
            started = release_wednesday(
                dt.date.fromisoformat(fields["week_start"]), fields["week_number"]
            )
            fields["release_date"] = started.isoformat()
        return item

    @staticmethod
    def _parse_budget(fields: dict[str, Any], text: str) -> None:
        money = parse_money(text)
        fields["budget"] = money[0] if money else None
        if money and not fields.get("budget_currency"):
            fields["budget_currency"] = money[1]
        if fields["budget"] == 0:
            fields["budget"] = None


class ValidateRecordPipeline:
    """Checks each record against the landing schema (`landing.schema.validate_record`).

    A record that breaks it is dropped with the schema's reason (`missing_field`, `wrong_type`,
    `impossible_value`, ...). A valid record's fields are rewritten in the schema's normal form,
    its extra fields kept after them.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidateRecordPipeline:
        """Built by Scrapy with the crawl's stats."""
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: LandingItem) -> LandingItem:
        """The item in the schema's normal form; raises DropItem when the record is invalid."""
        try:
            record = validate_record(item.kind, item.fields)
        except LandingRecordError as error:
            raise _drop(self.stats, item, error.reason, error.detail) from None
        known = set(RECORD_MODELS[item.kind].model_fields)
        extras = {name: value for name, value in item.fields.items() if name not in known}
        item.fields = {**record.model_dump(mode="json"), **extras}
        self.stats.inc_value(f"mercredi/valid/{item.kind}")
        return item


class LandingWriterPipeline:
    """Collects the valid records and, when the spider closes, writes one landing file per
    source and kind (`landing.layout.write_landing_file`: temporary name, then renamed) and the
    run's manifest.
    """

    def __init__(self, crawler: Crawler, landing_dir: Path, run_id: str) -> None:
        self.crawler = crawler
        self.landing_dir = landing_dir
        self.run_id = run_id
        self.records: dict[tuple[str, LandingKind], list[dict[str, Any]]] = defaultdict(list)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LandingWriterPipeline:
        """Built by Scrapy; the landing folder and run id come from the crawl's settings."""
        landing_dir = crawler.settings.get("MERCREDI_LANDING_DIR")
        run_id = crawler.settings.get("MERCREDI_RUN_ID")
        if not landing_dir or not run_id:
            raise ValueError(
                "settings MERCREDI_LANDING_DIR and MERCREDI_RUN_ID must be set to write landing "
                "files; run spiders through `mercredi crawl ...`"
            )
        return cls(crawler, Path(landing_dir), str(run_id))

    def process_item(self, item: LandingItem) -> LandingItem:
        """Keep the record for the run's file of its source and kind."""
        self.records[(item.source, item.kind)].append(item.fields)
        return item

    def close_spider(self) -> None:
        """Write the landing files, then the manifest that lists them."""
        stats = self.crawler.stats
        assert stats is not None
        files: list[dict[str, Any]] = []
        for (source, kind), records in sorted(self.records.items()):
            path = landing_file_path(self.landing_dir, source, kind, self.run_id)
            count = write_landing_file(path, records)
            stats.set_value(f"mercredi/written/{kind}", count)
            files.append({"source": source, "kind": kind, "path": str(path), "records": count})
        spider = self.crawler.spider
        manifest = run_manifest(
            run_id=self.run_id,
            spider=spider.name if spider else None,
            arguments=getattr(spider, "arguments", {}),
            files=files,
            stats=stats.get_stats(),
        )
        write_manifest(self.landing_dir, self.run_id, manifest)
