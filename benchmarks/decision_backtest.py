"""Benchmark: the whole decision backtest, `mercredi backtest --decision`, 2010-2022.

In a temporary data folder: refresh the warehouse, `mercredi train` (the champion whose settings
the backtest refits), then `mercredi backtest --decision --no-cache` in a child process: wall and
CPU time (target <= 10 minutes on 2 cores, so that it can run weekly), peak memory. LightGBM
threads come from MERCREDI_NUM_THREADS (default 1 here: the machine is shared). Prints the
backtest's own output (captures, intervals, verdict, 2022 accuracy) and writes the figures to
benchmarks/results/decision_backtest.json.

Usage: nice -n 10 uv run python benchmarks/decision_backtest.py
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
RESULTS = REPO_ROOT / "benchmarks" / "results" / "decision_backtest.json"
TARGET_S = 600.0


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system) of the child, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    """Run the benchmark and write its results."""
    threads = os.environ.get("MERCREDI_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory(prefix="mercredi-bench-") as folder:
        env = {
            **os.environ,
            "MERCREDI_DATA_DIR": str(Path(folder) / "data"),
            "MERCREDI_HISTORY_DIR": str(HISTORY_DIR),
            "MERCREDI_NUM_THREADS": threads,
        }
        env.pop("MLFLOW_TRACKING_URI", None)
        cli = [sys.executable, "-m", "cron.cli"]
        _run([*cli, "warehouse", "refresh"], env)
        _run([*cli, "train"], env)
        load_before = os.getloadavg()[0]
        wall, cpu, output = _run([*cli, "backtest", "--decision", "--no-cache"], env)
        load_after = os.getloadavg()[0]
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(output)
    figures = {
        "benchmark": "decision_backtest",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "lightgbm_threads": int(threads),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(load_after, 2),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "target_wall_s": TARGET_S,
        "peak_mib_any_child": round(peak_mib, 1),
        "output": output.splitlines(),
    }
    print(
        f"decision backtest 2010-2022: {wall:.0f} s wall, {cpu:.0f} s CPU, peak "
        f"{peak_mib:.0f} MiB (load average {load_before:.1f} before, {load_after:.1f} after; "
        f"target <= {TARGET_S:.0f} s)"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
