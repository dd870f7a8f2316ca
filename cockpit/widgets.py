"""What every cockpit page shares: finding the warehouse, saying plainly when it cannot be read,
and tables that download as CSV."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import polars as pl
import pydantic
import streamlit as st

from cockpit.queries import WarehouseFile, WarehouseUnavailableError, locate
from cockpit.settings import CockpitSettings, get_cockpit_settings

Render = Callable[[WarehouseFile, CockpitSettings], None]


def run_page(title: str, render: Render) -> None:
    """Show the page's title, then its body, or a clear French message instead of a traceback
    when the settings are wrong, the warehouse is missing or cannot be read just now."""
    st.title(title)
    try:
        settings = get_cockpit_settings()
    except pydantic.ValidationError as error:
        st.error(f"Réglages invalides ({error.error_count()} erreur(s)) : {error}")
        return
    source = locate(settings)
    if source is None:
        st.warning(
            f"L'entrepôt `{settings.warehouse}` n'existe pas encore. Construisez-le avec "
            "`mercredi warehouse refresh` (ou indiquez son chemin dans "
            "`MERCREDI_WAREHOUSE_PATH`), puis rechargez la page."
        )
        return
    try:
        render(source, settings)
    except WarehouseUnavailableError as error:
        st.error(str(error))


def _csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists written as `a, b, c` (CSV has no lists)."""
    return frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join(", ")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )


def _column_config(frame: pl.DataFrame) -> dict[str, Any]:
    """French display by type: dates as 30/11/2026, numbers with the browser's separators."""
    config: dict[str, Any] = {}
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            config[name] = st.column_config.DateColumn(name, format="DD/MM/YYYY")
        elif isinstance(dtype, pl.Datetime):
            config[name] = st.column_config.DatetimeColumn(name, format="DD/MM/YYYY HH:mm")
        elif dtype.is_numeric():
            config[name] = st.column_config.NumberColumn(name, format="localized")
    return config


def show_table(
    frame: pl.DataFrame,
    name: str,
    *,
    labels: Mapping[str, str] | None = None,
    column_config: Mapping[str, Any] | None = None,
    height: int | None = None,
) -> None:
    """A table and its button to download it as CSV (`<name>.csv`, the columns as shown;
    columns labelled `(€)` rounded to the euro)."""
    shown = frame.select([name_ for name_ in (labels or frame.columns) if name_ in frame.columns])
    if labels:
        shown = shown.rename({key: value for key, value in labels.items() if key in shown.columns})
    shown = shown.with_columns(
        pl.col(pl.String).fill_null(""),
        *(pl.col(name).round(0) for name in shown.columns if name.endswith("(€)")),
    )
    st.dataframe(
        shown,
        hide_index=True,
        column_config={**_column_config(shown), **(column_config or {})},
        height=height if height is not None else "auto",
    )
    st.download_button(
        "Télécharger en CSV",
        _csv_ready(shown).write_csv(),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv-{name}",
    )
