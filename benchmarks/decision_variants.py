"""Benchmark: the point-model variants tried for issue 10, judged by the decision over a decade.

Each variant is another way of fitting the point model at each monthly origin, with the
champion's setting (min 50 films a leaf, 60 % of the features a tree). The few films without
copies are predicted by the variant with their copies masked (production now gives them a model
of their own), so `plain` is the decision backtest's model before that change. Everything else
is the decision backtest's (`mercredi backtest --decision`): the walk-forward from 2007 (films known
14 days before each origin), P10/P90 from the walk-forward's own residuals, the programme
engine's choice under the default rules, the receipts realised with the actual admissions.
A variant is judged on the selection years (2010-2018) and only then on the confirmation
years (2019-2022); the seed moves the plain model by up to 0.4 points on either, so compare
variants over several seeds.

Variants (docs/model.md, "The decision over a decade", says what each gave):
- `plain`: the production point model, the reference.
- `widest5`: plus a second model fitted only on the films ranked 1 to 5 by copies in their week
  (min 20 films a leaf), which predicts those films.
- `widest5_max`: the same, each of those films getting the larger of the two predictions
  (which keeps "more copies never predict fewer admissions").
- `week_top`: plus two competition features about the week's top: the film's lead in log
  copies over the widest other release of its week, and that release's log copies.
- `per_copy_records`: plus the cast's best mean log admissions per copy, the franchise's best
  log admissions per copy, and the film's log copies against the franchise's widest release.
- `linear_copies_base`: the trees fitted on the residual of a linear fit of log admissions on
  `copies_times_recent_market`, so that the level keeps rising past the last split.
- `poisson`, `tweedie`: the trees learn the admissions themselves (LightGBM's Poisson loss, or
  Tweedie with variance power 1.5), so that the big films weigh more; the point is the log of
  the expected admissions.
- `huber`: the Huber loss on the log (alpha 1), so that the surprises pull the trees less.
- `copies_confidence`: plus how wide the release is against what its makers usually get: the
  film's log copies minus the mean log copies of its distributor's films of the last 3 years,
  and minus the log copies of its director's most recent earlier film (films known 14 days
  before its release week); monotone increasing in both.
- `holdover`: plus the competition still on screen, which copies announce before release: the
  log copies of the widest release of the previous cinema week and of the week before, and the
  number of releases with at least 300 copies in those two weeks (no admissions of theirs).
- `ensemble`: the mean of the log predictions of `plain`, `widest5`, `huber`,
  `copies_confidence` and `holdover` (five fits at each origin), so that their errors, which
  differ in kind and not only in seed, may cancel.

Prints the figures and writes them to benchmarks/results/decision_variants.json after each
variant and seed (rows of other variants and seeds measured earlier are kept). About 2 to 4
minutes a variant and seed with one LightGBM thread on a quiet 2-core machine.

Usage: uv run python benchmarks/decision_variants.py [VARIANT ...] [--seeds 7 8 9 10]
(the variants first: `--seeds` takes every number that follows it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from harness import HISTORY_DIR, RESULTS_DIR, load_average, machine, write_results

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
Predict = Callable[[pl.DataFrame], FloatArray]
Fit = Callable[[pl.DataFrame, int], Predict]
WIDEST = 5
"""The films ranked 1 to WIDEST by copies in their week get the second model's prediction."""
PERIODS = ("selection", "confirmation", "covid")


@dataclass(frozen=True)
class Variant:
    """A way of fitting the point model: extra feature columns (added to the table once, point in
    time like the others) and the fit at one origin, given the films known then and a seed."""

    fit: Fit
    extra_columns: Callable[[pl.DataFrame, pl.DataFrame], pl.DataFrame] | None = None


def _log_target(films: pl.DataFrame) -> FloatArray:
    return np.asarray(films.get_column("log_admissions").to_numpy(), dtype=np.float64)


