"""Benchmark: a full warehouse refresh of the seed history, then of ten times its size.

Each refresh runs in a fresh child process so that its wall time and peak memory (max RSS) are
its own. The synthetic landing folder holds ten times the history's record count (films and
first weeks of made-up films spread over 1995-2025), generated here. Prints the figures and
writes them to benchmarks/results/warehouse_refresh.json.

Usage: uv run python benchmarks/warehouse_refresh.py
"""

from __future__ import annotations

import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import HISTORY_DIR, REPO_ROOT, machine, write_results

SCALE = 10
FILES = 40
TARGETS = {"history": (10.0, 1024.0), f"{SCALE}x": (60.0, None)}


def _count_history_records() -> int:
    return sum(
        sum(1 for _ in (HISTORY_DIR / name).open("rb"))
        for name in ("films.jsonl", "first_weeks.jsonl")
    )


def generate_landing(landing: Path, records: int, seed: int = 7) -> None:
    """Write `records` synthetic records (half films, half first weeks) in FILES landing files."""
    rng = random.Random(seed)
    films = records // 2
    genres = ["Comédie", "Drame", "Thriller", "Animation", "Aventure", "Horreur"]
    distributors = ["Pathé", "Gaumont", "Warner Bros.", "Le Pacte", "Ad Vitam", "-"]
    start = dt.date(1995, 1, 4)
    per_file = films // FILES + 1
    for index in range(FILES):
        run_id = f"20250101T{index:06d}Z-bench"
        film_path = landing / "synthetic" / "films" / f"{run_id}.jsonl"
        week_path = landing / "synthetic" / "weeks" / f"{run_id}.jsonl"
        film_path.parent.mkdir(parents=True, exist_ok=True)
        week_path.parent.mkdir(parents=True, exist_ok=True)
        with (
            film_path.open("w", encoding="utf-8") as film_out,
            week_path.open("w", encoding="utf-8") as week_out,
        ):
            for number in range(index * per_file, min(films, (index + 1) * per_file)):
                release = start + dt.timedelta(days=7 * rng.randrange(0, 1560))
                common = {
                    "source": "synthetic",
                    "source_id": number,
                    "title": f"Film de synthèse n°{number}",
                    "release_date": release.isoformat(),
                }
                film = {
                    **common,
                    "url": None,
                    "original_title": f"Synthetic film {number}",
                    "genre": rng.choice(genres),
                    "nationality": "France",
                    "runtime_min": rng.randrange(75, 160),
                    "director": f"Réalisateur {rng.randrange(5000)}",
                    "cast": [f"Acteur {rng.randrange(20000)}" for _ in range(3)],
                    "distributor": rng.choice(distributors),
                    "budget": rng.randrange(1, 200) * 1_000_000,
                    "budget_currency": "USD",
                    "age_rating": "Tous publics",
                    "is_franchise": False,
                    "is_remake": False,
                }
                week = {
                    **common,
                    "week_start": release.isoformat(),
                    "week_number": 1,
                    "admissions": rng.randrange(100, 2_000_000),
                    "copies": rng.randrange(1, 900),
                }
                film_out.write(json.dumps(film, ensure_ascii=False) + "\n")
                week_out.write(json.dumps(week, ensure_ascii=False) + "\n")


def run_one(data_dir: Path) -> None:
    """Child process: one refresh; print its wall time and peak memory as JSON."""
    from warehouse.refresh import refresh_warehouse
    from warehouse.settings import WarehouseSettings

    settings = WarehouseSettings(data_dir=data_dir, history_dir=HISTORY_DIR)
    started = time.perf_counter()
    result = refresh_warehouse(settings)
    wall = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall_s": wall, "peak_mib": peak_mib, "films": result.counts["dim_film"]}))


def measure(data_dir: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--one", str(data_dir)],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    history_records = _count_history_records()
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="mercredi-bench-") as folder:
        base = Path(folder)
        (base / "history" / "landing").mkdir(parents=True)
        figures["history"] = {**measure(base / "history"), "records": history_records}
        (base / "scaled" / "landing").mkdir(parents=True)
        generate_landing(base / "scaled" / "landing", SCALE * history_records)
        figures[f"{SCALE}x"] = {
            **measure(base / "scaled"),
            "records": history_records + SCALE * history_records,
        }
    print(f"machine: {machine()}")
    for name, figure in figures.items():
        wall_target, memory_target = TARGETS[name]
        memory_note = f" (target <= {memory_target:.0f} MiB)" if memory_target else ""
        print(
            f"{name:>8}: {int(figure['records']):>9,} records, {int(figure['films']):>7,} films, "
            f"{figure['wall_s']:6.1f} s (target <= {wall_target:.0f} s), "
            f"peak {figure['peak_mib']:7.0f} MiB{memory_note}"
        )
    ratio = figures[f"{SCALE}x"]["wall_s"] / figures["history"]["wall_s"]
    record_ratio = figures[f"{SCALE}x"]["records"] / figures["history"]["records"]
    print(f"time ratio {ratio:.1f} for {record_ratio:.0f}x the records")
    write_results(
        "warehouse_refresh",
        {"machine": machine(), "measured_at": dt.datetime.now(dt.UTC).isoformat(), **figures},
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        run_one(Path(sys.argv[2]))
    else:
        main()
