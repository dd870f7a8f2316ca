"""`fct_decision_backtest`: each run of the decision backtest, one row per Wednesday, policy and
scenario; kept across refreshes like `fct_prediction` (the cockpit's Backtest page reads the
latest run)."""

from __future__ import annotations

from typing import Final

import polars as pl

from warehouse.database import writing_warehouse
from warehouse.settings import WarehouseSettings

DECISION_BACKTEST_SCHEMA: Final = {
    "run_id": pl.String,
    "computed_at": pl.Datetime("us", "UTC"),
    "wednesday": pl.Date,
    "year": pl.Int32,
    "period": pl.String,
    "scenario": pl.String,
    "policy": pl.String,
    "receipts_eur": pl.Float64,
    "best_receipts_eur": pl.Float64,
    "capture": pl.Float64,
    "result_eur": pl.Float64,
}
DECISION_PERIODS: Final = ("selection", "confirmation", "covid")
DECISION_SCENARIOS: Final = ("with_copies", "without_copies")

CREATE_DECISION_BACKTEST_TABLE: Final = """
CREATE TABLE IF NOT EXISTS fct_decision_backtest (
    run_id VARCHAR NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    wednesday DATE NOT NULL,
    year INTEGER NOT NULL,
    period VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    policy VARCHAR NOT NULL,
    receipts_eur DOUBLE NOT NULL,
    best_receipts_eur DOUBLE NOT NULL,
    capture DOUBLE,
    result_eur DOUBLE NOT NULL
)
"""


def write_decision_backtest(
    frame: pl.DataFrame, *, settings: WarehouseSettings, wait_seconds: float = 60.0
) -> int:
    """Append one run's rows to `fct_decision_backtest`, all or nothing; return their number.

    The frame must have the columns of DECISION_BACKTEST_SCHEMA, one run_id, periods in
    DECISION_PERIODS, scenarios in DECISION_SCENARIOS, receipts >= 0 and one row per Wednesday,
    scenario and policy. Takes the warehouse's write lock, so it never races a refresh.
    """
    missing = [name for name in DECISION_BACKTEST_SCHEMA if name not in frame.columns]
    if missing:
        raise ValueError(f"decision backtest rows lack the column(s) {', '.join(missing)}")
    rows = frame.select(list(DECISION_BACKTEST_SCHEMA)).cast(DECISION_BACKTEST_SCHEMA)  # type: ignore[arg-type]
    if rows.is_empty():
        raise ValueError("no decision backtest row to write; backtest at least one week")
    for column, accepted in (("period", DECISION_PERIODS), ("scenario", DECISION_SCENARIOS)):
        wrong = rows.filter(~pl.col(column).is_in(accepted) | pl.col(column).is_null())
        if wrong.height:
            raise ValueError(
                f"decision backtest {column} {wrong[column][0]!r} is not one of "
                f"{', '.join(accepted)}"
            )
    if rows.get_column("run_id").n_unique() != 1:
        raise ValueError("decision backtest rows must come from one run (one run_id)")
    negative = rows.filter((pl.col("receipts_eur") < 0) | (pl.col("best_receipts_eur") < 0))
    if negative.height:
        raise ValueError(
            f"decision backtest receipts must be >= 0; week {negative['wednesday'][0]} has "
            f"{negative['receipts_eur'][0]} EUR ({negative['policy'][0]})"
        )
    if rows.select("wednesday", "scenario", "policy").is_duplicated().any():
        raise ValueError("decision backtest rows repeat a Wednesday, scenario and policy")
    path = settings.warehouse
    if not path.exists():
        raise FileNotFoundError(
            f"warehouse {path} does not exist; run `mercredi warehouse refresh` first"
        )
    with writing_warehouse(path, wait_seconds=wait_seconds) as connection:
        connection.execute(CREATE_DECISION_BACKTEST_TABLE)
        connection.register("new_rows", rows.to_arrow())
        connection.execute("BEGIN")
        connection.execute("INSERT INTO fct_decision_backtest SELECT * FROM new_rows")
        connection.execute("COMMIT")
    return rows.height
