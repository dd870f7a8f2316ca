"""The warehouse's tables, built from validated records with Polars: `stg_*` then marts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import polars as pl

from landing.schema import FilmRecord, LandingKind, ReleaseRecord, WeekRecord
from landing.weeks import week_start_expr
from warehouse.distributors import clean_raw_name, fold_names

_ORIGIN_SCHEMA: Final[dict[str, pl.DataType]] = {
    "origin": pl.String(),
    "origin_file": pl.String(),
    "origin_line": pl.Int64(),
    "observed_rank": pl.Int64(),
    "film_id": pl.String(),
}
_FIELD_TYPES: Final[dict[str, pl.DataType]] = {
    "source": pl.String(),
    "source_id": pl.Int64(),
    "url": pl.String(),
    "title": pl.String(),
    "original_title": pl.String(),
    "release_date": pl.Date(),
    "genre": pl.String(),
    "nationality": pl.String(),
    "runtime_min": pl.Int32(),
    "director": pl.String(),
    "cast": pl.List(pl.String()),
    "distributor": pl.String(),
    "budget": pl.Int64(),
    "budget_currency": pl.String(),
    "age_rating": pl.String(),
    "is_franchise": pl.Boolean(),
    "is_remake": pl.Boolean(),
    "week_start": pl.Date(),
    "week_number": pl.Int32(),
    "admissions": pl.Int64(),
    "copies": pl.Int32(),
    "planned_copies": pl.Int32(),
}
_MODELS: Final[dict[LandingKind, type[FilmRecord] | type[WeekRecord]]] = {
    "films": FilmRecord,
    "weeks": WeekRecord,
    "releases": ReleaseRecord,
}
FILM_FACTS: Final = tuple(name for name in FilmRecord.model_fields if name != "source")
DIM_FILM_COLUMNS: Final = (
    "film_id",
    "source",
    "source_id",
    "url",
    "title",
    "original_title",
    "release_date",
    "release_week",
    "genre",
    "nationality",
    "runtime_min",
    "director",
    "cast",
    "distributor",
    "distributor_raw",
    "budget",
    "budget_currency",
    "age_rating",
    "is_franchise",
    "is_remake",
)
"""The columns of `dim_film`, in order."""
QUARANTINE_SCHEMA: Final = {
    "origin_file": pl.String,
    "origin_line": pl.Int64,
    "kind": pl.String,
    "source": pl.String,
    "reason": pl.String,
    "detail": pl.String,
    "raw": pl.String,
}


def film_column_types(columns: Iterable[str]) -> dict[str, pl.DataType]:
    """The Polars types the warehouse gives these film columns (`film_id` and landing fields)."""
    types = {"film_id": pl.String(), "release_week": pl.Date(), **_FIELD_TYPES}
    return {name: types[name] for name in columns}


def staging_frame(kind: LandingKind, records: list[dict[str, Any]]) -> pl.DataFrame:
    """`stg_<kind>`: one row per valid record, typed, with where it came from."""
    schema = {name: _FIELD_TYPES[name] for name in _MODELS[kind].model_fields}
    schema.update(_ORIGIN_SCHEMA)
    return pl.from_dicts(records, schema=schema).sort("observed_rank")


def quarantine_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """`quarantine`: one row per rejected line, with its file, line, reason and raw text."""
    return pl.DataFrame(rows, schema=QUARANTINE_SCHEMA)


def _newest_non_null(column: str) -> pl.Expr:
    return pl.col(column).drop_nulls().last().alias(column)


def build_dim_film(
    stg_films: pl.DataFrame, stg_releases: pl.DataFrame, stg_weeks: pl.DataFrame
) -> pl.DataFrame:
    """`dim_film`: one row per film, each fact the newest non-null observation of it.

    Film pages, announced releases and chart rows all describe films; an empty cast list counts
    as no observation, so it never erases a known cast.
    """
    facts = [name for name in FILM_FACTS if name in stg_films.columns]
    observations = pl.concat(
        [
            stg_films.select("film_id", "observed_rank", "source", *facts),
            stg_releases.select("film_id", "observed_rank", "source", *facts),
            stg_weeks.select(
                "film_id", "observed_rank", "source", "source_id", "title", "release_date"
            ),
        ],
        how="diagonal_relaxed",
    ).with_columns(
        pl.when(pl.col("cast").list.len() > 0).then(pl.col("cast")).alias("cast"),
        pl.col("distributor").map_elements(clean_raw_name, return_dtype=pl.String),
    )
    films = (
        observations.lazy()
        .sort("observed_rank")
        .group_by("film_id")
        .agg(
            # The source and its id come as a pair: the newest observation that has an id.
            pl.coalesce(
                pl.col("source").filter(pl.col("source_id").is_not_null()).last(),
                pl.col("source").last(),
            ).alias("source"),
            *(_newest_non_null(name) for name in facts),
        )
        .collect()
    )
    folded = fold_names(films["distributor"].to_list())
    return (
        films.rename({"distributor": "distributor_raw"})
        .with_columns(
            pl.col("distributor_raw")
            .replace_strict(folded, default=None, return_dtype=pl.String)
            .alias("distributor"),
            pl.col("cast").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            week_start_expr(pl.col("release_date")).alias("release_week"),
        )
        .select(DIM_FILM_COLUMNS)
        .sort("release_date", "film_id")
    )


def build_dim_distributor(dim_film: pl.DataFrame) -> pl.DataFrame:
    """`dim_distributor`: one row per folded distributor, its raw spellings and film count."""
    return (
        dim_film.filter(pl.col("distributor").is_not_null())
        .group_by("distributor")
        .agg(
            pl.col("distributor_raw").unique().sort().alias("raw_names"),
            pl.len().cast(pl.Int64).alias("film_count"),
        )
        .sort("distributor")
    )


def build_fct_film_week(stg_weeks: pl.DataFrame) -> pl.DataFrame:
    """`fct_film_week`: one row per film and week of its run, the newest observation winning."""
    return (
        stg_weeks.lazy()
        .sort("observed_rank")
        .group_by("film_id", "week_number")
        .agg(
            pl.col("week_start").last(),
            pl.col("admissions").last(),
            _newest_non_null("copies"),
            pl.col("source").last(),
        )
        .sort("film_id", "week_number")
        .collect()
    )


def build_fct_first_week(fct_film_week: pl.DataFrame) -> pl.DataFrame:
    """`fct_first_week`: a film's first week in France (the model's target)."""
    return (
        fct_film_week.filter(pl.col("week_number") == 1)
        .select("film_id", "week_start", "admissions", "copies", "source")
        .sort("week_start", "film_id")
    )


def build_fct_release(stg_releases: pl.DataFrame, dim_film: pl.DataFrame) -> pl.DataFrame:
    """`fct_release`: one row per announced film, its newest announcement winning."""
    return (
        stg_releases.lazy()
        .sort("observed_rank")
        .group_by("film_id")
        .agg(
            _newest_non_null("planned_copies"),
            pl.col("source").last(),
            pl.col("origin_file").last(),
        )
        .join(dim_film.lazy().select("film_id", "release_date", "release_week"), on="film_id")
        .select(
            "film_id", "release_date", "release_week", "planned_copies", "source", "origin_file"
        )
        .sort("release_date", "film_id")
        .collect()
    )
