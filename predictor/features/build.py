"""The feature table: one row per film, every value knowable before the film's release.

Inputs are frames with the warehouse's columns (see docs/data-contract.md):
- `films`: the films to describe (`dim_film` columns plus `copies`: week-1 copies for a film of
  the history, planned copies for an announced film; null when unknown);
- `history`: films whose first week is known (`dim_film` columns plus `admissions`);
- `weeks`: the calendar (`dim_week`: `week_start`, `school_holiday_days`,
  `school_holiday_zones`, `public_holidays`), optional.

Competition is computed among `films` themselves (the same Wednesday's releases); track records
and market level come from `history`, limited to what was known before each film's release week.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from landing.weeks import week_start_expr
from predictor.features.titles import title_stem
from predictor.features.track_records import prior_record, with_known_until

EUR_PER_USD: Final = 0.9
"""A fixed rate: budgets only need to be comparable in order of magnitude."""
MAX_CAST: Final = 4
DISTRIBUTOR_WINDOW_DAYS: Final = 3 * 365
MARKET_WINDOW_DAYS: Final = 364
RECENT_MARKET_WINDOW_DAYS: Final = 56
_PLACEHOLDER = r"^[\s\-–—?.]*$"
FEATURE_ENGINE: Final = "in-memory"
"""Polars' engine for the feature plans (many joins of small frames), where the default streaming
engine took 1.6 times as long on 2 cores: 73 ms against 125 for 15 announced films, 92 ms
against 151 for the 9,089 films of the history."""

CATEGORICAL_FEATURES: Final[tuple[str, ...]] = (
    "genre",
    "nationality",
    "distributor",
    "age_rating",
)
NUMERIC_FEATURES: Final[tuple[str, ...]] = (
    "log_copies",
    "copies_share",
    "runtime_min",
    "log_budget_usd",
    "release_year",
    "release_month",
    "release_iso_week",
    "days_in_first_week",
    "school_holiday_days",
    "school_holiday_zones",
    "public_holidays",
    "same_week_releases",
    "same_week_log_copies_total",
    "copies_rank_in_week",
    "director_prior_films",
    "director_mean_log_adm",
    "director_best_log_adm",
    "cast_prior_films",
    "cast_best_mean_log_adm",
    "cast_best_log_adm",
    "distributor_prior_films",
    "distributor_mean_log_adm",
    "franchise_prior_films",
    "franchise_best_log_adm",
    "market_mean_log_adm",
    "market_releases",
    "market_log_adm_per_copy",
    "market_recent_log_adm_per_copy",
    "director_log_adm_per_copy",
    "distributor_log_adm_per_copy",
    "copies_times_recent_market",
)
FEATURE_COLUMNS: Final[tuple[str, ...]] = NUMERIC_FEATURES + CATEGORICAL_FEATURES
MONOTONE_INCREASING: Final[tuple[str, ...]] = (
    "log_copies",
    "copies_share",
    "copies_times_recent_market",
)
MONOTONE_DECREASING: Final[tuple[str, ...]] = ("copies_rank_in_week",)
"""More copies, all else equal, never predict fewer admissions (a better rank is a lower one)."""
COPIES_FEATURES: Final[tuple[str, ...]] = (
    "log_copies",
    "copies_share",
    "copies_rank_in_week",
    "copies_times_recent_market",
)
"""The features a film's own copies determine (all null when its copies are unknown)."""

_WEEK_COLUMNS: Final = ("school_holiday_days", "school_holiday_zones", "public_holidays")


def _null_placeholder(column: str) -> pl.Expr:
    value = pl.col(column).str.strip_chars()
    return pl.when(value.str.contains(_PLACEHOLDER)).then(None).otherwise(value).alias(column)


def _clean_films(films: pl.LazyFrame) -> pl.LazyFrame:
    return films.with_columns(
        _null_placeholder("distributor"),
        _null_placeholder("director"),
        _null_placeholder("genre"),
        release_week=week_start_expr(pl.col("release_date")),
    )


def _history_facts(history: pl.LazyFrame) -> pl.LazyFrame:
    return _clean_films(history).with_columns(
        log_admissions=pl.col("admissions").cast(pl.Float64).log1p(),
        log_admissions_per_copy=(
            pl.col("admissions").cast(pl.Float64).log1p() - pl.col("copies").cast(pl.Float64).log()
        ),
        title_stem=title_stem(pl.col("title")),
        original_stem=title_stem(pl.col("original_title").fill_null(pl.col("title"))),
        market=pl.lit("France"),
    )


