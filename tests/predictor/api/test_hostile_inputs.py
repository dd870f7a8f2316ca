"""What a hostile client sends: non-finite numbers, weeks outside the range, rules that overflow,
films that do not open in the week, duplicate overrides, unprintable titles. Always a 4xx whose
body is valid JSON naming the field; never a 500. And what the manager reads: reasons in good
French, alternatives that are real choices."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from predictor.weekly import WeeklyService, film_rows
from tests.predictor.api.conftest import TOKEN

WEEK = "2022-12-28"
FIRST = "2005-01-05"
LAST = "2025-01-01"  # the last Wednesday two years after the instance's today (2023-01-02)


def _strict_json(text: str) -> Any:
    """The body as JSON, refusing NaN and Infinity as any strict client does."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def hostile(client: TestClient) -> TestClient:
    """The app's client, answering 500s instead of raising them (as a real server would)."""
    return TestClient(
        client.app,
        headers={"Authorization": f"Bearer {TOKEN}"},
        raise_server_exceptions=False,
    )


def _post_raw(client: TestClient, path: str, body: str) -> Any:
    return client.post(path, content=body.encode(), headers={"content-type": "application/json"})


FILM = '"title": "x", "release_date": "2022-12-28"'
ASKED = f'"wednesday": "{WEEK}"'


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/predictions", f'{{"films": [{{{FILM}, "planned_copies": NaN}}]}}', "planned_copies"),
        ("/v1/predictions", f'{{"films": [{{{FILM}, "budget": Infinity}}]}}', "budget"),
        ("/v1/predictions", f'{{"films": [{{{FILM}, "runtime_min": NaN}}]}}', "runtime_min"),
        ("/v1/predictions", f'{{"films": [{{{FILM}, "source_id": -Infinity}}]}}', "source_id"),
        # a missing field's error echoes the whole film, NaN included
        ("/v1/predictions", '{"films": [{"title": "x", "planned_copies": NaN}]}', "release_date"),
        ("/v1/programmes", f'{{"wednesday": "{WEEK}", "alternatives": NaN}}', "alternatives"),
        (
            "/v1/programmes",
            f'{{"wednesday": "{WEEK}", "rules": {{"audience_share": NaN}}}}',
            "audience_share",
        ),
        (
            "/v1/programmes",
            f'{{"wednesday": "{WEEK}", "rules": {{"ticket_price_eur": Infinity}}}}',
            "ticket_price_eur",
        ),
        (
            "/v1/programmes",
            f'{{"wednesday": "{WEEK}", "rules": {{"fixed_costs_eur": -Infinity}}}}',
            "fixed_costs_eur",
        ),
        (
            "/v1/programmes",
            f'{{"wednesday": "{WEEK}", "rules": {{"vat_rate": NaN, "tsa_rate": NaN, '
            '"film_rental_rate": NaN}}',
            "film_rental_rate",
        ),
        (
            "/v1/programmes",
            f'{{"wednesday": "{WEEK}", "rules": {{"weekday_profile": [1, 1, 1, NaN, 1, 1, 1]}}}}',
            "weekday_profile",
        ),
        (
            "/v1/programmes",
            f'{{"wednesday": "{WEEK}", "rules": {{"rooms": [{{"name": "A", "seats": NaN}}]}}}}',
            "seats",
        ),
        (
            "/v1/programmes",
            '{"candidates": [{"film_id": "a", "title": "A", "p10": 1, "p50": Infinity, '
            '"p90": NaN}]}',
            "p50",
        ),
        (
            "/v1/programmes",
            f'{{"wednesday": "{WEEK}", "overrides": [{{"film_id": "a", "planned_copies": NaN}}]}}',
            "planned_copies",
        ),
        (
            "/v1/programmes",
            f'{{"wednesday": "{WEEK}", "extra_films": [{{{FILM}, "runtime_min": Infinity}}]}}',
            "runtime_min",
        ),
        (
            "/v1/rules/learned",
            '{"attendance": [{"film_id": "a", "room": "S", "date": "2022-11-09", '
            '"admissions": NaN}]}',
            "admissions",
        ),
        ("/v1/actuals", '{"film_ids": [NaN]}', "film_ids"),
    ],
)
def test_a_non_finite_number_is_a_422_naming_the_field_in_valid_json(
    hostile: TestClient, path: str, body: str, field: str
) -> None:
    answer = _post_raw(hostile, path, body)
    assert answer.status_code == 422, answer.text
    detail = _strict_json(answer.text)["detail"]
    assert any(field in item["loc"] for item in detail), detail


