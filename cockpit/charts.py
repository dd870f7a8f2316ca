"""The cockpit's charts: pure functions from a frame to a Plotly figure, labelled in French.

Plotly's JavaScript ships inside Streamlit's front end, so the charts draw with no network.
"""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import polars as pl

from cockpit.analysis import policy_label

_TEMPLATE = "plotly_white"
_PROJECTED = "#9aa5b1"
_ACTUAL = "#1f6feb"
_COSTS = "#d1242f"


def _layout(figure: go.Figure, title: str, *, y_title: str, x_title: str = "") -> go.Figure:
    figure.update_layout(
        title=title,
        template=_TEMPLATE,
        xaxis_title=x_title,
        yaxis_title=y_title,
        legend_title_text="",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        separators=", ",
    )
    return figure


def weekly_audience(weeks: pl.DataFrame) -> go.Figure:
    """Projected against actual audience of each published week."""
    figure = go.Figure()
    figure.add_bar(
        x=weeks["wednesday"].to_list(),
        y=weeks["expected_audience"].to_list(),
        name="Projeté",
        marker_color=_PROJECTED,
    )
    figure.add_bar(
        x=weeks["wednesday"].to_list(),
        y=weeks["actual_audience"].to_list(),
        name="Réel",
        marker_color=_ACTUAL,
    )
    figure.update_layout(barmode="group")
    return _layout(figure, "Spectateurs par semaine", y_title="spectateurs", x_title="mercredi")


def weekly_receipts(weeks: pl.DataFrame) -> go.Figure:
    """Projected and actual receipts of each week against its fixed costs."""
    figure = go.Figure()
    figure.add_bar(
        x=weeks["wednesday"].to_list(),
        y=weeks["expected_receipts_eur"].to_list(),
        name="Recettes projetées",
        marker_color=_PROJECTED,
    )
    figure.add_bar(
        x=weeks["wednesday"].to_list(),
        y=weeks["actual_receipts_eur"].to_list(),
        name="Recettes réelles",
        marker_color=_ACTUAL,
    )
    figure.add_scatter(
        x=weeks["wednesday"].to_list(),
        y=weeks["fixed_costs_eur"].to_list(),
        name="Coûts fixes",
        mode="lines+markers",
        line={"color": _COSTS, "dash": "dash"},
    )
    figure.update_layout(barmode="group")
    return _layout(figure, "Recettes et coûts fixes", y_title="€ TTC", x_title="mercredi")


def daily_audience(days: pl.DataFrame) -> go.Figure:
    """Each room's projected and actual audience day by day, with its capacity."""
    figure = go.Figure()
    for room in days["room"].unique(maintain_order=True).to_list():
        one = days.filter(pl.col("room") == room)
        figure.add_bar(
            x=one["date"].to_list(),
            y=one["actual_audience"].to_list(),
            name=f"{room} réel",
        )
        figure.add_scatter(
            x=one["date"].to_list(),
            y=one["projected_audience"].to_list(),
            name=f"{room} projeté",
            mode="lines+markers",
        )
        figure.add_scatter(
            x=one["date"].to_list(),
            y=one["capacity"].to_list(),
            name=f"{room} capacité",
            mode="lines",
            line={"dash": "dot", "width": 1},
        )
    figure.update_layout(barmode="group")
    return _layout(figure, "Spectateurs par jour et par salle", y_title="spectateurs")


def replay_receipts(replays: pl.DataFrame, fixed_costs_eur: float) -> go.Figure:
    """Replayed weeks: the programme's realised receipts against the best in hindsight."""
    figure = go.Figure()
    figure.add_bar(
        x=replays["wednesday"].to_list(),
        y=replays["realised_receipts_eur"].to_list(),
        name="Recettes du programme proposé",
        marker_color=_ACTUAL,
    )
    figure.add_bar(
        x=replays["wednesday"].to_list(),
        y=replays["best_receipts_eur"].to_list(),
        name="Meilleur programme a posteriori",
        marker_color=_PROJECTED,
    )
    figure.add_hline(
        y=fixed_costs_eur, line_dash="dash", line_color=_COSTS, annotation_text="coûts fixes"
    )
    figure.update_layout(barmode="group")
    return _layout(figure, "Semaines rejouées", y_title="€ TTC", x_title="mercredi")


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
        "Prévu contre réel, entrées nationales de 1re semaine",
        y_title="prévision (P50)",
        x_title="entrées réelles",
    )


def error_distribution(accuracy: pl.DataFrame) -> go.Figure:
    """Histogram of predicted / actual (log scale): left of 1 under-predicts."""
    ratio = accuracy.select((pl.col("p50") / pl.col("actual_admissions")).alias("ratio"))
    figure = px.histogram(
        ratio.to_pandas(),
        x="ratio",
        log_x=True,
        nbins=40,
        labels={"ratio": "prévision / réel"},
    )
    figure.add_vline(x=1.0, line_dash="dash", line_color="#57606a")
    return _layout(figure, "Distribution de l'erreur (prévision / réel)", y_title="prédictions")


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
    return _layout(
        figure,
        "Résultat cumulé (recettes - coûts fixes) selon la politique",
        y_title="€",
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
    return _layout(figure, "Copies et entrées de 1re semaine", y_title="entrées", x_title="copies")


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
    return _layout(figure, "Lignes en quarantaine par motif", y_title="", x_title="lignes")


__all__ = [
    "accuracy_over_months",
    "capture_by_month",
    "copies_against_admissions",
    "coverage_by_group",
    "cumulated_result",
    "daily_audience",
    "error_distribution",
    "policy_label",
    "predicted_against_actual",
    "quarantine_reasons",
    "replay_receipts",
    "top_bar",
    "weekly_audience",
    "weekly_receipts",
]
