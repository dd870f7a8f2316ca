"""Read what the model needs from the warehouse (DuckDB, read-only) and from release files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from landing.schema import LandingRecordError, ReleaseRecord, parse_line
from warehouse.database import reading_warehouse
from warehouse.identity import film_id_for
from warehouse.marts import DIM_FILM_COLUMNS, film_column_types
from warehouse.settings import WarehouseSettings

_NOT_READ: Final = frozenset(
    # Provenance and derived columns; is_franchise / is_remake are set with hindsight (leak).
    {"source", "source_id", "url", "release_week", "distributor_raw", "is_franchise", "is_remake"}
)
FILM_COLUMNS: Final = tuple(name for name in DIM_FILM_COLUMNS if name not in _NOT_READ)
"""The columns of `dim_film` the model reads: the film's facts known before its release."""

_HISTORY_QUERY = f"""
SELECT {", ".join(f"f.{c}" for c in FILM_COLUMNS)}, w.copies, w.admissions
FROM dim_film AS f JOIN fct_first_week AS w USING (film_id)
ORDER BY f.release_date, f.film_id
"""
_WEEKS_QUERY = """
SELECT week_start, school_holiday_days, school_holiday_zones, public_holidays FROM dim_week
"""


@dataclass(frozen=True)
class History:
    """Films with a known first week (`FILM_COLUMNS`, `copies`, `admissions`) and the calendar."""

    films: pl.DataFrame
    weeks: pl.DataFrame


def load_history(settings: WarehouseSettings) -> History:
    """Every film of the warehouse with its first week, and `dim_week`, read-only."""
    path = settings.warehouse
    if not path.exists():
        raise FileNotFoundError(
            f"warehouse {path} does not exist; run `mercredi warehouse refresh` first"
        )
    with reading_warehouse(path) as connection:
        films = pl.DataFrame(pl.from_arrow(connection.sql(_HISTORY_QUERY).to_arrow_table()))
        weeks = pl.DataFrame(pl.from_arrow(connection.sql(_WEEKS_QUERY).to_arrow_table()))
    if films.is_empty():
        raise ValueError(f"warehouse {path} holds no film with a first week; nothing to learn from")
    return History(films=films, weeks=weeks)


def read_releases(path: Path) -> pl.DataFrame:
    """Announced films from a `releases` JSON Lines file, as rows of FILM_COLUMNS + `copies`.

    `copies` is the record's `planned_copies`; `film_id` is the warehouse's identity of the film
    (`warehouse.identity.film_id_for`), so a forecast joins the film's actual first week.
    A line that breaks the landing contract stops the reading with its line number and reason.
    """
    rows = []
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                record = parse_line("releases", raw.rstrip(b"\r\n"))
            except LandingRecordError as error:
                raise ValueError(
                    f"{path} line {number} is not a valid releases record ({error.reason}): "
                    f"{error.detail}"
                ) from None
            assert isinstance(record, ReleaseRecord)
            row = record.model_dump(include=set(FILM_COLUMNS))
            row["film_id"] = film_id_for(record.title, record.release_date.isoformat())
            row["copies"] = record.planned_copies
            rows.append(row)
    if not rows:
        raise ValueError(f"{path} holds no release; nothing to predict")
    return releases_frame(rows)


def releases_frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    """Rows of film facts (FILM_COLUMNS + `copies`) as a frame with the warehouse's types."""
    schema = {**film_column_types(FILM_COLUMNS), "copies": pl.Int32()}
    return pl.DataFrame(rows, schema=schema)


_ANNOUNCED_QUERY = f"""
SELECT {", ".join(f"f.{c}" for c in FILM_COLUMNS)}, r.planned_copies AS copies
FROM fct_release AS r JOIN dim_film AS f USING (film_id)
WHERE r.release_week = ?
ORDER BY f.release_date, f.film_id
"""
_WAREHOUSE_FACTS_QUERY = """
SELECT (SELECT max(finished_at) FROM refresh_log),
       (SELECT max(f.release_week) FROM fct_first_week JOIN dim_film AS f USING (film_id))
"""


def announced_films(path: Path, wednesday: dt.date) -> pl.DataFrame:
    """The warehouse's announced releases (`fct_release`) of the week starting `wednesday`, as
    rows of FILM_COLUMNS + `copies` (planned copies), read-only."""
    if not path.exists():
        raise FileNotFoundError(
            f"warehouse {path} does not exist; run `mercredi warehouse refresh` first"
        )
    with reading_warehouse(path) as connection:
        films = connection.sql(_ANNOUNCED_QUERY, params=[wednesday]).pl()
    return releases_frame(films.to_dicts()) if films.height else releases_frame([])


@dataclass(frozen=True)
class WarehouseFacts:
    """When the warehouse was last refreshed and the last week with known first weeks."""

    refreshed_at: dt.datetime | None
    last_week: dt.date | None


def warehouse_facts(path: Path) -> WarehouseFacts:
    """The warehouse's last refresh time and last known release week, read-only."""
    if not path.exists():
        raise FileNotFoundError(f"warehouse {path} is missing: run `mercredi warehouse refresh`")
    with reading_warehouse(path) as connection:
        row = connection.execute(_WAREHOUSE_FACTS_QUERY).fetchone()
    refreshed_at, last_week = row if row else (None, None)
    return WarehouseFacts(refreshed_at=refreshed_at, last_week=last_week)