def _budget_usd() -> pl.Expr:
    # A budget without currency is in euros for a French film and in dollars otherwise.
    currency = (
        pl.when(pl.col("budget_currency").is_not_null())
        .then(pl.col("budget_currency"))
        .when(pl.col("nationality") == "France")
        .then(pl.lit("EUR"))
        .otherwise(pl.lit("USD"))
    )
    usd = (
        pl.when(currency == "EUR").then(pl.col("budget") / EUR_PER_USD).otherwise(pl.col("budget"))
    )
    return usd.cast(pl.Float64).log1p().alias("log_budget_usd")


def _competition(films: pl.LazyFrame) -> pl.LazyFrame:
    week = "release_week"
    log_copies = pl.col("copies").cast(pl.Float64).log()
    return films.with_columns(
        log_copies=log_copies,
        same_week_releases=(pl.len().over(week) - 1).cast(pl.Int32),
        same_week_log_copies_total=(pl.col("copies").sum().over(week) + 1).cast(pl.Float64).log(),
        copies_share=pl.col("copies") / pl.col("copies").sum().over(week),
        copies_rank_in_week=pl.col("copies").rank("min", descending=True).over(week),
    )


def _calendar(films: pl.LazyFrame, weeks: pl.LazyFrame | None) -> pl.LazyFrame:
    films = films.with_columns(
        release_year=pl.col("release_date").dt.year().cast(pl.Int32),
        release_month=pl.col("release_date").dt.month().cast(pl.Int32),
        release_iso_week=pl.col("release_week").dt.week().cast(pl.Int32),
        days_in_first_week=(
            7 - (pl.col("release_date") - pl.col("release_week")).dt.total_days()
        ).cast(pl.Int32),
    )
    if weeks is None:
        return films.with_columns(pl.lit(None, dtype=pl.Float64).alias(c) for c in _WEEK_COLUMNS)
    calendar = weeks.select(
        pl.col("week_start").alias("release_week"),
        *(pl.col(c).cast(pl.Float64) for c in _WEEK_COLUMNS),
    )
    return films.join(calendar, on="release_week", how="left")


def actor_records(
    targets: pl.LazyFrame, history: pl.LazyFrame, *, value: str = "log_admissions"
) -> pl.LazyFrame:
    """Per target film and lead actor (the first MAX_CAST of its cast): `film_id` and the
    record of `value` over the actor's earlier films (`actor_prior_films`,
    `actor_mean_log_adm`, `actor_best_log_adm`, named as `prior_record` names them).

    `targets` holds `film_id`, `cast` and `known_until`; `history` holds `cast`,
    `release_week` and `value`."""

    def lead_actors(frame: pl.LazyFrame) -> pl.LazyFrame:
        return frame.with_columns(actor=pl.col("cast").list.head(MAX_CAST)).explode("actor")

    actor_targets = (
        lead_actors(targets.select("film_id", "cast", "known_until"))
        .filter(pl.col("actor").is_not_null())
        .with_columns(row_key=pl.concat_str("film_id", "actor", separator="\x1f"))
    )
    actor_history = lead_actors(history.select("cast", "release_week", value))
    record = prior_record(actor_targets, actor_history, key="actor", prefix="actor", value=value)
    return actor_targets.select("row_key", "film_id").join(record, on="row_key", how="left")


def _cast_record(targets: pl.LazyFrame, history: pl.LazyFrame) -> pl.LazyFrame:
    return (
        actor_records(targets, history)
        .group_by("film_id")
        .agg(
            cast_prior_films=pl.col("actor_prior_films").sum().cast(pl.Int32),
            cast_best_mean_log_adm=pl.col("actor_mean_log_adm").max(),
            cast_best_log_adm=pl.col("actor_best_log_adm").max(),
        )
    )