def test_the_422_echoes_non_finite_numbers_as_the_client_wrote_them(hostile: TestClient) -> None:
    answer = _post_raw(
        hostile, "/v1/predictions", f'{{"films": [{{{FILM}, "planned_copies": -Infinity}}]}}'
    )
    assert answer.status_code == 422
    (item,) = _strict_json(answer.text)["detail"]
    assert item["loc"] == ["body", "films", 0, "planned_copies"]
    assert item["input"] == "-Infinity"
    # the connection is still usable afterwards: the next question is answered
    assert hostile.get("/v1/weeks", params={"replayable": "false"}).status_code == 200


@pytest.mark.parametrize(
    "wednesday",
    ["0001-01-03", "0001-01-01", "9999-12-29", "9999-12-31", "1990-01-03", "2004-12-29"],
)
def test_a_week_outside_the_range_is_a_422_naming_it(hostile: TestClient, wednesday: str) -> None:
    answer = hostile.get(f"/v1/weeks/{wednesday}")
    assert answer.status_code == 422, answer.text
    assert f"wednesday {wednesday} is outside {FIRST}..{LAST}" in answer.json()["detail"]


@pytest.mark.parametrize("wednesday", ["1990-01-03", "2004-12-29", "2031-01-01"])
def test_programmes_apply_the_same_range(hostile: TestClient, wednesday: str) -> None:
    answer = hostile.post("/v1/programmes", json={"wednesday": wednesday})
    assert answer.status_code == 422, answer.text
    assert f"is outside {FIRST}..{LAST}" in answer.json()["detail"]


def test_the_range_starts_with_the_date_pickers_first_week(hostile: TestClient) -> None:
    replayable = hostile.get("/v1/weeks").json()["wednesdays"]
    assert replayable[0] == FIRST
    first = hostile.get(f"/v1/weeks/{FIRST}")
    assert first.status_code == 200, first.text
    assert first.json()["replay"] is True and first.json()["candidates"]
    # inside the range, a week without any release is an empty week, as the docs say
    assert hostile.get(f"/v1/weeks/{LAST}").json()["candidates"] == []


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"weekday_profile": [1e308] * 7}, "weekday_profile"),
        ({"weekday_profile": [1, 1, 1, 1, 1, 1, 1_000_001]}, "weekday_profile"),
        ({"weekday_profile": [5e-324, 1, 1, 1, 1, 1, 1]}, "weekday_profile"),  # share 0
        ({"weekday_profile": [1e-320, 1_000_000, 1, 1, 1, 1, 1]}, "weekday_profile"),
        ({"ticket_price_eur": 1e308}, "ticket_price_eur"),
        ({"fixed_costs_eur": 1e308}, "fixed_costs_eur"),
    ],
)
def test_rules_that_would_overflow_are_a_422(
    hostile: TestClient, rules: dict[str, Any], field: str
) -> None:
    answer = hostile.post("/v1/programmes", json={"wednesday": "2022-11-09", "rules": rules})
    assert answer.status_code == 422, answer.text
    assert any(field in item["loc"] for item in answer.json()["detail"])


def test_the_largest_weekday_weights_are_the_flat_profile(hostile: TestClient) -> None:
    flat = hostile.post("/v1/programmes", json={"wednesday": "2022-11-09"}).json()
    heavy = hostile.post(
        "/v1/programmes",
        json={"wednesday": "2022-11-09", "rules": {"weekday_profile": [1_000_000] * 7}},
    )
    assert heavy.status_code == 200, heavy.text
    assert heavy.json()["programme"] == flat["programme"]


def test_an_extra_film_must_open_in_the_week(hostile: TestClient) -> None:
    old = {"title": "Vieux film", "release_date": "1990-01-03", "planned_copies": 900}
    answer = hostile.post("/v1/programmes", json={"wednesday": WEEK, "extra_films": [old]})
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert "extra film 'Vieux film' has release_date 1990-01-03" in detail
    assert f"outside the week of {WEEK}" in detail
    assert "(2022-12-28, 2022-12-29, 2022-12-30, 2022-12-31, 2023-01-01, 2023-01-02, " in detail
    assert "2023-01-03)" in detail
    # the next Wednesday is already another week
    late = {**old, "release_date": "2023-01-04"}
    assert (
        hostile.post("/v1/programmes", json={"wednesday": WEEK, "extra_films": [late]}).status_code
        == 422
    )
    # a Saturday of the week is a release of the week
    saturday = {**old, "release_date": "2022-12-31"}
    fine = hostile.post("/v1/programmes", json={"wednesday": WEEK, "extra_films": [saturday]})
    assert fine.status_code == 200, fine.text
    assert "Vieux film" in [film["title"] for film in fine.json()["candidates"]]


