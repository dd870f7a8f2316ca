"""`fct_programme` and `fct_cinema_day`: the portal's programmes and attendance, read through
SQLAlchemy from its database (`DATABASE_URL`, else `<data dir>/portal.sqlite3`).

The warehouse imports nothing of the portal: it reads the portal's tables by their fixed names
(docs/data-contract.md). A portal database that does not exist yet, or has no tables yet, gives
two empty tables; a configured server that cannot be reached fails the refresh (SourceError), so
the last good warehouse is kept rather than replaced by one that lost the cinema's weeks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import polars as pl
import sqlalchemy as sa

from warehouse.settings import WarehouseSettings
from warehouse.sources import SourceError

PROGRAMME_SCHEMA: Final[dict[str, Any]] = {
    "programme_id": pl.Int64,
    "cinema": pl.String,
    "wednesday": pl.Date,
    "status": pl.String,
    "is_replay": pl.Boolean,
    "model_version": pl.String,
    "room": pl.String,
    "seats": pl.Int32,
    "shows_per_day": pl.Int32,
    "film_id": pl.String,
    "title": pl.String,
    "p10": pl.Float64,
    "p50": pl.Float64,
    "p90": pl.Float64,
    "expected_audience": pl.Float64,
    "expected_receipts_eur": pl.Float64,
    "ticket_price_eur": pl.Float64,
    "fixed_costs_eur": pl.Float64,
    "published_at": pl.Datetime("us", "UTC"),
}
CINEMA_DAY_SCHEMA: Final[dict[str, Any]] = {
    "programme_id": pl.Int64,
    "wednesday": pl.Date,
    "room": pl.String,
    "film_id": pl.String,
    "date": pl.Date,
    "admissions": pl.Int32,
}
PORTAL_TABLES: Final = (
    "portal_cinema",
    "portal_week_programme",
    "portal_screening",
    "portal_daily_attendance",
)

PROGRAMME_SQL: Final = """
SELECT p.id, c.name, p.wednesday, p.status, p.is_replay, p.model_version, s.room, s.seats,
       s.shows_per_day, s.film_id, s.title, s.p10, s.p50, s.p90, s.expected_audience,
       s.expected_receipts_eur, p.ticket_price_eur, p.fixed_costs_eur, p.published_at
FROM portal_week_programme p
JOIN portal_cinema c ON c.id = p.cinema_id
JOIN portal_screening s ON s.programme_id = p.id
ORDER BY p.wednesday, p.id, s.position
"""
CINEMA_DAY_SQL: Final = """
SELECT p.id, p.wednesday, s.room, s.film_id, a.date, a.admissions
FROM portal_daily_attendance a
JOIN portal_screening s ON s.id = a.screening_id
JOIN portal_week_programme p ON p.id = s.programme_id
ORDER BY p.wednesday, s.position, a.date
"""


def sqlalchemy_url(database_url: str) -> str:
    """The SQLAlchemy form of a `DATABASE_URL` (dj-database-url style `postgres://` included)."""
    scheme, _, rest = database_url.partition("://")
    if scheme in ("postgres", "postgresql", "pgsql"):
        return f"postgresql+psycopg://{rest}"
    return database_url


def _sqlite_path(database_url: str) -> Path | None:
    if not database_url.startswith("sqlite:"):
        return None
    path = urlsplit(database_url).path
    return Path(path[1:] if path.startswith("//") else path) if path else None


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _timestamp(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


def _frame(rows: Sequence[Sequence[Any]], schema: Mapping[str, Any]) -> pl.DataFrame:
    return pl.DataFrame([list(row) for row in rows], schema=schema, orient="row", strict=False)


def empty_portal_tables() -> dict[str, pl.DataFrame]:
    """Both tables with their columns and no rows."""
    return {
        "fct_programme": pl.DataFrame(schema=PROGRAMME_SCHEMA),
        "fct_cinema_day": pl.DataFrame(schema=CINEMA_DAY_SCHEMA),
    }


def read_portal_tables(settings: WarehouseSettings) -> dict[str, pl.DataFrame]:
    """`fct_programme` and `fct_cinema_day` from the portal's database (empty when absent)."""
    database_url = settings.portal_database
    sqlite_file = _sqlite_path(database_url)
    if sqlite_file is not None and not sqlite_file.exists():
        return empty_portal_tables()
    engine = sa.create_engine(sqlalchemy_url(database_url))
    try:
        with engine.connect() as connection:
            present = set(sa.inspect(connection).get_table_names())
            if not set(PORTAL_TABLES) <= present:
                return empty_portal_tables()
            programmes = connection.execute(sa.text(PROGRAMME_SQL)).all()
            days = connection.execute(sa.text(CINEMA_DAY_SQL)).all()
    except sa.exc.OperationalError as error:
        where = database_url.rsplit("@", 1)[-1]
        raise SourceError(
            f"the portal database {where!r} (DATABASE_URL) cannot be read: "
            f"{str(error.orig).strip().splitlines()[0]}; start it or fix DATABASE_URL"
        ) from None
    finally:
        engine.dispose()
    return {
        "fct_programme": _frame(
            [
                (
                    row[0],
                    row[1],
                    _date(row[2]),
                    row[3],
                    bool(row[4]),
                    row[5] or None,
                    *row[6:18],
                    _timestamp(row[18]),
                )
                for row in programmes
            ],
            PROGRAMME_SCHEMA,
        ),
        "fct_cinema_day": _frame(
            [(row[0], _date(row[1]), row[2], row[3], _date(row[4]), row[5]) for row in days],
            CINEMA_DAY_SCHEMA,
        ),
    }
