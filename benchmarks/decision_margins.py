"""Benchmark: does the decision gain from intervals that adapt to the film? (issue 10)

The decision backtest's P10/P50/P90 are one set of log offsets around the point model for every
film with copies (split conformal on the walk-forward's residuals of the last three years). Here
the plain model's walk-forward (`decision_variants.walk`, the champion's setting) is scored with
other offsets, each computed at each origin from the residuals known then (Mondrian conformal:
one set of offsets per group, from that group's residuals; a group with fewer than
MIN_GROUP_FILMS residuals takes the common offsets):
- `common`: the decision backtest's offsets (the reference);
- `rank_*`: groups by the film's copies rank in its week (1-2, 3-5, 6 and more), with the group's
  own centre (bias) and width (`rank_centre_width`), its own centre only (`rank_centre`), or its
  own width only (`rank_width`);
- `size_*`: the same with groups by the point prediction's size (log admissions >= 12, >= 10.5,
  below);
- `width_x0.01`, `width_x0.5`, `width_x1.5`: the common interval narrowed or widened around its
  centre (does the width move the choice at all?).
Films without copies keep the backtest's own offsets. Prints each variant's capture and lead
over the widest-release rule on the selection years (2010-2018) and the confirmation years
(2019-2022) and writes them to benchmarks/results/decision_margins.json. About 3 minutes a seed
with one LightGBM thread.

Usage: uv run python benchmarks/decision_margins.py [--seeds 7 8 9 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl
from decision_variants import VARIANTS, walk
from harness import HISTORY_DIR, load_average, machine, write_results

MIN_GROUP_FILMS = 30
"""A group with fewer residuals than this at an origin takes the common offsets."""
QUANTILES = ("p10", "p50", "p90")


def _rank_groups() -> pl.Expr:
    rank = pl.col("copies_rank_in_week")
    return pl.when(rank <= 2).then(pl.lit("1-2")).when(rank <= 5).then(pl.lit("3-5"))


def _size_groups() -> pl.Expr:
    point = pl.col("point_log")
    return pl.when(point >= 12.0).then(pl.lit("big")).when(point >= 10.5).then(pl.lit("middle"))


def with_group_margins(
    predictions: pl.DataFrame,
    points: pl.DataFrame,
    group: pl.Expr,
    *,
    own_centre: bool = True,
    own_width: bool = True,
    width_scale: float = 1.0,
) -> pl.DataFrame:
    """`predictions` (from `with_quantiles`) with P10/P50/P90 of the films with copies recomputed
    from offsets per `group` (null: the rest), each origin's from the residuals of the films with
    copies known then (the backtest's calibration window and lag)."""
    from predictor.decision.walk import CALIBRATION_DAYS
    from predictor.features.track_records import KNOWLEDGE_LAG_DAYS
    from predictor.model.conformal import residual_margins

    grouped = points.with_columns(group=group.fill_null(pl.lit("rest")))
    residuals = grouped.filter(pl.col("copies").is_not_null()).select(
        "release_week",
        "group",
        residual=pl.col("admissions").cast(pl.Float64).log1p() - pl.col("point_log"),
    )
    scored = predictions.join(grouped.select("film_id", "group"), on="film_id", how="left")
    frames = []
    for (origin,), films in scored.group_by("origin", maintain_order=True):
        assert isinstance(origin, dt.date)
        last = origin - dt.timedelta(days=KNOWLEDGE_LAG_DAYS)
        known = residuals.filter(
            pl.col("release_week").is_between(last - dt.timedelta(days=CALIBRATION_DAYS), last)
        )
        common = residual_margins(known.get_column("residual").to_numpy(), centre=True)
        offsets: dict[str, dict[str, float]] = {q: {} for q in QUANTILES}
        for name in films.get_column("group").unique().to_list():
            own = known.filter(pl.col("group") == name).get_column("residual").to_numpy()
            margins = residual_margins(own, centre=True) if own.size >= MIN_GROUP_FILMS else common
            centre = margins.centre if own_centre else common.centre
            width = margins if own_width else common
            offsets["p50"][name] = centre
            offsets["p10"][name] = centre + width_scale * (width.low - width.centre)
            offsets["p90"][name] = centre + width_scale * (width.high - width.centre)
        has_copies = pl.col("copies").is_not_null()
        frames.append(
            films.with_columns(
                pl.when(has_copies)
                .then(
                    (pl.col("point_log") + pl.col("group").replace_strict(offsets[q])).exp() - 1.0
                )
                .otherwise(pl.col(q))
                .clip(lower_bound=0.0)
                .alias(q)
                for q in QUANTILES
            )
        )
    return pl.concat(frames).drop("group")


def score(predictions: pl.DataFrame, seed: int) -> dict[str, float]:
    """The model's capture and lead over the widest-release rule (with its 90 % interval) on the
    selection and confirmation years."""
    from predictor.decision.policies import weekly_receipts
    from predictor.decision.report import summarise, with_periods

    weeks = with_periods(weekly_receipts(predictions, scenarios=("with_copies",), seed=seed))
    figures: dict[str, float] = {}
    for row in summarise(weeks, seed=seed).iter_rows(named=True):
        if row["policy"] == "model" and row["period"] in ("selection", "confirmation"):
            for column in ("capture", "minus_widest", "minus_widest_low", "minus_widest_high"):
                figures[f"{row['period']}_{column}"] = row[column]
    return figures


def variants(points: pl.DataFrame, predictions: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Every margin variant's predictions."""
    out = {"common": predictions}
    for prefix, group in (("rank", _rank_groups()), ("size", _size_groups())):
        for suffix, own_centre, own_width in (
            ("centre_width", True, True),
            ("centre", True, False),
            ("width", False, True),
        ):
            out[f"{prefix}_{suffix}"] = with_group_margins(
                predictions, points, group, own_centre=own_centre, own_width=own_width
            )
    for scale in (0.01, 0.5, 1.5):
        out[f"width_x{scale}"] = with_group_margins(
            predictions, points, pl.lit(None, dtype=pl.String), width_scale=scale
        )
    return out


def main() -> None:
    """Run the benchmark and write its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[7])
    arguments = parser.parse_args()
    from predictor.config import PredictorSettings
    from predictor.data import load_history
    from predictor.decision.report import SELECTION_YEARS
    from predictor.decision.walk import with_quantiles
    from predictor.model.fitting import feature_table
    from warehouse.refresh import refresh_warehouse

    with tempfile.TemporaryDirectory(prefix="mercredi-bench-") as folder:
        settings = PredictorSettings(data_dir=Path(folder), history_dir=HISTORY_DIR)
        refresh_warehouse(settings)
        history = load_history(settings)
    table = feature_table(history)
    ranks = table.select("film_id", "copies_rank_in_week")
    rows: list[dict[str, Any]] = []
    for seed in arguments.seeds:
        started = time.perf_counter()
        points = walk(table, VARIANTS["plain"](), seed).join(ranks, on="film_id", how="left")
        predictions = with_quantiles(points, first_week=dt.date(SELECTION_YEARS[0], 1, 1))
        for name, variant in variants(points, predictions).items():
            figures = score(variant, seed)
            rows.append({"margins": name, "seed": seed, **figures})
            print(
                f"seed {seed} {name}: selection {figures['selection_capture']:.2%} "
                f"({figures['selection_minus_widest']:+.2%}), confirmation "
                f"{figures['confirmation_capture']:.2%} "
                f"({figures['confirmation_minus_widest']:+.2%})",
                flush=True,
            )
        print(f"seed {seed}: {time.perf_counter() - started:.0f} s", flush=True)
    write_results(
        "decision_margins",
        {
            "machine": machine("1 LightGBM thread"),
            "load_average_after": load_average(),
            "measured_at": dt.datetime.now(dt.UTC).isoformat(),
            "rows": rows,
        },
    )


if __name__ == "__main__":
    main()
