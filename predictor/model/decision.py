"""Decision capture: how much of the perfect-foresight receipts a way of choosing films earns.

Over a set of weeks, each week's releases are the candidates; a strategy picks the programme,
the films' actual first weeks give its realised receipts (`predictor.programme` rules: rooms,
1/2000 share, capacity caps, ticket price). Capture = sum of realised receipts / sum for the
perfect-foresight programme (the one chosen knowing the actual admissions).
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import polars as pl

from predictor.programme.allocation import (
    Candidate,
    best_in_hindsight,
    best_programmes,
    programme_from_ranking,
    realised_receipts,
)
from predictor.programme.policy import widest_release_programme
from predictor.programme.rules import DEFAULT_RULES, CinemaRules

STRATEGIES = ("model", "widest_release", "random", "perfect")


def _candidates(week: pl.DataFrame, *, foresight: bool) -> list[Candidate]:
    candidates = []
    for row in week.iter_rows(named=True):
        if foresight:
            quantiles = (float(row["admissions"]),) * 3
        else:
            quantiles = (float(row["p10"]), float(row["p50"]), float(row["p90"]))
        copies = row["copies"]
        candidates.append(
            Candidate(
                film_id=row["film_id"],
                title=row["title"],
                p10=quantiles[0],
                p50=quantiles[1],
                p90=quantiles[2],
                copies=int(copies) if copies is not None else None,
            )
        )
    return candidates


def decision_capture(
    predictions: pl.DataFrame, *, rules: CinemaRules = DEFAULT_RULES, seed: int = 7
) -> dict[str, float]:
    """Receipts of each strategy over the weeks of `predictions`, and their capture.

    `predictions` has `film_id`, `title`, `release_week`, `admissions` (actual, national),
    `copies` (may be null) and the model's `p10`, `p50`, `p90`. Returns
    `decision_capture` (model), `widest_release_capture`, `random_capture`, the receipts of each
    strategy (`receipts_<strategy>`, EUR) and `decision_weeks`.
    """
    rng = random.Random(seed)
    receipts = dict.fromkeys(STRATEGIES, 0.0)
    weeks = 0
    for _, week in predictions.sort("release_week", "film_id").group_by(
        "release_week", maintain_order=True
    ):
        actual: Mapping[str, float] = dict(
            zip(
                week.get_column("film_id"),
                week.get_column("admissions").cast(pl.Float64),
                strict=True,
            )
        )
        modelled = _candidates(week, foresight=False)
        known = _candidates(week, foresight=True)
        shuffled = [c.film_id for c in known]
        rng.shuffle(shuffled)
        programmes = {
            "model": best_programmes(modelled, rules, top=1)[0],
            "perfect": best_in_hindsight(modelled, actual, rules),
            "widest_release": widest_release_programme(known, rules),
            "random": programme_from_ranking(shuffled, known, rules),
        }
        for strategy, programme in programmes.items():
            receipts[strategy] += realised_receipts(programme, actual, rules)
        weeks += 1
    if weeks == 0 or receipts["perfect"] <= 0:
        raise ValueError("decision capture needs at least one week with actual admissions")
    perfect = receipts["perfect"]
    return {
        "decision_capture": receipts["model"] / perfect,
        "widest_release_capture": receipts["widest_release"] / perfect,
        "random_capture": receipts["random"] / perfect,
        "decision_weeks": float(weeks),
        **{f"receipts_{strategy}": value for strategy, value in receipts.items()},
    }
