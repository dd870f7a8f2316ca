"""`mercredi predict`: P10/P50/P90 for announced films, by the champion, from their facts alone."""

from __future__ import annotations

import datetime as dt

import polars as pl

from predictor.config import CHAMPION, PredictorSettings
from predictor.data import History, load_history
from predictor.features import build_features
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.registry import RegisteredVersion, load_forecaster
from warehouse.distributors import clean_raw_name, spelling_key
from warehouse.predictions import write_predictions


def fold_distributors(releases: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    """Raw distributor names as the warehouse folds them: a spelling of a known company takes
    that company's folded name; placeholders ('-', '---') become null; others stay as tidied."""
    known = {
        spelling_key(name): name
        for name in history.get_column("distributor").drop_nulls().unique().to_list()
    }

    def fold(raw: str | None) -> str | None:
        cleaned = clean_raw_name(raw)
        if cleaned is None:
            return None
        folded: str = known.get(spelling_key(cleaned), cleaned)
        return folded

    folded = [fold(raw) for raw in releases.get_column("distributor").to_list()]
    return releases.with_columns(pl.Series("distributor", folded, dtype=pl.String))


def predict_with(
    forecaster: FirstWeekForecaster, releases: pl.DataFrame, history: History
) -> pl.DataFrame:
    """Predictions of `forecaster` for `releases` (FILM_COLUMNS + `copies`), in their order.

    Track records come from `history`; competition from the batch itself. Columns: `film_id`,
    `title`, `release_date`, `p10`, `p50`, `p90` (national first-week admissions).
    """
    duplicated = releases.filter(pl.col("film_id").is_duplicated())
    if duplicated.height:
        raise ValueError(
            f"film {duplicated['title'][0]!r} ({duplicated['release_date'][0]}) is given twice; "
            "give each announced film once"
        )
    folded = fold_distributors(releases, history.films)
    features = (
        folded.select("film_id")
        .lazy()
        .join(
            build_features(folded.lazy(), history.films.lazy(), history.weeks.lazy()),
            on="film_id",
            how="left",
            maintain_order="left",
        )
        .collect()
    )
    quantiles = pl.from_pandas(forecaster.predict(features).reset_index(drop=True))
    return features.select("film_id", "title", "release_date").hstack(quantiles)


def predict_releases(
    releases: pl.DataFrame,
    settings: PredictorSettings,
    *,
    history: History | None = None,
    alias: str = CHAMPION,
) -> tuple[pl.DataFrame, RegisteredVersion]:
    """The champion's (or `alias`'s) predictions for `releases`, with the version that made them.

    Raises NoChampionError (run `mercredi train`) when the registry has none.
    """
    forecaster, version = load_forecaster(settings, alias)
    history = history if history is not None else load_history(settings)
    return predict_with(forecaster, releases, history), version


def record_forecasts(
    predictions: pl.DataFrame,
    version: RegisteredVersion,
    settings: PredictorSettings,
    *,
    now: dt.datetime | None = None,
) -> int:
    """Append `predictions` (of `predict_releases`) to `fct_prediction` as kind 'forecast', made
    by `version` on the day of `now` (default: the current UTC time); return the rows written.

    Writes nothing and returns 0 when the warehouse does not exist (predicting needs none).
    """
    if not settings.warehouse.exists() or predictions.is_empty():
        return 0
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return write_predictions(
        predictions.select("film_id", "title", "release_date", "p10", "p50", "p90").with_columns(
            as_of_date=pl.lit(moment.date()),
            model_name=pl.lit(settings.model_name),
            model_version=pl.lit(version.version),
            run_id=pl.lit(version.run_id),
            kind=pl.lit("forecast"),
            predicted_at=pl.lit(moment),
        ),
        settings=settings,
    )
