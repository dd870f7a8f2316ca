"""How many threads LightGBM may use: set deliberately, and fewer when the machine is busy.

The nightly job, the weekly retrain and the API share one small machine. A LightGBM process that
asks for every core while another process holds one makes its threads wait for each other (and,
with OpenMP's default active waiting, spin): training beside one busy process took 2.4 times as
long as alone. OpenMP's threads therefore wait passively (`predictor.model.lgbm`), and the
default is one training thread: with passive waiting, LightGBM's many short parallel regions pay
for waking the sleeping threads, and on this 2-core machine `mercredi train` took 52 s on one
thread against 130 s on two, both alone (2026-11-30). `MERCREDI_NUM_THREADS=0` (auto) takes the
cores the other processes leave free, at least one, decided again before each fit; a whole number
N >= 1 asks for N threads, never more than the usable cores. Predictions are single-threaded.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import Final

AUTO: Final = 0
DEFAULT_TRAINING_THREADS: Final = 1
"""MERCREDI_NUM_THREADS when unset: one thread (see above for the measurement)."""
PREDICT_THREADS: Final = 1
"""Threads of one prediction: a batch of announced films is small, and the API answers requests
side by side; one thread each never oversubscribes the cores."""

_PROC_LOADAVG: Final = Path("/proc/loadavg")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def busy_cores(*, samples: int = 5, interval_s: float = 0.01) -> float:
    """How many cores other processes keep busy now: the tasks runnable at this instant, less
    this one, averaged over a few samples (`samples` x `interval_s`, 50 ms by default).

    Not the load average: it lags a job that just started, and it counts this process's own
    threads of the previous fit, which would make a lone training slow itself down. Falls back
    to the 1-minute load average where /proc/loadavg cannot be read; 0.0 where neither can.
    """
    counts = []
    for index in range(samples):
        try:
            fields = _PROC_LOADAVG.read_text(encoding="ascii").split()
            counts.append(int(fields[3].split("/")[0]) - 1)
        except (OSError, IndexError, ValueError):
            break
        if index + 1 < samples:
            time.sleep(interval_s)
    if counts:
        return max(0.0, sum(counts) / len(counts))
    try:
        return max(0.0, os.getloadavg()[0])
    except OSError:
        return 0.0


def training_threads(requested: int, *, cores: int | None = None, busy: float | None = None) -> int:
    """The threads of one LightGBM fit.

    `requested` is MERCREDI_NUM_THREADS: 0 (auto) takes the cores other processes leave free,
    rounded to the nearest whole core and at least 1; N >= 1 takes N, at most the usable cores
    (more threads than cores only makes them wait for each other).
    """
    if requested < 0:
        raise ValueError(f"threads {requested} must be 0 (auto) or a whole number >= 1")
    available = usable_cores() if cores is None else cores
    if requested != AUTO:
        return min(requested, available)
    others = busy_cores() if busy is None else busy
    return max(1, min(available, math.floor(available - others + 0.5)))
