"""The cockpit's loaders: typed, cached reads of the warehouse, opened read-only for each load.

No connection is ever kept: a refresh renames a new DuckDB file over the old one, so each load
opens the file that is there now. Every loader takes the file's path and its version (its
modification time in nanoseconds, see `locate`) so that a refresh or a new batch of predictions
is picked up at the next rerun; the TTL only bounds how long unused results stay in memory.
A loader of a table the warehouse does not have returns None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import duckdb
import polars as pl
import streamlit as st

from cockpit.settings import CockpitSettings
from warehouse.database import (
    WarehouseMissingError,
    WarehouseUnreadableError,
    reading_warehouse,
)
from warehouse.locking import WarehouseBusyError
from warehouse.status import WarehouseStatus, read_status

CACHE_TTL: Final = dt.timedelta(minutes=10)


class WarehouseUnavailableError(RuntimeError):
    """The warehouse cannot be read just now; the message, in French, says what to do."""


@dataclass(frozen=True)
class WarehouseFile:
    """One version of the warehouse file: its path and its modification time (ns)."""

    path: str
    version: int


def locate(settings: CockpitSettings) -> WarehouseFile | None:
    """The warehouse file the settings name, with its current version; None when missing."""
    path = settings.warehouse
    try:
        return WarehouseFile(str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None


_UNREADABLE: Final = (
    WarehouseBusyError,
    WarehouseMissingError,
    WarehouseUnreadableError,
    duckdb.Error,
)


def _unavailable(path: str, error: Exception) -> WarehouseUnavailableError:
    if isinstance(error, WarehouseBusyError):
        return WarehouseUnavailableError(
            f"L'entrepôt {path} est en cours d'écriture depuis trop longtemps ({error}). "
            "Réessayez dans un instant."
        )
    return WarehouseUnavailableError(
        f"L'entrepôt {path} ne se lit pas ({error}). Reconstruisez-le avec "
        "`mercredi warehouse refresh`."
    )


def _frame(path: str, sql: str, params: list[Any] | None = None) -> pl.DataFrame:
    """Run one query on a read-only connection opened for it (`warehouse.database` waits
    briefly while a writer holds the file)."""
    try:
        with reading_warehouse(Path(path)) as connection:
            frame: pl.DataFrame = connection.sql(sql, params=params).pl()
            return frame
    except _UNREADABLE as error:
        raise _unavailable(path, error) from None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def tables(path: str, version: int) -> tuple[str, ...]:
    """The names of the warehouse's tables."""
    names = _frame(path, "SELECT table_name FROM duckdb_tables() ORDER BY table_name")
    return tuple(names["table_name"].to_list())


