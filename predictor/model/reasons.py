"""Why a film is predicted so: LightGBM's own contributions, grouped per business feature.

The point model predicts log1p(admissions) as `bias + sum of contributions` (TreeSHAP, LightGBM's
`pred_contrib=True`); P50 adds the calibration's centre. So

    1 + P50 = exp(bias + centre) x product over groups of exp(sum of the group's contributions)

`typical` = exp(bias + centre) is the admissions of an average film of the training set, and
each group's factor says by how much this film's facts multiply it ("812 copies: x3.1"). The
groups put together the features one business fact determines (the copies and the features
derived from them, the distributor's label and its track record, ...). Labels are French: the
manager reads them as they are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import polars as pl

from predictor.model.forecaster import FirstWeekForecaster
from predictor.threads import PREDICT_THREADS

FEATURE_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "copies": ("log_copies", "copies_share", "copies_rank_in_week", "copies_times_recent_market"),
    "distributor": (
        "distributor",
        "distributor_prior_films",
        "distributor_mean_log_adm",
        "distributor_log_adm_per_copy",
    ),
    "director": (
        "director_prior_films",
        "director_mean_log_adm",
        "director_best_log_adm",
        "director_log_adm_per_copy",
    ),
    "cast": ("cast_prior_films", "cast_best_mean_log_adm", "cast_best_log_adm"),
    "franchise": ("franchise_prior_films", "franchise_best_log_adm"),
    "genre": ("genre",),
    "nationality": ("nationality",),
    "age_rating": ("age_rating",),
    "runtime": ("runtime_min",),
    "budget": ("log_budget_usd",),
    "competition": ("same_week_releases", "same_week_log_copies_total"),
    "calendar": (
        "release_year",
        "release_month",
        "release_iso_week",
        "days_in_first_week",
        "school_holiday_days",
        "school_holiday_zones",
        "public_holidays",
    ),
    "market": (
        "market_mean_log_adm",
        "market_releases",
        "market_log_adm_per_copy",
        "market_recent_log_adm_per_copy",
    ),
}
"""Business feature -> the model features it determines. A feature in none is grouped 'other'."""
TOP_REASONS: Final = 3


@dataclass(frozen=True)
class Reason:
    """One business feature's multiplicative effect on a film's predicted admissions."""

    feature: str
    label: str
    factor: float


@dataclass(frozen=True)
class Explanation:
    """Every group's factor for one film: `typical` x product of factors = 1 + P50."""

    typical: float
    reasons: tuple[Reason, ...]
    """All groups, strongest effect (furthest from x1 either way) first."""

    def top(self, count: int = TOP_REASONS) -> tuple[Reason, ...]:
        """The `count` strongest reasons."""
        return self.reasons[:count]


def _group_of(columns: Sequence[str]) -> list[str]:
    owner = {feature: group for group, features in FEATURE_GROUPS.items() for feature in features}
    return [owner.get(column, "other") for column in columns]


def _number(value: float) -> str:
    """French thousands: 1 234 567."""
    return f"{value:,.0f}".replace(",", "\u202f")


def _count(number: float, singular: str, plural: str) -> str:
    """`number` and its noun, singular up to 1 as in French: "1 copie", "650 copies"."""
    return f"{_number(number)} {singular if abs(number) < 2 else plural}"


def _history(factor: float) -> str:
    return "historique fort" if factor >= 1.0 else "historique faible"


