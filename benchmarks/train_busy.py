"""Benchmark: `mercredi train` alone, then beside one CPU-bound process, then alone again.

Each training runs in a child process on its own fresh data folder (same seed history, same
settings, MERCREDI_NUM_THREADS as in the environment, default 1), so none finds a
champion left by another. The CPU-bound process is a single-threaded Python loop started just
before the second training and stopped after it. The two lone runs bracket the busy one, so a
change of the machine's load during the benchmark shows as a gap between them. Prints wall and
CPU seconds of each run and the ratio busy / mean of the lone runs (target <= 2.0 on 2 cores);
writes benchmarks/results/train_busy.json with the load average before each run. On a shared
machine the figures are noisy: read them with the load.

Usage: uv run python benchmarks/train_busy.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
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


def _run(arguments: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one `mercredi` child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cron.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"mercredi {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _train(folder: Path, name: str) -> dict[str, float]:
    env = _environment(folder / name)
    _run(["warehouse", "refresh"], env)
    load_before = os.getloadavg()[0]
    wall, cpu = _run(["train"], env)
    print(f"train {name}: {wall:.1f} s wall, {cpu:.1f} s CPU (load before {load_before:.2f})")
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "load_before": round(load_before, 2)}


def main() -> None:
    """Run the benchmark and write its results."""
    with tempfile.TemporaryDirectory(prefix="mercredi-bench-busy-") as folder:
        alone_first = _train(Path(folder), "alone-1")
        hog = subprocess.Popen([sys.executable, "-c", CPU_BOUND])
        try:
            busy = _train(Path(folder), "beside-cpu-bound")
        finally:
            hog.kill()
            hog.wait()
        alone_again = _train(Path(folder), "alone-2")
    alone_s = (alone_first["wall_s"] + alone_again["wall_s"]) / 2
    ratio = busy["wall_s"] / alone_s
    print(f"ratio busy / alone: {ratio:.2f} (target <= {TARGET_RATIO})")
    results = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(),
        "num_threads_setting": os.environ.get("MERCREDI_NUM_THREADS", "1 (default)"),
        "omp_wait_policy": os.environ.get(
            "OMP_WAIT_POLICY", "PASSIVE (set by predictor.model.lgbm)"
        ),
        "niceness": os.nice(0),
        "train_alone_first": alone_first,
        "train_beside_cpu_bound": busy,
        "train_alone_again": alone_again,
        "ratio_busy_to_mean_alone": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "note": "shared machine: other engineers' jobs ran at the same time; figures are noisy",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