def _fit_columns(
    columns: Sequence[str],
    increasing: Sequence[str],
    *,
    min_data_in_leaf: int | None = None,
    objective: str = "regression",
    objective_params: dict[str, Any] | None = None,
    copies_derived: Sequence[str] = (),
) -> Fit:
    """The production fit (`predictor.model.point`) on `columns`, monotone as production is plus
    increasing in `increasing`; predictions single-threaded. With `objective` "poisson" or
    "tweedie" the trees learn the admissions themselves (not their log) and the prediction is
    the log of their expected admissions. The `copies_derived` extra columns are made null where
    the film's copies are (so that a film predicted with its copies masked does not keep them)."""
    raw_scale = objective in ("poisson", "tweedie")
    from dataclasses import replace

    from predictor.features import CATEGORICAL_FEATURES, MONOTONE_DECREASING
    from predictor.model.lgbm import lgb
    from predictor.model.point import booster_input, booster_params, category_levels, model_input

    params = _champion_setting()
    if min_data_in_leaf is not None:
        params = replace(params, min_data_in_leaf=min_data_in_leaf)

    def fit(train: pl.DataFrame, seed: int) -> Predict:
        levels = category_levels(train)
        lgb_params = booster_params(params, objective=objective, num_threads=1, seed=seed)
        lgb_params.update(objective_params or {})
        lgb_params["monotone_constraints"] = [
            1 if column in increasing else -1 if column in MONOTONE_DECREASING else 0
            for column in columns
        ]
        dataset = lgb.Dataset(
            booster_input(model_input(train, columns), levels),
            label=np.expm1(_log_target(train)) if raw_scale else _log_target(train),
            categorical_feature=list(CATEGORICAL_FEATURES),
        )
        booster = lgb.train(lgb_params, dataset, num_boost_round=params.num_boost_round)

        def predict(films: pl.DataFrame) -> FloatArray:
            films = films.with_columns(
                pl.when(pl.col("log_copies").is_not_null()).then(pl.col(column)).alias(column)
                for column in copies_derived
            )
            frame = booster_input(model_input(films, columns), levels)
            point = np.asarray(booster.predict(frame, num_threads=1), dtype=np.float64)
            return np.log1p(point) if raw_scale else point

        return predict

    return fit


def _champion_setting() -> Any:
    """The champion's setting, the grid's choice (docs/model.md): min 50 films a leaf, 60 % of
    the features a tree."""
    from predictor.model.point import PointParams

    return PointParams(min_data_in_leaf=50, feature_fraction=0.6)


def _production_columns(extra: Sequence[str] = ()) -> tuple[str, ...]:
    from predictor.features import CATEGORICAL_FEATURES, FEATURE_COLUMNS

    numeric = [column for column in FEATURE_COLUMNS if column not in CATEGORICAL_FEATURES]
    return (*numeric, *extra, *CATEGORICAL_FEATURES)


def _plain() -> Variant:
    from predictor.features import MONOTONE_INCREASING

    return Variant(_fit_columns(_production_columns(), MONOTONE_INCREASING))


def _objective(objective: str, **objective_params: Any) -> Variant:
    from predictor.features import MONOTONE_INCREASING

    return Variant(
        _fit_columns(
            _production_columns(),
            MONOTONE_INCREASING,
            objective=objective,
            objective_params=objective_params,
        )
    )


def _widest(*, keep_larger: bool) -> Variant:
    from predictor.features import MONOTONE_INCREASING

    columns = _production_columns()
    everyone = _fit_columns(columns, MONOTONE_INCREASING)
    widest = _fit_columns(columns, MONOTONE_INCREASING, min_data_in_leaf=20)

    def among_widest(films: pl.DataFrame) -> pl.Series:
        return films.get_column("copies_rank_in_week").fill_null(WIDEST + 1) <= WIDEST

    def fit(train: pl.DataFrame, seed: int) -> Predict:
        predict_all = everyone(train, seed)
        predict_widest = widest(train.filter(among_widest(train)), seed)

        def predict(films: pl.DataFrame) -> FloatArray:
            point = predict_all(films)
            mask = among_widest(films).to_numpy()
            if mask.any():
                second = predict_widest(films.filter(among_widest(films)))
                point[mask] = np.maximum(point[mask], second) if keep_larger else second
            return point

        return predict

    return Variant(fit)


