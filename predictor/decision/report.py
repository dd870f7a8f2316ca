"""The decision backtest's figures: capture per period and year, the bootstrap interval of
"policy - widest release", euros earned, and the honest choice (selection years, then
confirmation years).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import polars as pl
from numpy.typing import ArrayLike

from predictor.decision.policies import PERFECT, REFERENCE
from predictor.programme.rules import DEFAULT_RULES, CinemaRules

Period = Literal["selection", "confirmation", "covid"]
SELECTION_YEARS: Final = (2010, 2018)
CONFIRMATION_YEARS: Final = (2019, 2022)
COVID_WEEKS: Final = (dt.date(2020, 3, 11), dt.date(2021, 6, 30))
"""French cinemas closed on 2020-03-14, reopened on 2020-06-22, closed again on 2020-10-30 and
reopened with a reduced capacity on 2021-05-19 (lifted 2021-06-30): the weeks from 2020-03-11 to
2021-06-30 are reported apart."""
BOOTSTRAP_SAMPLES: Final = 2000
INTERVAL: Final = (0.05, 0.95)
NOT_CANDIDATES: Final = (PERFECT, "random")
"""Policies that cannot be chosen: one needs the future, the other is the floor."""


def period_of(wednesday: pl.Expr) -> pl.Expr:
    """'covid' for the COVID weeks, else 'selection' (2010-2018) or 'confirmation' (2019-2022);
    null outside those years."""
    year = wednesday.dt.year()
    return (
        pl.when(wednesday.is_between(*COVID_WEEKS))
        .then(pl.lit("covid"))
        .when(year.is_between(*SELECTION_YEARS))
        .then(pl.lit("selection"))
        .when(year.is_between(*CONFIRMATION_YEARS))
        .then(pl.lit("confirmation"))
        .otherwise(None)
    )


def with_periods(weeks: pl.DataFrame, rules: CinemaRules = DEFAULT_RULES) -> pl.DataFrame:
    """The weekly receipts with `year`, `period`, `capture` (receipts / best) and `result_eur`
    (receipts - the week's fixed costs); weeks outside 2010-2022 are dropped."""
    return weeks.with_columns(
        year=pl.col("wednesday").dt.year().cast(pl.Int32),
        period=period_of(pl.col("wednesday")),
        capture=pl.when(pl.col("best_receipts_eur") > 0)
        .then(pl.col("receipts_eur") / pl.col("best_receipts_eur"))
        .otherwise(None),
        result_eur=pl.col("receipts_eur") - rules.fixed_costs_eur,
    ).filter(pl.col("period").is_not_null())


def bootstrap_difference(
    receipts: ArrayLike, reference: ArrayLike, best: ArrayLike, *, seed: int = 7
) -> tuple[float, float]:
    """The 90 % bootstrap interval (weeks resampled with replacement) of
    sum(receipts - reference) / sum(best): a difference of captures, in capture points / 100."""
    gained, kept, possible = (
        np.asarray(values, dtype=np.float64) for values in (receipts, reference, best)
    )
    if gained.size == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, gained.size, size=(BOOTSTRAP_SAMPLES, gained.size))
    differences = (gained[picks] - kept[picks]).sum(axis=1) / possible[picks].sum(axis=1)
    low, high = np.quantile(differences, INTERVAL)
    return float(low), float(high)


