"""LightGBM, loaded so that its idle OpenMP threads sleep instead of spinning.

OpenMP reads `OMP_WAIT_POLICY` once, when the library loads: set it here, before `lightgbm` is
imported, so every module of the predictor imports LightGBM from this one. With the default
(active) policy a LightGBM thread waiting for its siblings spins on a core another process needs;
on 2 cores beside one busy process training took 112 s instead of 71 s with PASSIVE.
A value already set in the environment is kept.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import lightgbm as lgb  # after OMP_WAIT_POLICY is set

__all__ = ["lgb"]
