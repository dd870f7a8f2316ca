"""Each policy's programme, week by week, and the receipts it realises with the actual admissions.

A policy sees what a manager would see on the Monday before the week (the walk-forward's
P10/P50/P90, copies, the ranking model's scores); the receipts come from the films' actual first
weeks under the programme engine's rules (`realised_receipts`), the yardstick from the
perfect-foresight programme (`best_in_hindsight`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

import polars as pl

from predictor.programme.allocation import (
    Candidate,
    Programme,
    best_in_hindsight,
    best_programmes,
    programme_from_ranking,
    realised_receipts,
)
from predictor.programme.policy import (
    choose_programme,
    ranking_by_score,
    widest_release_programme,
)
from predictor.programme.rules import DEFAULT_RULES, CinemaRules

Scenario = Literal["with_copies", "without_copies"]
SCENARIOS: Final[tuple[Scenario, ...]] = ("with_copies", "without_copies")
REFERENCE: Final = "widest_release"
PERFECT: Final = "perfect_foresight"
MIN_GAINS: Final = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
"""The thresholds of `confident_model_<gain>` tried on the selection years."""


@dataclass(frozen=True)
class Week:
    """One Wednesday's releases as a policy sees them in one scenario, and their actuals."""

    wednesday: dt.date
    candidates: tuple[Candidate, ...]
    """The model's P10/P50/P90 and copies (None in the scenario without copies)."""
    with_copies: tuple[Candidate, ...]
    """The same films with their copies (what the manager's rule of thumb ranks on)."""
    actual: Mapping[str, float]
    rank_scores: Mapping[str, float] | None
    rng: random.Random


PolicyFunction = Callable[[Week, CinemaRules], Programme]


def _model(week: Week, rules: CinemaRules) -> Programme:
    return best_programmes(week.candidates, rules, top=1)[0]


def _widest(week: Week, rules: CinemaRules) -> Programme:
    return widest_release_programme(week.with_copies, rules)


def _random(week: Week, rules: CinemaRules) -> Programme:
    shuffled = sorted(film.film_id for film in week.candidates)
    week.rng.shuffle(shuffled)
    return programme_from_ranking(shuffled, week.candidates, rules)


def _perfect(week: Week, rules: CinemaRules) -> Programme:
    return best_in_hindsight(week.candidates, week.actual, rules)


def _rank(week: Week, rules: CinemaRules) -> Programme:
    if week.rank_scores is None:
        raise ValueError("the rank policy needs the walk-forward's rank scores (learner 'rank')")
    return programme_from_ranking(ranking_by_score(week.rank_scores), week.candidates, rules)


def _consensus(week: Week, rules: CinemaRules) -> Programme:
    """Films by the mean of their rank by copies and their rank by the model's P50."""
    by_copies = {
        film_id: rank
        for rank, film_id in enumerate(
            ranking_by_score(
                {
                    film.film_id: float(film.copies if film.copies is not None else -1)
                    for film in week.with_copies
                }
            )
        )
    }
    by_model = {
        film_id: rank
        for rank, film_id in enumerate(
            ranking_by_score({film.film_id: film.p50 for film in week.candidates})
        )
    }
    order = sorted(by_copies, key=lambda f: (by_copies[f] + by_model[f], by_copies[f], f))
    return programme_from_ranking(order, week.candidates, rules)


def _confident(min_gain: float) -> PolicyFunction:
    def policy(week: Week, rules: CinemaRules) -> Programme:
        return choose_programme(week.candidates, rules, policy="confident_model", min_gain=min_gain)

    return policy


def policies_for(scenario: Scenario, *, with_rank: bool) -> dict[str, PolicyFunction]:
    """The policies backtested in `scenario`, by name. Without copies the rule of thumb has
    nothing to rank on: `widest_release` is then the reference a manager who typed the copies
    would get, and the policies that lean on copies are left out."""
    policies: dict[str, PolicyFunction] = {
        PERFECT: _perfect,
        "model": _model,
        REFERENCE: _widest,
        "random": _random,
    }
    if with_rank:
        policies["rank"] = _rank
    if scenario == "with_copies":
        policies["consensus"] = _consensus
        for gain in MIN_GAINS:
            policies[f"confident_model_{gain:g}"] = _confident(gain)
    return policies


def _candidates(week: pl.DataFrame, suffix: str, *, copies: bool) -> tuple[Candidate, ...]:
    return tuple(
        Candidate(
            film_id=row["film_id"],
            title=row["title"],
            p10=float(row[f"p10{suffix}"]),
            p50=float(row[f"p50{suffix}"]),
            p90=float(row[f"p90{suffix}"]),
            copies=int(row["copies"]) if copies and row["copies"] is not None else None,
        )
        for row in week.iter_rows(named=True)
    )


def weekly_receipts(
    predictions: pl.DataFrame,
    *,
    rules: CinemaRules = DEFAULT_RULES,
    scenarios: Sequence[Scenario] = SCENARIOS,
    seed: int = 7,
    on_week: Callable[[int, int], None] | None = None,
) -> pl.DataFrame:
    """Every policy's realised receipts, week by week and scenario by scenario.

    `predictions` (from `with_quantiles`): one row per film with `film_id`, `title`,
    `release_week`, `admissions`, `copies`, `p10`..`p90`, `p10_hidden`..`p90_hidden` and
    optionally `rank_score` / `rank_score_hidden`. Returns one row per Wednesday, scenario and
    policy: `wednesday`, `scenario`, `policy`, `receipts_eur`, `best_receipts_eur`.
    """
    with_rank = "rank_score" in predictions.columns
    weeks = predictions.sort("release_week", "film_id").partition_by(
        "release_week", maintain_order=True
    )
    rows: list[dict[str, object]] = []
    for number, scenario in enumerate(scenarios):
        done = number * len(weeks)
        rng = random.Random(seed)
        suffix = "" if scenario == "with_copies" else "_hidden"
        policies = policies_for(scenario, with_rank=with_rank)
        for index, films in enumerate(weeks, start=1):
            actual = dict(
                zip(
                    films.get_column("film_id").to_list(),
                    films.get_column("admissions").cast(pl.Float64).to_list(),
                    strict=True,
                )
            )
            scores = (
                dict(zip(films["film_id"].to_list(), films[f"rank_score{suffix}"], strict=True))
                if with_rank
                else None
            )
            week = Week(
                wednesday=films.get_column("release_week")[0],
                candidates=_candidates(films, suffix, copies=scenario == "with_copies"),
                with_copies=_candidates(films, "", copies=True),
                actual=actual,
                rank_scores=scores,
                rng=rng,
            )
            realised = {
                name: realised_receipts(policy(week, rules), actual, rules)
                for name, policy in policies.items()
            }
            for name, receipts in realised.items():
                rows.append(
                    {
                        "wednesday": week.wednesday,
                        "scenario": scenario,
                        "policy": name,
                        "receipts_eur": receipts,
                        "best_receipts_eur": realised[PERFECT],
                    }
                )
            if on_week is not None:
                on_week(done + index, len(weeks) * len(scenarios))
    return pl.DataFrame(
        rows,
        schema={
            "wednesday": pl.Date,
            "scenario": pl.String,
            "policy": pl.String,
            "receipts_eur": pl.Float64,
            "best_receipts_eur": pl.Float64,
        },
    )
