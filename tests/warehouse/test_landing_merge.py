"""Landing files folded into the history: quarantine, identity, newest-wins, idempotence."""

from __future__ import annotations

import shutil
from typing import Any

import duckdb

from tests.conftest import write_jsonl
from tests.warehouse.factories import film, release, week
from warehouse.refresh import refresh_warehouse
from warehouse.settings import WarehouseSettings


def _query(settings: WarehouseSettings, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_bad_lines_are_quarantined_and_good_ones_loaded(small_settings: WarehouseSettings) -> None:
    good = week("Nouveau Film", "2024-01-10", 50_000, source_id=900)
    bad_lines: list[str | bytes | dict[str, Any]] = [
        good,
        b'{"source": "jpbox-office", "title": "Caf\xe9", "release_date": "2024-01-10"}',
        '{"source": "jpbox-office", "title": "Cut", "release_da',
        "{not json}",
        "[1, 2, 3]",
        {k: v for k, v in good.items() if k != "admissions"},
        {**good, "admissions": "50 000"},
        {**good, "admissions": -5},
    ]
    path = write_jsonl(
        small_settings.landing / "jpbox-office" / "weeks" / "20240115T000000Z-chart.jsonl",
        bad_lines,
    )
    result = refresh_warehouse(small_settings)
    quarantined = _query(
        small_settings, "SELECT origin_line, reason, origin_file FROM quarantine ORDER BY 1"
    )
    assert [(line, reason) for line, reason, _ in quarantined] == [
        (2, "not_utf8"),
        (3, "truncated_line"),
        (4, "invalid_json"),
        (5, "not_an_object"),
        (6, "missing_field"),
        (7, "wrong_type"),
        (8, "impossible_value"),
    ]
    assert {file for _, _, file in quarantined} == {str(path)}
    assert result.counts["quarantine"] == 7
    raw = _query(small_settings, "SELECT raw FROM quarantine WHERE origin_line = 3")
    assert raw == [('{"source": "jpbox-office", "title": "Cut", "release_da',)]
    loaded = _query(
        small_settings,
        "SELECT f.title, w.admissions FROM fct_first_week w JOIN dim_film f USING (film_id) "
        "WHERE f.source_id = 900",
    )
    assert loaded == [("Nouveau Film", 50_000)]


def test_same_film_by_source_id_or_title_is_one_film(small_settings: WarehouseSettings) -> None:
    landing = small_settings.landing / "jpbox-office" / "films"
    write_jsonl(
        landing / "20240101T000000Z-film.jsonl",
        [
            # Same jpbox id as the history's "Les Visiteurs", title spelt differently.
            film(
                "LES VISITEURS !",
                "1993-01-27",
                source_id=102,
                director="Jean-Marie Poiré",
                distributor=None,
            ),
            # No id: same normalised title and date as the history's Astérix film.
            film("ASTERIX ET OBELIX - Mission Cleopatre", "2002-01-30", runtime_min=107),
        ],
    )
    refresh_warehouse(small_settings)
    films = _query(
        small_settings,
        "SELECT title, director, runtime_min, distributor FROM dim_film ORDER BY release_date",
    )
    assert len(films) == 3
    # Newest observation wins field by field; nulls never erase a known value.
    assert films[1] == ("LES VISITEURS !", "Jean-Marie Poiré", 95, "Gaumont")
    assert films[2] == ("ASTERIX ET OBELIX - Mission Cleopatre", None, 107, "Pathé")


def test_reading_a_landing_file_twice_changes_nothing(small_settings: WarehouseSettings) -> None:
    first = small_settings.landing / "jpbox-office" / "weeks" / "20240101T000000Z-chart.jsonl"
    write_jsonl(first, [week("Nouveau Film", "2024-01-10", 50_000, source_id=900)])
    refresh_warehouse(small_settings)
    tables = ["dim_film", "fct_first_week", "fct_film_week", "dim_distributor"]
    before = {t: _query(small_settings, f"SELECT * FROM {t} ORDER BY ALL") for t in tables}
    shutil.copy(first, first.with_name("20240102T000000Z-chart.jsonl"))
    refresh_warehouse(small_settings)
    after = {t: _query(small_settings, f"SELECT * FROM {t} ORDER BY ALL") for t in tables}
    assert after == before
    staged = _query(small_settings, "SELECT count(*) FROM stg_weeks WHERE source_id = 900")
    assert staged == [(2,)]


def test_film_ids_are_stable_across_refreshes(small_settings: WarehouseSettings) -> None:
    refresh_warehouse(small_settings)
    before = _query(small_settings, "SELECT film_id, title FROM dim_film ORDER BY film_id")
    write_jsonl(
        small_settings.landing / "tmdb" / "releases" / "20260101T000000Z-releases.jsonl",
        [release("Un film à venir", "2026-12-02", 350, source_id=55)],
    )
    refresh_warehouse(small_settings, today=__import__("datetime").date(2026, 11, 25))
    after = _query(small_settings, "SELECT film_id, title FROM dim_film ORDER BY film_id")
    assert set(before) < set(after)
    announced = _query(
        small_settings,
        "SELECT f.title, r.planned_copies, r.release_week::VARCHAR FROM fct_release r "
        "JOIN dim_film f USING (film_id)",
    )
    assert announced == [("Un film à venir", 350, "2026-12-02")]


def test_a_release_far_in_the_future_is_quarantined(small_settings: WarehouseSettings) -> None:
    write_jsonl(
        small_settings.landing / "tmdb" / "releases" / "20260101T000000Z-releases.jsonl",
        [release("Trop loin", "2031-01-01", None)],
    )
    import datetime as dt

    result = refresh_warehouse(small_settings, today=dt.date(2026, 11, 25))
    assert result.counts["fct_release"] == 0
    reasons = _query(small_settings, "SELECT reason, detail FROM quarantine")
    assert reasons == [
        (
            "impossible_value",
            "release_date 2031-01-01 is outside 1900-01-01..2028-11-25 "
            "(from 1900 to 2 years ahead)",
        )
    ]
