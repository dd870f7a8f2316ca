"""A week nobody gave copies for: the champion's ranking model chooses the programme, and the
answer says so (its own instance: the module-scoped champion carries a ranker)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from predictor.api.settings import ApiSettings
from predictor.data import History
from predictor.model.forecaster import FirstWeekForecaster
from predictor.programme import best_programmes
from predictor.weekly import WeeklyService, WeekPlan, film_rows
from tests.predictor.api.conftest import register_champion

NEXT = "2023-01-04"
"""The week after the history's last: its films come from the request, as TMDB gives them."""
FILMS: list[dict[str, Any]] = [
    {
        "title": "Avatar : la voie de l'eau 2",
        "release_date": NEXT,
        "genre": "Science-fiction",
        "nationality": "Etats-Unis",
        "runtime_min": 190,
        "director": "James Cameron",
    },
    {
        "title": "Un film discret",
        "release_date": NEXT,
        "genre": "Drame",
        "nationality": "France",
        "runtime_min": 95,
    },
    {
        "title": "Une comédie",
        "release_date": NEXT,
        "genre": "Comédie",
        "nationality": "France",
        "runtime_min": 100,
        "cast": ["Christian Clavier"],
    },
    {
        "title": "Un film d'horreur",
        "release_date": NEXT,
        "genre": "Horreur",
        "nationality": "Etats-Unis",
        "runtime_min": 95,
    },
]
"""Four films on which the ranker and the regression disagree: both put the comedy first, then
the ranker takes Avatar and the regression (the point model of films without copies) the
horror film."""


def _rooms(answer: dict[str, Any]) -> dict[str, str | None]:
    return {slot["room"]: slot["film_id"] for slot in answer["programme"]["slots"]}


def _plan(service: WeeklyService, films: list[dict[str, Any]]) -> WeekPlan:
    """The service's plan of the week for `films` (the same question as the API's)."""
    rows = film_rows(
        {**film, "release_date": dt.date.fromisoformat(film["release_date"])} for film in films
    )
    return service.week_for(dt.date.fromisoformat(NEXT), extra_films=rows)


def _ranked(service: WeeklyService) -> list[str]:
    """The week's film ids by the champion's rank score, best first."""
    scored = [(film.rank_score, film.film_id) for film in _plan(service, FILMS).week.candidates]
    assert all(score is not None for score, _ in scored)
    return [film_id for _, film_id in sorted(scored, key=lambda pair: (-(pair[0] or 0), pair[1]))]


def _models_best(service: WeeklyService, films: list[dict[str, Any]]) -> dict[str, str]:
    """Room -> film_id of the model's best programme for `films`."""
    candidates = [film.candidate() for film in _plan(service, films).week.candidates]
    best = best_programmes(candidates, top=1)[0]
    return {room: film.film_id for room, film in best.assignments.items()}


def test_a_week_without_copies_gets_the_rankings_programme(
    client: TestClient, service: WeeklyService
) -> None:
    ranking = _ranked(service)
    answer = client.post("/v1/programmes", json={"wednesday": NEXT, "extra_films": FILMS})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["chosen_by"] == "ranking without copies" and body["replay"] is False
    assert all(film["copies"] is None for film in body["candidates"])
    assert _rooms(body) == {"Salle 1": ranking[0], "Salle 2": ranking[1]}
    # here the ranker disagrees with the model, whose best programme is the first alternative
    models_best = _models_best(service, FILMS)
    assert models_best != _rooms(body)
    alternatives = [
        {slot["room"]: slot["film_id"] for slot in alternative["slots"]}
        for alternative in body["alternatives"]
    ]
    assert alternatives[0] == models_best and _rooms(body) not in alternatives


def test_the_ranking_honours_the_managers_locks_and_exclusions(
    client: TestClient, service: WeeklyService
) -> None:
    ranking = _ranked(service)
    locked = client.post(
        "/v1/programmes",
        json={"wednesday": NEXT, "extra_films": FILMS, "locks": {"Salle 1": ranking[-1]}},
    ).json()
    assert locked["chosen_by"] == "ranking without copies"
    assert _rooms(locked) == {"Salle 1": ranking[-1], "Salle 2": ranking[0]}
    assert locked["programme"]["slots"][0]["locked"] is True
    excluded = client.post(
        "/v1/programmes",
        json={"wednesday": NEXT, "extra_films": FILMS, "exclusions": [ranking[0]]},
    ).json()
    assert _rooms(excluded) == {"Salle 1": ranking[1], "Salle 2": ranking[2]}


def test_copies_typed_for_one_film_bring_back_the_models_programme(
    client: TestClient, service: WeeklyService
) -> None:
    typed = [{**FILMS[0], "planned_copies": 700}, *FILMS[1:]]
    body = client.post("/v1/programmes", json={"wednesday": NEXT, "extra_films": typed}).json()
    assert body["chosen_by"] == "model"
    assert _rooms(body) == _models_best(service, typed)


def test_a_replay_is_chosen_by_the_model_its_week_fitted_model_has_no_ranker(
    client: TestClient,
) -> None:
    body = client.post("/v1/programmes", json={"wednesday": "2022-11-09"}).json()
    assert body["replay"] is True and body["chosen_by"] == "model"


def test_a_champion_without_ranker_keeps_the_models_programme(
    client: TestClient,
    service: WeeklyService,
    instance: ApiSettings,
    forecaster: FirstWeekForecaster,
    recent_history: History,
) -> None:
    assert forecaster.has_ranker
    old = FirstWeekForecaster.from_booster(
        forecaster.booster, forecaster.levels, forecaster.calibration
    )
    register_champion(instance, old, recent_history)
    assert client.post("/v1/model/reload").json()["changed"] is True
    assert not service.model.forecaster.has_ranker
    body = client.post("/v1/programmes", json={"wednesday": NEXT, "extra_films": FILMS}).json()
    assert body["chosen_by"] == "model"
    assert all(film.rank_score is None for film in _plan(service, FILMS).week.candidates)
    assert _rooms(body) == _models_best(service, FILMS)