def _label(group: str, facts: Mapping[str, Any], factor: float) -> str:
    """The French label of one group for one film (its facts: film columns and features)."""
    copies = facts.get("copies")
    match group:
        case "copies":
            return (
                "nombre de copies inconnu" if copies is None else _count(copies, "copie", "copies")
            )
        case "distributor":
            name = facts.get("distributor")
            if name is None:
                return "distributeur inconnu"
            if not facts.get("distributor_prior_films"):
                return f"distributeur {name}, sans film récent connu"
            return f"distributeur {name}, {_history(factor)}"
        case "director":
            name = facts.get("director") or "inconnu"
            if not facts.get("director_prior_films"):
                return f"réalisation {name}, sans film précédent connu"
            return f"réalisation {name}, {_history(factor)}"
        case "cast":
            cast = facts.get("cast") or []
            names = ", ".join(cast[:2]) if cast else "inconnue"
            if not facts.get("cast_prior_films"):
                return f"distribution ({names}), sans film précédent connu"
            return f"distribution ({names}), {_history(factor)}"
        case "franchise":
            prior = facts.get("franchise_prior_films") or 0
            if not prior:
                return "pas de film précédent du même titre"
            return (
                f"titre connu : {_count(prior, 'film précédent', 'films précédents')} du même titre"
            )
        case "genre":
            return f"genre {facts['genre']}" if facts.get("genre") else "genre inconnu"
        case "nationality":
            value = facts.get("nationality")
            return f"nationalité {value}" if value else "nationalité inconnue"
        case "age_rating":
            value = facts.get("age_rating")
            return f"classification {value}" if value else "classification inconnue"
        case "runtime":
            value = facts.get("runtime_min")
            return "durée inconnue" if value is None else f"durée {value:.0f} min"
        case "budget":
            value = facts.get("log_budget_usd")
            if value is None or not math.isfinite(value):
                return "budget inconnu"
            budget = math.expm1(value)
            if budget >= 1e6:
                return f"budget d'environ {budget / 1e6:.0f} M$"
            return f"budget d'environ {budget / 1e3:.0f} k$"
        case "competition":
            others = int(facts.get("same_week_releases") or 0)
            if not others:
                return "concurrence : aucune autre sortie la même semaine"
            return (
                f"concurrence : {_count(others, 'autre sortie', 'autres sorties')} la même semaine"
            )
        case "calendar":
            week = facts["release_week"]
            notes = []
            if facts.get("school_holiday_days"):
                notes.append("vacances scolaires")
            if facts.get("public_holidays"):
                notes.append("jour férié")
            suffix = f" ({', '.join(notes)})" if notes else ""
            return f"semaine du {week:%d/%m/%Y}{suffix}"
        case "market":
            trend = "porteur" if factor >= 1.0 else "en retrait"
            return f"marché {trend} les semaines précédentes"
        case _:
            return "autres facteurs"


def explain(
    forecaster: FirstWeekForecaster, features: pl.DataFrame, facts: pl.DataFrame
) -> list[Explanation]:
    """The explanation of each film of `features` (rows of `build_features`), in their order.

    `facts` holds the same films' facts (FILM_COLUMNS + `copies`, same order) for the labels.
    """
    if features.height != facts.height:
        raise ValueError(f"{features.height} feature rows for {facts.height} films; give both")
    if features.is_empty():
        return []
    contributions, centre = forecaster.contributions(features, num_threads=PREDICT_THREADS)
    groups = _group_of(forecaster.columns)
    names = list(dict.fromkeys(groups))
    index = {name: position for position, name in enumerate(names)}
    summed = np.zeros((features.height, len(names)))
    for column, group in enumerate(groups):
        summed[:, index[group]] += contributions[:, column]
    bias = contributions[:, -1]
    rows = [
        {**film, **row}
        for film, row in zip(
            facts.iter_rows(named=True), features.iter_rows(named=True), strict=True
        )
    ]
    explanations = []
    for position, film in enumerate(rows):
        reasons = [
            Reason(feature=name, label=_label(name, film, factor), factor=factor)
            for name, factor in zip(names, np.exp(summed[position]).tolist(), strict=True)
        ]
        reasons.sort(key=lambda reason: -abs(math.log(reason.factor)))
        explanations.append(
            Explanation(
                typical=float(np.exp(bias[position] + centre[position])), reasons=tuple(reasons)
            )
        )
    return explanations