def summarise(weeks: pl.DataFrame, *, by_year: bool = False, seed: int = 7) -> pl.DataFrame:
    """One row per scenario, policy and period (and year with `by_year`): `weeks`,
    `receipts_eur`, `best_receipts_eur`, `capture`, `result_eur`, `minus_widest` (capture
    difference with the widest-release rule) and its 90 % bootstrap interval `minus_widest_low`,
    `minus_widest_high`. `weeks` comes from `with_periods`."""
    keys = ["scenario", "period", *(["year"] if by_year else [])]
    reference = weeks.filter(pl.col("policy") == REFERENCE).select(
        *keys, "wednesday", reference_eur="receipts_eur"
    )
    joined = weeks.join(reference, on=[*keys, "wednesday"], how="left")
    rows = []
    for group_key, group in joined.sort("wednesday").group_by(
        [*keys, "policy"], maintain_order=True
    ):
        low, high = bootstrap_difference(
            group["receipts_eur"].to_numpy(),
            group["reference_eur"].to_numpy(),
            group["best_receipts_eur"].to_numpy(),
            seed=seed,
        )
        best = float(group["best_receipts_eur"].sum())
        receipts = float(group["receipts_eur"].sum())
        rows.append(
            {
                **dict(zip([*keys, "policy"], group_key, strict=True)),
                "weeks": group.height,
                "receipts_eur": receipts,
                "best_receipts_eur": best,
                "capture": receipts / best if best > 0 else float("nan"),
                "result_eur": float(group["result_eur"].sum()),
                "minus_widest": (receipts - float(group["reference_eur"].sum())) / best
                if best > 0
                else float("nan"),
                "minus_widest_low": low,
                "minus_widest_high": high,
            }
        )
    return pl.DataFrame(rows).sort(*keys, "capture", descending=[False] * len(keys) + [True])


@dataclass(frozen=True)
class Verdict:
    """The policy chosen on the selection years and what the confirmation years said of it."""

    selected: str
    selection_capture: float
    confirmation_capture: float
    confirmation_widest: float
    minus_widest: float
    minus_widest_low: float
    minus_widest_high: float
    meets_target: bool
    """The issue's target on the confirmation years: at least +1.5 points over the widest
    release, the lower end of the 90 % interval above 0."""
    chosen: str
    """`selected` if it earns more than the widest release on the confirmation years, else the
    widest-release rule itself (the rule still wins: the tool falls back to it)."""


TARGET_POINTS: Final = 0.015
PLAIN_MODEL: Final = "model"
"""On equal selection capture the plain model wins the tie (no threshold to carry)."""


def verdict(summary: pl.DataFrame, scenario: str = "with_copies") -> Verdict:
    """Choose on the selection years (highest capture among the real policies), judge on the
    confirmation years; fall back to the widest-release rule when the choice does not earn more
    than the rule there."""
    rows = summary.filter(
        (pl.col("scenario") == scenario) & ~pl.col("policy").is_in(NOT_CANDIDATES)
    )
    selection = rows.filter(pl.col("period") == "selection").sort(
        pl.col("capture").round(9),
        pl.col("policy") != PLAIN_MODEL,
        "policy",
        descending=[True, False, False],
    )
    if selection.is_empty():
        raise ValueError(f"no selection-year figures for scenario {scenario!r}; run 2010-2018")
    selected = str(selection["policy"][0])
    confirmation = rows.filter(pl.col("period") == "confirmation")
    mine = confirmation.filter(pl.col("policy") == selected)
    rule = confirmation.filter(pl.col("policy") == REFERENCE)
    if mine.is_empty() or rule.is_empty():
        raise ValueError("no confirmation-year figures; run the backtest through 2019-2022")
    difference = float(mine["minus_widest"][0])
    low = float(mine["minus_widest_low"][0])
    better = selected != REFERENCE and difference > 0
    return Verdict(
        selected=selected,
        selection_capture=float(selection["capture"][0]),
        confirmation_capture=float(mine["capture"][0]),
        confirmation_widest=float(rule["capture"][0]),
        minus_widest=difference,
        minus_widest_low=low,
        minus_widest_high=float(mine["minus_widest_high"][0]),
        meets_target=better and difference >= TARGET_POINTS and low > 0,
        chosen=selected if better else REFERENCE,
    )


def with_verdict(
    summary: pl.DataFrame, chosen: Verdict, scenario: str = "with_copies"
) -> pl.DataFrame:
    """`summary` (from `summarise`, without years) with the verdict on each row of `scenario`:
    `selected` (the policy chosen on the selection years), `chosen` (the policy the tool uses)
    and `meets_target` (the selected policy, when it meets the target); false elsewhere."""
    in_scenario = pl.col("scenario") == scenario
    selected = in_scenario & (pl.col("policy") == chosen.selected)
    return summary.with_columns(
        selected=selected,
        chosen=in_scenario & (pl.col("policy") == chosen.chosen),
        meets_target=selected & pl.lit(chosen.meets_target),
    )
