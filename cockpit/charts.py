"""The cockpit's charts: pure functions from a frame to a Plotly figure, labelled in French.

Plotly's JavaScript ships inside Streamlit's front end, so the charts draw with no network.
Titles are short (a phone, 390 px wide, shows about TITLE_WIDTH characters of a title); the
details are in the axis titles.
"""

from __future__ import annotations

import textwrap
from typing import Final

import plotly.express as px
import plotly.graph_objects as go
import polars as pl

from cockpit.formatting import fr_date, fr_day

_TEMPLATE = "plotly_white"
_PROJECTED = "#9aa5b1"
_ACTUAL = "#1f6feb"
_COSTS = "#d1242f"
TITLE_WIDTH: Final = 28
"""Characters of a title a phone shows on one line; a longer title wraps."""


def _weeks(frame: pl.DataFrame, column: str = "wednesday") -> list[str]:
    """Dates as French labels, for a category axis (one bar group per week)."""
    return [fr_date(day) for day in frame[column].to_list()]


def _bars(figure: go.Figure, x: list[str], bars: list[tuple[pl.Series, str, str]]) -> None:
    for values, name, color in bars:
        figure.add_bar(x=x, y=values.to_list(), name=name, marker_color=color)
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category")


def wrap_title(title: str) -> list[str]:
    """The title's lines, cut between words so that none is longer than TITLE_WIDTH (Plotly
    does not wrap titles: a long one is cut at the chart's right edge on a phone)."""
    return textwrap.wrap(title, TITLE_WIDTH, break_long_words=False) or [""]


def _layout(figure: go.Figure, title: str, *, y_title: str, x_title: str = "") -> go.Figure:
    lines = wrap_title(title)
    figure.update_layout(
        title="<br>".join(lines),
        template=_TEMPLATE,
        xaxis_title=x_title,
        yaxis_title=y_title,
        legend_title_text="",
        margin={"l": 10, "r": 10, "t": 50 + 22 * (len(lines) - 1), "b": 10},
        separators=", ",
    )
    return figure


def weekly_audience(weeks: pl.DataFrame) -> go.Figure:
    """Projected against actual audience of each published week."""
    figure = go.Figure()
    _bars(
        figure,
        _weeks(weeks),
        [
            (weeks["expected_audience"], "Projeté", _PROJECTED),
            (weeks["actual_audience"], "Réel", _ACTUAL),
        ],
    )
    return _layout(figure, "Spectateurs par semaine", y_title="spectateurs", x_title="mercredi")


def weekly_receipts(weeks: pl.DataFrame) -> go.Figure:
    """Projected and actual receipts of each week against its fixed costs."""
    figure = go.Figure()
    labels = _weeks(weeks)
    _bars(
        figure,
        labels,
        [
            (weeks["expected_receipts_eur"], "Recettes projetées", _PROJECTED),
            (weeks["actual_receipts_eur"], "Recettes réelles", _ACTUAL),
        ],
    )
    figure.add_scatter(
        x=labels,
        y=weeks["fixed_costs_eur"].to_list(),
        name="Coûts fixes",
        mode="lines+markers",
        line={"color": _COSTS, "dash": "dash"},
    )
    return _layout(figure, "Recettes et coûts fixes", y_title="€ TTC", x_title="mercredi")


def daily_audience(days: pl.DataFrame) -> go.Figure:
    """Each room's projected and actual audience day by day, with its capacity."""
    figure = go.Figure()
    for room in days["room"].unique(maintain_order=True).to_list():
        one = days.filter(pl.col("room") == room)
        figure.add_bar(
            x=[fr_day(day) for day in one["date"].to_list()],
            y=one["actual_audience"].to_list(),
            name=f"{room} réel",
        )
        figure.add_scatter(
            x=[fr_day(day) for day in one["date"].to_list()],
            y=one["projected_audience"].to_list(),
            name=f"{room} projeté",
            mode="lines+markers",
        )
        figure.add_scatter(
            x=[fr_day(day) for day in one["date"].to_list()],
            y=one["capacity"].to_list(),
            name=f"{room} capacité",
            mode="lines",
            line={"dash": "dot", "width": 1},
        )
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category")
    return _layout(figure, "Spectateurs jour par jour", y_title="spectateurs")


