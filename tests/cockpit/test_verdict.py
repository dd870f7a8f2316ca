"""The decision backtest's verdict as the cockpit words it, from `fct_decision_summary` rows."""

from __future__ import annotations

from typing import Any

import polars as pl

from cockpit.analysis import decision_verdict, lead_over_widest


def _summary(
    *, model: float, rule: float, low: float, chosen: str = "model", meets: bool = False
) -> pl.DataFrame:
    rows: list[dict[str, Any]] = []
    for period in ("selection", "confirmation"):
        for policy, capture in (("model", model), ("widest_release", rule), ("random", 0.4)):
            lead = capture - rule
            rows.append(
                {
                    "scenario": "with_copies",
                    "period": period,
                    "policy": policy,
                    "weeks": 52,
                    "capture": capture,
                    "minus_widest": lead,
                    "minus_widest_low": low if policy == "model" else lead,
                    "minus_widest_high": lead + 0.01,
                    "selected": policy == "model",
                    "chosen": policy == chosen,
                    "meets_target": meets and policy == "model",
                }
            )
    return pl.DataFrame(rows)


def test_a_met_target_is_a_success() -> None:
    level, text = decision_verdict(_summary(model=0.97, rule=0.95, low=0.005, meets=True)) or (
        "",
        "",
    )
    assert level == "success"
    assert text.startswith("Objectif atteint. Modèle, choisi sur les années de sélection")
    assert "+2,00 points" in text and "[+0,50 ; +3,00]" in text


def test_the_rule_winning_the_confirmation_years_is_said_plainly() -> None:
    verdict = decision_verdict(_summary(model=0.94, rule=0.95, low=-0.03, chosen="widest_release"))
    assert verdict is not None
    level, text = verdict
    assert level == "warning"
    assert text.startswith("La règle de la plus large sortie fait au moins aussi bien que Modèle")
    assert "−1,00 point" in text
    assert "met donc en salle les films qui ont le plus de copies" in text


def test_a_real_lead_under_the_target_is_kept_and_named() -> None:
    verdict = decision_verdict(_summary(model=0.955, rule=0.95, low=0.001))
    assert verdict is not None
    level, text = verdict
    assert level == "info"
    assert "+0,50 point, intervalle à 90 % [+0,10 ; +1,50]" in text
    assert "l'avance est réelle mais plus petite que l'objectif" in text


def test_a_run_without_verdict_says_nothing() -> None:
    assert (
        decision_verdict(
            _summary(model=0.96, rule=0.95, low=0.0).with_columns(selected=pl.lit(False))
        )
        is None
    )


def test_leads_in_points_selection_first_the_rule_left_out() -> None:
    table = lead_over_widest(_summary(model=0.97, rule=0.95, low=0.005))
    assert table["period_label"].to_list() == [
        "Sélection (2010-2018)",
        "Sélection (2010-2018)",
        "Confirmation (2019-2022)",
        "Confirmation (2019-2022)",
    ]
    assert table["policy_label"].to_list() == ["Modèle", "Au hasard"] * 2
    assert [round(value, 2) for value in table["minus_widest"]] == [2.0, -55.0] * 2