def franchise_records(
    targets: pl.LazyFrame, history: pl.LazyFrame, *, value: str = "log_admissions"
) -> pl.LazyFrame:
    """Per target film: `film_id`, `franchise_prior_films` (earlier films sharing its French or
    original title stem) and `franchise_best` (their best `value`).

    `targets` holds `film_id`, `title_stem`, `original_stem` and `known_until`; `history`
    holds both stems, `release_week` and `value`."""
    records = []
    for stem in ("title_stem", "original_stem"):
        keyed = targets.select(
            pl.col("film_id").alias("row_key"), pl.col(stem).alias("stem"), "known_until"
        )
        earlier = history.select(pl.col(stem).alias("stem"), "release_week", value)
        records.append(prior_record(keyed, earlier, key="stem", prefix=stem, value=value))
    by_title, by_original = records
    return by_title.join(by_original, on="row_key").select(
        pl.col("row_key").alias("film_id"),
        franchise_prior_films=pl.max_horizontal(
            "title_stem_prior_films", "original_stem_prior_films"
        ),
        franchise_best=pl.max_horizontal("title_stem_best_log_adm", "original_stem_best_log_adm"),
    )


def _simple_record(
    targets: pl.LazyFrame,
    history: pl.LazyFrame,
    key: str,
    prefix: str,
    window_days: int | None = None,
    value: str = "log_admissions",
) -> pl.LazyFrame:
    keyed = targets.select(pl.col("film_id").alias("row_key"), key, "known_until")
    record = prior_record(
        keyed, history, key=key, prefix=prefix, window_days=window_days, value=value
    )
    return record.rename({"row_key": "film_id"})


def collect_features(plan: pl.LazyFrame) -> pl.DataFrame:
    """Run a plan made of `build_features` on the engine chosen for it."""
    return plan.collect(engine=FEATURE_ENGINE)


def build_features(
    films: pl.LazyFrame, history: pl.LazyFrame, weeks: pl.LazyFrame | None = None
) -> pl.LazyFrame:
    """The feature table of `films`: `film_id`, `title`, `release_date`, `release_week` and
    FEATURE_COLUMNS, one row per film (see the module docstring for the inputs)."""
    targets = with_known_until(
        _clean_films(films).with_columns(
            title_stem=title_stem(pl.col("title")),
            original_stem=title_stem(pl.col("original_title").fill_null(pl.col("title"))),
            market=pl.lit("France"),
        )
    )
    known = _history_facts(history)
    director = _simple_record(targets, known, "director", "director")
    distributor = _simple_record(
        targets, known, "distributor", "distributor", window_days=DISTRIBUTOR_WINDOW_DAYS
    )
    market = _simple_record(targets, known, "market", "market", window_days=MARKET_WINDOW_DAYS)
    per_copy = _simple_record(
        targets,
        known,
        "market",
        "per_copy",
        window_days=MARKET_WINDOW_DAYS,
        value="log_admissions_per_copy",
    )
    director_per_copy = _simple_record(
        targets, known, "director", "director_pc", value="log_admissions_per_copy"
    )
    distributor_per_copy = _simple_record(
        targets,
        known,
        "distributor",
        "distributor_pc",
        window_days=DISTRIBUTOR_WINDOW_DAYS,
        value="log_admissions_per_copy",
    )
    recent_per_copy = _simple_record(
        targets,
        known,
        "market",
        "recent_per_copy",
        window_days=RECENT_MARKET_WINDOW_DAYS,
        value="log_admissions_per_copy",
    )
    table = _calendar(_competition(targets), weeks).with_columns(_budget_usd())
    for record in (
        director,
        distributor,
        market.select(
            "film_id",
            pl.col("market_prior_films").alias("market_releases"),
            "market_mean_log_adm",
        ),
        per_copy.select("film_id", market_log_adm_per_copy="per_copy_mean_log_adm"),
        director_per_copy.select("film_id", director_log_adm_per_copy="director_pc_mean_log_adm"),
        distributor_per_copy.select(
            "film_id", distributor_log_adm_per_copy="distributor_pc_mean_log_adm"
        ),
        recent_per_copy.select(
            "film_id", market_recent_log_adm_per_copy="recent_per_copy_mean_log_adm"
        ),
        _cast_record(targets, known),
        franchise_records(targets, known).rename({"franchise_best": "franchise_best_log_adm"}),
    ):
        table = table.join(record, on="film_id", how="left")
    table = table.with_columns(
        # log(copies x the market's admissions per copy over 8 weeks): what copies give now
        copies_times_recent_market=pl.col("log_copies") + pl.col("market_recent_log_adm_per_copy"),
    )
    return table.with_columns(
        pl.col("cast_prior_films").fill_null(0),
        pl.col("runtime_min").cast(pl.Float64),
        pl.col("copies_rank_in_week").cast(pl.Float64),
    ).select(
        "film_id",
        "title",
        "release_date",
        "release_week",
        *NUMERIC_FEATURES,
        *CATEGORICAL_FEATURES,
    )
