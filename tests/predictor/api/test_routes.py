"""The API over HTTP (a module-scoped TestClient, a small champion, the real history)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cron.cli import app as cli
from landing.layout import landing_file_path, write_landing_file
from predictor.api.main import create_app
from predictor.api.schemas import FILM_EXAMPLE
from predictor.api.settings import ApiSettings, ApiSettingsError
from predictor.data import History
from predictor.model.forecaster import FirstWeekForecaster
from predictor.weekly import WeeklyService
from tests.predictor.api.conftest import TODAY, TOKEN, instance_settings, register_champion
from tests.warehouse.factories import release
from tests.warehouse.processes import held_read_write
from warehouse import database
from warehouse.identity import film_id_for
from warehouse.refresh import refresh_warehouse

FILM: dict[str, Any] = FILM_EXAMPLE
REPLAYED = "2022-11-09"


def test_health_needs_no_token_and_says_what_is_loaded(client: TestClient) -> None:
    answer = client.get("/v1/health", headers={"Authorization": ""})
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["reasons"] == []
    assert body["model"] == {"name": "mercredi-first-week", "version": "1", "alias": "champion"}
    assert body["warehouse"]["readable"] and body["warehouse"]["last_week"] == "2022-12-28"


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer "])
def test_every_other_route_needs_the_token(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    fresh = TestClient(client.app, headers=headers)
    for method, path, body in (
        ("GET", "/v1/model", None),
        ("GET", f"/v1/weeks/{REPLAYED}", None),
        ("POST", "/v1/actuals", {"film_ids": ["f-0123456789ab"]}),
    ):
        answer = fresh.request(method, path, json=body)
        assert answer.status_code == 401, (method, path)
        assert "token" in answer.json()["detail"]
        assert answer.headers["www-authenticate"] == "Bearer"
    assert fresh.get("/openapi.json").status_code == 200
    assert fresh.get("/docs").status_code == 200


def test_model_gives_version_run_and_logged_metrics(client: TestClient) -> None:
    body = client.get("/v1/model").json()
    assert body["version"] == "1" and body["alias"] == "champion" and len(body["run_id"]) == 32
    assert body["metrics"]["train_films"] > 2000
    assert dt.datetime.fromisoformat(body["trained_at"]).date() == dt.datetime.now(dt.UTC).date()


def test_predictions_in_order_with_reasons_and_warehouse_ids(client: TestClient) -> None:
    small = {**FILM, "title": "Un petit film", "planned_copies": 40, "distributor": "-"}
    answer = client.post("/v1/predictions", json={"films": [FILM, small]})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["model_version"] == "1"
    big, little = body["predictions"]
    assert big["film_id"] == film_id_for(FILM["title"], FILM["release_date"])
    assert [big["title"], little["title"]] == [FILM["title"], "Un petit film"]
    for film in (big, little):
        assert 0 < film["p10"] <= film["p50"] <= film["p90"]
        assert film["p50"] == round(film["p50"])
        assert len(film["reasons"]) == 3 and film["actual_admissions"] is None
        assert film["expected_audience"] > film["p50"] / 2000 * 0.5
    assert big["p50"] > 5 * little["p50"]
    assert big["copies"] == 650 and big["reasons"][0] == {
        "feature": "copies",
        "label": "650 copies",
        "factor": pytest.approx(big["reasons"][0]["factor"]),
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"films": []}, "films"),
        ({"films": [FILM] * 201}, "films"),
        ({"films": [{**FILM, "colour": "red"}]}, "colour"),
        ({"films": [{**FILM, "planned_copies": -3}]}, "planned_copies"),
        ({"films": [{**FILM, "release_date": "2024-13-01"}]}, "release_date"),
        ({"films": [{"title": "Sans date"}]}, "release_date"),
    ],
)
def test_bad_films_get_a_422_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    answer = client.post("/v1/predictions", json=body)
    assert answer.status_code == 422
    assert field in json.dumps(answer.json()["detail"])


def test_a_film_given_twice_is_refused(client: TestClient) -> None:
    answer = client.post("/v1/predictions", json={"films": [FILM, FILM]})
    assert answer.status_code == 422
    assert "is given twice" in answer.json()["detail"]


def test_a_body_over_one_mebibyte_gets_413(client: TestClient) -> None:
    huge = {"films": [{**FILM, "cast": ["x" * 1000] * 1100}]}
    answer = client.post("/v1/predictions", json=huge)
    assert answer.status_code == 413
    assert "1 MiB" in answer.json()["detail"]
    streamed = client.post(
        "/v1/predictions",
        content=iter([b'{"films": [', b" " * (1024 * 1024), b"]}"]),
        headers={"content-type": "application/json"},
    )
    assert streamed.status_code == 413


def test_a_week_is_a_replay_with_actuals(client: TestClient) -> None:
    body = client.get(f"/v1/weeks/{REPLAYED}").json()
    assert body["replay"] is True and body["as_of"] == "2022-10-26"
    assert body["model_version"] == "1"
    assert all(film["actual_admissions"] > 0 for film in body["candidates"])
    wrong = client.get("/v1/weeks/2022-11-10")
    assert wrong.status_code == 422
    assert "use 2022-11-09 or 2022-11-16" in wrong.json()["detail"]
    assert client.get("/v1/weeks/2022-02-30").status_code == 422


def test_actuals_are_looked_up_in_the_history_without_replaying_the_week(
    client: TestClient, service: WeeklyService, instance: ApiSettings
) -> None:
    wednesday = dt.date(2019, 3, 6)  # a week no other test of this module replays
    films = service.history().history.films
    week = films.filter(films["release_date"] == wednesday).sort("film_id")
    assert week.height >= 3
    first, second = week.row(0, named=True), week.row(1, named=True)
    to_come = film_id_for("Un film encore à venir", "2030-01-02")
    asked = [second["film_id"], to_come, first["film_id"], second["film_id"]]
    answer = client.post("/v1/actuals", json={"film_ids": asked})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["actuals"] == [
        {
            "film_id": film["film_id"],
            "title": film["title"],
            "release_date": wednesday.isoformat(),
            "admissions": float(film["admissions"]),
        }
        for film in (second, first)
    ]  # in the order asked, an id given twice answered once
    assert body["unknown"] == [to_come]
    # a lookup: the week was neither replayed nor stored
    assert not any((instance.data_dir / "replays").glob(f"*/{wednesday}.json"))
    with duckdb.connect(str(instance.warehouse), read_only=True) as connection:
        stored = connection.execute(
            "SELECT count(*) FROM fct_prediction WHERE as_of_date = ?",
            [wednesday - dt.timedelta(days=14)],
        ).fetchone()
    assert stored == (0,)
    # the whole history's worth in one request
    every = films.get_column("film_id").to_list()[-2000:]
    many = client.post("/v1/actuals", json={"film_ids": every}).json()
    assert len(many["actuals"]) == 2000 and many["unknown"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"film_ids": []}, "film_ids"),
        ({"film_ids": ["f-0123456789ab"] * 2001}, "film_ids"),
        ({"film_ids": [""]}, "film_ids"),
        ({"film_ids": ["f-0123456789ab"], "wednesday": "2022-11-09"}, "wednesday"),
        ({}, "film_ids"),
    ],
)
def test_bad_actuals_questions_get_a_422_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    answer = client.post("/v1/actuals", json=body)
    assert answer.status_code == 422
    assert field in json.dumps(answer.json()["detail"])


def test_the_date_picker(client: TestClient) -> None:
    body = client.get("/v1/weeks", params={"replayable": "true"}).json()
    assert body["next_wednesday"] == "2023-01-04" and body["last_week"] == "2022-12-28"
    assert REPLAYED in body["wednesdays"] and body["wednesdays"][0] >= "2005-01-05"
    # the range GET /v1/weeks/{wednesday} answers: 2005 to two years after today (2023-01-02)
    assert (body["first_wednesday"], body["last_wednesday"]) == ("2005-01-05", "2025-01-01")
    assert client.get(f"/v1/weeks/{body['last_wednesday']}").status_code == 200
    assert client.get("/v1/weeks/2025-01-08").status_code == 422
    assert client.get("/v1/weeks", params={"replayable": "false"}).json()["wednesdays"] == []


def test_the_briefs_case(client: TestClient) -> None:
    # Three films: the strongest goes to the 120-seat room, the week's costs are 4,900 EUR.
    candidates = [
        {"film_id": "a", "title": "A", "p10": 300_000, "p50": 300_000, "p90": 300_000},
        {"film_id": "b", "title": "B", "p10": 150_000, "p50": 150_000, "p90": 150_000},
        {"film_id": "c", "title": "C", "p10": 100_000, "p50": 100_000, "p90": 100_000},
    ]
    answer = client.post(
        "/v1/programmes", json={"candidates": candidates, "wednesday": "2023-01-04"}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    slots = {slot["room"]: slot for slot in body["programme"]["slots"]}
    assert slots["Salle 1"]["film_id"] == "a" and slots["Salle 1"]["seats"] == 120
    assert slots["Salle 2"]["film_id"] == "b"
    # 300,000 / 2000 = 150 people a week in Salle 1 (under 7 x 120); 75 in Salle 2.
    assert slots["Salle 1"]["expected_audience"] == 150.0
    assert slots["Salle 1"]["days"][0] == {
        "day": "Wednesday",
        "date": "2023-01-04",
        "audience": 21.4,
        "capacity": 120,
        "receipts": 214.29,
        "fill_rate": 0.1786,
    }
    pnl = body["pnl"]
    assert pnl["receipts"] == 2250.0 and pnl["fixed_costs"] == 4900.0
    assert pnl["result"] == -2650.0 and pnl["covers_costs"] is False
    assert pnl["break_even_receipts"] == 4900.0
    assert len(body["alternatives"]) == 2 and body["hindsight"] is None
    assert body["replay"] is False and body["model_version"] is None


def test_a_replayed_programme_with_hindsight(client: TestClient) -> None:
    answer = client.post("/v1/programmes", json={"wednesday": REPLAYED, "alternatives": 3})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["replay"] is True and len(body["alternatives"]) == 3
    strongest = max(body["candidates"], key=lambda film: film["p50"])
    assert body["programme"]["slots"][0]["film_id"] == strongest["film_id"]
    hindsight = body["hindsight"]
    assert 0 < hindsight["capture"] <= 1
    assert hindsight["programme_receipts"] <= hindsight["best_receipts"]
    assert [slot["room"] for slot in hindsight["best_slots"]] == ["Salle 1", "Salle 2"]
    assert body["pnl"]["receipts"] == body["programme"]["expected_receipts"]


def test_a_replayed_programme_asked_again_is_the_same_answer_until_the_question_changes(
    client: TestClient,
) -> None:
    question = {"wednesday": REPLAYED, "alternatives": 1}
    first = client.post("/v1/programmes", json=question)
    again = client.post("/v1/programmes", json=question)
    assert first.status_code == again.status_code == 200
    assert again.headers["content-type"] == "application/json"
    assert again.content == first.content
    weakest = min(first.json()["candidates"], key=lambda film: film["p50"])["film_id"]
    locked = client.post("/v1/programmes", json={**question, "locks": {"Salle 1": weakest}}).json()
    assert locked["programme"]["slots"][0]["film_id"] == weakest
    assert locked["programme"] != first.json()["programme"]
    chosen = first.json()["programme"]["slots"][0]["film_id"]
    excluded = client.post("/v1/programmes", json={**question, "exclusions": [chosen]}).json()
    assert all(slot["film_id"] != chosen for slot in excluded["programme"]["slots"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"wednesday": "2022-11-10"}, "is a Thursday, not a Wednesday"),
        ({"locks": {"Salle 1": "f-nope"}}, "not a candidate"),
        ({"locks": {"Salle 9": "x"}}, "no room called 'Salle 9'"),
        ({"rules": {"rooms": [{"name": "S", "seats": -1}]}}, "seats"),
        ({"overrides": [{"film_id": "f-nope", "planned_copies": 9}]}, "not a candidate"),
        ({"wednesday": None}, "give a wednesday"),
        ({"wednesday": "2024-06-05"}, "has no candidate film"),
        ({"wednesday": "2031-01-01"}, "is outside 2005-01-05..2025-01-01"),
        ({"rules": {"weekday_profile": [1, 1, 1, 1, 1, 1, 0]}}, "greater than or equal to 0.001"),
    ],
)
def test_programme_questions_that_cannot_be_answered_get_422(
    client: TestClient, change: dict[str, Any], message: str
) -> None:
    answer = client.post("/v1/programmes", json={"wednesday": REPLAYED, **change})
    assert answer.status_code == 422, answer.text
    assert message in json.dumps(answer.json()["detail"])


def test_a_lock_on_an_excluded_film_and_more_locks_than_rooms(client: TestClient) -> None:
    week = client.get(f"/v1/weeks/{REPLAYED}").json()["candidates"]
    first, second, third = (film["film_id"] for film in week[:3])
    locked_out = client.post(
        "/v1/programmes",
        json={"wednesday": REPLAYED, "locks": {"Salle 1": first}, "exclusions": [first]},
    )
    assert locked_out.status_code == 422
    assert "both locked into 'Salle 1' and excluded" in locked_out.json()["detail"]
    too_many = client.post(
        "/v1/programmes",
        json={
            "wednesday": REPLAYED,
            "locks": {"Salle 1": first, "Salle 2": second, "Salle 3": third},
        },
    )
    assert too_many.status_code == 422 and "no room called 'Salle 3'" in too_many.text
    locked = client.post(
        "/v1/programmes", json={"wednesday": REPLAYED, "locks": {"Salle 2": first}}
    ).json()
    slot = locked["programme"]["slots"][1]
    assert slot["film_id"] == first and slot["locked"] is True


def test_a_refresh_renaming_the_warehouse_under_the_api(
    client: TestClient, instance: ApiSettings
) -> None:
    before = Path(instance.warehouse).stat().st_ino
    write_landing_file(
        landing_file_path(instance.landing, "tmdb", "releases", "20230102T000000Z-releases"),
        [
            release("Avatar : la voie de l'eau 2", "2023-01-04", 900, source="tmdb", source_id=1),
            release("Un film discret", "2023-01-04", 30, source="tmdb", source_id=2),
        ],
    )
    refresh_warehouse(instance)
    assert Path(instance.warehouse).stat().st_ino != before
    assert client.get("/v1/health").json()["status"] == "ok"
    week = client.get("/v1/weeks/2023-01-04").json()
    assert week["replay"] is False and week["as_of"] == TODAY.isoformat()
    assert [film["title"] for film in week["candidates"]] == [
        "Avatar : la voie de l'eau 2",
        "Un film discret",
    ]
    plan = client.post("/v1/programmes", json={"wednesday": "2023-01-04"}).json()
    assert plan["programme"]["slots"][0]["title"] == "Avatar : la voie de l'eau 2"
    # the replays stored before the refresh are still there (fct_prediction is carried over)
    with duckdb.connect(str(instance.warehouse), read_only=True) as connection:
        kept = connection.execute(
            "SELECT count(*) FROM fct_prediction WHERE kind = 'replay'"
        ).fetchone()
    assert kept is not None and kept[0] > 0


def test_reload_swaps_in_a_newly_promoted_champion(
    client: TestClient,
    instance: ApiSettings,
    forecaster: FirstWeekForecaster,
    recent_history: History,
) -> None:
    unchanged = client.post("/v1/model/reload").json()
    assert unchanged == {"model_version": "1", "changed": False}
    register_champion(instance, forecaster, recent_history)
    assert client.get("/v1/model").json()["version"] == "1"  # not before the reload
    assert client.post("/v1/model/reload").json() == {"model_version": "2", "changed": True}
    assert client.get("/v1/model").json()["version"] == "2"
    assert client.get(f"/v1/weeks/{REPLAYED}").json()["model_version"] == "2"


def test_a_reload_the_registry_cannot_answer_is_a_503_and_keeps_the_model(
    instance: ApiSettings, tmp_path: Path
) -> None:
    service = WeeklyService(instance, today=lambda: TODAY)
    app = create_app(instance, service=service)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as api:
        loaded = api.get("/v1/model").json()["version"]
        damaged = tmp_path / "mlflow.db"
        damaged.write_text("not a database")
        service.settings = instance.model_copy(
            update={"mlflow_tracking_uri": f"sqlite:///{damaged}"}
        )
        answer = api.post("/v1/model/reload")
        assert answer.status_code == 503, answer.text
        detail = answer.json()["detail"]
        assert f"the MLflow store sqlite:///{damaged} cannot be opened" in detail
        assert "keeps the model it had loaded" in detail
        service.settings = instance
        assert api.get("/v1/model").json()["version"] == loaded


def test_serve_api_with_a_registry_it_cannot_open_fails_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "mlflow.db"
    damaged.write_text("not a database")
    monkeypatch.setenv("MERCREDI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MERCREDI_API_TOKEN", TOKEN)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.setenv("MERCREDI_MLFLOW_TRACKING_URI", f"sqlite:///{damaged}")
    result = CliRunner().invoke(cli, ["serve", "api", "--port", "18099"])
    assert result.exit_code == 1, result.output
    assert f"error: the MLflow store sqlite:///{damaged} cannot be opened" in result.output
    assert "Traceback" not in result.output


def test_without_a_champion_503_says_to_train(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    settings = instance_settings(tmp_path / "empty")
    app = create_app(settings, service=WeeklyService(settings))
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as empty:
        health = empty.get("/v1/health").json()
        assert health["status"] == "degraded" and health["model"] is None
        assert health["reasons"] == [
            "no champion model: run `mercredi train`",
            f"warehouse {settings.warehouse} is missing: run `mercredi warehouse refresh`",
        ]
        for method, path, body in (
            ("GET", "/v1/model", None),
            ("GET", f"/v1/weeks/{REPLAYED}", None),
            ("POST", "/v1/predictions", {"films": [FILM]}),
            ("POST", "/v1/programmes", {"wednesday": REPLAYED}),
        ):
            answer = empty.request(method, path, json=body)
            assert answer.status_code == 503, (path, answer.text)
            assert "run `mercredi train`" in answer.json()["detail"]
        # the actuals need no model, only the warehouse
        answer = empty.post("/v1/actuals", json={"film_ids": ["f-0123456789ab"]})
        assert answer.status_code == 503
        assert "run `mercredi warehouse refresh`" in answer.json()["detail"]


def test_production_refuses_to_start_without_a_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = ApiSettings(data_dir=tmp_path, env="production")
    with pytest.raises(ApiSettingsError, match="MERCREDI_API_TOKEN is not set"):
        create_app(settings)
    monkeypatch.setenv("MERCREDI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MERCREDI_ENV", "production")
    monkeypatch.delenv("MERCREDI_API_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "api", "--port", "18099"])
    assert result.exit_code == 2
    assert "MERCREDI_API_TOKEN is not set" in result.output
    development = ApiSettings(data_dir=tmp_path / "dev", env="development")
    create_app(development)
    token = (tmp_path / "dev" / "api-token").read_text().strip()
    assert len(token) >= 40 and (tmp_path / "dev" / "api-token").stat().st_mode & 0o077 == 0


def test_every_field_of_our_bodies_is_described_and_requests_have_examples(
    client: TestClient,
) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    framework = {"HTTPValidationError", "ValidationError"}
    undescribed = [
        f"{name}.{field}"
        for name, schema in schemas.items()
        if name not in framework
        for field, field_schema in schema.get("properties", {}).items()
        if "description" not in field_schema
    ]
    assert undescribed == []
    for path in ("/v1/predictions", "/v1/programmes", "/v1/rules/learned", "/v1/actuals"):
        body = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        assert schemas[body["schema"]["$ref"].split("/")[-1]]["examples"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def _attendance(film_id: str, room: str, wednesday: dt.date, people: int) -> list[dict[str, Any]]:
    return [
        {
            "film_id": film_id,
            "room": room,
            "date": (wednesday + dt.timedelta(days=offset)).isoformat(),
            "admissions": people * (2 if offset in (3, 4) else 1),
        }
        for offset in range(7)
    ]


def test_rules_learned_from_attendance_with_the_warehouse_actuals(
    client: TestClient, service: WeeklyService
) -> None:
    films = service.history().history.films
    wednesdays = [dt.date(2022, 11, 2) + dt.timedelta(weeks=n) for n in range(4)]
    attendance: list[dict[str, Any]] = []
    national = 0.0
    for wednesday in wednesdays:
        week = films.filter(films["release_date"] == wednesday).sort("admissions").tail(1)
        national += float(week["admissions"][0])
        attendance += _attendance(week["film_id"][0], "Salle 1", wednesday, 30)
        attendance += _attendance("f-not-in-warehouse", "Salle 2", wednesday, 10)
    body = {"attendance": attendance}
    answer = client.post("/v1/rules/learned", json=body)
    assert answer.status_code == 200, answer.text
    learned = answer.json()
    assert learned["weekday_profile"] == pytest.approx([1 / 9] * 3 + [2 / 9] * 2 + [1 / 9] * 2)
    assert learned["weekdays"][0] == "Wednesday"
    # the share rests on the four films the warehouse knows: 4 x 270 people over their actuals
    assert learned["audience_share"] == pytest.approx(4 * 270 / national)
    assert (learned["weeks"], learned["films"], learned["films_without_actuals"]) == (4, 4, 4)
    assert learned["first_wednesday"] == "2022-11-02"

    three_weeks = client.post("/v1/rules/learned", json={"attendance": attendance[:-1]})
    assert three_weeks.status_code == 422
    assert "only 3 complete week(s)" in three_weeks.json()["detail"]


def test_a_replay_is_served_when_its_stored_copy_cannot_be_read_or_written(
    client: TestClient,
    instance: ApiSettings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Another process holds the warehouse read-write for the whole request: the stored copy
    of a replay (a cache) can be neither read nor written, the answer is still served."""
    wednesday = "2021-09-01"  # a week no other test of this module asks
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.3)
    restarted = WeeklyService(instance, today=lambda: TODAY)
    restarted.reload()
    with held_read_write(instance.warehouse, 300), caplog.at_level(logging.WARNING):
        answer = client.get(f"/v1/weeks/{wednesday}")
        assert answer.status_code == 200, answer.text
        # A restarted service finds the replay's model kept on disk and looks for its stored
        # predictions: the read fails too, and the week is computed again.
        again = restarted.week(dt.date.fromisoformat(wednesday))
    body = answer.json()
    assert body["replay"] is True and len(body["candidates"]) >= 3
    assert [film.p50 for film in again.candidates] == pytest.approx(
        [film["p50"] for film in body["candidates"]], abs=0.5
    )  # the API rounds to whole admissions
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    stored_not = [w for w in warnings if "not stored in fct_prediction" in w]
    read_not = [w for w in warnings if "not read from fct_prediction" in w]
    assert len(stored_not) == 2 and len(read_not) == 1
    assert all(str(instance.warehouse) in w and "more than 0.3 s" in w for w in warnings)
    with duckdb.connect(str(instance.warehouse), read_only=True) as connection:
        stored = connection.execute(
            "SELECT count(*) FROM fct_prediction WHERE kind = 'replay' AND as_of_date = ?",
            [dt.date(2021, 8, 18)],
        ).fetchone()
    assert stored == (0,)