def test_the_same_films_overrides_twice_is_a_422(hostile: TestClient) -> None:
    film_id = hostile.get(f"/v1/weeks/{WEEK}").json()["candidates"][0]["film_id"]
    answer = hostile.post(
        "/v1/programmes",
        json={
            "wednesday": WEEK,
            "overrides": [
                {"film_id": film_id, "planned_copies": 10},
                {"film_id": film_id, "distributor": "Pathé"},
            ],
        },
    )
    assert answer.status_code == 422, answer.text
    assert f"overrides of film_id {film_id!r} are given more than once" in answer.json()["detail"]
    once = hostile.post(
        "/v1/programmes",
        json={
            "wednesday": WEEK,
            "overrides": [{"film_id": film_id, "planned_copies": 10, "distributor": "Pathé"}],
        },
    )
    assert once.status_code == 200, once.text


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (
            "/v1/predictions",
            '{"films": [{"title": "   ", "release_date": "2022-12-28"}]}',
            "blanks",
        ),
        (
            "/v1/predictions",
            '{"films": [{"title": "\\u200b", "release_date": "2022-12-28"}]}',
            "blanks",  # a zero-width space shows nothing
        ),
        (
            "/v1/predictions",
            '{"films": [{"title": "a\\u0000b", "release_date": "2022-12-28"}]}',
            "U+0000",
        ),
        (
            "/v1/predictions",
            '{"films": [{"title": "a\\nb", "release_date": "2022-12-28"}]}',
            "U+000A",
        ),
        (
            "/v1/predictions",
            '{"films": [{"title": "a\\ud800", "release_date": "2022-12-28"}]}',
            "valid string",
        ),
        (
            "/v1/predictions",
            '{"films": [{"title": "x", "release_date": "2022-12-28", "cast": ["\\u001b[31m"]}]}',
            "U+001B",
        ),
        (
            "/v1/programmes",
            '{"candidates": [{"film_id": "a", "title": " ", "p10": 1, "p50": 2, "p90": 3}]}',
            "blanks",
        ),
        (
            "/v1/programmes",
            f'{{{ASKED}, "overrides": [{{"film_id": "a", "distributor": "\\u0007"}}]}}',
            "U+0007",
        ),
        (
            "/v1/programmes",
            f'{{{ASKED}, "rules": {{"rooms": [{{"name": "S\\u0000", "seats": 9}}]}}}}',
            "U+0000",
        ),
        ("/v1/actuals", '{"film_ids": ["\\udfff"]}', "U+DFFF, a lone surrogate"),
    ],
)
def test_blank_or_unprintable_text_is_a_422(
    hostile: TestClient, path: str, body: str, message: str
) -> None:
    answer = _post_raw(hostile, path, body)
    assert answer.status_code == 422, answer.text
    assert message in json.dumps(_strict_json(answer.text)["detail"])


def test_reasons_count_in_good_french(hostile: TestClient, service: WeeklyService) -> None:
    films = [
        {"title": "Une seule copie", "release_date": "2026-12-02", "planned_copies": 1},
        {"title": "Deux copies", "release_date": "2026-12-02", "planned_copies": 2},
    ]
    answer = hostile.post("/v1/predictions", json={"films": films})
    assert answer.status_code == 200, answer.text
    one, two = answer.json()["predictions"]
    assert {"feature": "copies", "label": "1 copie"} in [
        {"feature": reason["feature"], "label": reason["label"]} for reason in one["reasons"]
    ]
    assert "2 copies" in [reason["label"] for reason in two["reasons"]]
    # every group's label, not only the top three the API serves
    rows = film_rows({**film, "release_date": dt.date(2026, 12, 2)} for film in films)
    _, forecasts = service.predict(rows)
    labels = {
        reason.feature: reason.label
        for reason in forecasts[0].explanation.reasons  # type: ignore[union-attr]
    }
    assert labels["copies"] == "1 copie"
    assert labels["competition"] == "concurrence : 1 autre sortie la même semaine"


def _rooms(programme: dict[str, Any]) -> dict[str, str | None]:
    return {slot["room"]: slot["film_id"] for slot in programme["slots"]}


def test_alternatives_are_real_choices(hostile: TestClient) -> None:
    answer = hostile.post("/v1/programmes", json={"wednesday": WEEK, "alternatives": 3})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    shown = [body["programme"], *body["alternatives"]]
    assert len(body["alternatives"]) == 3
    assert _rooms(body["programme"]) not in [_rooms(other) for other in body["alternatives"]]
    for index, programme in enumerate(shown):
        for earlier in shown[:index]:
            same_films = set(_rooms(programme).values()) == set(_rooms(earlier).values())
            gap = abs(programme["expected_receipts"] - earlier["expected_receipts"])
            # a room swap of the same films is offered only when it sells a ticket more or less
            assert not same_films or gap >= 10.0, (programme, earlier)
    receipts = [programme["expected_receipts"] for programme in shown]
    assert receipts == sorted(receipts, reverse=True)
