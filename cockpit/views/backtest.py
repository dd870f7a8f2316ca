"""Backtest: how much of the best possible receipts each programming policy would have captured
(`fct_decision_backtest`, its latest run), its lead over the widest-release rule with the 90 %
interval and the run's verdict (`fct_decision_summary`)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cockpit import analysis, charts, queries
from cockpit.formatting import fr_date, fr_eur, fr_number, fr_pct
from cockpit.queries import WarehouseFile
from cockpit.settings import CockpitSettings
from cockpit.widgets import run_page, show_table

TOTAL_LABELS = {
    "policy_label": "Politique",
    "weeks": "Semaines",
    "capture": "Capture",
    "receipts_eur": "Recettes (€)",
    "best_receipts_eur": "Prévision parfaite (€)",
    "result_eur": "Résultat (€)",
}
WEEK_LABELS = {
    "wednesday": "Mercredi",
    "period_label": "Période",
    "policy_label": "Politique",
    "receipts_eur": "Recettes (€)",
    "best_receipts_eur": "Prévision parfaite (€)",
    "capture": "Capture",
    "result_eur": "Résultat (€)",
}
PERCENT = {"Capture": st.column_config.NumberColumn("Capture", format="percent")}
LEAD_LABELS = {
    "period_label": "Période",
    "policy_label": "Politique",
    "weeks": "Semaines",
    "capture": "Capture",
    "minus_widest": "Écart (points)",
    "minus_widest_low": "Intervalle bas",
    "minus_widest_high": "Intervalle haut",
}


def render(source: WarehouseFile, settings: CockpitSettings) -> None:
    """Capture and earnings of every policy, in total, by month and cumulated."""
    backtest = queries.decision_backtest(source.path, source.version)
    if backtest is None or not backtest.height:
        st.warning(
            "Aucun backtest de décision dans l'entrepôt (table `fct_decision_backtest`). "
            "Lancez-le avec `mercredi backtest --decision` : il rejoue chaque mercredi avec le "
            "modèle, la règle de la plus large sortie, le hasard et la prévision parfaite."
        )
        return
    first = backtest.row(0, named=True)
    st.caption(
        f"Run `{first['run_id']}` calculé le {fr_date(first['computed_at'])}, "
        f"{fr_number(backtest['wednesday'].n_unique())} mercredis du "
        f"{fr_date(backtest['wednesday'].min())} au {fr_date(backtest['wednesday'].max())}."  # type: ignore[arg-type]
    )
    summary = queries.decision_summary(source.path, source.version)
    verdict = None if summary is None else analysis.decision_verdict(summary)
    if verdict is None:
        st.caption(
            "Ce run ne porte ni verdict ni intervalles (écrit avant qu'ils soient enregistrés) : "
            "relancez `mercredi backtest --decision`."
        )
    else:
        level, text = verdict
        {"success": st.success, "warning": st.warning, "info": st.info}[level](text)
    left, right = st.columns(2)
    scenarios = sorted(backtest["scenario"].unique().to_list())
    scenario = left.selectbox(
        "Scénario",
        scenarios,
        format_func=lambda name: analysis.SCENARIO_LABELS.get(name, name),
        key="backtest-scenario",
    )
    periods = sorted(backtest["period"].unique().to_list())
    chosen_periods = right.multiselect(
        "Périodes",
        periods,
        default=periods,
        format_func=lambda name: analysis.PERIOD_LABELS.get(name, name),
        key="backtest-periods",
        placeholder="Toutes",
    )
    policies = sorted(backtest["policy"].unique().to_list(), key=analysis.policy_label)
    standard = [policy for policy in analysis.POLICY_LABELS if policy in policies]
    chosen_policies = st.multiselect(
        "Politiques (les candidates du run s'ajoutent ici)",
        policies,
        default=standard or policies,
        format_func=analysis.policy_label,
        key="backtest-policies",
        placeholder="Toutes",
    )
    selected = backtest.filter(
        (pl.col("scenario") == scenario)
        & pl.col("period").is_in(chosen_periods or periods)
        & pl.col("policy").is_in(chosen_policies or policies)
    )
    totals = analysis.policy_totals(selected)
    by_policy = {row["policy"]: row for row in totals.iter_rows(named=True)}
    shown = [policy for policy in ("model", "widest_release", "random") if policy in by_policy]
    columns = st.columns(len(shown) + 1)
    for column, policy in zip(columns, shown, strict=False):
        row = by_policy[policy]
        column.metric(
            f"Capture : {analysis.policy_label(policy)}",
            fr_pct(row["capture"]),
            help=f"Recettes {fr_eur(row['receipts_eur'])}, résultat {fr_eur(row['result_eur'])}.",
        )
    if "perfect_foresight" in by_policy:
        columns[-1].metric(
            "Recettes en prévision parfaite",
            fr_eur(by_policy["perfect_foresight"]["receipts_eur"]),
        )
    show_table(totals, "backtest-politiques", labels=TOTAL_LABELS, column_config=PERCENT)
    if summary is not None and summary.height:
        st.subheader("Écart à la règle de la plus large sortie, en points (intervalle à 90 %)")
        st.caption(
            "Capture de la politique moins celle de la règle, sur la période entière ; "
            "l'intervalle vient d'un bootstrap sur les semaines. Une politique est choisie sur "
            "la sélection et jugée sur la confirmation, jamais l'inverse."
        )
        leads = summary.filter(
            (pl.col("scenario") == scenario)
            & pl.col("period").is_in(chosen_periods or periods)
            & pl.col("policy").is_in(chosen_policies or policies)
        )
        show_table(
            analysis.lead_over_widest(leads),
            "backtest-ecarts",
            labels=LEAD_LABELS,
            column_config=PERCENT,
        )
    st.plotly_chart(charts.capture_by_month(analysis.monthly_capture(selected)))
    st.plotly_chart(charts.cumulated_result(analysis.cumulative_results(selected)))
    st.subheader("Semaine par semaine")
    show_table(
        selected.sort("wednesday", "policy").with_columns(
            analysis.policy_label_column(), analysis.period_label_column()
        ),
        "backtest-semaines",
        labels=WEEK_LABELS,
        column_config=PERCENT,
    )


run_page("Backtest des décisions", render)
