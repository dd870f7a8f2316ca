"""Spot checks of a refresh of the real seed history."""

from __future__ import annotations

import json

import duckdb
import pytest

from tests.conftest import HISTORY_DIR
from warehouse.refresh import RefreshResult


@pytest.mark.parametrize(
    ("title", "release_date", "admissions", "copies"),
    [
        ("Bienvenue chez les Ch'tis", "2008-02-27", 4_378_720, 793),
        ("Intouchables", "2011-11-02", 2_126_545, 508),
    ],
)
def test_first_weeks_of_famous_films(
    history_db: duckdb.DuckDBPyConnection,
    title: str,
    release_date: str,
    admissions: int,
    copies: int,
) -> None:
    rows = history_db.execute(
        "SELECT w.admissions, w.copies, w.week_start::VARCHAR FROM dim_film f "
        "JOIN fct_first_week w USING (film_id) WHERE f.title = ? AND f.release_date = ?",
        [title, release_date],
    ).fetchall()
    assert rows == [(admissions, copies, release_date)]


def test_one_film_per_distinct_history_film(history_db: duckdb.DuckDBPyConnection) -> None:
    with (HISTORY_DIR / "films.jsonl").open(encoding="utf-8") as handle:
        films = [json.loads(line) for line in handle]
    distinct = {(film["title"], film["release_date"]) for film in films}
    row = history_db.execute("SELECT count(*), count(DISTINCT film_id) FROM dim_film").fetchone()
    assert row == (len(distinct), len(distinct))
    first_weeks = history_db.execute("SELECT count(*) FROM fct_first_week").fetchone()
    assert first_weeks == (len(distinct),)


def test_history_is_clean_and_logged(history_refresh: RefreshResult) -> None:
    assert history_refresh.counts["quarantine"] == 0
    assert history_refresh.counts["stg_films"] == history_refresh.counts["dim_film"]


def test_distributor_placeholders_and_spellings(history_db: duckdb.DuckDBPyConnection) -> None:
    placeholders = history_db.execute(
        "SELECT count(*) FROM dim_film WHERE distributor IN ('-', '---', '')"
    ).fetchone()
    assert placeholders == (0,)
    rezo = history_db.execute(
        "SELECT distributor, raw_names FROM dim_distributor WHERE distributor LIKE 'Rezo%'"
    ).fetchall()
    assert rezo == [("Rezo Films", ["Rezo Films", "Rezo films"])]
    raw_kept = history_db.execute(
        "SELECT count(*) FROM dim_film WHERE distributor_raw = 'Rezo films' "
        "AND distributor = 'Rezo Films'"
    ).fetchone()
    assert raw_kept == (1,)


def test_release_week_is_the_wednesday_on_or_before(history_db: duckdb.DuckDBPyConnection) -> None:
    row = history_db.execute(
        "SELECT count(*) FILTER (WHERE dayofweek(release_week) <> 3), "
        "count(*) FILTER (WHERE release_date - release_week NOT BETWEEN 0 AND 6), "
        "count(*) FILTER (WHERE release_week NOT IN (SELECT week_start FROM dim_week)) "
        "FROM dim_film"
    ).fetchone()
    assert row == (0, 0, 0)


def test_calendar_knows_holidays(history_db: duckdb.DuckDBPyConnection) -> None:
    christmas = history_db.execute(
        "SELECT public_holidays, public_holiday_names, school_holiday_days FROM dim_week "
        "WHERE week_start = DATE '2019-12-25'"
    ).fetchone()
    assert christmas == (1, ["Noël"], 7)
    quiet = history_db.execute(
        "SELECT public_holidays, school_holiday_days FROM dim_week WHERE week_start = '2019-09-11'"
    ).fetchone()
    assert quiet == (0, 0)
