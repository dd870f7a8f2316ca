"""Benchmark of the programme engine over the seed history's real release weeks.

For every release Wednesday from 2005 to 2022 in `../shared/data/jpbox-history/first_weeks.jsonl`
(actual national first-week admissions and copies), it measures:

- the oracle: the best programme with perfect foresight (P10 = P50 = P90 = actual), its receipts
  and how often the week covers its costs (the brief's result and the net result);
- the "most copies to the big room" heuristic, replayed with the actual admissions, as a share
  of the oracle's receipts;
- the time `propose_week` takes on the same candidates with uncertainty (P10 = actual / 2.5,
  P90 = actual x 2.5), three alternatives.

Usage: uv run python benchmarks/programme_engine.py [--history DIR] [--since YEAR]
Prints the figures and writes them to benchmarks/results/programme_engine.json.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from harness import HISTORY_DIR, machine, write_results

from predictor.programme import (
    DEFAULT_RULES,
    Candidate,
    best_programmes,
    profit_and_loss,
    programme_from_ranking,
    propose_week,
    realised_receipts,
)

DEFAULT_HISTORY = HISTORY_DIR
SPREAD = 2.5


def load_weeks(history: Path, since: int) -> dict[str, list[tuple[str, float, int]]]:
    """Release Wednesday (ISO date) -> its films as (film id, admissions, copies or 0)."""
    weeks: dict[str, list[tuple[str, float, int]]] = defaultdict(list)
    with (history / "first_weeks.jsonl").open(encoding="utf-8") as lines:
        for record in map(json.loads, lines):
            released = date.fromisoformat(record["release_date"])
            if released.year >= since and released.weekday() == 2 and record["admissions"] > 0:
                film_id = f"{record['title']}|{record['release_date']}"
                weeks[record["release_date"]].append(
                    (film_id, float(record["admissions"]), int(record["copies"] or 0))
                )
    return weeks


def main() -> None:
    """Run the benchmark and write its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=Path, default=DEFAULT_HISTORY)
    parser.add_argument("--since", type=int, default=2005)
    arguments = parser.parse_args()

    weeks = load_weeks(arguments.history, arguments.since)
    oracle_total = copies_total = 0.0
    covers = covers_net = 0
    films_per_week: list[int] = []
    proposal_seconds: list[float] = []
    for films in weeks.values():
        actual = {film_id: admissions for film_id, admissions, _ in films}
        copies = {film_id: count for film_id, _, count in films}
        known = [Candidate(fid, fid, n, n, n, copies[fid]) for fid, n in actual.items()]
        oracle = best_programmes(known, top=1)[0]
        pnl = profit_and_loss(oracle.expected_receipts, dark_rooms=oracle.dark_rooms)
        oracle_total += oracle.expected_receipts
        covers += pnl.covers_costs
        covers_net += pnl.covers_costs_net
        by_copies = sorted(actual, key=lambda fid: (-copies[fid], fid))
        copies_total += realised_receipts(programme_from_ranking(by_copies, known), actual)
        films_per_week.append(len(known))

        uncertain = [Candidate(fid, fid, n / SPREAD, n, n * SPREAD) for fid, n in actual.items()]
        started = time.perf_counter()
        propose_week(uncertain, alternatives=3)
        proposal_seconds.append(time.perf_counter() - started)

    count = len(weeks)
    proposal_seconds.sort()
    figures = {
        "machine": machine("shared"),
        "history_since": arguments.since,
        "weeks": count,
        "films_per_week_mean": round(sum(films_per_week) / count, 2),
        "films_per_week_max": max(films_per_week),
        "oracle_receipts_per_week_eur_mean": round(oracle_total / count, 2),
        "oracle_weeks_result_covers_costs_share": round(covers / count, 4),
        "oracle_weeks_net_result_covers_costs_share": round(covers_net / count, 4),
        "most_copies_heuristic_share_of_oracle_receipts": round(copies_total / oracle_total, 4),
        "propose_week_ms_median": round(1000 * proposal_seconds[count // 2], 3),
        "propose_week_ms_max": round(1000 * proposal_seconds[-1], 3),
        "weekly_capacity_receipts_eur": sum(room.weekly_capacity for room in DEFAULT_RULES.rooms)
        * DEFAULT_RULES.ticket_price_eur,
    }
    for name, value in figures.items():
        print(f"{name:48} {value}")
    write_results("programme_engine", figures)


if __name__ == "__main__":
    main()
