"""Release dates the landing zone already knows, for film pages that do not print theirs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

from crawlers.spiders.jpbox_weekly import SOURCE
from landing.layout import iter_landing_files
from landing.schema import LandingRecordError, WeekRecord, parse_line


def landed_release_dates(landing_dir: Path, film_ids: Collection[int]) -> dict[int, dt.date]:
    """Film id -> French release date, from the JP's Box-Office `weeks` records already landed.

    A week-1 record gives the date exactly; a later week's record gives the date its chart
    implies. Newer files win. Ids the landing zone has never seen are left out; bad lines are
    skipped (the warehouse quarantines them).
    """
    wanted = set(film_ids)
    found: dict[int, tuple[bool, dt.date]] = {}
    if not wanted or not landing_dir.is_dir():
        return {}
    for landing_file in iter_landing_files(landing_dir):
        if landing_file.source != SOURCE or landing_file.kind != "weeks":
            continue
        with landing_file.path.open("rb") as lines:
            for raw in lines:
                try:
                    record = parse_line("weeks", raw.rstrip(b"\r\n"))
                except LandingRecordError:
                    continue
                if not isinstance(record, WeekRecord) or record.source_id not in wanted:
                    continue
                exact = record.week_number == 1
                previous = found.get(record.source_id)
                if previous is None or exact or not previous[0]:
                    found[record.source_id] = (exact, record.release_date)
    return {film_id: date for film_id, (_, date) in found.items()}
