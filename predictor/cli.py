"""`mercredi train | backtest | predict | model status | model promote`: thin commands over the
predictor's services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from predictor.config import CHAMPION, get_predictor_settings

app = typer.Typer(help="The first-week model: train, backtest, predict.", no_args_is_help=True)
model_app = typer.Typer(help="The registered model's versions and aliases.", no_args_is_help=True)


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


@app.command()
def train(
    if_no_champion: Annotated[
        bool, typer.Option(help="Train only when no champion is registered yet (first start).")
    ] = False,
) -> None:
    """Train on the warehouse, log to MLflow, register a challenger, promote it if not worse."""
    from predictor.model.registry import alias_version
    from predictor.train import train_and_register

    settings = get_predictor_settings()
    if if_no_champion:
        champion = alias_version(settings, CHAMPION)
        if champion is not None:
            typer.echo(f"champion is version {champion.version}; no training needed")
            return
    try:
        outcome = train_and_register(settings)
    except (FileNotFoundError, ValueError) as error:
        raise _fail(str(error)) from None
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


@app.command()
def backtest(
    from_date: Annotated[str, typer.Option("--from", help="First release date, YYYY-MM-DD.")],
    to_date: Annotated[str, typer.Option("--to", help="Last release date, YYYY-MM-DD.")],
    step: Annotated[str, typer.Option(help="Refit every 'week' or 'month'.")] = "month",
) -> None:
    """Walk forward from --from to --to and write the predictions to fct_prediction."""
    from predictor.backtest import run_backtest

    if step not in ("week", "month"):
        raise typer.BadParameter(f"--step {step!r} is not 'week' or 'month'")
    start, end = _date(from_date, "--from"), _date(to_date, "--to")
    try:
        outcome = run_backtest(get_predictor_settings(), start, end, step)  # type: ignore[arg-type]
    except (FileNotFoundError, ValueError) as error:
        raise _fail(str(error)) from None
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


@app.command()
def predict(
    releases: Annotated[Path, typer.Option(help="A `releases` JSON Lines file.")],
    out: Annotated[Path, typer.Option(help="The CSV to write.")],
) -> None:
    """Predict the first week of announced films with the champion; write a CSV, and append the
    forecasts to the warehouse's fct_prediction when the warehouse exists."""
    from predictor.data import read_releases
    from predictor.model.registry import NoChampionError
    from predictor.predict import predict_releases, record_forecasts

    settings = get_predictor_settings()
    try:
        films = read_releases(releases)
        predictions, version = predict_releases(films, settings)
    except (NoChampionError, FileNotFoundError, ValueError) as error:
        raise _fail(str(error)) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    predictions.with_columns(model_version=pl.lit(version.version)).write_csv(out)
    typer.echo(f"{predictions.height} films predicted by version {version.version} -> {out}")
    rows = record_forecasts(predictions, version, settings)
    typer.echo(f"{rows} forecasts appended to fct_prediction" if rows else "no warehouse: CSV only")


@model_app.command("status")
def status() -> None:
    """The registered versions, their aliases and test figures."""
    from predictor.model.registry import model_versions

    settings = get_predictor_settings()
    rows = model_versions(settings)
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
def promote(version: Annotated[str, typer.Argument(help="The version to make champion.")]) -> None:
    """Make VERSION the champion (a person's decision)."""
    from predictor.model.registry import set_alias

    try:
        set_alias(get_predictor_settings(), CHAMPION, version)
    except ValueError as error:
        raise _fail(str(error)) from None
    typer.echo(f"version {version} is now {CHAMPION}")
