"""The ranking model: LightGBM lambdarank over weeks, for the weeks nobody gave copies.

TMDB, the source of next Wednesday's films, gives neither planned copies nor the French
distributor. The decade decision backtest (`mercredi backtest --decision --with-rank`,
docs/model.md "Without copies") scored films with their own copies and distributor hidden: the
ranker's top film in Salle 1 and the next in Salle 2 captured 89.10 % of the best receipts on
2010-2018 and 91.15 % on 2019-2022, against 78.67 % and 81.09 % for the regression's programme
then, when the ranker learns from films with their copies and distributor hidden too (82.04 % and
84.51 % when it learns from them with copies). Since the point model of films without copies
(`FirstWeekForecaster.blind_booster_text`) the regression's programme does 89.39 % and 89.76 %,
a tie on the selection years, so the ranker keeps the choice. So `mercredi train` fits it
beside the point model, on the same films with their own copies and distributor hidden
(`predictor.model.fitting.hidden_feature_table`), and the programme policy uses its order when
no candidate of the week has copies.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import polars as pl

from predictor.model.lgbm import lgb
from predictor.model.point import (
    PointParams,
    booster_input,
    booster_params,
    category_levels,
    model_input,
)

RANK_ROUNDS: Final = 200
RELEVANT_PER_WEEK: Final = 3
"""Relevance 3/2/1 for the week's three biggest first weeks, 0 for the others."""


def week_relevance(train: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray[Any, Any], list[int]]:
    """Films sorted by week, relevance 3/2/1 for the week's three biggest first weeks, 0 else,
    and the group sizes LightGBM's lambdarank expects."""
    ordered = train.sort("release_week", "film_id").with_columns(
        week_rank=pl.col("admissions").rank("ordinal", descending=True).over("release_week")
    )
    ranks = ordered.get_column("week_rank").cast(pl.Int64).to_numpy()
    relevance = np.clip(RELEVANT_PER_WEEK + 1 - ranks, 0, None).astype(np.int32)
    groups = ordered.group_by("release_week", maintain_order=True).len().get_column("len").to_list()
    return ordered, relevance, groups


def fit_rank_model(
    train: pl.DataFrame, params: PointParams, *, num_threads: int, seed: int
) -> tuple[lgb.Booster, dict[str, list[str]]]:
    """LightGBM lambdarank over weeks (the week's releases are one query), monotone in copies
    like the point model; it scores films to rank them within a week, not a level.

    `train` is a feature table with `release_week` and `admissions` (`feature_table`);
    `num_threads` is MERCREDI_NUM_THREADS (resolved by `training_threads`), `seed` makes the
    fit deterministic. Returns the booster and the category levels it knows.
    """
    ordered, relevance, groups = week_relevance(train)
    levels = category_levels(ordered)
    frame = booster_input(model_input(ordered), levels)
    booster = lgb.train(
        {
            **booster_params(params, objective="lambdarank", num_threads=num_threads, seed=seed),
            "lambdarank_truncation_level": 5,
            "eval_at": [2],
        },
        lgb.Dataset(frame, label=relevance, group=groups, categorical_feature=list(levels)),
        num_boost_round=RANK_ROUNDS,
    )
    return booster, levels
