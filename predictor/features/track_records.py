"""Track records: how earlier films of the same director, actors, distributor or franchise did.

A film's first-week admissions are published the Wednesday its second week starts, and a programme
is decided on the Monday before its release: a film released on week W is known from the
forecast of week W + 14 days on. Every record here only counts films released on or before
`known_until` = the target's release week minus KNOWLEDGE_LAG_DAYS.
"""

from __future__ import annotations

from typing import Final

import polars as pl

KNOWLEDGE_LAG_DAYS: Final = 14


def with_known_until(films: pl.LazyFrame) -> pl.LazyFrame:
    """Add `known_until`: the last release week whose first-week figures are known."""
    return films.with_columns(
        known_until=pl.col("release_week") - pl.duration(days=KNOWLEDGE_LAG_DAYS)
    )


def _cumulative_by_week(history: pl.LazyFrame, key: str, value: str) -> pl.LazyFrame:
    return (
        history.filter(pl.col(key).is_not_null() & pl.col(value).is_not_null())
        .group_by(key, "release_week")
        .agg(
            films=pl.len(),
            sum_log=pl.col(value).sum(),
            max_log=pl.col(value).max(),
        )
        .sort(key, "release_week")
        .with_columns(
            cum_films=pl.col("films").cum_sum().over(key),
            cum_sum_log=pl.col("sum_log").cum_sum().over(key),
            cum_max_log=pl.col("max_log").cum_max().over(key),
        )
        .select(key, "release_week", "cum_films", "cum_sum_log", "cum_max_log")
        .sort("release_week")
    )


def _as_of(
    targets: pl.LazyFrame, cumulative: pl.LazyFrame, key: str, on: str, suffix: str
) -> pl.LazyFrame:
    return (
        targets.filter(pl.col(key).is_not_null())
        .sort(on)
        .join_asof(
            cumulative.rename({"release_week": f"_week{suffix}"}),
            left_on=on,
            right_on=f"_week{suffix}",
            by=key,
            strategy="backward",
            check_sortedness=False,
        )
        .select(
            "row_key",
            pl.col("cum_films").fill_null(0).alias(f"films{suffix}"),
            pl.col("cum_sum_log").fill_null(0.0).alias(f"sum{suffix}"),
            pl.col("cum_max_log").alias(f"max{suffix}"),
        )
    )


def prior_record(
    targets: pl.LazyFrame,
    history: pl.LazyFrame,
    *,
    key: str,
    prefix: str,
    window_days: int | None = None,
    value: str = "log_admissions",
) -> pl.LazyFrame:
    """Per target row (`row_key`): count, mean and best `value` of the earlier films sharing `key`.

    `targets` holds `row_key`, `key` and `known_until`; `history` holds `key`, `release_week`
    and `value` (default `log_admissions`; a film with a null value does not count). With
    `window_days`, only films released within that many days before `known_until` count (the
    best is then left out). A target without a key, or whose key has no
    earlier film, gets 0 films and null mean: unknown and new look the same, on purpose.
    """
    cumulative = _cumulative_by_week(history, key, value)
    end = _as_of(targets, cumulative, key, "known_until", "_end")
    record = targets.select("row_key").join(end, on="row_key", how="left")
    films = pl.col("films_end").fill_null(0)
    total = pl.col("sum_end").fill_null(0.0)
    if window_days is not None:
        start_targets = targets.with_columns(
            _window_start=pl.col("known_until") - pl.duration(days=window_days)
        )
        start = _as_of(start_targets, cumulative, key, "_window_start", "_start")
        record = record.join(start, on="row_key", how="left")
        films = films - pl.col("films_start").fill_null(0)
        total = total - pl.col("sum_start").fill_null(0.0)
    columns = [
        films.cast(pl.Int32).alias(f"{prefix}_prior_films"),
        pl.when(films > 0).then(total / films).otherwise(None).alias(f"{prefix}_mean_log_adm"),
    ]
    if window_days is None:
        columns.append(pl.col("max_end").alias(f"{prefix}_best_log_adm"))
    return record.select("row_key", *columns)
