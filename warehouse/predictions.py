"""`fct_prediction`: every prediction the predictor made, kept across refreshes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import polars as pl

from warehouse.accuracy import build_forecast_accuracy
from warehouse.database import reading_warehouse, writing_warehouse
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
PREDICTION_KINDS: Final = ("backtest", "forecast", "replay")

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


def read_predictions(
    path: Path,
    *,
    kind: str,
    model_name: str,
    model_version: str,
    as_of_date: dt.date,
    film_ids: Sequence[str],
) -> pl.DataFrame:
    """The newest stored prediction of each of `film_ids` made by one model version as of one
    date (columns of PREDICTION_SCHEMA); empty when the table or the rows do not exist yet."""
    empty = pl.DataFrame(schema=PREDICTION_SCHEMA)  # type: ignore[arg-type]
    if not film_ids or not path.exists():
        return empty
    with reading_warehouse(path) as connection:
        exists = connection.sql(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'fct_prediction'"
        ).fetchall()
        if not exists[0][0]:
            return empty
        found = connection.sql(
            "SELECT * FROM fct_prediction WHERE kind = ? AND model_name = ? AND model_version = ? "
            "AND as_of_date = ? AND film_id IN (SELECT unnest(?::VARCHAR[])) "
            "QUALIFY row_number() OVER (PARTITION BY film_id ORDER BY predicted_at DESC) = 1",
            params=[kind, model_name, model_version, as_of_date, list(film_ids)],
        ).pl()
    selected: pl.DataFrame = found.select(list(PREDICTION_SCHEMA))
    return selected


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
    with writing_warehouse(path, wait_seconds=wait_seconds) as connection:
        connection.execute(CREATE_PREDICTION_TABLE)
        connection.register("new_predictions", rows.to_arrow())
        connection.execute("BEGIN")
        connection.execute("INSERT INTO fct_prediction SELECT * FROM new_predictions")
        build_forecast_accuracy(connection)
        connection.execute("COMMIT")
    return rows.height
