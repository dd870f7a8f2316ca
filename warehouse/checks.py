"""Checks a freshly built warehouse must pass before it replaces the previous one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import duckdb

from landing.ranges import EARLIEST_DATE

MAX_SHRINK: Final = 0.05


@dataclass(frozen=True)
class Volume:
    """A count that must not collapse from one refresh to the next: rows of a mart, or rows of it
    whose fact is filled."""

    table: str
    label: str
    condition: str = "TRUE"

    def sql(self, database: str) -> str:
        """The query counting it in `database` (the new warehouse is 'main')."""
        return f"SELECT count(*) FROM {database}.{self.table} WHERE {self.condition}"


VOLUMES: Final = (
    Volume("dim_film", "films"),
    Volume("dim_film", "films with a genre", "genre IS NOT NULL"),
    Volume("dim_film", "films with a director", "director IS NOT NULL"),
    Volume("dim_film", "films with a distributor", "distributor IS NOT NULL"),
    Volume("dim_film", "films with a runtime", "runtime_min IS NOT NULL"),
    Volume("fct_first_week", "first weeks"),
    Volume("fct_first_week", "first weeks with copies", "copies IS NOT NULL"),
    Volume("fct_film_week", "film weeks"),
)
"""What a refresh compares with the previous warehouse: an emptied or truncated input shows
as one of these dropping, even when the film count holds."""


def measure_volumes(
    connection: duckdb.DuckDBPyConnection, database: str = "main"
) -> dict[Volume, int]:
    """Every volume of VOLUMES that `database` can count (an older warehouse may lack a table or
    a column: that volume is left out)."""
    counts: dict[Volume, int] = {}
    for volume in VOLUMES:
        try:
            row = connection.execute(volume.sql(database)).fetchone()
        except (duckdb.CatalogException, duckdb.BinderException):
            continue
        counts[volume] = int(row[0]) if row else 0
    return counts


def shrink_failures(previous: dict[Volume, int], new: dict[Volume, int]) -> list[str]:
    """The volumes that dropped by more than MAX_SHRINK, each named with both counts."""
    failures = []
    for volume, before in previous.items():
        after = new.get(volume, 0)
        if before and after < before * (1 - MAX_SHRINK):
            failures.append(
                f"{volume.table}: {volume.label} would drop from {before:,} to {after:,} "
                f"(more than {MAX_SHRINK:.0%}); check the inputs, "
                "or pass --allow-shrink if intended"
            )
    return failures


class ChecksFailedError(RuntimeError):
    """The new warehouse is not fit to replace the old one; the message lists every failure."""


@dataclass(frozen=True)
class Check:
    """A query that counts offending rows; the check passes when it counts none."""

    name: str
    sql: str


def _unique(table: str, key: str) -> Check:
    return Check(
        f"{table}: {key} is unique",
        f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1)",
    )


def _not_null(table: str, columns: str) -> Check:
    condition = " OR ".join(f"{column} IS NULL" for column in columns.split(", "))
    return Check(f"{table}: {columns} not null", f"SELECT count(*) FROM {table} WHERE {condition}")


def standard_checks(latest_release: dt.date) -> list[Check]:
    """Unique and not-null keys, positive admissions, copies >= 1, sane release dates."""
    return [
        _unique("dim_film", "film_id"),
        _not_null("dim_film", "film_id, title, release_date, release_week"),
        _unique("fct_first_week", "film_id"),
        _unique("fct_film_week", "film_id, week_number"),
        _unique("fct_release", "film_id"),
        _unique("dim_week", "week_start"),
        _unique("dim_distributor", "distributor"),
        _not_null("fct_first_week", "film_id, week_start, admissions"),
        Check(
            "fct_film_week: admissions > 0",
            "SELECT count(*) FROM fct_film_week WHERE admissions <= 0",
        ),
        Check(
            "fct_film_week: copies >= 1 or null",
            "SELECT count(*) FROM fct_film_week WHERE copies IS NOT NULL AND copies < 1",
        ),
        Check(
            "fct_release: planned_copies >= 1 or null",
            "SELECT count(*) FROM fct_release "
            "WHERE planned_copies IS NOT NULL AND planned_copies < 1",
        ),
        Check(
            f"dim_film: release_date between {EARLIEST_DATE} and {latest_release}",
            f"SELECT count(*) FROM dim_film WHERE release_date < DATE '{EARLIEST_DATE}' "
            f"OR release_date > DATE '{latest_release}'",
        ),
        Check(
            "fct_film_week: every film is in dim_film",
            "SELECT count(*) FROM fct_film_week w ANTI JOIN dim_film f USING (film_id)",
        ),
        Check(
            "fct_release: every film is in dim_film",
            "SELECT count(*) FROM fct_release r ANTI JOIN dim_film f USING (film_id)",
        ),
    ]


def run_checks(
    connection: duckdb.DuckDBPyConnection,
    *,
    latest_release: dt.date,
    previous_volumes: dict[Volume, int] | None,
    allow_shrink: bool,
) -> None:
    """Run every check on the new warehouse; raise ChecksFailedError listing all that fail.

    Unless `allow_shrink`, every volume of VOLUMES must stay within MAX_SHRINK of the previous
    warehouse's (`previous_volumes`, None for a first refresh).
    """
    failures = []
    for check in standard_checks(latest_release):
        row = connection.execute(check.sql).fetchone()
        offending = int(row[0]) if row else 0
        if offending:
            failures.append(f"{check.name}: {offending} offending row(s)")
    if previous_volumes and not allow_shrink:
        failures.extend(shrink_failures(previous_volumes, measure_volumes(connection)))
    if failures:
        raise ChecksFailedError(
            "the new warehouse failed its checks, the previous one is kept:\n- "
            + "\n- ".join(failures)
        )
