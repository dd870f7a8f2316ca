"""`mercredi backtest --decision`: every Wednesday from 2010 to 2022, walk-forward, each policy's
programme and what it would really have earned; written to `fct_decision_backtest` and MLflow."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import mlflow
import polars as pl

from predictor.backtest import champion_params
from predictor.config import PredictorSettings
from predictor.data import History, load_history
from predictor.decision.policies import weekly_receipts
from predictor.decision.report import (
    CONFIRMATION_YEARS,
    SELECTION_YEARS,
    Verdict,
    summarise,
    verdict,
    with_periods,
    with_verdict,
)
from predictor.decision.walk import (
    DEFAULT_LEARNERS,
    decision_tables,
    table_fingerprint,
    walk_forward_points,
    with_quantiles,
)
from predictor.model.fitting import step_origins
from predictor.model.metrics import interval_coverage, regression_metrics
from predictor.programme.rules import DEFAULT_RULES, CinemaRules
from predictor.progress import progress
from predictor.tracking import configure_tracking
from warehouse.decision_backtest import DECISION_BACKTEST_SCHEMA, write_decision_backtest

WALK_VERSION = 2
"""Part of the walk-forward cache's key: raised when the walk computes something else (2: films
without copies predicted by the point model fitted on hidden films)."""
WARM_UP_YEARS = 3
"""The walk-forward starts this many years before the first backtested year, so that P10/P90
of the first week are calibrated on earlier walk-forward residuals."""


@dataclass(frozen=True)
class DecisionBacktestOutcome:
    """What the decision backtest computed and where it went."""

    run_id: str
    model_version: str
    weeks: pl.DataFrame
    """One row per Wednesday, scenario and policy (the rows of `fct_decision_backtest`)."""
    summary: pl.DataFrame
    """Per scenario, period and policy (see `summarise`)."""
    by_year: pl.DataFrame
    verdict: Verdict
    accuracy: dict[str, dict[str, float]]
    """Per scenario and year ('with_copies 2022'): R² log, median APE, within 2x, coverage."""
    rows_written: int
    walk_cached: bool
    seconds: dict[str, float] = field(default_factory=dict)


def _accuracy(predictions: pl.DataFrame, years: Sequence[int]) -> dict[str, dict[str, float]]:
    accuracy: dict[str, dict[str, float]] = {}
    for scenario, suffix in (("with_copies", ""), ("without_copies", "_hidden")):
        for year in years:
            films = predictions.filter(pl.col("release_week").dt.year() == year)
            if films.height < 2:
                continue
            actual = films.get_column("admissions").cast(pl.Float64).to_numpy()
            metrics = regression_metrics(actual, films.get_column(f"p50{suffix}").to_numpy())
            metrics["coverage_p10_p90"] = interval_coverage(
                actual,
                films.get_column(f"p10{suffix}").to_numpy(),
                films.get_column(f"p90{suffix}").to_numpy(),
            )
            metrics["films"] = float(films.height)
            accuracy[f"{scenario} {year}"] = metrics
    return accuracy


def _walk(
    settings: PredictorSettings,
    history: History,
    first_year: int,
    last_year: int,
    learners: Sequence[str],
    *,
    warm_up_years: int,
    use_cache: bool,
    terminal: bool | None,
) -> tuple[pl.DataFrame, str, bool]:
    table, hidden = decision_tables(history)
    params, model_version = champion_params(settings)
    threads, seed = settings.num_threads, settings.seed
    origins = step_origins(
        dt.date(first_year - warm_up_years, 1, 1), dt.date(last_year, 12, 31), "month"
    )
    if not origins:
        raise ValueError(f"no Wednesday from {first_year} to {last_year}; give first <= last")
    end = dt.date(last_year + 1, 1, 1)
    key = table_fingerprint(
        table, params, tuple(learners), threads, seed, origins[0], end, WALK_VERSION
    )
    cache = settings.data_dir / "cache" / f"decision-walk-{key}.parquet"
    if use_cache and cache.exists():
        return pl.read_parquet(cache), model_version, True
    with progress("walk-forward refits", terminal=terminal) as advance:
        points = walk_forward_points(
            table,
            hidden,
            origins,
            end,
            params,
            num_threads=threads,
            seed=seed,
            learners=learners,
            on_step=lambda done, total, origin: advance(done, total, f"origin {origin}"),
        )
    _write_atomically(points, cache)
    return points, model_version, False


def _write_atomically(frame: pl.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    frame.write_parquet(partial)
    partial.replace(path)


def run_decision_backtest(
    settings: PredictorSettings,
    *,
    first_year: int = SELECTION_YEARS[0],
    last_year: int = CONFIRMATION_YEARS[1],
    learners: Sequence[str] = DEFAULT_LEARNERS,
    warm_up_years: int = WARM_UP_YEARS,
    rules: CinemaRules = DEFAULT_RULES,
    history: History | None = None,
    write: bool = True,
    use_cache: bool = True,
    terminal: bool | None = None,
) -> DecisionBacktestOutcome:
    """Backtest every policy on every Wednesday from `first_year` to `last_year`.

    1. Features of every film built once; a walk-forward refits the champion's setting (defaults
       without a champion) on the first Wednesday of each month, from `warm_up_years` before
       `first_year`, on the films known then (14-day lag), and predicts the month's films with
       their copies and with copies and distributor hidden. Cached in the data folder under a
       hash of the features and settings, so a rerun on the same warehouse only redoes 2-4.
    2. P10/P90 at each origin from the walk-forward residuals known then (3 years).
    3. Each policy's programme each week in each scenario, its receipts with the actual
       admissions, and the perfect-foresight receipts (`weekly_receipts`).
    4. Capture per period (selection 2010-2018, confirmation 2019-2022, COVID weeks apart) and
       per year, bootstrap 90 % intervals of "policy - widest release", euros; the choice on the
       selection years and its verdict on the confirmation years.
    5. Logged to MLflow; with `write`, the weekly rows go to `fct_decision_backtest` and the
       summary with the verdict to `fct_decision_summary`, together.
    """
    if first_year > last_year:
        raise ValueError(f"first year {first_year} is after last year {last_year}; swap them")
    started = time.perf_counter()
    seconds: dict[str, float] = {}
    experiment_id = configure_tracking(settings)
    history = history if history is not None else load_history(settings)
    points, model_version, cached = _walk(
        settings,
        history,
        first_year,
        last_year,
        learners,
        warm_up_years=warm_up_years,
        use_cache=use_cache,
        terminal=terminal,
    )
    seconds["walk_forward"] = time.perf_counter() - started
    predictions = with_quantiles(points, first_week=dt.date(first_year, 1, 1))
    with progress("policies week by week", terminal=terminal) as advance:
        raw = weekly_receipts(
            predictions,
            rules=rules,
            seed=settings.seed,
            on_week=lambda done, total: advance(done, total, "weeks x scenarios"),
        )
    weeks = with_periods(raw, rules)
    seconds["policies"] = time.perf_counter() - started - seconds["walk_forward"]
    summary = summarise(weeks, seed=settings.seed)
    by_year = summarise(weeks, by_year=True, seed=settings.seed)
    chosen = verdict(summary)
    years = sorted(set(predictions.get_column("release_week").dt.year().to_list()))
    accuracy = _accuracy(predictions, years)
    with mlflow.start_run(
        experiment_id=experiment_id, run_name=f"decision-backtest-{first_year}-{last_year}"
    ) as run:
        mlflow.set_tag("kind", "decision_backtest")
        mlflow.log_params(
            {
                "first_year": first_year,
                "last_year": last_year,
                "model_version": model_version,
                "learners": ",".join(learners),
                "warm_up_years": warm_up_years,
                "selected_policy": chosen.selected,
                "chosen_policy": chosen.chosen,
                "walk_cached": cached,
            }
        )
        metrics = {
            f"{row['scenario']}.{row['period']}.{row['policy']}.{name}": float(row[name])
            for row in summary.iter_rows(named=True)
            for name in ("capture", "minus_widest", "minus_widest_low", "minus_widest_high")
        }
        metrics.update(
            {
                f"{row['scenario']}.{row['period']}.{row['policy']}.receipts_eur": float(
                    row["receipts_eur"]
                )
                for row in summary.iter_rows(named=True)
            }
        )
        metrics.update(
            {
                f"accuracy.{key.replace(' ', '.')}.{name}": value
                for key, values in accuracy.items()
                for name, value in values.items()
            }
        )
        metrics["confirmation.chosen_minus_widest"] = chosen.minus_widest
        mlflow.log_metrics(metrics)
        mlflow.log_text(summary.write_csv(), "decision/summary.csv")
        mlflow.log_text(by_year.write_csv(), "decision/by_year.csv")
    computed_at = dt.datetime.now(dt.UTC)
    run_columns = {"run_id": pl.lit(run.info.run_id), "computed_at": pl.lit(computed_at)}
    rows = weeks.with_columns(**run_columns).select(list(DECISION_BACKTEST_SCHEMA))
    totals = with_verdict(summary, chosen).with_columns(**run_columns)
    written = write_decision_backtest(rows, totals, settings=settings) if write else 0
    seconds["total"] = time.perf_counter() - started
    return DecisionBacktestOutcome(
        run_id=run.info.run_id,
        model_version=model_version,
        weeks=rows,
        summary=summary,
        by_year=by_year,
        verdict=chosen,
        accuracy=accuracy,
        rows_written=written,
        walk_cached=cached,
        seconds=seconds,
    )
