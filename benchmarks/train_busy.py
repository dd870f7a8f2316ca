"""Benchmark: `mercredi train` alone, then beside one CPU-bound process, in the same run.

Each training runs in a child process on its own fresh data folder (same seed history, same
settings, MERCREDI_NUM_THREADS as in the environment, default 0 = auto), so neither finds a
champion left by the other. The CPU-bound process is a single-threaded Python loop started just
before the second training and stopped after it. Prints both wall times and their ratio (target
<= 2.0 on 2 cores) and writes benchmarks/results/train_busy.json, with the machine's load average
before each training: on a shared machine the figures are noisy, read them with the load.

Usage: uv run python benchmarks/train_busy.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HISTORY_DIR = Path(
    os.environ.get("MERCREDI_HISTORY_DIR", REPO_ROOT.parent / "shared/data/jpbox-history")
)
RESULTS = REPO_ROOT / "benchmarks" / "results" / "train_busy.json"
TARGET_RATIO = 2.0
CPU_BOUND = "while True:\n    pass\n"


def _environment(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "MERCREDI_DATA_DIR": str(data_dir),
        "MERCREDI_HISTORY_DIR": str(HISTORY_DIR),
    }
    for name in ("MLFLOW_TRACKING_URI", "MERCREDI_MLFLOW_TRACKING_URI", "MERCREDI_WAREHOUSE_PATH"):
        env.pop(name, None)
    return env


def _run(arguments: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cron.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"mercredi {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    return wall


def _train(folder: Path, name: str) -> tuple[float, float]:
    env = _environment(folder / name)
    _run(["warehouse", "refresh"], env)
    load_before = os.getloadavg()[0]
    return _run(["train"], env), load_before


def main() -> None:
    """Run the benchmark and write its results."""
    with tempfile.TemporaryDirectory(prefix="mercredi-bench-busy-") as folder:
        alone_s, load_alone = _train(Path(folder), "alone")
        print(f"train alone: {alone_s:.1f} s (load average before: {load_alone:.2f})")
        hog = subprocess.Popen([sys.executable, "-c", CPU_BOUND])
        try:
            busy_s, load_busy = _train(Path(folder), "busy")
        finally:
            hog.kill()
            hog.wait()
        print(f"train beside one CPU-bound process: {busy_s:.1f} s (load before: {load_busy:.2f})")
    ratio = busy_s / alone_s
    print(f"ratio: {ratio:.2f} (target <= {TARGET_RATIO})")
    results = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(),
        "num_threads_setting": os.environ.get("MERCREDI_NUM_THREADS", "0 (default: auto)"),
        "omp_wait_policy": os.environ.get(
            "OMP_WAIT_POLICY", "PASSIVE (set by predictor.model.lgbm)"
        ),
        "train_alone_s": round(alone_s, 2),
        "load_average_before_alone": round(load_alone, 2),
        "train_beside_cpu_bound_s": round(busy_s, 2),
        "load_average_before_busy": round(load_busy, 2),
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "note": "shared machine: other engineers' jobs ran at the same time; figures are noisy",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
