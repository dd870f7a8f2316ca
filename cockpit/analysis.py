"""What the cockpit's pages show, computed from the loaders' frames: pure functions, no I/O.

The cinema's rules (daily spread, capacity caps, P&L, best programme) are not restated here:
they come from `predictor.programme`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import polars as pl

from cockpit.formatting import fr_date, fr_number, fr_pct
from predictor.programme import (
    DEFAULT_RULES,
    Candidate,
    CinemaRules,
    Room,
    best_in_hindsight,
    best_programmes,
    profit_and_loss,
    realised_receipts,
)
from predictor.programme.daily import spread_week

POLICY_LABELS: Final = {
    "perfect_foresight": "Prévision parfaite",
    "model": "Modèle",
    "widest_release": "Plus large sortie (copies)",
    "random": "Au hasard",
}
SCENARIO_LABELS: Final = {
    "with_copies": "Copies connues",
    "without_copies": "Sans les copies",
}
PERIOD_LABELS: Final = {
    "selection": "Sélection (2010-2018)",
    "confirmation": "Confirmation (2019-2022)",
    "covid": "COVID",
}


def policy_label(policy: str) -> str:
    """The French name of a decision policy (its own name when it has none)."""
    return POLICY_LABELS.get(policy, policy)


def policy_label_column() -> pl.Expr:
    """`policy_label`: the French name of each row's `policy`."""
    return (
        pl.col("policy")
        .replace_strict(POLICY_LABELS, default=pl.col("policy"))
        .alias("policy_label")
    )


def period_label_column() -> pl.Expr:
    """`period_label`: the French name of each row's backtest `period`."""
    return (
        pl.col("period")
        .replace_strict(PERIOD_LABELS, default=pl.col("period"))
        .alias("period_label")
    )


# --- Audience & recettes -------------------------------------------------------------------


def portal_lag_note(last_refresh: dt.datetime | None) -> str:
    """Why attendance typed in the portal may not be on screen yet, in French: the cockpit reads
    the warehouse, which copies the portal's programmes and attendance only when it is refreshed
    (the nightly job or `mercredi warehouse refresh`); with the last refresh's moment when known."""
    when = (
        f"dernier rafraîchissement : {fr_date(last_refresh)}"
        if last_refresh is not None
        else "date du dernier rafraîchissement inconnue (pas de journal `refresh_log`)"
    )
    return (
        "Le cockpit lit l'entrepôt, qui ne recopie les programmes publiés et la fréquentation "
        "saisie dans le portail qu'à chaque rafraîchissement : ce qui a été saisi depuis arrive "
        "au prochain rafraîchissement de l'entrepôt (tâche de nuit, ou "
        f"`mercredi warehouse refresh`). {when[0].upper()}{when[1:]}."
    )


