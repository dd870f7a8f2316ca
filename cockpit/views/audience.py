"""Audience & recettes: the cinema's published weeks, projected against actual."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from cockpit import analysis, charts, queries
from cockpit.formatting import fr_date, fr_eur, fr_number, fr_pct
from cockpit.queries import WarehouseFile
from cockpit.settings import CockpitSettings
from cockpit.widgets import run_page, show_table
from predictor.programme import DEFAULT_RULES

WEEK_LABELS = {
    "wednesday": "Mercredi",
    "films": "Films (grande salle d'abord)",
    "is_replay": "Semaine rejouée",
    "days_entered": "Jours saisis",
    "expected_audience": "Spectateurs projetés",
    "actual_audience": "Spectateurs réels",
    "expected_receipts_eur": "Recettes projetées (€)",
    "actual_receipts_eur": "Recettes réelles (€)",
    "fixed_costs_eur": "Coûts fixes (€)",
    "expected_result_eur": "Résultat projeté (€)",
    "actual_result_eur": "Résultat réel (€)",
    "expected_net_result_eur": "Résultat net projeté (€)",
    "actual_net_result_eur": "Résultat net réel (€)",
}
ROOM_LABELS = {
    "wednesday": "Mercredi",
    "room": "Salle",
    "seats": "Places",
    "title": "Film",
    "p50": "Entrées nationales prévues (P50)",
    "expected_audience": "Spectateurs projetés",
    "actual_audience": "Spectateurs réels",
    "days_entered": "Jours saisis",
    "expected_receipts_eur": "Recettes projetées (€)",
    "actual_receipts_eur": "Recettes réelles (€)",
    "model_version": "Version du modèle",
}
DAY_LABELS = {
    "date": "Jour",
    "room": "Salle",
    "title": "Film",
    "capacity": "Capacité",
    "projected_audience": "Projeté",
    "actual_audience": "Réel",
}
# Audiences and admissions are whole people: the tables show them without decimals.
PEOPLE = ("p50", "expected_audience", "actual_audience", "projected_audience")
REPLAY_LABELS = {
    "wednesday": "Mercredi",
    "films": "Films sortis",
    "programme": "Programme proposé",
    "expected_receipts_eur": "Recettes attendues (€)",
    "realised_receipts_eur": "Recettes avec les entrées réelles (€)",
    "best_receipts_eur": "Meilleur programme a posteriori (€)",
    "capture": "Capture",
    "result_eur": "Résultat (€)",
    "model_version": "Version du modèle",
    "note": "Remarque",
}
REPLAYED_HELP = (
    "Mercredis passés dont l'API a calculé un rejeu (gardé dans `fct_prediction`, type "
    "`replay`), quel que soit le demandeur : une simple consultation de la page Rejeu du portail "
    "compte. Ni des semaines publiées, ni des décisions du gérant."
)


def _period(wednesdays: list[dt.date], key: str) -> tuple[dt.date, dt.date]:
    first, last = min(wednesdays), max(wednesdays)
    if first == last:
        return first, last
    chosen = st.date_input(
        "Période",
        value=(first, last),
        min_value=first,
        max_value=last,
        key=key,
        format="DD/MM/YYYY",
    )
    if isinstance(chosen, tuple) and len(chosen) == 2:
        return chosen[0], chosen[1]
    return first, last


def _published(rooms: pl.DataFrame, days: pl.DataFrame, lag_note: str) -> None:
    start, end = _period(rooms["wednesday"].unique().to_list(), "audience-period")
    rooms = rooms.filter(pl.col("wednesday").is_between(start, end))
    weeks = analysis.weekly_summary(rooms)
    typed = weeks.filter(pl.col("days_entered") > 0)
    columns = st.columns(4)
    columns[0].metric("Semaines publiées", fr_number(weeks.height))
    columns[1].metric(
        "Spectateurs réels",
        fr_number(typed["actual_audience"].sum()) if typed.height else "–",
        help="Semaines dont au moins un jour a été saisi.",
    )
    columns[2].metric("Spectateurs projetés", fr_number(weeks["expected_audience"].sum()))
    columns[3].metric(
        "Résultat réel",
        fr_eur(typed["actual_result_eur"].sum()) if typed.height else "–",
        help="Recettes réelles − coûts fixes des semaines saisies.",
    )
    if typed.height:
        st.caption(lag_note)
    else:
        st.info(
            "Aucune fréquentation saisie pour ces semaines dans l'entrepôt : seules les "
            f"projections s'affichent. {lag_note}"
        )
    st.plotly_chart(charts.weekly_audience(weeks))
    st.plotly_chart(charts.weekly_receipts(weeks))
    st.subheader("Semaines")
    show_table(analysis.whole_people(weeks, PEOPLE), "semaines", labels=WEEK_LABELS)
    st.subheader("Par salle")
    show_table(analysis.whole_people(rooms, PEOPLE), "salles", labels=ROOM_LABELS)
    st.subheader("Jour par jour")
    wednesday = st.selectbox(
        "Semaine du",
        sorted(rooms["wednesday"].unique().to_list(), reverse=True),
        format_func=fr_date,
        key="audience-week",
    )
    week_rooms = rooms.filter(pl.col("wednesday") == wednesday)
    daily = analysis.daily_comparison(week_rooms, days)
    st.plotly_chart(charts.daily_audience(daily))
    show_table(analysis.whole_people(daily, PEOPLE), "jours", labels=DAY_LABELS)


def _replays(predictions: pl.DataFrame, lag_note: str | None) -> None:
    """The weeks the API has replayed; `lag_note` (why typed attendance may be missing) unless
    the published weeks above already said it."""
    if lag_note is not None:
        st.info(f"Aucune semaine publiée avec fréquentation saisie dans l'entrepôt. {lag_note}")
    st.info(
        "Voici les **semaines rejouées par l'API** : des semaines passées proposées comme si "
        "elles étaient à venir (prévisions d'un modèle entraîné sur les films sortis avant), "
        "comparées à ce que les films ont vraiment fait au niveau national. L'API garde chaque "
        "rejeu qu'elle calcule, quel que soit le demandeur : une simple consultation de la page "
        "Rejeu du portail en ajoute un, sans que rien n'y soit publié. Ce n'est pas l'activité "
        "réelle du cinéma. Règles "
        f"par défaut : salles de {' et '.join(str(room.seats) for room in DEFAULT_RULES.rooms)} "
        f"places, {fr_eur(DEFAULT_RULES.ticket_price_eur)} la place, coûts fixes de "
        f"{fr_eur(DEFAULT_RULES.fixed_costs_eur)} par semaine."
    )
    replays = analysis.replay_weeks(predictions)
    scored = replays.filter(pl.col("best_receipts_eur").is_not_null())
    columns = st.columns(4)
    columns[0].metric(
        "Semaines rejouées par l'API",
        fr_number(replays.height),
        help=REPLAYED_HELP,
    )
    columns[1].metric(
        "Recettes avec les entrées réelles", fr_eur(scored["realised_receipts_eur"].sum())
    )
    best = scored["best_receipts_eur"].sum()
    columns[2].metric(
        "Capture",
        fr_pct(float(scored["realised_receipts_eur"].sum()) / float(best)) if best else "–",
        help="Recettes du programme proposé / recettes du meilleur programme a posteriori.",
    )
    columns[3].metric(
        "Résultat",
        fr_eur(scored["result_eur"].sum()),
        help="Recettes avec les entrées réelles − coûts fixes.",
    )
    if scored.height:
        st.plotly_chart(charts.replay_receipts(scored, DEFAULT_RULES.fixed_costs_eur))
    show_table(replays, "semaines-rejouees", labels=REPLAY_LABELS)


def render(source: WarehouseFile, settings: CockpitSettings) -> None:
    """The published weeks with their attendance; the replayed weeks when there is none."""
    rooms = queries.programme_rooms(source.path, source.version)
    days = queries.cinema_days(source.path, source.version)
    lag_note = analysis.portal_lag_note(queries.last_refresh(source.path, source.version))
    published = False
    if rooms is not None and days is not None and rooms.height:
        if days.height:
            _published(rooms, days, lag_note)
            return
        st.caption("Semaines publiées, sans fréquentation saisie dans l'entrepôt.")
        _published(rooms, days, lag_note)
        published = True
    predictions = queries.replay_predictions(source.path, source.version)
    if predictions is not None and predictions.height:
        _replays(predictions, None if published else lag_note)
    elif not published:
        st.warning(
            "Rien à montrer encore : aucun programme publié (table `fct_programme`) ni semaine "
            "rejouée par l'API (`fct_prediction`, type `replay`) dans l'entrepôt. Un rejeu "
            f"ouvert dans le portail apparaît ici aussitôt. {lag_note}"
        )


run_page("Audience & recettes", render)
