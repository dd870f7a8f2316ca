"""The decision backtest: its arithmetic on hand-made weeks, and a whole run on a tiny synthetic
history (walk-forward, policies, fct_decision_backtest carried over, MLflow, cache)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any, Final

import duckdb
import mlflow
import polars as pl
import pytest

from predictor.data import History
from predictor.decision.policies import weekly_receipts
from predictor.decision.report import bootstrap_difference, summarise, verdict, with_periods
from predictor.decision.service import run_decision_backtest
from tests.predictor.conftest import film, films_frame, settings_for
from warehouse.decision_backtest import write_decision_backtest
from warehouse.refresh import refresh_warehouse


def _weeks(rows: list[tuple[str, str, float, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "wednesday": dt.date.fromisoformat(day),
                "scenario": "with_copies",
                "policy": policy,
                "receipts_eur": receipts,
                "best_receipts_eur": best,
            }
            for day, policy, receipts, best in rows
        ]
    )


# Two selection weeks, one confirmation week, one COVID week, one week before 2010 (dropped).
WEEKS = _weeks(
    [
        (day, policy, receipts, 5000.0)
        for day, figures in {
            "2009-12-30": {"widest_release": 4000.0, "model": 4500.0},
            "2015-01-07": {"widest_release": 4000.0, "model": 4500.0},
            "2015-01-14": {"widest_release": 5000.0, "model": 4750.0},
            "2019-05-01": {"widest_release": 4500.0, "model": 4000.0},
            "2020-04-01": {"widest_release": 1000.0, "model": 2000.0},
        }.items()
        for policy, receipts in {**figures, "perfect_foresight": 5000.0}.items()
    ]
)


def test_periods_capture_and_result_per_week() -> None:
    weeks = with_periods(WEEKS)
    assert weeks.get_column("wednesday").min() == dt.date(2015, 1, 7)
    periods = dict(weeks.select("wednesday", "period").unique().iter_rows())
    assert periods == {
        dt.date(2015, 1, 7): "selection",
        dt.date(2015, 1, 14): "selection",
        dt.date(2019, 5, 1): "confirmation",
        dt.date(2020, 4, 1): "covid",
    }
    model = weeks.filter(pl.col("policy") == "model").sort("wednesday")
    assert model["capture"].to_list() == [0.9, 0.95, 0.8, 0.4]
    assert model["result_eur"].to_list() == [-400.0, -150.0, -900.0, -2900.0]


def test_summary_sums_receipts_before_dividing() -> None:
    summary = summarise(with_periods(WEEKS))
    row = summary.filter((pl.col("period") == "selection") & (pl.col("policy") == "model"))
    assert row["weeks"].item() == 2
    assert row["receipts_eur"].item() == 9250.0
    assert row["capture"].item() == pytest.approx(9250 / 10000)
    assert row["minus_widest"].item() == pytest.approx((9250 - 9000) / 10000)
    # Two weeks: resampling gives +500 / +500, -250 / -250 or one of each.
    assert row["minus_widest_low"].item() == pytest.approx(-0.05)
    assert row["minus_widest_high"].item() == pytest.approx(0.1)
    widest = summary.filter(pl.col("policy") == "widest_release")
    assert widest["minus_widest"].to_list() == [0.0, 0.0, 0.0]
    assert widest["minus_widest_low"].to_list() == [0.0, 0.0, 0.0]


def test_bootstrap_interval_of_a_constant_gain_is_that_gain() -> None:
    best = [1000.0, 2000.0, 4000.0]
    reference = [900.0, 1800.0, 3600.0]
    receipts = [value + 0.02 * b for value, b in zip(reference, best, strict=True)]
    low, high = bootstrap_difference(receipts, reference, best)
    assert low == pytest.approx(0.02)
    assert high == pytest.approx(0.02)


def test_choice_on_selection_years_and_fallback_on_confirmation_years() -> None:
    summary = summarise(with_periods(WEEKS))
    judged = verdict(summary)
    # The model earns more on 2015 but less on 2019: the rule of thumb stays.
    assert judged.selected == "model"
    assert judged.minus_widest == pytest.approx(-0.1)
    assert not judged.meets_target
    assert judged.chosen == "widest_release"
    better = WEEKS.with_columns(
        receipts_eur=pl.when(
            (pl.col("policy") == "model") & (pl.col("wednesday") == dt.date(2019, 5, 1))
        )
        .then(4900.0)
        .otherwise(pl.col("receipts_eur"))
    )
    judged = verdict(summarise(with_periods(better)))
    assert judged.chosen == "model"
    assert judged.minus_widest == pytest.approx(0.08)


def test_each_policy_receipts_on_hand_made_weeks() -> None:
    # One week, three films. Copies favour "wide"; the model favours "art"; "art" really wins.
    predictions = pl.DataFrame(
        {
            "film_id": ["wide", "mid", "art"],
            "title": ["Wide", "Mid", "Art"],
            "release_week": [dt.date(2015, 1, 7)] * 3,
            "admissions": [200_000, 100_000, 600_000],
            "copies": [700, 400, 150],
            "p10": [150_000.0, 80_000.0, 400_000.0],
            "p50": [200_000.0, 100_000.0, 500_000.0],
            "p90": [260_000.0, 130_000.0, 700_000.0],
            "p10_hidden": [50_000.0, 60_000.0, 10_000.0],
            "p50_hidden": [100_000.0, 120_000.0, 20_000.0],
            "p90_hidden": [200_000.0, 240_000.0, 40_000.0],
        }
    )
    rows = weekly_receipts(predictions)
    receipts = {
        (scenario, policy): value
        for scenario, policy, value in rows.select("scenario", "policy", "receipts_eur").rows()
    }
    # 600,000 / 2000 = 300 people (Salle 1 seats 840 a week), 200,000 -> 100: 4,000 EUR.
    assert receipts["with_copies", "perfect_foresight"] == pytest.approx(4000.0)
    assert receipts["with_copies", "model"] == pytest.approx(4000.0)
    # wide + mid: 100 + 50 people.
    assert receipts["with_copies", "widest_release"] == pytest.approx(1500.0)
    assert receipts["without_copies", "widest_release"] == pytest.approx(1500.0)
    # Hidden copies: the model now prefers mid and wide.
    assert receipts["without_copies", "model"] == pytest.approx(1500.0)
    assert rows["best_receipts_eur"].to_list() == pytest.approx([4000.0] * rows.height)
    assert {"consensus", "confident_model_0.1"} <= {policy for _, policy in receipts}


def _synthetic_history(weeks: pl.DataFrame) -> History:
    """Three releases a Wednesday from mid-2015 to 2019: admissions about 300 a copy, more for
    one distributor, with noise."""
    rng = random.Random(3)
    rows = []
    day = dt.date(2015, 7, 1)
    number = 0
    while day <= dt.date(2019, 12, 25):
        for _ in range(3):
            number += 1
            copies = rng.randint(20, 800)
            distributor = rng.choice(["Alpha", "Beta", "Gamma"])
            boost = 1.6 if distributor == "Alpha" else 1.0
            admissions = int(copies * 300 * boost * rng.lognormvariate(0.0, 0.4))
            rows.append(
                film(
                    f"s{number:05d}",
                    day.isoformat(),
                    admissions=max(admissions, 100),
                    copies=copies,
                    distributor=distributor,
                    genre=rng.choice(["Drame", "Comédie", "Animation"]),
                )
            )
        day += dt.timedelta(days=7)
    return History(films=films_frame(rows), weeks=weeks)


RUN: Final[dict[str, Any]] = {
    "first_year": 2018,
    "last_year": 2019,
    "warm_up_years": 1,
    "terminal": False,
}


def test_a_whole_run_writes_its_weeks_carries_them_over_and_reuses_its_walk(
    tmp_path: Path, history: History
) -> None:
    settings = settings_for(tmp_path / "data")
    refresh_warehouse(settings)
    synthetic = _synthetic_history(history.weeks)

    outcome = run_decision_backtest(settings, history=synthetic, **RUN)

    assert not outcome.walk_cached
    weeks = outcome.weeks
    assert set(weeks["period"]) == {"selection", "confirmation"}
    assert weeks.filter(pl.col("policy") == "perfect_foresight")["capture"].min() == 1.0
    assert float(weeks["capture"].max()) <= 1.0 + 1e-12  # type: ignore[arg-type]
    assert weeks.group_by("scenario", "policy").len()["len"].unique().to_list() == [104]
    with_copies = outcome.summary.filter(
        (pl.col("scenario") == "with_copies") & (pl.col("period") == "selection")
    )
    captures = dict(zip(with_copies["policy"], with_copies["capture"], strict=True))
    # Copies carry most of admissions here: every sensible policy is far above random.
    assert captures["widest_release"] > captures["random"] + 0.1
    assert captures["model"] > captures["random"] + 0.1
    assert outcome.verdict.chosen in captures
    assert outcome.accuracy["with_copies 2019"]["r2_log"] > 0.5
    metrics = mlflow.get_run(outcome.run_id).data.metrics
    assert metrics["with_copies.selection.model.capture"] == pytest.approx(captures["model"])

    path = settings.warehouse
    with duckdb.connect(str(path), read_only=True) as connection:
        stored = connection.execute(
            "SELECT count(*), count(DISTINCT run_id) FROM fct_decision_backtest"
        ).fetchone()
    assert stored == (weeks.height, 1)
    assert outcome.rows_written == weeks.height
    with duckdb.connect(str(path), read_only=True) as connection:
        summary = pl.from_arrow(
            connection.sql("SELECT * FROM fct_decision_summary").to_arrow_table()
        )
    assert isinstance(summary, pl.DataFrame)
    assert summary.height == outcome.summary.height
    assert set(summary["run_id"]) == {outcome.run_id}
    verdict_rows = summary.filter(pl.col("scenario") == "with_copies")
    assert set(verdict_rows.filter("selected")["policy"]) == {outcome.verdict.selected}
    assert set(verdict_rows.filter("chosen")["policy"]) == {outcome.verdict.chosen}
    assert not summary.filter(pl.col("scenario") == "without_copies")["selected"].any()
    stored_model = summary.filter(
        (pl.col("scenario") == "with_copies")
        & (pl.col("period") == "selection")
        & (pl.col("policy") == "model")
    )
    assert stored_model["capture"][0] == pytest.approx(captures["model"])
    assert stored_model["minus_widest_low"][0] <= stored_model["minus_widest"][0]
    assert stored_model["minus_widest"][0] <= stored_model["minus_widest_high"][0]

    again = run_decision_backtest(settings, history=synthetic, **RUN)
    assert again.walk_cached
    assert again.weeks["receipts_eur"].to_list() == weeks["receipts_eur"].to_list()

    refresh_warehouse(settings)
    with duckdb.connect(str(path), read_only=True) as connection:
        carried = connection.execute(
            "SELECT count(*), count(DISTINCT run_id) FROM fct_decision_backtest"
        ).fetchone()
        carried_summary = connection.execute(
            "SELECT count(*), count(DISTINCT run_id) FROM fct_decision_summary"
        ).fetchone()
    assert carried == (2 * weeks.height, 2)
    assert carried_summary == (2 * summary.height, 2)

    with pytest.raises(ValueError, match="repeat a wednesday, scenario and policy"):
        write_decision_backtest(pl.concat([weeks, weeks.head(1)]), summary, settings=settings)
    with pytest.raises(ValueError, match="period 'later' is not one of"):
        write_decision_backtest(
            weeks.with_columns(period=pl.lit("later")), summary, settings=settings
        )
    with pytest.raises(ValueError, match="does not go with the weeks of run"):
        write_decision_backtest(
            weeks, summary.with_columns(run_id=pl.lit("another-run")), settings=settings
        )
    with pytest.raises(ValueError, match="summary rows have empty chosen"):
        write_decision_backtest(
            weeks,
            summary.with_columns(chosen=pl.lit(None, dtype=pl.Boolean)),
            settings=settings,
        )
    with pytest.raises(ValueError, match="summary rows lack the column"):
        write_decision_backtest(weeks, summary.drop("minus_widest_low"), settings=settings)
    with duckdb.connect(str(path), read_only=True) as connection:
        after = connection.execute(
            "SELECT (SELECT count(*) FROM fct_decision_backtest), "
            "(SELECT count(*) FROM fct_decision_summary)"
        ).fetchone()
    assert after == (2 * weeks.height, 2 * summary.height)  # refused runs wrote nothing
