"""Checks a freshly built warehouse must pass before it replaces the previous one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import duckdb

from landing.schema import EARLIEST_RELEASE

MAX_SHRINK: Final = 0.05


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
            f"dim_film: release_date between {EARLIEST_RELEASE} and {latest_release}",
            f"SELECT count(*) FROM dim_film WHERE release_date < DATE '{EARLIEST_RELEASE}' "
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
    previous_film_count: int | None,
    allow_shrink: bool,
) -> None:
    """Run every check on the new warehouse; raise ChecksFailedError listing all that fail."""
    failures = []
    for check in standard_checks(latest_release):
        row = connection.execute(check.sql).fetchone()
        offending = int(row[0]) if row else 0
        if offending:
            failures.append(f"{check.name}: {offending} offending row(s)")
    film_count_row = connection.execute("SELECT count(*) FROM dim_film").fetchone()
    film_count = int(film_count_row[0]) if film_count_row else 0
    if previous_film_count and not allow_shrink:
        floor = previous_film_count * (1 - MAX_SHRINK)
        if film_count < floor:
            failures.append(
                f"dim_film would drop from {previous_film_count} to {film_count} films "
                f"(more than {MAX_SHRINK:.0%}); check the inputs, "
                "or pass --allow-shrink if intended"
            )
    if failures:
        raise ChecksFailedError(
            "the new warehouse failed its checks, the previous one is kept:\n- "
            + "\n- ".join(failures)
        )
