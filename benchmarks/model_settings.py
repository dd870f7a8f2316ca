"""Benchmark: every setting of the grid, for several seeds, on the 2019-2021 folds only.

For each setting of `PARAMS_GRID` and each seed: the rolling-origin MAE on log admissions that
`mercredi train` uses to choose (3 folds of 52 weeks before the final test), then a monthly
walk-forward over the same 156 weeks (P10/P90 from those folds' residuals) scored like the final
test: R² log, median APE, within 2x, P10-P90 coverage, decision capture and the widest-release
heuristic's capture. The final test (last 52 weeks) is never touched, so this is where settings
may be compared. Prints the figures and writes them to benchmarks/results/model_settings.json.

Usage: uv run python benchmarks/model_settings.py [SEED ...]   (default seeds: 7 8 9)
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import HISTORY_DIR, machine, write_results

DEFAULT_SEEDS = (7, 8, 9)


def score_setting(table: Any, params: Any, *, seed: int, threads: int) -> dict[str, float]:
    """Fold MAE and 2019-2021 walk-forward figures of one setting with one seed."""
    import numpy as np

    from predictor.model.conformal import calibrate
    from predictor.model.decision import decision_capture
    from predictor.model.fitting import (
        FOLD_DAYS,
        N_FOLDS,
        rolling_origin,
        step_origins,
        test_start,
        walk_forward,
    )
    from predictor.model.metrics import interval_coverage, regression_metrics

    end = test_start(table)
    started = time.perf_counter()
    folds = rolling_origin(table, end, params, num_threads=threads, seed=seed)
    calibration = calibrate(folds.residuals_with_copies, folds.residuals_without_copies)
    first = end - dt.timedelta(days=N_FOLDS * FOLD_DAYS)
    origins = step_origins(first, end - dt.timedelta(days=1), "month")
    predictions = walk_forward(
        table, origins, end, params, calibration, num_threads=threads, seed=seed
    )
    actual = predictions.get_column("admissions").cast(float).to_numpy()
    metrics = regression_metrics(actual, predictions.get_column("p50").to_numpy())
    capture = decision_capture(predictions, seed=seed)
    return {
        "folds_mae_log": folds.mae_log,
        **{f"fold_{i + 1}_mae_log": mae for i, mae in enumerate(folds.fold_mae_log)},
        "walk_forward_mae_log": float(np.mean(np.abs(predictions["residual_log"].to_numpy()))),
        "r2_log": metrics["r2_log"],
        "median_ape": metrics["median_ape"],
        "within_2x": metrics["within_2x"],
        "coverage_p10_p90": interval_coverage(
            actual, predictions["p10"].to_numpy(), predictions["p90"].to_numpy()
        ),
        "decision_capture": capture["decision_capture"],
        "widest_release_capture": capture["widest_release_capture"],
        "films": float(predictions.height),
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    """Run the benchmark and write its results."""
    seeds = tuple(int(seed) for seed in sys.argv[1:]) or DEFAULT_SEEDS
    from predictor.config import PredictorSettings
    from predictor.data import load_history
    from predictor.model.fitting import feature_table
    from predictor.model.point import PARAMS_GRID
    from warehouse.refresh import refresh_warehouse

    with tempfile.TemporaryDirectory(prefix="mercredi-bench-") as folder:
        settings = PredictorSettings(data_dir=Path(folder), history_dir=HISTORY_DIR)
        refresh_warehouse(settings)
        table = feature_table(load_history(settings))
    rows = []
    for index, params in enumerate(PARAMS_GRID):
        for seed in seeds:
            figures = score_setting(table, params, seed=seed, threads=settings.num_threads)
            rows.append({"setting": index, "seed": seed, "params": params.as_dict(), **figures})
            print(
                f"setting {index} seed {seed}: folds MAE log {figures['folds_mae_log']:.4f}  "
                f"R² log {figures['r2_log']:.3f}  median APE {figures['median_ape']:.1%}  "
                f"within 2x {figures['within_2x']:.1%}  coverage "
                f"{figures['coverage_p10_p90']:.1%}  capture {figures['decision_capture']:.2%} "
                f"(widest release {figures['widest_release_capture']:.2%})",
                flush=True,
            )
    results = {
        "machine": machine(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(),
        "seeds": list(seeds),
        "rows": rows,
    }
    write_results("model_settings", results)


if __name__ == "__main__":
    main()