def replay_receipts(replays: pl.DataFrame, fixed_costs_eur: float) -> go.Figure:
    """Replayed weeks: the programme's realised receipts against the best in hindsight."""
    figure = go.Figure()
    _bars(
        figure,
        _weeks(replays),
        [
            (replays["realised_receipts_eur"], "Recettes du programme proposé", _ACTUAL),
            (replays["best_receipts_eur"], "Meilleur programme a posteriori", _PROJECTED),
        ],
    )
    figure.add_hline(
        y=fixed_costs_eur, line_dash="dash", line_color=_COSTS, annotation_text="coûts fixes"
    )
    return _layout(figure, "Semaines rejouées par l'API", y_title="€ TTC", x_title="mercredi")


def predicted_against_actual(accuracy: pl.DataFrame) -> go.Figure:
    """Each prediction's P50 against the actual first week (log scales, diagonal = exact)."""
    frame = accuracy.with_columns(
        pl.when(pl.col("within_p10_p90"))
        .then(pl.lit("réel dans [P10, P90]"))
        .otherwise(pl.lit("réel hors de [P10, P90]"))
        .alias("intervalle")
    )
    figure = px.scatter(
        frame.to_pandas(),
        x="actual_admissions",
        y="p50",
        color="intervalle",
        hover_name="title",
        hover_data={"release_date": True, "model_version": True},
        log_x=True,
        log_y=True,
        labels={"actual_admissions": "entrées réelles", "p50": "prévision (P50)"},
    )
    if accuracy.height:
        both = pl.concat([accuracy["actual_admissions"], accuracy["p50"]])
        low, high = float(both.min()), float(both.max())  # type: ignore[arg-type]
        figure.add_scatter(
            x=[low, high],
            y=[low, high],
            mode="lines",
            name="prévision exacte",
            line={"color": "#57606a", "dash": "dash"},
        )
    return _layout(
        figure,
        "Prévu contre réel",
        y_title="prévision (P50)",
        x_title="entrées nationales réelles (1re semaine)",
    )


def error_distribution(accuracy: pl.DataFrame) -> go.Figure:
    """Histogram of predicted / actual on a log2 scale: left of "exact" under-predicts."""
    ratio = accuracy.select(
        (pl.col("p50").clip(lower_bound=1.0) / pl.col("actual_admissions")).log(2).alias("log2")
    )
    figure = px.histogram(ratio.to_pandas(), x="log2", nbins=40)
    figure.add_vline(x=0.0, line_dash="dash", line_color="#57606a")
    steps = range(-3, 4)
    figure.update_xaxes(
        tickvals=list(steps),
        ticktext=[
            "exact" if step == 0 else (f"×{2**step}" if step > 0 else f"÷{2**-step}")
            for step in steps
        ],
    )
    return _layout(
        figure,
        "Erreur (prévision / réel)",
        y_title="prédictions",
        x_title="prévision / réel",
    )


def accuracy_over_months(by_month: pl.DataFrame) -> go.Figure:
    """P10-P90 coverage and share within 2x month by month, against the 80 % target."""
    figure = go.Figure()
    figure.add_scatter(
        x=by_month["month"].to_list(),
        y=by_month["coverage_p10_p90"].to_list(),
        name="couverture P10-P90",
        mode="lines+markers",
    )
    figure.add_scatter(
        x=by_month["month"].to_list(),
        y=by_month["within_2x"].to_list(),
        name="dans un facteur 2",
        mode="lines+markers",
    )
    figure.add_hline(y=0.8, line_dash="dash", line_color="#57606a", annotation_text="cible 80 %")
    figure.update_yaxes(tickformat=".0%", range=[0, 1.05])
    figure.update_xaxes(tickformat="%m/%Y")
    return _layout(figure, "Précision mois par mois", y_title="part des films")


