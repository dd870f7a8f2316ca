"""Films: the history of French first weeks, to explore."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import streamlit as st

from cockpit import analysis, charts, queries
from cockpit.formatting import KIND_LABELS, fr_date, fr_number
from cockpit.queries import WarehouseFile
from cockpit.settings import CockpitSettings
from cockpit.widgets import run_page, show_table

FILM_LABELS = {
    "release_date": "Sortie",
    "title": "Film",
    "genre": "Genre",
    "distributor": "Distributeur",
    "nationality": "Nationalité",
    "director": "Réalisation",
    "copies": "Copies",
    "admissions": "Entrées 1re semaine",
}
TOP_LABELS = {
    "films": "Films",
    "admissions": "Entrées 1re semaine (total)",
    "median_admissions": "Médiane par film",
}
FACT_LABELS = {
    "original_title": "Titre original",
    "release_date": "Sortie",
    "genre": "Genre",
    "nationality": "Nationalité",
    "runtime_min": "Durée (min)",
    "director": "Réalisation",
    "cast": "Distribution",
    "distributor": "Distributeur",
    "distributor_raw": "Distributeur (tel que lu)",
    "budget": "Budget",
    "budget_currency": "Devise",
    "age_rating": "Public",
    "source": "Source",
    "url": "Page",
}


def _fact(value: Any) -> str:
    """A fact of `dim_film` as the screen writes it: a date `27/02/2008`, a number
    `11 000 000`, a list `a, b`, a text as it is."""
    if isinstance(value, dt.date):
        return fr_date(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return fr_number(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _options(films: pl.DataFrame, column: str) -> list[str]:
    return sorted(films[column].drop_nulls().unique().to_list())


def _detail(source: WarehouseFile, film_id: str) -> None:
    facts = queries.film_facts(source.path, source.version, film_id)
    if facts is None:
        st.info("Ce film n'est plus dans l'entrepôt.")
        return
    st.markdown(f"### {facts['title']} ({fr_date(facts['release_date'])})")
    lines = []
    for key, label in FACT_LABELS.items():
        value = facts.get(key)
        if value in (None, [], ""):
            continue
        lines.append(f"- **{label}** : {_fact(value)}")
    st.markdown("\n".join(lines))
    weeks = queries.film_weeks(source.path, source.version, film_id)
    show_table(
        weeks,
        f"semaines-{film_id}",
        labels={
            "week_number": "Semaine",
            "week_start": "Du",
            "admissions": "Entrées",
            "copies": "Copies",
            "source": "Source",
        },
    )
    predictions = queries.film_predictions(source.path, source.version, film_id)
    if predictions is not None and predictions.height:
        st.markdown("**Prédictions de ce film**")
        shown = analysis.whole_people(predictions, ("p10", "p50", "p90", "actual_admissions"))
        show_table(
            shown.with_columns(pl.col("kind").replace_strict(KIND_LABELS, default=pl.col("kind"))),
            f"predictions-{film_id}",
            column_config={"Erreur": st.column_config.NumberColumn("Erreur", format="percent")},
            labels={
                "kind": "Type",
                "model_version": "Version",
                "as_of_date": "Prédit le",
                "p10": "P10",
                "p50": "P50",
                "p90": "P90",
                "actual_admissions": "Réel",
                "abs_pct_error": "Erreur",
                "within_p10_p90": "Dans [P10, P90]",
            },
        )


def render(source: WarehouseFile, settings: CockpitSettings) -> None:
    """Filters, copies against admissions, top distributors and directors, a film's detail."""
    films = queries.films(source.path, source.version)
    if films is None or not films.height:
        st.warning(
            "Aucun film avec sa première semaine dans l'entrepôt. Lancez "
            "`mercredi warehouse refresh` (l'historique est lu dans `MERCREDI_HISTORY_DIR`)."
        )
        return
    first_year, last_year = int(films["year"].min()), int(films["year"].max())  # type: ignore[arg-type]
    years = (first_year, last_year)
    if first_year < last_year:
        years = st.slider(
            "Années de sortie",
            first_year,
            last_year,
            (max(first_year, last_year - 9), last_year),
            key="films-years",
        )
    columns = st.columns(3)
    genres = columns[0].multiselect(
        "Genres", _options(films, "genre"), key="films-genres", placeholder="Tous"
    )
    distributors = columns[1].multiselect(
        "Distributeurs",
        _options(films, "distributor"),
        key="films-distributors",
        placeholder="Tous",
    )
    nationalities = columns[2].multiselect(
        "Nationalités",
        _options(films, "nationality"),
        key="films-nationalities",
        placeholder="Toutes",
    )
    selected = analysis.filter_films(
        films,
        years=years,
        genres=genres,
        distributors=distributors,
        nationalities=nationalities,
    )
    figures = st.columns(3)
    figures[0].metric("Films", fr_number(selected.height))
    figures[1].metric("Entrées de 1re semaine (total)", fr_number(selected["admissions"].sum()))
    figures[2].metric(
        "Médiane par film",
        fr_number(selected["admissions"].median()) if selected.height else "–",  # type: ignore[arg-type]
    )
    if not selected.height:
        st.info("Aucun film pour ces filtres.")
        return
    st.plotly_chart(charts.copies_against_admissions(selected))
    left, right = st.columns(2)
    for column, key, title in (
        (left, "distributor", "Distributeurs"),
        (right, "director", "Réalisateurs"),
    ):
        with column:
            top = analysis.top_by(selected, key)
            st.plotly_chart(charts.top_bar(top, key, f"15 premiers {title.lower()}"))
            show_table(top, f"top-{key}", labels={key: title[:-1], **TOP_LABELS})
    st.subheader("Les films")
    show_table(selected, "films", labels=FILM_LABELS)
    st.subheader("Fiche d'un film")
    film_id = st.selectbox(
        "Film",
        selected["film_id"].to_list(),
        format_func=dict(
            zip(
                selected["film_id"],
                [
                    f"{title} ({fr_date(day)})"
                    for title, day in zip(selected["title"], selected["release_date"], strict=True)
                ],
                strict=True,
            )
        ).__getitem__,
        key="films-detail",
    )
    if film_id is not None:
        _detail(source, film_id)


run_page("Films", render)
