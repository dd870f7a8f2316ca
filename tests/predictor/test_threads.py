"""LightGBM's threads: set by MERCREDI_NUM_THREADS, fewer on a busy machine, idle ones asleep."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from predictor import threads
from predictor.config import PredictorSettings
from predictor.threads import training_threads
from tests.conftest import REPO_ROOT


@pytest.mark.parametrize(
    ("requested", "cores", "busy", "expected"),
    [
        (0, 2, 0.0, 2),  # auto, idle machine: every core
        (0, 2, 0.4, 2),
        (0, 2, 1.0, 1),  # one busy process on 2 cores: one thread
        (0, 2, 3.5, 1),  # never fewer than one
        (0, 8, 2.6, 5),
        (1, 2, 0.0, 1),  # an explicit count is kept...
        (2, 2, 5.0, 2),
        (4, 2, 0.0, 2),  # ...but never above the usable cores
    ],
)
def test_training_threads(requested: int, cores: int, busy: float, expected: int) -> None:
    assert training_threads(requested, cores=cores, busy=busy) == expected


def test_busy_cores_counts_the_other_runnable_tasks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loadavg = tmp_path / "loadavg"
    loadavg.write_text("7.50 6.00 5.00 3/412 12345\n")  # this process + 2 others runnable
    monkeypatch.setattr(threads, "_PROC_LOADAVG", loadavg)
    assert threads.busy_cores(samples=3, interval_s=0.0) == 2.0  # not the 7.5 load average
    assert threads.training_threads(0, cores=2) == 1
    loadavg.write_text("1.90 1.00 1.00 1/412 12345\n")  # alone (the average counts our past)
    assert threads.busy_cores(samples=3, interval_s=0.0) == 0.0
    assert threads.training_threads(0, cores=2) == 2


def test_a_negative_thread_count_is_refused() -> None:
    with pytest.raises(ValueError, match="threads -1"):
        training_threads(-1, cores=2, busy=0.0)


def test_one_thread_is_the_default_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MERCREDI_NUM_THREADS", raising=False)
    assert PredictorSettings().num_threads == 1
    monkeypatch.setenv("MERCREDI_NUM_THREADS", "0")
    assert PredictorSettings().num_threads == 0


def test_openmp_threads_sleep_when_idle() -> None:
    """LightGBM's OpenMP loads with the passive wait policy (no spinning: GOMP_SPINCOUNT 0),
    whichever predictor module imports it first."""
    env = {k: v for k, v in os.environ.items() if k not in {"OMP_WAIT_POLICY", "GOMP_SPINCOUNT"}}
    env["OMP_DISPLAY_ENV"] = "VERBOSE"
    done = subprocess.run(
        [sys.executable, "-c", "import predictor.model.forecaster"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    spin_counts = [
        line.split("=")[1].strip() for line in done.stderr.splitlines() if "GOMP_SPINCOUNT" in line
    ]
    assert spin_counts, done.stderr
    assert set(spin_counts) == {"'0'"}
