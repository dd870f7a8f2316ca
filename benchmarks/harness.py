"""What every benchmark script shares: where things are, the machine, the results file."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
HISTORY_DIR = Path(
    os.environ.get("MERCREDI_HISTORY_DIR", REPO_ROOT.parent / "shared/data/jpbox-history")
)
"""The seed history, read where it lies (the MERCREDI_HISTORY_DIR setting wins)."""
FIXTURES_DIR = REPO_ROOT.parent / "shared" / "fixtures" / "jpbox"
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"


def machine(note: str = "") -> str:
    """The machine in one line: architecture, cores, Python, and `note` (e.g. 'pinned to 1')."""
    text = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    return f"{text}, {note}" if note else text


def load_average() -> float:
    """The 1-minute load average: how busy the shared machine was around a measure."""
    return round(os.getloadavg()[0], 2)


def write_results(name: str, figures: dict[str, Any]) -> Path:
    """Write `figures` to benchmarks/results/<name>.json and say where."""
    path = RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"-> {path}")
    return path
