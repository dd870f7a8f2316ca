"""Précision du modèle: predicted against actual national first weeks (`mart_forecast_accuracy`)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cockpit import analysis, charts, queries
from cockpit.formatting import KIND_LABELS, fr_number, fr_pct
from cockpit.queries import WarehouseFile
from cockpit.settings import CockpitSettings
from cockpit.widgets import run_page, show_table

GROUP_LABELS = {
    "predictions": "Prédictions",
    "coverage_p10_p90": "Couverture P10-P90",
    "within_2x": "Dans un facteur 2",
    "median_ape": "Erreur médiane",
    "median_log_error": "Biais médian (log)",
}
PERCENT_COLUMNS = {
    label: st.column_config.NumberColumn(label, format="percent")
    for label in ("Couverture P10-P90", "Dans un facteur 2", "Erreur médiane", "Erreur")
}
FILM_LABELS = {
    "release_date": "Sortie",
    "title": "Film",
    "kind": "Type",
    "model_version": "Version",
    "as_of_date": "Prédit le",
    "p10": "P10",
    "p50": "P50",
    "p90": "P90",
    "actual_admissions": "Entrées réelles",
    "abs_pct_error": "Erreur",
    "within_p10_p90": "Dans [P10, P90]",
    "within_2x": "Dans un facteur 2",
    "genre": "Genre",
    "distributor": "Distributeur",
}
# National admissions: whole people, shown without decimals (a bare string here would be
# drawn on the page by Streamlit's magic).
ADMISSIONS = ("p10", "p50", "p90", "actual_admissions")


def _runs(accuracy: pl.DataFrame, settings: CockpitSettings) -> pl.DataFrame:
    """One row per MLflow run with its links in the MLflow UI."""
    return (
        accuracy.group_by("model_name", "model_version", "run_id", "kind")
        .agg(
            pl.len().alias("predictions"),
            pl.col("release_date").min().alias("from"),
            pl.col("release_date").max().alias("to"),
            pl.col("within_p10_p90").cast(pl.Float64).mean().alias("coverage_p10_p90"),
            pl.col("abs_pct_error").median().alias("median_ape"),
        )
        .with_columns(
            (pl.lit(f"{settings.mlflow_ui}/#/runs/") + pl.col("run_id")).alias("run_link"),
        )
        .sort("to", descending=True)
    )


def render(source: WarehouseFile, settings: CockpitSettings) -> None:
    """Accuracy figures, charts over time and by group, and the MLflow runs behind them."""
    accuracy = queries.forecast_accuracy(source.path, source.version)
    if accuracy is None or not accuracy.height:
        st.warning(
            "Aucune prédiction ne peut encore être comparée au réel (`mart_forecast_accuracy` "
            "est vide ou absente). Lancez un backtest, par exemple "
            "`mercredi backtest --from 2022-01-01 --to 2022-12-28`, ou attendez que les "
            "premières semaines des films prévus soient connues, puis "
            "`mercredi warehouse refresh`."
        )
        return
    kinds = sorted(accuracy["kind"].unique().to_list())
    left, right = st.columns(2)
    chosen_kinds = left.multiselect(
        "Type de prédiction",
        kinds,
        default=kinds,
        format_func=lambda kind: KIND_LABELS.get(kind, kind),
        key="accuracy-kinds",
        placeholder="Tous",
    )
    versions = ["toutes", *sorted(accuracy["model_version"].unique().to_list())]
    version = right.selectbox("Version du modèle", versions, key="accuracy-version")
    selected = accuracy.filter(pl.col("kind").is_in(chosen_kinds or kinds))
    if version != "toutes":
        selected = selected.filter(pl.col("model_version") == version)
    summary = analysis.accuracy_summary(selected)
    columns = st.columns(4)
    columns[0].metric("Films évalués", fr_number(summary.films))
    columns[1].metric(
        "Erreur médiane", fr_pct(summary.median_ape), help="Médiane de |prévu - réel| / réel."
    )
    columns[2].metric("Dans un facteur 2", fr_pct(summary.within_2x))
    columns[3].metric(
        "Couverture P10-P90", fr_pct(summary.coverage_p10_p90), help="Cible : environ 80 %."
    )
    if not selected.height:
        st.info("Aucune prédiction pour ce choix.")
        return
    st.plotly_chart(charts.predicted_against_actual(selected))
    st.plotly_chart(charts.error_distribution(selected))
    by_month = analysis.accuracy_by(selected, "month")
    st.plotly_chart(charts.accuracy_over_months(by_month))
    st.subheader("Couverture P10-P90 par mois, genre et distributeur")
    tab_month, tab_genre, tab_distributor = st.tabs(["Mois", "Genre", "Distributeur"])
    with tab_month:
        show_table(
            by_month,
            "precision-par-mois",
            labels={"month": "Mois", **GROUP_LABELS},
            column_config=PERCENT_COLUMNS,
        )
    for tab, column, title in (
        (tab_genre, "genre", "Genre"),
        (tab_distributor, "distributor", "Distributeur"),
    ):
        with tab:
            table = analysis.accuracy_by(selected, column, min_predictions=5)
            if table.height:
                st.plotly_chart(
                    charts.coverage_by_group(table.head(15), column, f"Couverture par {title}")
                )
            show_table(
                table,
                f"precision-par-{column}",
                labels={column: title, **GROUP_LABELS},
                column_config=PERCENT_COLUMNS,
            )
    st.subheader("Les prédictions")
    shown = selected.sort("release_date", descending=True).with_columns(
        pl.col("kind").replace_strict(KIND_LABELS, default=pl.col("kind"))
    )
    show_table(
        analysis.whole_people(shown, ADMISSIONS),
        "predictions",
        labels=FILM_LABELS,
        column_config=PERCENT_COLUMNS,
    )
    st.subheader("Runs MLflow")
    st.caption(f"Liens vers l'interface MLflow ({settings.mlflow_ui}, `MERCREDI_MLFLOW_UI_URL`).")
    show_table(
        _runs(selected, settings),
        "runs-mlflow",
        labels={
            "model_version": "Version",
            "kind": "Type",
            "predictions": "Prédictions",
            "from": "Du",
            "to": "Au",
            "coverage_p10_p90": "Couverture P10-P90",
            "median_ape": "Erreur médiane",
            "run_link": "Run MLflow",
        },
        column_config={
            **PERCENT_COLUMNS,
            "Run MLflow": st.column_config.LinkColumn("Run MLflow", display_text="ouvrir le run"),
        },
    )


run_page("Précision du modèle", render)
