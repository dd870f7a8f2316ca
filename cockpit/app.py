"""The cockpit's entry point: it only sets the page up and routes to the five pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).parent / "views"

st.set_page_config(page_title="mercredi · cockpit", page_icon="🎬", layout="wide")
navigation = st.navigation(
    [
        st.Page(
            PAGES / "audience.py", title="Audience & recettes", url_path="audience", default=True
        ),
        st.Page(PAGES / "accuracy.py", title="Précision du modèle", url_path="precision"),
        st.Page(PAGES / "backtest.py", title="Backtest", url_path="backtest"),
        st.Page(PAGES / "films.py", title="Films", url_path="films"),
        st.Page(PAGES / "data.py", title="Données", url_path="donnees"),
    ]
)
navigation.run()