def coverage_by_group(table: pl.DataFrame, column: str, title: str) -> go.Figure:
    """P10-P90 coverage of each group (genre, distributor), biggest groups first."""
    figure = px.bar(
        table.to_pandas(),
        x="coverage_p10_p90",
        y=column,
        orientation="h",
        hover_data={"predictions": True},
        labels={"coverage_p10_p90": "couverture P10-P90", column: ""},
    )
    figure.add_vline(x=0.8, line_dash="dash", line_color="#57606a")
    figure.update_xaxes(tickformat=".0%", range=[0, 1.05])
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title, y_title="", x_title="couverture P10-P90")


def capture_by_month(monthly: pl.DataFrame) -> go.Figure:
    """Decision capture month by month, one line per policy."""
    figure = px.line(
        monthly.to_pandas(),
        x="month",
        y="capture",
        color="policy_label",
        markers=True,
        labels={"month": "mois", "capture": "capture", "policy_label": ""},
    )
    figure.update_yaxes(tickformat=".0%")
    figure.update_xaxes(tickformat="%m/%Y")
    return _layout(figure, "Capture mois par mois", y_title="capture", x_title="mois")


def cumulated_result(cumulated: pl.DataFrame) -> go.Figure:
    """What the cinema would have earned following each policy: the cumulated result."""
    figure = px.line(
        cumulated.to_pandas(),
        x="wednesday",
        y="cumulated_result",
        color="policy_label",
        labels={"wednesday": "mercredi", "cumulated_result": "résultat cumulé (€)"},
    )
    figure.update_xaxes(tickformat="%d/%m/%Y")
    return _layout(
        figure,
        "Résultat cumulé",
        y_title="recettes - coûts fixes (€)",
        x_title="mercredi",
    )


def copies_against_admissions(films: pl.DataFrame) -> go.Figure:
    """Week-1 copies against first-week admissions, one point a film (log scales)."""
    figure = px.scatter(
        films.filter(pl.col("copies").is_not_null()).to_pandas(),
        x="copies",
        y="admissions",
        hover_name="title",
        hover_data={"release_date": True, "distributor": True},
        log_x=True,
        log_y=True,
        opacity=0.5,
        labels={"copies": "copies (1re semaine)", "admissions": "entrées (1re semaine)"},
    )
    return _layout(figure, "Copies contre entrées", y_title="entrées", x_title="copies")


def top_bar(table: pl.DataFrame, column: str, title: str) -> go.Figure:
    """Horizontal bars of total first-week admissions, biggest first."""
    figure = px.bar(
        table.to_pandas(),
        x="admissions",
        y=column,
        orientation="h",
        hover_data={"films": True},
        labels={"admissions": "entrées de 1re semaine (total)", column: ""},
    )
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title, y_title="", x_title="entrées (total)")


def quarantine_reasons(by_reason: dict[str, int]) -> go.Figure:
    """Quarantined lines per reason."""
    reasons = sorted(by_reason.items(), key=lambda item: -item[1])
    figure = go.Figure(
        go.Bar(
            x=[count for _, count in reasons],
            y=[reason for reason, _ in reasons],
            orientation="h",
            marker_color=_COSTS,
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(height=140 + 40 * len(reasons))
    return _layout(figure, "Quarantaine par motif", y_title="", x_title="lignes")


__all__ = [
    "accuracy_over_months",
    "capture_by_month",
    "copies_against_admissions",
    "coverage_by_group",
    "cumulated_result",
    "daily_audience",
    "error_distribution",
    "predicted_against_actual",
    "quarantine_reasons",
    "replay_receipts",
    "top_bar",
    "weekly_audience",
    "weekly_receipts",
]
