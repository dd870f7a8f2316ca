"""The instance both API benchmarks measure: a copy of a warehouse and its registry's champion.

The champion comes from an existing data folder (default `./data`, as `make run` leaves it:
`mercredi warehouse refresh` then `mercredi train`); the warehouse is copied into a temporary
folder so replays "never asked before" really are, and nothing of the original is written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def instance_environment(source: Path, folder: Path) -> dict[str, str]:
    """MERCREDI_* variables of an instance in `folder` over `source`'s warehouse copy and its
    MLflow registry (read only)."""
    warehouse = source / "warehouse.duckdb"
    registry = source / "mlflow.db"
    if not warehouse.exists() or not registry.exists():
        raise SystemExit(
            f"no warehouse or registry in {source}: run `mercredi warehouse refresh` and "
            "`mercredi train` first (or give the data folder as argument)"
        )
    data_dir = folder / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(warehouse, data_dir / "warehouse.duckdb")
    return {
        "MERCREDI_DATA_DIR": str(data_dir),
        "MERCREDI_MLFLOW_TRACKING_URI": f"sqlite:///{registry.resolve()}",
        "MERCREDI_API_TOKEN": "benchmark-token",
        "MERCREDI_NUM_THREADS": "1",
    }


def apply(environment: dict[str, str]) -> None:
    """Make this process's settings those of the instance."""
    os.environ.pop("MLFLOW_TRACKING_URI", None)
    os.environ.update(environment)
