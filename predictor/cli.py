"""`mercredi train | backtest | predict | model status | model promote`: thin commands over the
predictor's services. Each checks what it needs (its options, the warehouse) before the slow
set-up (MLflow, LightGBM), and fails by the rule of `landing.cli_errors`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import typer

from landing.cli_errors import (
    date_option,
    input_file,
    job_failed,
    output_file,
    usage_error,
    wait_option,
)
from landing.ranges import WAIT_SECONDS
from predictor.config import CHAMPION, PredictorSettings, get_predictor_settings
from predictor.progress import log_to_stderr
from warehouse.database import WarehouseMissingError, WarehouseUnreadableError, connect_warehouse
from warehouse.locking import WarehouseBusyError

app = typer.Typer(help="The first-week model: train, backtest, predict.", no_args_is_help=True)
model_app = typer.Typer(help="The registered model's versions and aliases.", no_args_is_help=True)

_WAREHOUSE_ERRORS = (WarehouseMissingError, WarehouseUnreadableError, WarehouseBusyError)

RELOAD_HINT = (
    "a running API keeps the model it loaded until told: POST /v1/model/reload with its token "
    "(docs/api.md); `mercredi retrain` trains and tells it in one go"
)


def _require_warehouse(settings: PredictorSettings) -> None:
    """Fail at once, before MLflow starts, when the warehouse is missing or unreadable."""
    try:
        connect_warehouse(settings.warehouse).close()
    except _WAREHOUSE_ERRORS as error:
        raise job_failed(str(error)) from None


def _job_errors() -> tuple[type[Exception], ...]:
    """What a predictor job reports as a failed job: MLflow, the registry, the training lock, the
    warehouse, and ValueError for data the services refuse (their message says why)."""
    from predictor.model.registry import NoChampionError
    from predictor.tracking import TrackingError
    from predictor.train import TrainingLockError

    return (TrackingError, NoChampionError, TrainingLockError, *_WAREHOUSE_ERRORS, ValueError)


@app.command()
def train(
    if_no_champion: Annotated[
        bool, typer.Option(help="Train only when no champion is registered yet (first start).")
    ] = False,
) -> None:
    """Train on the warehouse, log to MLflow, register a challenger, promote it if not worse."""
    settings = get_predictor_settings()
    _require_warehouse(settings)
    from predictor.model.registry import alias_version
    from predictor.train import train_and_register

    log_to_stderr()
    try:
        if if_no_champion:
            champion = alias_version(settings, CHAMPION)
            if champion is not None:
                typer.echo(f"champion is version {champion.version}; no training needed")
                return
        outcome = train_and_register(settings)
    except _job_errors() as error:
        raise job_failed(str(error)) from None
    m = outcome.metrics
    typer.echo(
        f"version {outcome.version} (run {outcome.run_id}) trained in "
        f"{outcome.duration_s:.1f} s on "
        f"films up to {outcome.data_end}; final test from {outcome.test_start}, "
        f"{m['test_films']:.0f} films, walk-forward:"
    )
    typer.echo(
        f"  model      R² log {m['r2_log']:.3f}  median APE {m['median_ape']:.1%}  "
        f"within 2x {m['within_2x']:.1%}  Spearman {m['spearman']:.3f}  "
        f"P10-P90 coverage {m['coverage_p10_p90']:.1%}"
    )
    for name, label in (("copies", "copies-only"), ("genre", "genre median")):
        typer.echo(
            f"  {label:<10} R² log {m[f'baseline_{name}_r2_log']:.3f}  "
            f"median APE {m[f'baseline_{name}_median_ape']:.1%}  "
            f"within 2x {m[f'baseline_{name}_within_2x']:.1%}"
        )
    typer.echo(
        f"  decision capture {m['decision_capture']:.1%} (widest release "
        f"{m['widest_release_capture']:.1%}, random {m['random_capture']:.1%}) over "
        f"{m['decision_weeks']:.0f} weeks"
    )
    verdict = "promoted to champion" if outcome.promoted else "stays challenger"
    typer.echo(f"  {verdict}: {outcome.reason}")
    if outcome.promoted:
        typer.echo(f"  {RELOAD_HINT}")


@app.command()
def backtest(
    from_date: Annotated[
        dt.date | None,
        typer.Option(
            "--from", parser=date_option, metavar="YYYY-MM-DD", help="First release date."
        ),
    ] = None,
    to_date: Annotated[
        dt.date | None,
        typer.Option("--to", parser=date_option, metavar="YYYY-MM-DD", help="Last release date."),
    ] = None,
    step: Annotated[
        Literal["week", "month"], typer.Option(help="How often the model is refitted.")
    ] = "month",
    decision: Annotated[
        bool,
        typer.Option(
            "--decision",
            help="Backtest the programme policies on every week of 2010-2022 and write "
            "fct_decision_backtest and its summary fct_decision_summary (no --from/--to).",
        ),
    ] = False,
    with_rank: Annotated[
        bool, typer.Option("--with-rank", help="With --decision: add the lambdarank policy.")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="With --decision: redo the walk-forward.")
    ] = False,
) -> None:
    """Walk forward from --from to --to and write the predictions to fct_prediction; with
    --decision, backtest the programme policies over 2010-2022 instead."""
    if decision:
        if from_date is not None or to_date is not None:
            raise usage_error("--decision backtests 2010-2022; leave out --from and --to")
        _decision_backtest(with_rank=with_rank, use_cache=not no_cache)
        return
    if with_rank or no_cache:
        raise usage_error("--with-rank and --no-cache go with --decision; add it or leave them out")
    if from_date is None or to_date is None:
        raise usage_error("give both --from and --to (YYYY-MM-DD), or --decision")
    if from_date > to_date:
        raise usage_error(f"--from {from_date} is after --to {to_date}")
    settings = get_predictor_settings()
    _require_warehouse(settings)
    from predictor.backtest import run_backtest

    log_to_stderr()
    try:
        outcome = run_backtest(settings, from_date, to_date, step)
    except _job_errors() as error:
        raise job_failed(str(error)) from None
    typer.echo(
        f"{outcome.films} films predicted in {outcome.steps} steps by {outcome.model_version} "
        f"(run {outcome.run_id}); {outcome.rows_written} rows written to fct_prediction"
    )
    m = outcome.metrics
    if m:
        typer.echo(
            f"  R² log {m['r2_log']:.3f}  median APE {m['median_ape']:.1%}  within 2x "
            f"{m['within_2x']:.1%}  coverage {m['coverage_p10_p90']:.1%}  decision capture "
            f"{m['decision_capture']:.1%} (widest release {m['widest_release_capture']:.1%})"
        )


def _decision_backtest(*, with_rank: bool, use_cache: bool) -> None:
    from predictor.decision.report import CONFIRMATION_YEARS
    from predictor.decision.service import run_decision_backtest
    from predictor.decision.walk import DEFAULT_LEARNERS

    log_to_stderr()
    learners = (*DEFAULT_LEARNERS, "rank") if with_rank else DEFAULT_LEARNERS
    settings = get_predictor_settings()
    _require_warehouse(settings)
    try:
        outcome = run_decision_backtest(settings, learners=learners, use_cache=use_cache)
    except _job_errors() as error:
        raise job_failed(str(error)) from None
    cached = " (walk-forward from cache)" if outcome.walk_cached else ""
    typer.echo(
        f"decision backtest {outcome.run_id} by {outcome.model_version} in "
        f"{outcome.seconds['total']:.0f} s{cached}; {outcome.rows_written} rows written to "
        "fct_decision_backtest, its summary and verdict to fct_decision_summary"
    )
    typer.echo("scenario        period        policy                capture  vs widest [90 %]")
    for row in outcome.summary.iter_rows(named=True):
        typer.echo(
            f"{row['scenario']:<15} {row['period']:<13} {row['policy']:<21} "
            f"{row['capture']:7.2%}  {100 * row['minus_widest']:+.2f} "
            f"[{100 * row['minus_widest_low']:+.2f}, {100 * row['minus_widest_high']:+.2f}] pts"
        )
    v = outcome.verdict
    typer.echo(
        f"selected on 2010-2018: {v.selected} ({v.selection_capture:.2%}); on 2019-2022 "
        f"{v.confirmation_capture:.2%} against {v.confirmation_widest:.2%} for the widest "
        f"release ({100 * v.minus_widest:+.2f} points, 90 % interval "
        f"[{100 * v.minus_widest_low:+.2f}, {100 * v.minus_widest_high:+.2f}]); target "
        f"{'met' if v.meets_target else 'not met'}; chosen: {v.chosen}"
    )
    for key, m in outcome.accuracy.items():
        if key.endswith(str(CONFIRMATION_YEARS[1])):
            typer.echo(
                f"{key}: R² log {m['r2_log']:.3f}  median APE {m['median_ape']:.1%}  within 2x "
                f"{m['within_2x']:.1%}  P10-P90 coverage {m['coverage_p10_p90']:.1%}"
            )


@app.command()
def predict(
    releases: Annotated[
        Path,
        typer.Option(metavar="FILE", help="The announced films: a `releases` JSON Lines file."),
    ],
    out: Annotated[
        Path,
        typer.Option(metavar="FILE", help="The CSV to write (never the --releases file)."),
    ],
    wait: Annotated[
        float,
        typer.Option(
            parser=wait_option,
            metavar="SECONDS",
            help=f"Seconds to wait for the warehouse's lock, {WAIT_SECONDS.low} to "
            f"{WAIT_SECONDS.high:,}.",
        ),
    ] = 60.0,
) -> None:
    """Predict announced films with the champion: fct_prediction and the CSV, both or neither."""
    input_file(releases, "--releases")
    output_file(out, "--out", inputs={"--releases": releases})
    settings = get_predictor_settings()
    _require_warehouse(settings)
    from predictor.predict import forecast_releases

    try:
        outcome = forecast_releases(releases, out, settings, wait_seconds=wait)
    except _job_errors() as error:
        raise job_failed(f"{error}; nothing written") from None
    typer.echo(
        f"{outcome.films} films predicted by version {outcome.version} -> {outcome.out}; "
        f"{outcome.recorded} forecasts appended to fct_prediction"
    )


@model_app.command("status")
def status() -> None:
    """The registered versions, their aliases and test figures."""
    settings = get_predictor_settings()
    local = settings.tracking_uri.startswith("sqlite:///")
    if local and not Path(settings.tracking_uri.removeprefix("sqlite:///")).is_file():
        # Reading would create an empty store: a mistyped data folder would look like a new one.
        typer.echo(
            f"no model registry in {settings.data_dir} (MERCREDI_DATA_DIR) yet; run "
            "`mercredi train`, or check the data folder"
        )
        return
    from predictor.model.registry import model_versions

    try:
        rows = model_versions(settings)
    except _job_errors() as error:
        raise job_failed(str(error)) from None
    if not rows:
        typer.echo(f"no model {settings.model_name} registered yet; run `mercredi train`")
        return
    typer.echo("version  aliases              data end    test from   capture  median APE  R² log")
    for row in rows:
        figures = [
            f"{row[key]:.3f}" if row[key] is not None else "-"
            for key in ("decision_capture", "median_ape", "r2_log")
        ]
        typer.echo(
            f"{row['version']:<8} {','.join(row['aliases']) or '-':<20} "
            f"{row['data_end'] or '-':<11} "
            f"{row['test_start'] or '-':<11} {figures[0]:<8} {figures[1]:<11} {figures[2]}"
        )


@model_app.command("promote")
def promote(
    version: Annotated[
        str, typer.Argument(metavar="VERSION", help="The version to make champion.")
    ],
) -> None:
    """Make VERSION the champion (a person's decision)."""
    settings = get_predictor_settings()
    from predictor.model.registry import set_alias

    try:
        set_alias(settings, CHAMPION, version)
    except _job_errors() as error:
        raise job_failed(str(error)) from None
    typer.echo(f"version {version} is now {CHAMPION}")
    typer.echo(RELOAD_HINT)