def whole_people(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """`columns` (admissions, audiences: whole people) rounded to integers, so that a table
    shows `52 789`, not `52 789,479`; nulls stay null and absent columns are left out."""
    return frame.with_columns(
        pl.col(name).round(0).cast(pl.Int64, strict=False)
        for name in columns
        if name in frame.columns
    )


def _net_result(receipts: float | None, fixed_costs: float, price: float) -> float | None:
    if receipts is None:
        return None
    rules = CinemaRules(fixed_costs_eur=fixed_costs, ticket_price_eur=price)
    return profit_and_loss(receipts, rules).net_result


def weekly_summary(rooms: pl.DataFrame) -> pl.DataFrame:
    """One row per published week: films, projected and actual audience and receipts, fixed
    costs, the brief's result (receipts - fixed costs) and the net result, both projected and
    actual. Actual figures are null until staff type in a day of the week."""
    if rooms.is_empty():
        return pl.DataFrame(
            schema={
                "wednesday": pl.Date,
                "films": pl.String,
                "is_replay": pl.Boolean,
                "days_entered": pl.Int64,
                "expected_audience": pl.Float64,
                "actual_audience": pl.Float64,
                "expected_receipts_eur": pl.Float64,
                "actual_receipts_eur": pl.Float64,
                "fixed_costs_eur": pl.Float64,
                "expected_result_eur": pl.Float64,
                "actual_result_eur": pl.Float64,
                "expected_net_result_eur": pl.Float64,
                "actual_net_result_eur": pl.Float64,
            }
        )
    typed = pl.col("days_entered").sum() > 0
    weeks = (
        rooms.sort("wednesday", "seats", descending=[False, True])
        .group_by("wednesday", maintain_order=True)
        .agg(
            pl.col("title").fill_null("(salle fermée)").str.join(" / ").alias("films"),
            pl.col("is_replay").any(),
            pl.col("days_entered").sum().cast(pl.Int64),
            pl.col("expected_audience").sum(),
            pl.when(typed).then(pl.col("actual_audience").sum()).alias("actual_audience"),
            pl.col("expected_receipts_eur").sum(),
            pl.when(typed).then(pl.col("actual_receipts_eur").sum()).alias("actual_receipts_eur"),
            pl.col("fixed_costs_eur").max(),
            pl.col("ticket_price_eur").max(),
        )
        .with_columns(
            (pl.col("expected_receipts_eur") - pl.col("fixed_costs_eur")).alias(
                "expected_result_eur"
            ),
            (pl.col("actual_receipts_eur") - pl.col("fixed_costs_eur")).alias("actual_result_eur"),
        )
    )
    net = {
        name: [
            _net_result(receipts, fixed, price)
            for receipts, fixed, price in zip(
                weeks[f"{name}_receipts_eur"],
                weeks["fixed_costs_eur"],
                weeks["ticket_price_eur"],
                strict=True,
            )
        ]
        for name in ("expected", "actual")
    }
    return weeks.with_columns(
        pl.Series("expected_net_result_eur", net["expected"], dtype=pl.Float64),
        pl.Series("actual_net_result_eur", net["actual"], dtype=pl.Float64),
    ).drop("ticket_price_eur")


def daily_comparison(rooms: pl.DataFrame, days: pl.DataFrame) -> pl.DataFrame:
    """One row per room and day of the published weeks: the projected audience (the week's
    expected audience spread by the programme engine, capped at the room's capacity) beside
    the attendance typed in (null where no one typed it yet)."""
    rows: list[dict[str, object]] = []
    for room in rooms.iter_rows(named=True):
        if room["film_id"] is None:
            continue
        cinema_room = Room(room["room"], int(room["seats"]), int(room["shows_per_day"]))
        rules = CinemaRules(rooms=(cinema_room,), ticket_price_eur=room["ticket_price_eur"])
        projected = spread_week(float(room["expected_audience"]), cinema_room, rules)
        for offset, day in enumerate(projected):
            rows.append(
                {
                    "programme_id": room["programme_id"],
                    "wednesday": room["wednesday"],
                    "room": room["room"],
                    "title": room["title"],
                    "date": room["wednesday"] + dt.timedelta(days=offset),
                    "capacity": day.capacity,
                    "projected_audience": day.audience,
                }
            )
    schema = {
        "programme_id": pl.Int64,
        "wednesday": pl.Date,
        "room": pl.String,
        "title": pl.String,
        "date": pl.Date,
        "capacity": pl.Int64,
        "projected_audience": pl.Float64,
    }
    projected_frame = pl.DataFrame(rows, schema=schema)
    actual = days.select(
        pl.col("programme_id").cast(pl.Int64),
        "room",
        "date",
        pl.col("admissions").cast(pl.Float64).alias("actual_audience"),
    )
    return projected_frame.join(actual, on=["programme_id", "room", "date"], how="left").sort(
        "date", "room"
    )


def replay_weeks(predictions: pl.DataFrame, rules: CinemaRules = DEFAULT_RULES) -> pl.DataFrame:
    """One row per replayed Wednesday: the programme the engine picks on the model's
    predictions, its expected receipts, what it would really have sold with the films' actual
    national admissions, the best programme in hindsight, the capture and the brief's result.

    A week whose predictions the engine refuses (e.g. P10 > P50) gets its reason in `note`.
    """
    rows: list[dict[str, object]] = []
    for (wednesday,), week in predictions.sort("wednesday").group_by(
        "wednesday", maintain_order=True
    ):
        row: dict[str, object] = {
            "wednesday": wednesday,
            "films": week.height,
            "model_version": ", ".join(sorted(set(week["model_version"].drop_nulls()))),
            "programme": None,
            "expected_receipts_eur": None,
            "realised_receipts_eur": None,
            "best_receipts_eur": None,
            "capture": None,
            "result_eur": None,
            "note": None,
        }
        try:
            candidates = [
                Candidate(
                    film["film_id"],
                    film["title"],
                    film["p10"],
                    film["p50"],
                    film["p90"],
                    film["copies"],
                )
                for film in week.iter_rows(named=True)
            ]
            programme = best_programmes(candidates, rules, top=1)[0]
        except ValueError as error:
            row["note"] = str(error)
            rows.append(row)
            continue
        row["programme"] = " · ".join(
            f"{slot.room.name} : {slot.film.title if slot.film else '(fermée)'}"
            for slot in programme.slots
        )
        row["expected_receipts_eur"] = programme.expected_receipts
        actual = {
            film_id: admissions
            for film_id, admissions in zip(week["film_id"], week["actual_admissions"], strict=True)
            if admissions is not None
        }
        if len(actual) == week.height:
            realised = realised_receipts(programme, actual, rules)
            best = best_in_hindsight(candidates, actual, rules).expected_receipts
            row["realised_receipts_eur"] = realised
            row["best_receipts_eur"] = best
            row["capture"] = realised / best if best > 0 else None
            row["result_eur"] = realised - rules.fixed_costs_eur
        else:
            row["note"] = "premières semaines pas encore toutes connues"
        rows.append(row)
    return pl.DataFrame(
        rows,
        schema={
            "wednesday": pl.Date,
            "films": pl.Int64,
            "model_version": pl.String,
            "programme": pl.String,
            "expected_receipts_eur": pl.Float64,
            "realised_receipts_eur": pl.Float64,
            "best_receipts_eur": pl.Float64,
            "capture": pl.Float64,
            "result_eur": pl.Float64,
            "note": pl.String,
        },
    )


# --- Précision du modèle -------------------------------------------------------------------


@dataclass(frozen=True)
class AccuracySummary:
    """Predictions scored against their actual first week (from `mart_forecast_accuracy`)."""

    predictions: int
    films: int
    median_ape: float | None
    within_2x: float | None
    coverage_p10_p90: float | None
    median_log_error: float | None
    """Above 0 the model over-predicts the typical film, below 0 it under-predicts."""


def _mean(series: pl.Series) -> float | None:
    value = series.cast(pl.Float64).mean()
    return None if value is None else float(value)  # type: ignore[arg-type]


def _median(series: pl.Series) -> float | None:
    value = series.median()
    return None if value is None else float(value)  # type: ignore[arg-type]


def accuracy_summary(accuracy: pl.DataFrame) -> AccuracySummary:
    """Median percentage error, share within 2x and P10-P90 coverage of the predictions."""
    return AccuracySummary(
        predictions=accuracy.height,
        films=accuracy["film_id"].n_unique() if accuracy.height else 0,
        median_ape=_median(accuracy["abs_pct_error"]),
        within_2x=_mean(accuracy["within_2x"]),
        coverage_p10_p90=_mean(accuracy["within_p10_p90"]),
        median_log_error=_median(accuracy["log_error"]),
    )


def accuracy_by(accuracy: pl.DataFrame, column: str, *, min_predictions: int = 1) -> pl.DataFrame:
    """The accuracy measures per value of `column` (month, genre, distributor, ...), groups
    with fewer than `min_predictions` left out, biggest groups first (months in order)."""
    grouped = (
        accuracy.with_columns(pl.col(column).fill_null("(inconnu)"))
        if accuracy.schema[column] == pl.String
        else accuracy
    )
    table = (
        grouped.group_by(column)
        .agg(
            pl.len().cast(pl.Int64).alias("predictions"),
            pl.col("within_p10_p90").cast(pl.Float64).mean().alias("coverage_p10_p90"),
            pl.col("within_2x").cast(pl.Float64).mean().alias("within_2x"),
            pl.col("abs_pct_error").median().alias("median_ape"),
            pl.col("log_error").median().alias("median_log_error"),
        )
        .filter(pl.col("predictions") >= min_predictions)
    )
    if column == "month":
        return table.sort("month")
    return table.sort(["predictions", column], descending=[True, False])


# --- Backtest ------------------------------------------------------------------------------


def policy_totals(backtest: pl.DataFrame) -> pl.DataFrame:
    """Per scenario and policy: weeks, receipts, perfect foresight's, capture (total receipts
    over total best receipts) and the summed result, best capture first."""
    return (
        backtest.group_by("scenario", "policy")
        .agg(
            pl.len().cast(pl.Int64).alias("weeks"),
            pl.col("receipts_eur").sum(),
            pl.col("best_receipts_eur").sum(),
            pl.col("result_eur").sum(),
        )
        .with_columns(
            (pl.col("receipts_eur") / pl.col("best_receipts_eur")).alias("capture"),
            policy_label_column(),
        )
        .sort(["scenario", "capture"], descending=[False, True])
    )


def _signed(share: float) -> str:
    """A capture difference in points, signed: 0.0049 -> `+0,49`, -0.0052 -> `−0,52`."""
    value = share * 100
    return ("+" if value > 0 else "−" if value < 0 else "") + fr_number(abs(value), 2)


def _points(share: float) -> str:
    """`+0,49 point`, `+2,00 points` (French: singular under 2)."""
    return f"{_signed(share)} {'point' if abs(share * 100) < 2 else 'points'}"


def _interval(low: float, high: float) -> str:
    return f"[{_signed(low)} ; {_signed(high)}]"


Verdict = tuple[Literal["success", "warning", "info"], str]


def decision_verdict(summary: pl.DataFrame) -> Verdict | None:
    """What the latest decision backtest concluded, in French, with its level (`success`: the
    target is met; `warning`: the widest-release rule won on the confirmation years, so it
    chooses the rooms; `info`: the selected policy is kept without meeting the target). None
    when the run carries no verdict (written before verdicts were stored)."""
    selected = summary.filter(pl.col("selected"))
    if selected.is_empty():
        return None
    policy, scenario = str(selected["policy"][0]), str(selected["scenario"][0])
    name = policy_label(policy)

    def row(period: str, of: str) -> dict[str, Any]:
        rows = summary.filter(
            (pl.col("scenario") == scenario)
            & (pl.col("period") == period)
            & (pl.col("policy") == of)
        )
        return rows.row(0, named=True) if rows.height else {}

    chosen = summary.filter(pl.col("chosen"))
    chosen_policy = str(chosen["policy"][0]) if chosen.height else policy
    picked, judged = row("selection", policy), row("confirmation", policy)
    rule = row("confirmation", "widest_release")
    if not picked or not judged or not rule:
        return None
    lead = _points(judged["minus_widest"])
    interval = _interval(judged["minus_widest_low"], judged["minus_widest_high"])
    chosen_on = (
        f"{name}, choisi sur les années de sélection ({fr_pct(picked['capture'], 2)} des "
        f"recettes de la prévision parfaite, {_points(picked['minus_widest'])} sur la règle de "
        "la plus large sortie)"
    )
    confirmed = (
        f"sur les années de confirmation : {fr_pct(judged['capture'], 2)} contre "
        f"{fr_pct(rule['capture'], 2)} pour la règle, soit {lead}, intervalle à 90 % {interval}"
    )
    if bool(selected["meets_target"].any()):
        return "success", f"Objectif atteint. {chosen_on} ; {confirmed}."
    if chosen_policy == "widest_release":
        return (
            "warning",
            f"La règle de la plus large sortie fait au moins aussi bien que {chosen_on}, "
            f"{confirmed}. L'outil met donc en salle les films qui ont le plus de copies ; le "
            "modèle projette toujours l'audience, les recettes et le résultat.",
        )
    noise = (
        "l'intervalle contient 0 : l'avance ne se distingue pas du hasard"
        if judged["minus_widest_low"] <= 0
        else "l'avance est réelle mais plus petite que l'objectif"
    )
    return (
        "info",
        f"{chosen_on} : c'est lui qui choisit les salles quand les copies sont connues. "
        f"Mais {confirmed} ; {noise}. "
        "L'objectif du ticket 10 n'est pas atteint (docs/model.md).",
    )


def lead_over_widest(summary: pl.DataFrame) -> pl.DataFrame:
    """Per period and policy (the rule itself left out): capture and lead over the
    widest-release rule with its 90 % interval, in points, for a table."""
    return (
        summary.filter(pl.col("policy") != "widest_release")
        .with_columns(
            policy_label_column(),
            period_label_column(),
            *(
                (pl.col(column) * 100).round(2).alias(column)
                for column in ("minus_widest", "minus_widest_low", "minus_widest_high")
            ),
        )
        .sort(
            pl.col("period").replace_strict(
                {period: rank for rank, period in enumerate(PERIOD_LABELS)},
                default=len(PERIOD_LABELS),
            ),
            pl.col("capture"),
            descending=[False, True],
        )
        .select(
            "period_label",
            "policy_label",
            "weeks",
            "capture",
            "minus_widest",
            "minus_widest_low",
            "minus_widest_high",
        )
    )


def monthly_capture(backtest: pl.DataFrame) -> pl.DataFrame:
    """Capture per month, scenario and policy: the month's receipts over perfect foresight's."""
    return (
        backtest.group_by("scenario", "month", "policy")
        .agg(pl.col("receipts_eur").sum(), pl.col("best_receipts_eur").sum())
        .with_columns(
            (pl.col("receipts_eur") / pl.col("best_receipts_eur")).alias("capture"),
            policy_label_column(),
        )
        .sort("scenario", "month", "policy")
    )


def cumulative_results(backtest: pl.DataFrame) -> pl.DataFrame:
    """Week by week, per scenario and policy: cumulated receipts and result (what the cinema
    would have earned following that policy)."""
    return (
        backtest.sort("wednesday")
        .with_columns(
            pl.col("receipts_eur").cum_sum().over("scenario", "policy").alias("cumulated_receipts"),
            pl.col("result_eur").cum_sum().over("scenario", "policy").alias("cumulated_result"),
            policy_label_column(),
        )
        .select(
            "scenario",
            "policy",
            "policy_label",
            "wednesday",
            "period",
            "cumulated_receipts",
            "cumulated_result",
        )
    )


# --- Films ---------------------------------------------------------------------------------


def filter_films(
    films: pl.DataFrame,
    *,
    years: tuple[int, int],
    genres: Sequence[str] = (),
    distributors: Sequence[str] = (),
    nationalities: Sequence[str] = (),
) -> pl.DataFrame:
    """The films released in `years` (inclusive); an empty choice keeps every value."""
    keep = pl.col("year").is_between(years[0], years[1])
    for column, chosen in (
        ("genre", genres),
        ("distributor", distributors),
        ("nationality", nationalities),
    ):
        if chosen:
            keep &= pl.col(column).is_in(list(chosen))
    return films.filter(keep)


def top_by(films: pl.DataFrame, column: str, *, top: int = 15) -> pl.DataFrame:
    """The `top` values of `column` (distributor, director, ...) by total first-week
    admissions, with their film count and median first week."""
    return (
        films.filter(pl.col(column).is_not_null())
        .group_by(column)
        .agg(
            pl.len().cast(pl.Int64).alias("films"),
            pl.col("admissions").sum().alias("admissions"),
            pl.col("admissions").median().alias("median_admissions"),
        )
        .sort(["admissions", column], descending=[True, False])
        .head(top)
    )
