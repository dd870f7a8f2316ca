"""Golden output: a small hand-made landing folder gives exactly these marts."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
from polars.testing import assert_frame_equal

from tests.conftest import write_jsonl
from tests.warehouse.factories import film, release, week
from warehouse.refresh import refresh_warehouse
from warehouse.settings import WarehouseSettings

D = dt.date


def _build(settings: WarehouseSettings) -> dict[str, pl.DataFrame]:
    landing = settings.landing
    write_jsonl(
        landing / "jpbox-office" / "films" / "20260121T060000Z-jpbox_film.jsonl",
        [
            film(
                "Le Mage du Kremlin",
                "2026-01-21",
                source_id=24001,
                distributor="Gaumont",
                genre="Drame",
                runtime_min=145,
                cast=["Paul Dano"],
            ),
            film(
                "Primate",
                "2026-01-21",
                source_id=24002,
                distributor="Paramount",
                genre="Horreur",
                nationality="Etats-Unis",
                runtime_min=89,
            ),
        ],
    )
    write_jsonl(
        landing / "jpbox-office" / "weeks" / "20260128T060000Z-jpbox_weekly.jsonl",
        [
            week("Le Mage du Kremlin", "2026-01-21", 330_014, source_id=24001, copies=615),
            week("Primate", "2026-01-21", 156_445, source_id=24002, copies=306),
            week("Hamnet", "2026-01-21", 151_660, source_id=24003, copies=213),
            week(
                "Les Visiteurs",
                "1993-01-27",
                123_456,
                source_id=102,
                week_number=2,
                week_start="1993-02-03",
                copies=None,
            ),
        ],
    )
    write_jsonl(
        landing / "tmdb" / "releases" / "20260125T060000Z-releases.jsonl",
        [
            release(
                "Le Mage du Kremlin",
                "2026-01-21",
                None,
                source="tmdb",
                source_id=777,
                distributor="GAUMONT DISTRIBUTION",
                cast=[],
            ),
            release(
                "Un Film Annoncé",
                "2026-02-04",
                120,
                source="tmdb",
                source_id=778,
                distributor="Ad Vitam",
                genre=None,
            ),
        ],
    )
    refresh_warehouse(settings, today=D(2026, 1, 28))
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        return {
            name: connection.sql(f"SELECT * FROM {name}").pl()
            for name in (
                "dim_film",
                "fct_first_week",
                "fct_film_week",
                "fct_release",
                "dim_distributor",
            )
        }


def test_golden_marts(small_settings: WarehouseSettings) -> None:
    tables = _build(small_settings)

    films = (
        tables["dim_film"]
        .sort("release_week", "title")
        .select(
            "title",
            "source",
            "source_id",
            "release_week",
            "genre",
            "runtime_min",
            "cast",
            "distributor",
            "distributor_raw",
        )
    )
    expected_films = pl.DataFrame(
        {
            "title": [
                "Le Grand Bleu",
                "Les Visiteurs",
                "Astérix et Obélix: Mission Cléopâtre",
                "Hamnet",
                "Le Mage du Kremlin",
                "Primate",
                "Un Film Annoncé",
            ],
            # Le Mage: the newest observation with an id is the chart (jpbox 24001), after TMDB.
            "source": [
                "jpbox-office",
                "jpbox-office",
                "jpbox-office",
                "jpbox-office",
                "jpbox-office",
                "jpbox-office",
                "tmdb",
            ],
            "source_id": [101, 102, None, 24003, 24001, 24002, 778],
            "release_week": [
                D(1988, 5, 11),
                D(1993, 1, 27),
                D(2002, 1, 30),
                D(2026, 1, 21),
                D(2026, 1, 21),
                D(2026, 1, 21),
                D(2026, 2, 4),
            ],
            "genre": ["Comédie", "Comédie", "Comédie", None, "Comédie", "Horreur", None],
            "runtime_min": [95, 95, 95, None, 95, 89, 95],
            "cast": [[], [], [], [], ["Paul Dano"], [], []],
            "distributor": [
                "Gaumont",
                "Gaumont",
                "Pathé",
                None,
                "Gaumont",
                "Paramount",
                "Ad Vitam",
            ],
            "distributor_raw": [
                "Gaumont",
                "Gaumont",
                "Pathé",
                None,
                "GAUMONT DISTRIBUTION",
                "Paramount",
                "Ad Vitam",
            ],
        },
        schema_overrides={"runtime_min": pl.Int32, "source_id": pl.Int64},
    )
    assert_frame_equal(films, expected_films)

    first_weeks = (
        tables["fct_first_week"]
        .join(tables["dim_film"].select("film_id", "title"), on="film_id")
        .select("title", "week_start", "admissions", "copies")
        .sort("title")
    )
    expected_first_weeks = pl.DataFrame(
        {
            "title": [
                "Astérix et Obélix: Mission Cléopâtre",
                "Hamnet",
                "Le Grand Bleu",
                "Le Mage du Kremlin",
                "Les Visiteurs",
                "Primate",
            ],
            "week_start": [
                D(2002, 1, 30),
                D(2026, 1, 21),
                D(1988, 5, 11),
                D(2026, 1, 21),
                D(1993, 1, 27),
                D(2026, 1, 21),
            ],
            "admissions": [2_600_000, 151_660, 250_000, 330_014, 400_000, 156_445],
            "copies": [900, 213, None, 615, 250, 306],
        },
        schema_overrides={"copies": pl.Int32},
    )
    assert_frame_equal(first_weeks, expected_first_weeks)

    second_weeks = tables["fct_film_week"].filter(pl.col("week_number") == 2)
    assert second_weeks.select("week_start", "admissions").rows() == [(D(1993, 2, 3), 123_456)]

    releases = (
        tables["fct_release"]
        .join(tables["dim_film"].select("film_id", "title"), on="film_id")
        .select("title", "release_week", "planned_copies", "source")
        .sort("title")
    )
    expected_releases = pl.DataFrame(
        {
            "title": ["Le Mage du Kremlin", "Un Film Annoncé"],
            "release_week": [D(2026, 1, 21), D(2026, 2, 4)],
            "planned_copies": [None, 120],
            "source": ["tmdb", "tmdb"],
        },
        schema_overrides={"planned_copies": pl.Int32},
    )
    assert_frame_equal(releases, expected_releases)

    gaumont = tables["dim_distributor"].filter(pl.col("distributor") == "Gaumont")
    assert gaumont.select("raw_names", "film_count").rows() == [
        (["GAUMONT DISTRIBUTION", "Gaumont"], 3)
    ]
