"""Benchmark: `mercredi train` on the full seed history, and predicting 50 films.

In a temporary data folder: refresh the warehouse, then run `mercredi train` in a child process
(wall time includes start-up and imports; target <= 60 s on 2 cores); then, in this process, load
the champion and the history once and time the prediction of 50 announced films (the history's
last 50 films as if announced, features included; target <= 1 s). Prints the figures and writes
them to benchmarks/results/train_predict.json.

Usage: uv run python benchmarks/train_predict.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import HISTORY_DIR, load_average, machine, write_results

TARGETS = {"train_wall_s": 60.0, "predict_50_s": 1.0}
REPEATS = 20


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak_mib, done.stdout


def main() -> None:
    """Run the benchmark and write its results."""
    with tempfile.TemporaryDirectory(prefix="mercredi-bench-") as folder:
        env = {
            **os.environ,
            "MERCREDI_DATA_DIR": str(Path(folder) / "data"),
            "MERCREDI_HISTORY_DIR": str(HISTORY_DIR),
        }
        env.pop("MLFLOW_TRACKING_URI", None)
        os.environ.update({k: env[k] for k in ("MERCREDI_DATA_DIR", "MERCREDI_HISTORY_DIR")})
        os.environ.pop("MLFLOW_TRACKING_URI", None)
        cli = [sys.executable, "-m", "cron.cli"]
        _run([*cli, "warehouse", "refresh"], env)
        load_before = load_average()
        train_wall, train_peak, train_output = _run([*cli, "train"], env)
        print(train_output)

        import polars as pl

        from predictor.config import get_predictor_settings
        from predictor.data import FILM_COLUMNS, load_history
        from predictor.model.registry import load_forecaster
        from predictor.predict import predict_with

        settings = get_predictor_settings()
        started = time.perf_counter()
        forecaster, version = load_forecaster(settings)
        history = load_history(settings)
        load_s = time.perf_counter() - started
        releases = (
            history.films.tail(50)
            .select(*FILM_COLUMNS, "copies")
            .with_columns(pl.format("new-{}", pl.col("film_id")).alias("film_id"))
        )
        predict_with(forecaster, releases, history)  # warm-up
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            predictions = predict_with(forecaster, releases, history)
            timings.append(time.perf_counter() - started)
        assert predictions.height == 50

    results = {
        "machine": machine(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(),
        "load_average_before_train": round(load_before, 2),
        "train": {
            "wall_s": round(train_wall, 2),
            "peak_mib": round(train_peak, 1),
            "target_s": TARGETS["train_wall_s"],
            "model_version": version.version,
        },
        "predict_50": {
            "load_champion_and_history_s": round(load_s, 3),
            "median_s": round(statistics.median(timings), 4),
            "max_s": round(max(timings), 4),
            "repeats": REPEATS,
            "target_s": TARGETS["predict_50_s"],
        },
    }
    print(json.dumps(results, indent=2))
    write_results("train_predict", results)


if __name__ == "__main__":
    main()
