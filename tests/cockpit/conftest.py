"""A small but complete test warehouse for the cockpit: a real refresh of a hand-made history
and one landing run (with a bad line), then the tables other parts write, with realistic rows:
the portal's published weeks and attendance (`fct_programme`, `fct_cinema_day`), replayed and
backtest predictions (`fct_prediction`, hence `mart_forecast_accuracy`) and two runs of the
decision backtest (`fct_decision_backtest`)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from tests.conftest import write_jsonl
from tests.warehouse.factories import film, week
from warehouse.identity import film_id_for
from warehouse.predictions import write_predictions
from warehouse.refresh import refresh_warehouse
from warehouse.settings import WarehouseSettings

# The three Wednesdays the cinema programmed (autumn 2022), biggest film first.
WEEKS: dict[str, list[tuple[str, int, int, str, str, str]]] = {
    "2022-11-02": [
        ("Black Panther: Wakanda Forever", 1_000_000, 700, "Walt Disney", "Etats-Unis", "Action"),
        ("Couleurs de l'incendie", 300_000, 450, "Gaumont", "France", "Drame"),
        ("Le Petit Nicolas", 80_000, 200, "Bac Films", "France", "Animation"),
    ],
    "2022-11-09": [
        ("Simone, le voyage du siècle", 500_000, 600, "Warner Bros", "France", "Biopic"),
        ("Armageddon Time", 40_000, 150, "Universal", "Etats-Unis", "Drame"),
        ("La Conspiration du Caire", 60_000, 180, "Memento", "Suède", "Thriller"),
    ],
    "2022-11-16": [
        ("Le Menu", 150_000, 350, "Walt Disney", "Etats-Unis", "Thriller"),
        ("Les Amandiers", 70_000, 250, "Ad Vitam", "France", "Comédie dramatique"),
    ],
}
# Older films the backtest predicted (title, release, admissions, copies, distributor, genre).
OLDER = [
    ("Intouchables", "2011-11-02", 2_126_545, 508, "Gaumont", "Comédie"),
    ("Avatar", "2009-12-16", 2_648_596, 726, "20th Century Fox", "Science-fiction"),
    ("Bienvenue chez les Ch'tis", "2008-02-27", 4_378_720, 793, "Pathé", "Comédie"),
    ("The Artist", "2011-10-12", 150_000, 200, "Warner Bros", "Comédie"),
    ("Polisse", "2011-10-19", 280_000, 350, "Mars Distribution", "Drame"),
    ("Drive", "2011-10-05", 180_000, 250, "Le Pacte", "Thriller"),
]
# Backtest predictions (P10, P50, P90) of the older films, in OLDER's order.
BACKTEST = [
    (1_200_000, 1_700_000, 2_400_000),  # in, -20 %
    (1_000_000, 1_500_000, 2_000_000),  # out, -43 %
    (2_000_000, 3_000_000, 4_500_000),  # in, -31 %
    (100_000, 170_000, 260_000),  # in, +13 %
    (150_000, 200_000, 260_000),  # out, -29 %
    (200_000, 400_000, 600_000),  # out, +122 %, not within 2x
]
TICKET_PRICE = 10.0
FIXED_COSTS = 4900.0
# Attendance typed in: the first week in full, the second week's first three days.
TYPED_DAYS = {
    ("2022-11-02", "Salle 1"): [120, 95, 110, 120, 120, 60, 55],
    ("2022-11-02", "Salle 2"): [30, 22, 35, 50, 48, 12, 15],
    ("2022-11-09", "Salle 1"): [80, 64, 90],
    ("2022-11-09", "Salle 2"): [10, 8, 14],
}
DIRECTORS = {
    "Black Panther: Wakanda Forever": "Ryan Coogler",
    "Couleurs de l'incendie": "Clovis Cornillac",
    "Le Petit Nicolas": "Amandine Fredon",
    "Simone, le voyage du siècle": "Olivier Dahan",
    "Armageddon Time": "James Gray",
    "La Conspiration du Caire": "Tarik Saleh",
    "Le Menu": "Mark Mylod",
    "Les Amandiers": "Valeria Bruni Tedeschi",
    "Intouchables": "Olivier Nakache",
    "Avatar": "James Cameron",
    "Bienvenue chez les Ch'tis": "Dany Boon",
    "The Artist": "Michel Hazanavicius",
    "Polisse": "Maïwenn",
    "Drive": "Nicolas Winding Refn",
}
POLICIES = {
    "perfect_foresight": 1.0,
    "model": 0.9,
    "widest_release": 0.85,
    "random": 0.6,
    "confident_model_0.1": 0.88,  # a candidate policy: listed, not shown by default
}


@dataclass(frozen=True)
class CockpitWarehouse:
    """The test warehouses: `full` (every table), `replays` (no published week) and `bare`
    (an empty DuckDB file)."""

    full: Path
    replays: Path
    bare: Path


def _film_id(title: str, release: str) -> str:
    return film_id_for(title, release)


def _history(folder: Path) -> Path:
    films: list[dict[str, Any]] = []
    weeks: list[dict[str, Any]] = []
    for wednesday, titles in WEEKS.items():
        for title, admissions, copies, distributor, nationality, genre in titles:
            films.append(
                film(
                    title,
                    wednesday,
                    distributor=distributor,
                    nationality=nationality,
                    genre=genre,
                    director=DIRECTORS[title],
                )
            )
            weeks.append(week(title, wednesday, admissions, copies=copies))
    for title, release, admissions, copies, distributor, genre in OLDER:
        films.append(
            film(title, release, distributor=distributor, genre=genre, director=DIRECTORS[title])
        )
        weeks.append(week(title, release, admissions, copies=copies))
    write_jsonl(folder / "films.jsonl", films)
    write_jsonl(folder / "first_weeks.jsonl", weeks)
    return folder


def _landing(landing: Path) -> None:
    write_jsonl(
        landing / "jpbox-office" / "weeks" / "20221122T023000Z-3f2a1b.jsonl",
        [
            week("Le Menu", "2022-11-16", 90_000, week_number=2, week_start="2022-11-23"),
            "{not json",
        ],
    )


def _programme_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    screenings: list[dict[str, Any]] = []
    days: list[dict[str, Any]] = []
    for number, (wednesday, titles) in enumerate(WEEKS.items(), start=1):
        status = "published" if number < 3 else "draft"
        for (room, seats), (title, admissions, _, _, _, _) in zip(
            (("Salle 1", 120), ("Salle 2", 80)), titles, strict=False
        ):
            p50 = admissions * 0.9
            expected = min(p50 / 2000, seats * 7) * 0.95
            screenings.append(
                {
                    "programme_id": number,
                    "cinema": "New is Always Better",
                    "wednesday": dt.date.fromisoformat(wednesday),
                    "status": status,
                    "is_replay": False,
                    "model_version": "3",
                    "room": room,
                    "seats": seats,
                    "shows_per_day": 1,
                    "film_id": _film_id(title, wednesday),
                    "title": title,
                    "p10": p50 * 0.6,
                    "p50": p50,
                    "p90": p50 * 1.6,
                    "expected_audience": expected,
                    "expected_receipts_eur": expected * TICKET_PRICE,
                    "ticket_price_eur": TICKET_PRICE,
                    "fixed_costs_eur": FIXED_COSTS,
                    "published_at": dt.datetime(2022, 11, 1, 8, tzinfo=dt.UTC)
                    + dt.timedelta(weeks=number - 1),
                }
            )
            for offset, admissions_typed in enumerate(TYPED_DAYS.get((wednesday, room), [])):
                days.append(
                    {
                        "programme_id": number,
                        "wednesday": dt.date.fromisoformat(wednesday),
                        "room": room,
                        "film_id": _film_id(title, wednesday),
                        "date": dt.date.fromisoformat(wednesday) + dt.timedelta(days=offset),
                        "admissions": admissions_typed,
                    }
                )
    return screenings, days


def _backtest_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    wednesdays = [dt.date(2018, 12, 5) + dt.timedelta(weeks=index) for index in range(8)]
    runs = [
        ("decision-old", dt.datetime(2026, 11, 1, tzinfo=dt.UTC), 0.5),
        ("decision-new", dt.datetime(2026, 11, 29, tzinfo=dt.UTC), 1.0),
    ]
    for run_id, computed_at, scale in runs:
        for index, wednesday in enumerate(wednesdays):
            best = 5000.0 + 100.0 * index
            for scenario in ("with_copies", "without_copies"):
                for policy, share in POLICIES.items():
                    receipts = best * (share if policy == "perfect_foresight" else share * scale)
                    if scenario == "without_copies" and policy == "model":
                        receipts = best * 0.8
                    rows.append(
                        {
                            "run_id": run_id,
                            "computed_at": computed_at,
                            "wednesday": wednesday,
                            "year": wednesday.year,
                            "period": "selection" if wednesday.year == 2018 else "confirmation",
                            "scenario": scenario,
                            "policy": policy,
                            "receipts_eur": receipts,
                            "best_receipts_eur": best,
                            "capture": receipts / best,
                            "result_eur": receipts - FIXED_COSTS,
                        }
                    )
    return rows


def _summary_rows() -> list[dict[str, Any]]:
    """`fct_decision_summary` as the backtest writes it, for the old run (no verdict, as written
    before verdicts were stored would have nothing) and the new one: the model chosen on the
    selection years, ahead on the confirmation years but with an interval containing 0."""
    rows: list[dict[str, Any]] = []
    runs = [
        ("decision-old", dt.datetime(2026, 11, 1, tzinfo=dt.UTC), 0.5),
        ("decision-new", dt.datetime(2026, 11, 29, tzinfo=dt.UTC), 1.0),
    ]
    for run_id, computed_at, scale in runs:
        for scenario in ("with_copies", "without_copies"):
            for period in ("selection", "confirmation"):
                best = 21_400.0
                widest = POLICIES["widest_release"] * scale
                for policy, share in POLICIES.items():
                    capture = share if policy == "perfect_foresight" else share * scale
                    lead = capture - widest
                    low = lead - (0.06 if period == "confirmation" else 0.01)
                    chosen = run_id == "decision-new" and scenario == "with_copies"
                    rows.append(
                        {
                            "run_id": run_id,
                            "computed_at": computed_at,
                            "scenario": scenario,
                            "period": period,
                            "policy": policy,
                            "weeks": 4,
                            "receipts_eur": best * capture,
                            "best_receipts_eur": best,
                            "capture": capture,
                            "result_eur": best * capture - 4 * FIXED_COSTS,
                            "minus_widest": lead,
                            "minus_widest_low": low,
                            "minus_widest_high": lead + 0.02,
                            "selected": chosen and policy == "model",
                            "chosen": chosen and policy == "model",
                            "meets_target": False,
                        }
                    )
    return rows


def _prediction_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows).with_columns(pl.col("predicted_at").cast(pl.Datetime("us", "UTC")))


def _predictions(kind: str) -> list[dict[str, Any]]:
    made = dt.datetime(2026, 11, 28, 3, tzinfo=dt.UTC)
    rows: list[dict[str, Any]] = []
    if kind == "backtest":
        for (title, release, *_), (p10, p50, p90) in zip(OLDER, BACKTEST, strict=True):
            day = dt.date.fromisoformat(release)
            rows.append(
                {
                    "film_id": _film_id(title, release),
                    "title": title,
                    "release_date": day,
                    "as_of_date": day - dt.timedelta(days=7),
                    "model_name": "mercredi-first-week",
                    "model_version": "2",
                    "run_id": "0123456789abcdef",
                    "kind": "backtest",
                    "p10": float(p10),
                    "p50": float(p50),
                    "p90": float(p90),
                    "predicted_at": made,
                }
            )
        return rows
    for wednesday, titles in WEEKS.items():
        day = dt.date.fromisoformat(wednesday)
        for title, admissions, *_ in titles:
            rows.append(
                {
                    "film_id": _film_id(title, wednesday),
                    "title": title,
                    "release_date": day,
                    "as_of_date": day - dt.timedelta(days=1),
                    "model_name": "mercredi-first-week",
                    "model_version": "replay-2022",
                    "run_id": "fedcba9876543210",
                    "kind": "replay",
                    "p10": admissions * 0.5,
                    "p50": admissions * 0.8,
                    "p90": admissions * 1.4,
                    "predicted_at": made,
                }
            )
    return rows


def _insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[Any]) -> None:
    """Rows into a table the refresh created (its real, agreed columns), matched by name."""
    connection.register("rows_frame", pl.DataFrame(rows).to_arrow())
    connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM rows_frame")
    connection.unregister("rows_frame")


@pytest.fixture(scope="package")
def cockpit_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CockpitWarehouse]:
    """The three test warehouses, built once for the cockpit's tests."""
    root = tmp_path_factory.mktemp("cockpit")
    settings = WarehouseSettings(data_dir=root / "data", history_dir=_history(root / "history"))
    _landing(settings.landing)
    refresh_warehouse(settings, today=dt.date(2022, 11, 30))
    for kind in ("backtest", "replay"):
        write_predictions(_prediction_frame(_predictions(kind)), settings=settings)
    screenings, days = _programme_rows()
    with duckdb.connect(str(settings.warehouse)) as connection:
        # The refresh creates these four (empty without a portal database or a decision
        # backtest); fill them as the portal export and `mercredi backtest --decision` would.
        _insert(connection, "fct_programme", screenings)
        _insert(connection, "fct_cinema_day", days)
        _insert(connection, "fct_decision_backtest", _backtest_rows())
        _insert(connection, "fct_decision_summary", _summary_rows())
    replays = root / "replays.duckdb"
    shutil.copy(settings.warehouse, replays)
    with duckdb.connect(str(replays)) as connection:
        connection.execute("DELETE FROM fct_cinema_day")
        connection.execute("DELETE FROM fct_programme")
    bare = root / "bare.duckdb"
    duckdb.connect(str(bare)).close()
    yield CockpitWarehouse(full=settings.warehouse, replays=replays, bare=bare)
    shutil.rmtree(root, ignore_errors=True)