def _has(path: str, version: int, *names: str) -> bool:
    present = tables(path, version)
    return all(name in present for name in names)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def warehouse_status(path: str, version: int) -> WarehouseStatus:
    """Row counts, quarantine by reason and last refresh (`mercredi warehouse status`)."""
    try:
        return read_status(Path(path))
    except _UNREADABLE as error:
        raise _unavailable(path, error) from None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def programme_rooms(path: str, version: int) -> pl.DataFrame | None:
    """One row per room of each published week (the latest published programme of the week):
    what was projected and what staff typed in (`actual_audience`, null before any day)."""
    if not _has(path, version, "fct_programme", "fct_cinema_day"):
        return None
    return _frame(
        path,
        """
        WITH published AS (
            SELECT * FROM fct_programme WHERE status = 'published'
            QUALIFY programme_id = max(programme_id) OVER (PARTITION BY cinema, wednesday)
        ), typed AS (
            SELECT programme_id, room, count(*) AS days_entered,
                   sum(admissions) AS actual_audience
            FROM fct_cinema_day GROUP BY programme_id, room
        )
        SELECT p.programme_id, p.cinema, p.wednesday, p.is_replay, p.model_version, p.room,
               p.seats, p.shows_per_day, p.film_id, p.title, p.p10, p.p50, p.p90,
               p.expected_audience, p.expected_receipts_eur, p.ticket_price_eur,
               p.fixed_costs_eur, p.published_at,
               coalesce(t.days_entered, 0) AS days_entered,
               CAST(t.actual_audience AS DOUBLE) AS actual_audience,
               t.actual_audience * p.ticket_price_eur AS actual_receipts_eur
        FROM published p LEFT JOIN typed t USING (programme_id, room)
        ORDER BY p.wednesday, p.seats DESC, p.room
        """,
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def cinema_days(path: str, version: int) -> pl.DataFrame | None:
    """The attendance staff typed in, one row per room and day, for published weeks."""
    if not _has(path, version, "fct_programme", "fct_cinema_day"):
        return None
    return _frame(
        path,
        """
        SELECT d.programme_id, d.wednesday, d.room, d.film_id, d.date,
               CAST(d.admissions AS DOUBLE) AS admissions
        FROM fct_cinema_day d
        JOIN (SELECT DISTINCT programme_id FROM fct_programme WHERE status = 'published') p
          USING (programme_id)
        ORDER BY d.date, d.room
        """,
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def replay_predictions(path: str, version: int) -> pl.DataFrame | None:
    """The newest replay prediction of each film (kind `replay` in `fct_prediction`), with its
    release week, actual first week and copies."""
    if not _has(path, version, "fct_prediction", "dim_film", "fct_first_week"):
        return None
    return _frame(
        path,
        """
        SELECT f.release_week AS wednesday, p.film_id, f.title, p.model_version, p.as_of_date,
               p.p10, p.p50, p.p90, CAST(w.admissions AS DOUBLE) AS actual_admissions,
               w.copies, p.predicted_at
        FROM fct_prediction p
        JOIN dim_film f USING (film_id)
        LEFT JOIN fct_first_week w USING (film_id)
        WHERE p.kind = 'replay'
        QUALIFY row_number() OVER (PARTITION BY p.film_id ORDER BY p.predicted_at DESC) = 1
        ORDER BY wednesday, p.p50 DESC
        """,
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def forecast_accuracy(path: str, version: int) -> pl.DataFrame | None:
    """`mart_forecast_accuracy` with each film's genre, distributor and nationality."""
    if not _has(path, version, "mart_forecast_accuracy", "dim_film"):
        return None
    return _frame(
        path,
        """
        SELECT m.*, f.genre, f.distributor, f.nationality,
               CAST(date_trunc('month', m.release_date) AS DATE) AS month
        FROM mart_forecast_accuracy m LEFT JOIN dim_film f USING (film_id)
        ORDER BY m.release_date, m.film_id
        """,
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def decision_backtest(path: str, version: int) -> pl.DataFrame | None:
    """The latest run of the decision backtest (`fct_decision_backtest`), all its rows."""
    if not _has(path, version, "fct_decision_backtest"):
        return None
    return _frame(
        path,
        """
        SELECT *, CAST(date_trunc('month', wednesday) AS DATE) AS month
        FROM fct_decision_backtest
        WHERE run_id = (
            SELECT run_id FROM fct_decision_backtest ORDER BY computed_at DESC, run_id DESC
            LIMIT 1
        )
        ORDER BY wednesday, scenario, policy
        """,
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def decision_summary(path: str, version: int) -> pl.DataFrame | None:
    """The latest decision backtest's summary (`fct_decision_summary`): capture, lead over the
    widest-release rule with its 90 % interval, and the verdict, per scenario, period and
    policy. Empty when the latest run was written before summaries were stored."""
    if not _has(path, version, "fct_decision_backtest", "fct_decision_summary"):
        return None
    return _frame(
        path,
        """
        SELECT *
        FROM fct_decision_summary
        WHERE run_id = (
            SELECT run_id FROM fct_decision_backtest ORDER BY computed_at DESC, run_id DESC
            LIMIT 1
        )
        ORDER BY scenario, period, policy
        """,
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def films(path: str, version: int) -> pl.DataFrame | None:
    """Every film with a known first week: its facts, admissions and copies."""
    if not _has(path, version, "dim_film", "fct_first_week"):
        return None
    return _frame(
        path,
        """
        SELECT f.film_id, f.title, f.release_date, CAST(year(f.release_date) AS INTEGER) AS year,
               f.genre, f.distributor, f.nationality, f.director, f.runtime_min,
               w.admissions, w.copies
        FROM dim_film f JOIN fct_first_week w USING (film_id)
        ORDER BY f.release_date DESC, w.admissions DESC
        """,
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def film_facts(path: str, version: int, film_id: str) -> dict[str, Any] | None:
    """Everything `dim_film` knows of one film; None for an unknown id."""
    rows = _frame(path, "SELECT * FROM dim_film WHERE film_id = ?", [film_id]).to_dicts()
    return rows[0] if rows else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def film_weeks(path: str, version: int, film_id: str) -> pl.DataFrame:
    """The weeks of one film's run the warehouse knows (`fct_film_week`)."""
    return _frame(
        path,
        "SELECT week_number, week_start, admissions, copies, source FROM fct_film_week "
        "WHERE film_id = ? ORDER BY week_number",
        [film_id],
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def film_predictions(path: str, version: int, film_id: str) -> pl.DataFrame | None:
    """Every scored prediction of one film (`mart_forecast_accuracy`)."""
    if not _has(path, version, "mart_forecast_accuracy"):
        return None
    return _frame(
        path,
        "SELECT kind, model_version, as_of_date, p10, p50, p90, actual_admissions, "
        "abs_pct_error, within_p10_p90 FROM mart_forecast_accuracy WHERE film_id = ? "
        "ORDER BY predicted_at",
        [film_id],
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def refresh_log(path: str, version: int) -> pl.DataFrame | None:
    """Every refresh the warehouse remembers, newest first."""
    if not _has(path, version, "refresh_log"):
        return None
    return _frame(
        path,
        "SELECT refresh_id, started_at, finished_at, duration_s, landing_files, history_dir, "
        "landing_dir FROM refresh_log ORDER BY finished_at DESC",
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def last_refresh(path: str, version: int) -> dt.datetime | None:
    """When the last refresh finished (the portal's tables are copied then); None without a
    refresh log."""
    if not _has(path, version, "refresh_log"):
        return None
    value = _frame(path, "SELECT max(finished_at) AS last FROM refresh_log")["last"][0]
    return value if isinstance(value, dt.datetime) else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def last_first_week(path: str, version: int) -> dt.date | None:
    """The start of the newest first week in the warehouse (how recent the box office is)."""
    if not _has(path, version, "fct_first_week"):
        return None
    value = _frame(path, "SELECT max(week_start) AS last FROM fct_first_week")["last"][0]
    return value if isinstance(value, dt.date) else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def landing_runs(path: str, version: int) -> pl.DataFrame | None:
    """One row per landing file the last refresh read: source, kind, run id, rows kept and
    lines quarantined (`<landing>/<source>/<kind>/<run-id>.jsonl`)."""
    needed = ("stg_films", "stg_weeks", "stg_releases", "quarantine", "refresh_log")
    if not _has(path, version, *needed):
        return None
    return _frame(
        path,
        """
        WITH kept AS (
            SELECT origin_file, count(*) AS rows_kept FROM (
                SELECT origin_file FROM stg_films WHERE origin = 'landing'
                UNION ALL SELECT origin_file FROM stg_weeks WHERE origin = 'landing'
                UNION ALL SELECT origin_file FROM stg_releases WHERE origin = 'landing'
            ) GROUP BY origin_file
        ), rejected AS (
            SELECT origin_file, count(*) AS lines_quarantined FROM quarantine
            GROUP BY origin_file
        ), landing AS (
            SELECT origin_file FROM kept
            UNION
            SELECT origin_file FROM rejected
            WHERE starts_with(origin_file, (
                SELECT landing_dir FROM refresh_log ORDER BY finished_at DESC LIMIT 1
            ))
        )
        SELECT string_split(l.origin_file, '/')[-3] AS source,
               string_split(l.origin_file, '/')[-2] AS kind,
               regexp_replace(string_split(l.origin_file, '/')[-1], '\\.jsonl$', '') AS run_id,
               coalesce(k.rows_kept, 0) AS rows_kept,
               coalesce(r.lines_quarantined, 0) AS lines_quarantined,
               l.origin_file
        FROM landing l
        LEFT JOIN kept k USING (origin_file)
        LEFT JOIN rejected r USING (origin_file)
        ORDER BY run_id DESC, source, kind
        """,
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def quarantine(path: str, version: int) -> pl.DataFrame | None:
    """The quarantined lines: file, line, kind, source, reason, detail and raw text."""
    if not _has(path, version, "quarantine"):
        return None
    return _frame(
        path,
        "SELECT reason, detail, origin_file, origin_line, kind, source, raw FROM quarantine "
        "ORDER BY origin_file, origin_line",
    )
