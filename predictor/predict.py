"""`mercredi predict`: P10/P50/P90 for announced films, by the champion, from their facts alone."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from predictor.config import CHAMPION, PredictorSettings
from predictor.data import History, load_history, read_releases
from predictor.features import build_features, collect_features
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


def features_for(releases: pl.DataFrame, history: History) -> pl.DataFrame:
    """Point-in-time features of `releases` (FILM_COLUMNS + `copies`), in their order.

    Distributors are folded as the warehouse folds them; track records come from `history`,
    competition from the batch itself. A film given twice is refused (ValueError).
    """
    duplicated = releases.filter(pl.col("film_id").is_duplicated())
    if duplicated.height:
        raise ValueError(
            f"film {duplicated['title'][0]!r} ({duplicated['release_date'][0]}) is given twice; "
            "give each announced film once"
        )
    folded = fold_distributors(releases, history.films)
    return collect_features(
        folded.select("film_id")
        .lazy()
        .join(
            build_features(folded.lazy(), history.films.lazy(), history.weeks.lazy()),
            on="film_id",
            how="left",
            maintain_order="left",
        )
    )


def predict_with(
    forecaster: FirstWeekForecaster, releases: pl.DataFrame, history: History
) -> pl.DataFrame:
    """Predictions of `forecaster` for `releases` (FILM_COLUMNS + `copies`), in their order.

    Track records come from `history`; competition from the batch itself. Columns: `film_id`,
    `title`, `release_date`, `p10`, `p50`, `p90` (national first-week admissions).
    """
    features = features_for(releases, history)
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
    wait_seconds: float = 60.0,
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
        wait_seconds=wait_seconds,
    )


@dataclass(frozen=True)
class ForecastOutcome:
    """What `forecast_releases` did: films predicted, by which version, rows recorded, CSV."""

    films: int
    version: str
    recorded: int
    out: Path


def forecast_releases(
    releases_path: Path,
    out: Path,
    settings: PredictorSettings,
    *,
    wait_seconds: float = 60.0,
    now: dt.datetime | None = None,
) -> ForecastOutcome:
    """Predict the films of a `releases` file, record them in `fct_prediction`, write `out`.

    All or nothing: the CSV is written to a temporary file beside `out` first, then the
    forecasts are recorded (waiting up to `wait_seconds` for the warehouse's lock), and only
    then is the CSV renamed to `out`. If recording fails, `out` is left as it was (and the
    temporary file removed); `releases_path` is only read.
    """
    films = read_releases(releases_path)
    predictions, version = predict_releases(films, settings)
    table = predictions.with_columns(model_version=pl.lit(version.version))
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        table.write_csv(temporary)
        recorded = record_forecasts(
            predictions, version, settings, now=now, wait_seconds=wait_seconds
        )
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)
    return ForecastOutcome(predictions.height, version.version, recorded, out)
