"""`fct_decision_backtest`: each run of the decision backtest, one row per Wednesday, policy and
scenario, and `fct_decision_summary`: the same run per scenario, period and policy, with the 90 %
bootstrap interval of its lead over the widest-release rule and the run's verdict. Both are kept
across refreshes like `fct_prediction` (the cockpit's Backtest page reads the latest run)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

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
DECISION_SUMMARY_SCHEMA: Final = {
    "run_id": pl.String,
    "computed_at": pl.Datetime("us", "UTC"),
    "scenario": pl.String,
    "period": pl.String,
    "policy": pl.String,
    "weeks": pl.Int32,
    "receipts_eur": pl.Float64,
    "best_receipts_eur": pl.Float64,
    "capture": pl.Float64,
    "result_eur": pl.Float64,
    "minus_widest": pl.Float64,
    "minus_widest_low": pl.Float64,
    "minus_widest_high": pl.Float64,
    "selected": pl.Boolean,
    "chosen": pl.Boolean,
    "meets_target": pl.Boolean,
}
"""`minus_widest*`: capture minus the widest-release rule's, and its 90 % bootstrap interval
over weeks. Verdict (scenario with copies only, false elsewhere): `selected` marks the policy
chosen on the selection years, `chosen` the one the tool uses (the rule itself when the
selected policy does not earn more on the confirmation years), `meets_target` the selected
policy's rows when it meets issue 10's target on the confirmation years."""
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

CREATE_DECISION_SUMMARY_TABLE: Final = """
CREATE TABLE IF NOT EXISTS fct_decision_summary (
    run_id VARCHAR NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    scenario VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    policy VARCHAR NOT NULL,
    weeks INTEGER NOT NULL,
    receipts_eur DOUBLE NOT NULL,
    best_receipts_eur DOUBLE NOT NULL,
    capture DOUBLE,
    result_eur DOUBLE NOT NULL,
    minus_widest DOUBLE,
    minus_widest_low DOUBLE,
    minus_widest_high DOUBLE,
    selected BOOLEAN NOT NULL,
    chosen BOOLEAN NOT NULL,
    meets_target BOOLEAN NOT NULL
)
"""


_MAY_BE_NULL: Final = ("capture", "minus_widest", "minus_widest_low", "minus_widest_high")
"""A capture is undefined for a week nothing could earn; every other column is required."""


def _checked(
    frame: pl.DataFrame, schema: Mapping[str, Any], what: str, key: tuple[str, ...]
) -> pl.DataFrame:
    missing = [name for name in schema if name not in frame.columns]
    if missing:
        raise ValueError(f"{what} rows lack the column(s) {', '.join(missing)}")
    rows = frame.select(list(schema)).cast(dict(schema))  # type: ignore[arg-type]
    if rows.is_empty():
        raise ValueError(f"no {what} row to write; backtest at least one week")
    nulls = [
        name
        for name in schema
        if name not in _MAY_BE_NULL and rows.get_column(name).null_count() > 0
    ]
    if nulls:
        raise ValueError(f"{what} rows have empty {', '.join(nulls)}; every row needs them")
    for column, accepted in (("period", DECISION_PERIODS), ("scenario", DECISION_SCENARIOS)):
        wrong = rows.filter(~pl.col(column).is_in(accepted) | pl.col(column).is_null())
        if wrong.height:
            raise ValueError(
                f"{what} {column} {wrong[column][0]!r} is not one of {', '.join(accepted)}"
            )
    if rows.get_column("run_id").n_unique() != 1:
        raise ValueError(f"{what} rows must come from one run (one run_id)")
    if rows.select(*key).is_duplicated().any():
        raise ValueError(f"{what} rows repeat a {', '.join(key[:-1])} and {key[-1]}")
    return rows


def write_decision_backtest(
    frame: pl.DataFrame,
    summary: pl.DataFrame,
    *,
    settings: WarehouseSettings,
    wait_seconds: float = 60.0,
) -> int:
    """Append one run's weekly rows to `fct_decision_backtest` and its summary to
    `fct_decision_summary`, all or nothing; return the number of weekly rows.

    `frame` must have the columns of DECISION_BACKTEST_SCHEMA, receipts >= 0 and one row per
    Wednesday, scenario and policy; `summary` those of DECISION_SUMMARY_SCHEMA, one row per
    scenario, period and policy; both one and the same run_id, periods in DECISION_PERIODS and
    scenarios in DECISION_SCENARIOS. Takes the warehouse's write lock, so it never races a
    refresh.
    """
    rows = _checked(
        frame,
        DECISION_BACKTEST_SCHEMA,
        "decision backtest",
        ("wednesday", "scenario", "policy"),
    )
    totals = _checked(
        summary,
        DECISION_SUMMARY_SCHEMA,
        "decision summary",
        ("scenario", "period", "policy"),
    )
    if totals["run_id"][0] != rows["run_id"][0]:
        raise ValueError(
            f"decision summary of run {totals['run_id'][0]!r} does not go with the weeks of run "
            f"{rows['run_id'][0]!r}; write one run's weeks and summary together"
        )
    negative = rows.filter((pl.col("receipts_eur") < 0) | (pl.col("best_receipts_eur") < 0))
    if negative.height:
        raise ValueError(
            f"decision backtest receipts must be >= 0; week {negative['wednesday'][0]} has "
            f"{negative['receipts_eur'][0]} EUR ({negative['policy'][0]})"
        )
    path = settings.warehouse
    if not path.exists():
        raise FileNotFoundError(
            f"warehouse {path} does not exist; run `mercredi warehouse refresh` first"
        )
    with writing_warehouse(path, wait_seconds=wait_seconds) as connection:
        connection.execute(CREATE_DECISION_BACKTEST_TABLE)
        connection.execute(CREATE_DECISION_SUMMARY_TABLE)
        connection.register("new_rows", rows.to_arrow())
        connection.register("new_summary", totals.to_arrow())
        connection.execute("BEGIN")
        connection.execute("INSERT INTO fct_decision_backtest SELECT * FROM new_rows")
        connection.execute("INSERT INTO fct_decision_summary SELECT * FROM new_summary")
        connection.execute("COMMIT")
    return rows.height
