"""`fct_prediction`: every prediction the predictor made, kept across refreshes."""

from __future__ import annotations

from typing import Final

import duckdb
import polars as pl

from warehouse.accuracy import build_forecast_accuracy
from warehouse.locking import warehouse_lock
from warehouse.settings import WarehouseSettings

PREDICTION_SCHEMA: Final = {
    "film_id": pl.String,
    "title": pl.String,
    "release_date": pl.Date,
    "as_of_date": pl.Date,
    "model_name": pl.String,
    "model_version": pl.String,
    "run_id": pl.String,
    "kind": pl.String,
    "p10": pl.Float64,
    "p50": pl.Float64,
    "p90": pl.Float64,
    "predicted_at": pl.Datetime("us", "UTC"),
}
PREDICTION_KINDS: Final = ("backtest", "forecast")

CREATE_PREDICTION_TABLE: Final = """
CREATE TABLE IF NOT EXISTS fct_prediction (
    film_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    release_date DATE NOT NULL,
    as_of_date DATE NOT NULL,
    model_name VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    p10 DOUBLE NOT NULL,
    p50 DOUBLE NOT NULL,
    p90 DOUBLE NOT NULL,
    predicted_at TIMESTAMPTZ NOT NULL
)
"""


def write_predictions(
    frame: pl.DataFrame, *, settings: WarehouseSettings, wait_seconds: float = 60.0
) -> int:
    """Append predictions to `fct_prediction`, all or nothing; return the number of rows.

    `mart_forecast_accuracy` is rebuilt in the same transaction, so it never lags the
    predictions it scores.

    The frame must have the columns of PREDICTION_SCHEMA, `kind` in PREDICTION_KINDS and
    p10 <= p50 <= p90. Takes the warehouse's write lock, so it never races a refresh.
    """
    missing = [name for name in PREDICTION_SCHEMA if name not in frame.columns]
    if missing:
        raise ValueError(f"predictions lack the column(s) {', '.join(missing)}")
    rows = frame.select(list(PREDICTION_SCHEMA)).cast(PREDICTION_SCHEMA)  # type: ignore[arg-type]
    bad_kind = rows.filter(~pl.col("kind").is_in(PREDICTION_KINDS))
    if bad_kind.height:
        raise ValueError(
            f"prediction kind {bad_kind['kind'][0]!r} is not one of {', '.join(PREDICTION_KINDS)}"
        )
    disordered = rows.filter(~((pl.col("p10") <= pl.col("p50")) & (pl.col("p50") <= pl.col("p90"))))
    if disordered.height:
        raise ValueError(
            f"prediction for film {disordered['film_id'][0]} has p10 <= p50 <= p90 broken"
        )
    path = settings.warehouse
    if not path.exists():
        raise FileNotFoundError(
            f"warehouse {path} does not exist; run `mercredi warehouse refresh` first"
        )
    with warehouse_lock(path, wait_seconds=wait_seconds), duckdb.connect(str(path)) as connection:
        connection.execute(CREATE_PREDICTION_TABLE)
        connection.register("new_predictions", rows.to_arrow())
        connection.execute("BEGIN")
        connection.execute("INSERT INTO fct_prediction SELECT * FROM new_predictions")
        build_forecast_accuracy(connection)
        connection.execute("COMMIT")
    return rows.height
