"""Every cockpit page, run with Streamlit's AppTest over the test warehouses: with data it shows
the right figures and tables that download as CSV; with a missing or empty warehouse it says
what to do, never a traceback."""

from __future__ import annotations

import ast
import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cockpit.charts import TITLE_WIDTH
from cockpit.formatting import fr_date
from tests.cockpit.conftest import CockpitWarehouse
from tests.conftest import REPO_ROOT

APP = REPO_ROOT / "cockpit" / "app.py"
PAGES = ("audience", "accuracy", "backtest", "films", "data")
NBSP = "\u202f"


def _open(page: str, warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("MERCREDI_WAREHOUSE_PATH", str(warehouse))
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    if page != "audience":
        app.switch_page(f"views/{page}.py")
        app.run()
    assert not app.exception, [element.value for element in app.exception]
    return app


def _metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def _text(app: AppTest) -> str:
    parts = [element.value for element in (*app.warning, *app.info, *app.error, *app.caption)]
    return "\n".join(str(part) for part in parts)


def _downloads(app: AppTest) -> int:
    return len(app.get("download_button"))


def _copy(warehouse: Path, folder: Path, *statements: str) -> Path:
    """A copy of a test warehouse with `statements` run on it (the shared one stays intact)."""
    copy = folder / "warehouse.duckdb"
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        for statement in statements:
            connection.execute(statement)
    return copy


def _last_refresh(warehouse: Path) -> dt.datetime:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        row = connection.execute("SELECT max(finished_at) FROM refresh_log").fetchone()
    assert row is not None
    moment: dt.datetime = row[0]
    return moment


def _table_with(app: AppTest, *columns: str) -> pd.DataFrame:
    """The one table on the page that has all these columns."""
    tables = [
        element.value for element in app.dataframe if set(columns) <= set(element.value.columns)
    ]
    assert len(tables) == 1, [list(table.columns) for table in tables]
    table: pd.DataFrame = tables[0]
    return table


def test_audience_compares_published_weeks_with_the_attendance_typed_in(
    cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open("audience", cockpit_warehouse.full, monkeypatch)
    metrics = _metrics(app)
    assert metrics["Semaines publiées"] == "2"  # the third week is a draft
    # 680 + 212 people in week 1, 234 + 32 in the first three days of week 2
    assert metrics["Spectateurs réels"] == f"1{NBSP}158"
    # (427.5 + 128.25) + (213.75 + 17.1) projected
    assert metrics["Spectateurs projetés"] == "787"
    # (8,920 - 4,900) + (2,660 - 4,900) EUR
    assert metrics["Résultat réel"] == f"1{NBSP}780{NBSP}€"
    weeks = app.dataframe[0].value
    assert weeks["Spectateurs réels"].tolist() == [892, 266]
    assert weeks["Spectateurs projetés"].tolist() == [556, 231]  # whole people: 555.75, 230.85
    assert weeks["Jours saisis"].tolist() == [14, 6]
    assert _downloads(app) == 3  # weeks, rooms, days
    days = app.dataframe[2].value  # the newest week, day by day
    assert len(days) == 14
    assert days["Réel"].isna().sum() == 8  # four days of two rooms not typed yet
    assert days["Projeté"].iloc[0] == round(213.75 / 7)  # 30.5: whole people
    # Where the attendance comes from, and when it was last copied from the portal.
    assert "prochain rafraîchissement de l'entrepôt" in _text(app)
    assert fr_date(_last_refresh(cockpit_warehouse.full)) in _text(app)


def test_audience_without_attendance_says_it_arrives_at_the_next_refresh(
    cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The weeks are published, but the attendance typed since in the portal is not copied yet.
    warehouse = _copy(cockpit_warehouse.full, tmp_path, "DELETE FROM fct_cinema_day")
    app = _open("audience", warehouse, monkeypatch)
    assert _metrics(app)["Semaines publiées"] == "2"
    said = [str(element.value) for element in app.info]
    waiting = [text for text in said if text.startswith("Aucune fréquentation saisie")]
    assert len(waiting) == 1
    assert "saisie dans le portail" in waiting[0]
    assert "prochain rafraîchissement de l'entrepôt" in waiting[0]
    assert "tâche de nuit, ou `mercredi warehouse refresh`" in waiting[0]
    assert f"Dernier rafraîchissement : {fr_date(_last_refresh(warehouse))}." in waiting[0]
    # Said once, not again above the replayed weeks that follow.
    assert sum("prochain rafraîchissement" in text for text in said) == 1


def test_audience_shows_the_replayed_weeks_and_says_so(
    cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open("audience", cockpit_warehouse.replays, monkeypatch)
    text = _text(app)
    assert "semaines rejouées par l'API" in text
    assert "pas l'activité réelle du cinéma" in text
    # No published week in the warehouse: attendance typed in the portal arrives at the next
    # refresh, and the page says when the last one was.
    assert text.startswith("Aucune semaine publiée avec fréquentation saisie dans l'entrepôt.")
    assert "prochain rafraîchissement de l'entrepôt" in text
    assert "`mercredi warehouse refresh`" in text
    assert fr_date(_last_refresh(cockpit_warehouse.replays)) in text
    metrics = _metrics(app)
    # Every week the API replayed, whoever asked (a mere look at the portal's Rejeu page).
    assert "Semaines rejouées" not in metrics
    assert metrics["Semaines rejouées par l'API"] == "3"
    replayed = next(metric for metric in app.metric if metric.label.endswith("par l'API"))
    assert "quel que soit le demandeur" in replayed.proto.help
    assert "consultation de la page Rejeu" in replayed.proto.help
    # the engine ranks every week right: 6,500 + 2,800 + 1,100 EUR with the actual admissions
    assert metrics["Recettes avec les entrées réelles"] == f"10{NBSP}400{NBSP}€"
    assert metrics["Capture"] == f"100,0{NBSP}%"
    assert metrics["Résultat"] == f"-4{NBSP}300{NBSP}€"
    replays = app.dataframe[0].value
    assert replays["Programme proposé"].iloc[0] == (
        "Salle 1 : Black Panther: Wakanda Forever · Salle 2 : Couleurs de l'incendie"
    )
    assert _downloads(app) == 1


def test_accuracy_reads_the_mart_and_links_the_mlflow_runs(
    cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MERCREDI_MLFLOW_UI_URL", "http://mlflow.example:5000/")
    app = _open("accuracy", cockpit_warehouse.full, monkeypatch)
    metrics = _metrics(app)
    assert metrics["Films évalués"] == "14"  # 6 backtest, 8 replayed
    assert metrics["Erreur médiane"] == f"20,0{NBSP}%"
    assert metrics["Dans un facteur 2"] == f"92,9{NBSP}%"  # all but Drive
    assert metrics["Couverture P10-P90"] == f"78,6{NBSP}%"  # 8 replays + 3 of 6 backtests
    runs = app.dataframe[-1].value
    assert "http://mlflow.example:5000/#/runs/0123456789abcdef" in runs["Run MLflow"].tolist()
    predictions = _table_with(app, "P10", "P50", "P90", "Entrées réelles")
    for column in ("P10", "P50", "P90", "Entrées réelles"):
        assert pd.api.types.is_integer_dtype(predictions[column]), column
    assert set(predictions["Type"]) <= {"backtest", "prévision", "semaine rejouée"}  # French

    app.multiselect(key="accuracy-kinds").set_value(["backtest"]).run()
    assert not app.exception
    metrics = _metrics(app)
    assert metrics["Films évalués"] == "6"
    assert metrics["Erreur médiane"] == f"30,0{NBSP}%"  # (28.6 % + 31.5 %) / 2
    assert metrics["Couverture P10-P90"] == f"50,0{NBSP}%"
    assert _downloads(app) >= 5


def test_backtest_reads_the_latest_run_only(
    cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open("backtest", cockpit_warehouse.full, monkeypatch)
    assert "decision-new" in _text(app)
    metrics = _metrics(app)
    assert metrics["Capture : Modèle"] == f"90,0{NBSP}%"  # the older run had 45 %
    assert metrics["Capture : Plus large sortie (copies)"] == f"85,0{NBSP}%"
    assert metrics["Capture : Au hasard"] == f"60,0{NBSP}%"
    assert metrics["Recettes en prévision parfaite"] == f"42{NBSP}800{NBSP}€"
    totals = app.dataframe[0].value
    assert totals["Politique"].tolist()[0] == "Prévision parfaite"
    assert totals["Semaines"].tolist() == [8, 8, 8, 8]
    # The run's verdict, said plainly: the model is kept, its lead is within noise.
    verdict = app.info[0].value
    assert "Modèle, choisi sur les années de sélection (90,00" in verdict
    assert "+5,00 points sur la règle" in verdict
    assert "l'intervalle contient 0" in verdict
    assert "n'est pas atteint" in verdict
    leads = app.dataframe[1].value
    assert leads["Politique"].tolist()[:2] == ["Prévision parfaite", "Modèle"]
    model = leads[leads["Politique"] == "Modèle"]
    assert model["Écart (points)"].round(2).tolist() == [5.0, 5.0]
    assert model["Intervalle bas"].round(2).tolist() == [4.0, -1.0]

    app.selectbox(key="backtest-scenario").set_value("without_copies").run()
    assert _metrics(app)["Capture : Modèle"] == f"80,0{NBSP}%"
    app.multiselect(key="backtest-policies").select("confident_model_0.1").run()
    totals = app.dataframe[0].value  # best capture first: 100 %, 88 %, 85 %, 80 %, 60 %
    assert totals["Politique"].tolist()[1] == "confident_model_0.1"
    assert len(totals) == 5
    assert _downloads(app) == 3


def test_films_filters_the_history_and_shows_a_film(
    cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open("films", cockpit_warehouse.full, monkeypatch)
    metrics = _metrics(app)
    assert metrics["Films"] == "8"  # the last ten years: the 2022 films
    assert metrics["Entrées de 1re semaine (total)"] == f"2{NBSP}200{NBSP}000"
    assert metrics["Médiane par film"] == f"115{NBSP}000"

    app.slider(key="films-years").set_value((2008, 2022)).run()
    app.multiselect(key="films-genres").set_value(["Comédie"]).run()
    assert not app.exception
    metrics = _metrics(app)
    assert metrics["Films"] == "3"  # Intouchables, The Artist, Bienvenue chez les Ch'tis
    top_distributors = app.dataframe[0].value
    assert top_distributors["Distributeur"].tolist()[0] == "Pathé"

    films = app.dataframe[2].value
    assert films["Film"].tolist()[0] == "Intouchables"  # newest first
    app.selectbox(key="films-detail").select_index(2).run()
    assert not app.exception
    detail = "\n".join(str(element.value) for element in app.markdown)
    assert "Bienvenue chez les Ch'tis (27/02/2008)" in detail
    assert "Pathé" in detail
    predictions = app.dataframe[-1].value
    assert predictions["P50"].tolist() == [3_000_000.0]
    assert predictions["Réel"].tolist() == [4_378_720.0]


def test_a_films_card_writes_dates_numbers_and_kinds_in_french(
    cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The card showed "Sortie : 2008-02-27", "Budget : 11000000" and the kind "replay".
    warehouse = _copy(
        cockpit_warehouse.full,
        tmp_path,
        "UPDATE dim_film SET budget = 11000000, runtime_min = 106 "
        "WHERE title = 'Bienvenue chez les Ch''tis'",
    )
    app = _open("films", warehouse, monkeypatch)
    app.selectbox(key="films-detail").select_index(0).run()  # a 2022 film, replayed
    assert not app.exception
    predictions = app.dataframe[-1].value
    assert predictions["Type"].tolist() == ["semaine rejouée"]
    app.slider(key="films-years").set_value((2008, 2022)).run()
    app.multiselect(key="films-genres").set_value(["Comédie"]).run()
    app.selectbox(key="films-detail").select_index(2).run()
    assert not app.exception
    detail = "\n".join(str(element.value) for element in app.markdown)
    assert "**Sortie** : 27/02/2008" in detail
    assert f"**Budget** : 11{NBSP}000{NBSP}000" in detail
    assert "**Durée (min)** : 106" in detail
    assert app.dataframe[-1].value["Type"].tolist() == ["backtest"]


def test_data_shows_freshness_counts_landing_runs_and_the_quarantine(
    cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open("data", cockpit_warehouse.full, monkeypatch)
    metrics = _metrics(app)
    assert metrics["Films"] == "14"
    assert metrics["Dernière 1re semaine connue"] == "16/11/2022"
    assert metrics["Lignes en quarantaine"] == "1"
    assert metrics["Rafraîchi il y a"] == "< 1 h"
    tables = app.dataframe[0].value
    counts = dict(zip(tables["Table"], tables["Lignes"], strict=True))
    assert counts["dim_film"] == 14
    assert counts["mart_forecast_accuracy"] == 14
    assert counts["fct_decision_backtest"] == 160  # 2 runs x 8 weeks x 2 scenarios x 5
    runs = app.dataframe[2].value
    assert runs[
        ["Collecte", "Source", "Type", "Lignes retenues", "Lignes en quarantaine"]
    ].values.tolist() == [["20221122T023000Z-3f2a1b", "jpbox-office", "weeks", 1, 1]]
    quarantined = app.dataframe[3].value
    assert len(quarantined) == 1
    assert quarantined["Ligne"].tolist() == [2]
    assert _downloads(app) == 4


def test_accuracy_shows_admissions_as_whole_people(
    cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A model's quantiles are rarely whole: the table shows 1 700 000, not 1 700 000,479.
    warehouse = _copy(
        cockpit_warehouse.full,
        tmp_path,
        "UPDATE mart_forecast_accuracy SET p10 = p10 + 0.5, p50 = p50 + 0.479, "
        "p90 = p90 - 0.3 WHERE title = 'Intouchables'",
    )
    app = _open("accuracy", warehouse, monkeypatch)
    predictions = _table_with(app, "P10", "P50", "P90", "Entrées réelles")
    film = predictions[predictions["Film"] == "Intouchables"].iloc[0]
    assert (film["P10"], film["P50"], film["P90"]) == (1_200_000, 1_700_000, 2_400_000)
    assert film["Entrées réelles"] == 2_126_545
    for column in ("P10", "P50", "P90", "Entrées réelles"):
        assert pd.api.types.is_integer_dtype(predictions[column]), column
    assert set(predictions["Type"]) <= {"backtest", "prévision", "semaine rejouée"}  # French


@pytest.mark.parametrize("page", PAGES)
def test_a_page_has_no_stray_string_for_streamlit_to_draw(page: str) -> None:
    # Streamlit's magic draws any bare string of a page script (an attribute docstring too).
    module = ast.parse((REPO_ROOT / "cockpit" / "views" / f"{page}.py").read_text("utf-8"))
    strays = [
        statement.lineno
        for statement in module.body[1:]
        if isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    ]
    assert strays == []


@pytest.mark.parametrize("page", PAGES)
def test_chart_titles_fit_a_phone(
    page: str, cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(page, cockpit_warehouse.full, monkeypatch)
    charts = app.get("plotly_chart")
    assert charts
    for chart in charts:
        title = json.loads(chart.proto.spec)["layout"]["title"]["text"]
        assert all(len(line) <= TITLE_WIDTH for line in title.split("<br>")), title


@pytest.mark.parametrize("page", PAGES)
def test_a_missing_warehouse_says_how_to_build_it(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(page, tmp_path / "nowhere.duckdb", monkeypatch)
    assert "mercredi warehouse refresh" in _text(app)
    assert "n'existe pas encore" in _text(app)


@pytest.mark.parametrize(
    ("page", "says"),
    [
        ("audience", "Rien à montrer encore"),
        ("accuracy", "mercredi backtest --from"),
        ("backtest", "mercredi backtest --decision"),
        ("films", "Aucun film"),
        ("data", "mercredi warehouse refresh"),
    ],
)
def test_an_empty_warehouse_says_what_is_missing(
    page: str, says: str, cockpit_warehouse: CockpitWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(page, cockpit_warehouse.bare, monkeypatch)
    assert says in _text(app)
    assert not app.error
    if page == "audience":  # no refresh log to date the last refresh
        assert "Date du dernier rafraîchissement inconnue" in _text(app)


@pytest.mark.parametrize("page", PAGES)
def test_a_file_that_is_no_warehouse_is_named_not_a_traceback(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "warehouse.duckdb"
    broken.write_bytes(b"this is not a DuckDB file" * 1000)
    app = _open(page, broken, monkeypatch)
    assert len(app.error) == 1
    assert f"L'entrepôt {broken}" in app.error[0].value
    assert "mercredi warehouse refresh" in app.error[0].value
