"""Données: how fresh the warehouse is, what it holds, the landing runs and the quarantine."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from cockpit import charts, queries
from cockpit.formatting import fr_date, fr_number
from cockpit.queries import WarehouseFile
from cockpit.settings import CockpitSettings
from cockpit.widgets import run_page, show_table


def _age(moment: dt.datetime) -> str:
    hours = (dt.datetime.now(dt.UTC) - moment).total_seconds() / 3600
    if hours < 1:
        return "< 1 h"
    if hours < 48:
        return f"{hours:.0f} h"
    return f"{hours / 24:.0f} jours"


def render(source: WarehouseFile, settings: CockpitSettings) -> None:
    """Freshness, row counts, refreshes, landing runs and quarantined lines."""
    present = queries.tables(source.path, source.version)
    if not {"refresh_log", "quarantine"} <= set(present):
        st.warning(
            f"L'entrepôt `{source.path}` n'a pas été construit par `mercredi warehouse refresh` "
            f"({len(present)} table(s), pas de journal des rafraîchissements) : lancez-le."
        )
        return
    status = queries.warehouse_status(source.path, source.version)
    last_week = queries.last_first_week(source.path, source.version)
    columns = st.columns(4)
    if status.last_refresh_at is not None:
        columns[0].metric(
            "Rafraîchi il y a",
            _age(status.last_refresh_at),
            help=fr_date(status.last_refresh_at),
        )
    else:
        columns[0].metric("Rafraîchi il y a", "–")
    columns[1].metric("Dernière 1re semaine connue", fr_date(last_week))
    columns[2].metric("Films", fr_number(status.table_counts.get("dim_film", 0)))
    columns[3].metric("Lignes en quarantaine", fr_number(sum(status.quarantine_by_reason.values())))
    st.caption(f"Entrepôt : `{status.path}`")
    if status.last_refresh_at is not None:
        age_days = (dt.datetime.now(dt.UTC) - status.last_refresh_at).days
        if age_days >= 2:
            st.warning(
                f"L'entrepôt n'a pas été rafraîchi depuis {age_days} jours : le job de nuit "
                "(`mercredi nightly`) tourne-t-il ?"
            )
    st.subheader("Tables")
    counts = pl.DataFrame(
        {"table": list(status.table_counts), "rows": list(status.table_counts.values())},
        schema={"table": pl.String, "rows": pl.Int64},
    )
    show_table(counts, "tables", labels={"table": "Table", "rows": "Lignes"})
    log = queries.refresh_log(source.path, source.version)
    if log is not None:
        st.subheader("Rafraîchissements")
        show_table(
            log,
            "rafraichissements",
            labels={
                "finished_at": "Terminé le",
                "duration_s": "Durée (s)",
                "landing_files": "Fichiers de la zone d'atterrissage",
                "refresh_id": "Identifiant",
                "history_dir": "Historique",
                "landing_dir": "Zone d'atterrissage",
            },
        )
    st.subheader("Collectes (zone d'atterrissage)")
    runs = queries.landing_runs(source.path, source.version)
    if runs is None or not runs.height:
        st.info(
            "Aucun fichier de collecte lu au dernier rafraîchissement : l'entrepôt ne contient "
            "que l'historique. Les collectes arrivent avec `mercredi crawl ...` ou le job de "
            "nuit."
        )
    else:
        show_table(
            runs,
            "collectes",
            labels={
                "run_id": "Collecte",
                "source": "Source",
                "kind": "Type",
                "rows_kept": "Lignes retenues",
                "lines_quarantined": "Lignes en quarantaine",
                "origin_file": "Fichier",
            },
        )
    st.subheader("Quarantaine")
    if not status.quarantine_by_reason:
        st.success("Aucune ligne en quarantaine.")
        return
    st.plotly_chart(charts.quarantine_reasons(status.quarantine_by_reason))
    lines = queries.quarantine(source.path, source.version)
    if lines is not None:
        reasons = sorted(status.quarantine_by_reason)
        chosen = st.multiselect(
            "Motifs", reasons, default=reasons, key="data-reasons", placeholder="Tous"
        )
        show_table(
            lines.filter(pl.col("reason").is_in(chosen or reasons)),
            "quarantaine",
            labels={
                "reason": "Motif",
                "detail": "Détail",
                "origin_file": "Fichier",
                "origin_line": "Ligne",
                "kind": "Type",
                "source": "Source",
                "raw": "Texte lu",
            },
        )


run_page("Données", render)