def _with_week_top(table: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    week = pl.col("release_week")
    widest = pl.col("log_copies").max().over(week)
    second = pl.col("log_copies").sort(descending=True, nulls_last=True).slice(1, 1).first()
    other = pl.when(pl.col("log_copies") >= widest).then(second.over(week)).otherwise(widest)
    return table.with_columns(
        lead_over_widest_other=pl.col("log_copies") - other, widest_other_log_copies=other
    )


def _week_top() -> Variant:
    from predictor.features import MONOTONE_INCREASING

    extra = ("lead_over_widest_other", "widest_other_log_copies")
    return Variant(
        _fit_columns(_production_columns(extra), (*MONOTONE_INCREASING, "lead_over_widest_other")),
        _with_week_top,
    )


def _with_per_copy_records(table: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    """Cast and franchise per-copy records, by the production track-record code (films known
    14 days before each film's release week only)."""
    from landing.weeks import week_start_expr
    from predictor.features.build import actor_records, franchise_records
    from predictor.features.titles import title_stem
    from predictor.features.track_records import with_known_until

    films = history.lazy().with_columns(
        release_week=week_start_expr(pl.col("release_date")),
        title_stem=title_stem(pl.col("title")),
        original_stem=title_stem(pl.col("original_title").fill_null(pl.col("title"))),
        log_admissions_per_copy=pl.col("admissions").cast(pl.Float64).log1p()
        - pl.col("copies").cast(pl.Float64).log(),
        log_copies_known=pl.col("copies").cast(pl.Float64).log(),
    )
    targets = with_known_until(films)
    per_copy = "log_admissions_per_copy"
    records = (
        actor_records(targets, films, value=per_copy)
        .group_by("film_id")
        .agg(cast_best_log_adm_per_copy=pl.col("actor_mean_log_adm").max())
        .join(
            franchise_records(targets, films, value=per_copy).select(
                "film_id", franchise_best_log_adm_per_copy="franchise_best"
            ),
            on="film_id",
            how="full",
            coalesce=True,
        )
        .join(
            franchise_records(targets, films, value="log_copies_known").select(
                "film_id", franchise_widest_log_copies="franchise_best"
            ),
            on="film_id",
            how="full",
            coalesce=True,
        )
    )
    return table.join(records.collect(), on="film_id", how="left").with_columns(
        copies_vs_franchise=pl.col("log_copies") - pl.col("franchise_widest_log_copies")
    )


def _per_copy_records() -> Variant:
    from predictor.features import MONOTONE_INCREASING

    extra = (
        "cast_best_log_adm_per_copy",
        "franchise_best_log_adm_per_copy",
        "copies_vs_franchise",
    )
    return Variant(
        _fit_columns(_production_columns(extra), (*MONOTONE_INCREASING, "copies_vs_franchise")),
        _with_per_copy_records,
    )


def _with_copies_confidence(table: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    """The film's log copies against its distributor's usual (mean log copies of its films of
    the last 3 years) and against its director's most recent earlier film, by the production
    track-record code (films known 14 days before each film's release week only)."""
    from landing.weeks import week_start_expr
    from predictor.features.build import DISTRIBUTOR_WINDOW_DAYS
    from predictor.features.track_records import prior_record, with_known_until

    films = history.lazy().with_columns(
        release_week=week_start_expr(pl.col("release_date")),
        log_copies_known=pl.col("copies").cast(pl.Float64).log(),
    )
    targets = with_known_until(films)
    distributor = prior_record(
        targets.select(pl.col("film_id").alias("row_key"), "distributor", "known_until"),
        films,
        key="distributor",
        prefix="distributor_copies",
        window_days=DISTRIBUTOR_WINDOW_DAYS,
        value="log_copies_known",
    ).select(
        pl.col("row_key").alias("film_id"),
        distributor_mean_log_copies="distributor_copies_mean_log_adm",
    )
    # The director's latest week with copies known by `known_until` (a director's two films of
    # one week count as their mean).
    director_weeks = (
        films.filter(pl.col("director").is_not_null() & pl.col("log_copies_known").is_not_null())
        .group_by("director", "release_week")
        .agg(director_last_log_copies=pl.col("log_copies_known").mean())
        .rename({"release_week": "director_week"})
        .sort("director_week")
    )
    director = (
        targets.filter(pl.col("director").is_not_null())
        .select("film_id", "director", "known_until")
        .sort("known_until")
        .join_asof(
            director_weeks,
            left_on="known_until",
            right_on="director_week",
            by="director",
            strategy="backward",
            check_sortedness=False,
        )
        .select("film_id", "director_last_log_copies")
    )
    records = distributor.join(director, on="film_id", how="full", coalesce=True).collect()
    return table.join(records, on="film_id", how="left").with_columns(
        copies_vs_distributor=pl.col("log_copies") - pl.col("distributor_mean_log_copies"),
        copies_vs_director_last=pl.col("log_copies") - pl.col("director_last_log_copies"),
    )


def _copies_confidence() -> Variant:
    from predictor.features import MONOTONE_INCREASING

    extra = ("copies_vs_distributor", "copies_vs_director_last")
    return Variant(
        _fit_columns(
            _production_columns(extra),
            (*MONOTONE_INCREASING, *extra),
            copies_derived=extra,
        ),
        _with_copies_confidence,
    )


HOLDOVER_WIDE_COPIES = 300
"""A release of the two previous weeks with at least this many copies counts as wide."""


def _with_holdover(table: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    """The competition still on screen: the log copies of the widest release of the previous
    cinema week and of the week before, and the number of releases with at least
    HOLDOVER_WIDE_COPIES copies in those two weeks (copies only: they are announced before the
    films open, while the previous week's admissions are not known yet)."""
    weeks = table.group_by("release_week").agg(
        widest=pl.col("log_copies").max(),
        wide=(pl.col("copies") >= HOLDOVER_WIDE_COPIES).sum().cast(pl.Int32),
    )
    for days in (7, 14):
        table = table.with_columns(
            _earlier_week=pl.col("release_week") - pl.duration(days=days)
        ).join(
            weeks.rename(
                {
                    "release_week": "_earlier_week",
                    "widest": f"widest_log_copies_{days}d_before",
                    "wide": f"_wide_{days}d_before",
                }
            ),
            on="_earlier_week",
            how="left",
        )
    return table.with_columns(
        holdover_wide_releases=(
            pl.col("_wide_7d_before").fill_null(0) + pl.col("_wide_14d_before").fill_null(0)
        ).cast(pl.Float64)
    ).drop("_earlier_week", "_wide_7d_before", "_wide_14d_before")


def _holdover() -> Variant:
    from predictor.features import MONOTONE_INCREASING

    extra = (
        "widest_log_copies_7d_before",
        "widest_log_copies_14d_before",
        "holdover_wide_releases",
    )
    return Variant(_fit_columns(_production_columns(extra), MONOTONE_INCREASING), _with_holdover)


def _linear_copies_base() -> Variant:
    from predictor.features import CATEGORICAL_FEATURES
    from predictor.model.lgbm import lgb
    from predictor.model.point import booster_input, booster_params, category_levels, model_input

    def base_of(train: pl.DataFrame) -> Callable[[pl.DataFrame], FloatArray]:
        target = _log_target(train)
        market = train.get_column("copies_times_recent_market").to_numpy().astype(np.float64)
        known = ~np.isnan(market)
        design = np.column_stack([np.ones(known.sum()), market[known]])
        (intercept, slope), *_ = np.linalg.lstsq(design, target[known], rcond=None)
        if slope <= 0:
            raise ValueError(f"the copies base slopes down ({slope:.3f}); it must rise")
        unknown = float(np.mean(target[~known])) if (~known).any() else float(np.mean(target))

        def base(films: pl.DataFrame) -> FloatArray:
            values = films.get_column("copies_times_recent_market").to_numpy().astype(np.float64)
            return np.where(np.isnan(values), unknown, intercept + slope * values)

        return base

    params = _champion_setting()

    def fit(train: pl.DataFrame, seed: int) -> Predict:
        base = base_of(train)
        levels = category_levels(train)
        dataset = lgb.Dataset(
            booster_input(model_input(train), levels),
            label=_log_target(train),
            init_score=base(train),
            categorical_feature=list(CATEGORICAL_FEATURES),
        )
        booster = lgb.train(
            booster_params(params, objective="regression", num_threads=1, seed=seed),
            dataset,
            num_boost_round=params.num_boost_round,
        )

        def predict(films: pl.DataFrame) -> FloatArray:
            trees = booster.predict(booster_input(model_input(films), levels), num_threads=1)
            return base(films) + np.asarray(trees, dtype=np.float64)

        return predict

    return Variant(fit)


ENSEMBLE_MEMBERS = ("plain", "widest5", "huber", "copies_confidence", "holdover")


def _ensemble() -> Variant:
    members = [VARIANTS[name]() for name in ENSEMBLE_MEMBERS]

    def extra_columns(table: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
        for member in members:
            if member.extra_columns is not None:
                table = member.extra_columns(table, history)
        return table

    def fit(train: pl.DataFrame, seed: int) -> Predict:
        predictors = [member.fit(train, seed) for member in members]

        def predict(films: pl.DataFrame) -> FloatArray:
            points = [predict_one(films) for predict_one in predictors]
            return np.asarray(np.mean(points, axis=0), dtype=np.float64)

        return predict

    return Variant(fit, extra_columns)


VARIANTS: dict[str, Callable[[], Variant]] = {
    "plain": _plain,
    "widest5": lambda: _widest(keep_larger=False),
    "widest5_max": lambda: _widest(keep_larger=True),
    "week_top": _week_top,
    "per_copy_records": _per_copy_records,
    "linear_copies_base": _linear_copies_base,
    "poisson": lambda: _objective("poisson"),
    "tweedie": lambda: _objective("tweedie", tweedie_variance_power=1.5),
    "huber": lambda: _objective("huber", alpha=1.0),
    "copies_confidence": _copies_confidence,
    "holdover": _holdover,
    "ensemble": _ensemble,
}


def walk(table: pl.DataFrame, variant: Variant, seed: int) -> pl.DataFrame:
    """The decision backtest's walk-forward (monthly origins from 2007), with `variant`'s fit."""
    from predictor.decision.report import CONFIRMATION_YEARS, SELECTION_YEARS
    from predictor.decision.service import WARM_UP_YEARS
    from predictor.model.fitting import between, known_at, mask_copies, step_origins

    first, last = SELECTION_YEARS[0] - WARM_UP_YEARS, CONFIRMATION_YEARS[1]
    origins = step_origins(dt.date(first, 1, 1), dt.date(last, 12, 31), "month")
    frames = []
    for origin, stop in zip(origins, [*origins[1:], dt.date(last + 1, 1, 1)], strict=True):
        films = between(table, origin, stop)
        if films.is_empty():
            continue
        predict = variant.fit(known_at(table, origin), seed)
        point = predict(films)
        frames.append(
            films.select(
                "film_id", "title", "release_date", "release_week", "admissions", "copies"
            ).with_columns(
                origin=pl.lit(origin),
                point_log=point,
                point_log_masked=predict(mask_copies(films)),
                # Only the scenario with copies is scored here.
                point_log_hidden=point,
            )
        )
    return pl.concat(frames)


def score(points: pl.DataFrame, seed: int) -> dict[str, float]:
    """Capture of the model's programme and of the widest-release rule per period, and the
    model's lead over the rule with its 90 % bootstrap interval (capture points)."""
    from predictor.decision.policies import REFERENCE, weekly_receipts
    from predictor.decision.report import SELECTION_YEARS, summarise, with_periods
    from predictor.decision.walk import with_quantiles

    predictions = with_quantiles(points, first_week=dt.date(SELECTION_YEARS[0], 1, 1))
    weeks = with_periods(weekly_receipts(predictions, scenarios=("with_copies",), seed=seed))
    summary = summarise(weeks, seed=seed)
    figures: dict[str, float] = {}
    for row in summary.iter_rows(named=True):
        if row["period"] not in PERIODS:
            continue
        if row["policy"] == "model":
            prefix = row["period"]
            figures[f"{prefix}_capture"] = row["capture"]
            figures[f"{prefix}_minus_widest"] = row["minus_widest"]
            figures[f"{prefix}_minus_widest_low"] = row["minus_widest_low"]
            figures[f"{prefix}_minus_widest_high"] = row["minus_widest_high"]
        elif row["policy"] == REFERENCE:
            figures[f"{row['period']}_widest_capture"] = row["capture"]
    return figures


def main() -> None:
    """Run the benchmark and write its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", metavar="VARIANT", help=", ".join(VARIANTS))
    parser.add_argument("--seeds", nargs="+", type=int, default=[7])
    arguments = parser.parse_args()
    unknown = sorted(set(arguments.variants) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose among {', '.join(VARIANTS)}")
    from predictor.config import PredictorSettings
    from predictor.data import load_history
    from predictor.model.fitting import feature_table
    from warehouse.refresh import refresh_warehouse

    with tempfile.TemporaryDirectory(prefix="mercredi-bench-") as folder:
        settings = PredictorSettings(data_dir=Path(folder), history_dir=HISTORY_DIR)
        refresh_warehouse(settings)
        history = load_history(settings)
    table = feature_table(history)
    rows = []
    for name in arguments.variants or list(VARIANTS):
        variant = VARIANTS[name]()
        prepared = table
        if variant.extra_columns is not None:
            prepared = variant.extra_columns(table, history.films)
        for seed in arguments.seeds:
            started = time.perf_counter()
            figures = score(walk(prepared, variant, seed), seed)
            seconds = time.perf_counter() - started
            rows.append({"variant": name, "seed": seed, "seconds": seconds, **figures})
            print(
                f"{name} seed {seed}: selection {figures['selection_capture']:.2%} "
                f"({figures['selection_minus_widest']:+.2%} over the widest release, "
                f"[{figures['selection_minus_widest_low']:+.2%}, "
                f"{figures['selection_minus_widest_high']:+.2%}]), confirmation "
                f"{figures['confirmation_capture']:.2%} "
                f"({figures['confirmation_minus_widest']:+.2%}, "
                f"[{figures['confirmation_minus_widest_low']:+.2%}, "
                f"{figures['confirmation_minus_widest_high']:+.2%}]), {seconds:.0f} s",
                flush=True,
            )
            _save(rows)


def _save(rows: list[dict[str, Any]]) -> None:
    """Write the rows measured so far, keeping the earlier runs' rows of other variants and
    seeds (so that variants can be measured in separate runs)."""
    path = RESULTS_DIR / "decision_variants.json"
    measured = {(row["variant"], row["seed"]) for row in rows}
    kept = []
    if path.exists():
        earlier = json.loads(path.read_text(encoding="utf-8")).get("rows", [])
        kept = [row for row in earlier if (row["variant"], row["seed"]) not in measured]
    write_results(
        "decision_variants",
        {
            "machine": machine("1 LightGBM thread"),
            "load_average_after": load_average(),
            "measured_at": dt.datetime.now(dt.UTC).isoformat(),
            "rows": sorted([*kept, *rows], key=lambda row: (row["variant"], row["seed"])),
        },
    )


if __name__ == "__main__":
    main()
