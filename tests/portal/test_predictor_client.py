"""The API client over a real HTTP server: typed answers, timeouts and refusals in French."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.programmes.predictor_client import (
    PredictorClient,
    PredictorRejectedError,
    PredictorUnavailableError,
)
from tests.portal.conftest import REPLAY_WEEK, WEEK
from tests.portal.contract_api import TOKEN, ContractApi


def test_typed_answers(contract_api: ContractApi) -> None:
    with PredictorClient(contract_api.url, TOKEN) as client:
        assert client.health().status == "ok"
        weeks = client.weeks()
        assert weeks.wednesdays == [REPLAY_WEEK] and weeks.next_wednesday == WEEK
        week = client.week(REPLAY_WEEK)
        assert week.replay and week.candidates[0].actual_admissions == 1300000
        assert week.candidates[0].reasons[0].label == "700 copies"
        rules = {
            "rooms": [{"name": "Salle 1", "seats": 120, "shows_per_day": 1}],
            "audience_share": 0.0005,
            "ticket_price_eur": 10.0,
            "fixed_costs_eur": 4900.0,
            "vat_rate": 0.055,
            "tsa_rate": 0.1072,
            "film_rental_rate": 0.5,
            "weekday_profile": [1.0] * 7,
        }
        proposal = client.programme({"wednesday": WEEK.isoformat(), "rules": rules})
    assert proposal.programme.slots[0].film_id == "f-monte"
    assert len(proposal.programme.slots[0].days) == 7
    assert proposal.pnl.fixed_costs == 4900.0 and proposal.hindsight is None


def test_national_actuals_are_one_lookup_per_2000_films(contract_api: ContractApi) -> None:
    to_come = [f"f-later-{n}" for n in range(2500)]
    with PredictorClient(contract_api.url, TOKEN) as client:
        answer = client.national_actuals(["f-jouet", "f-monte", "f-wakanda", "f-jouet"])
        assert [film.film_id for film in answer.actuals] == ["f-jouet", "f-wakanda"]
        assert answer.actuals[1].title == "Black Panther: Wakanda Forever"
        assert answer.actuals[1].release_date == REPLAY_WEEK
        assert answer.by_film() == {"f-jouet": 200000.0, "f-wakanda": 1300000.0}
        assert answer.unknown == ["f-monte"]  # next week's: no first week yet
        contract_api.calls.clear()
        many = client.national_actuals(["f-wakanda", *to_come])
    assert contract_api.calls == ["POST /v1/actuals"] * 2
    assert [len(body["film_ids"]) for body in contract_api.requests[-2:]] == [2000, 501]
    assert many.by_film() == {"f-wakanda": 1300000.0} and many.unknown == to_come


def test_a_wrong_token_is_named(contract_api: ContractApi) -> None:
    with PredictorClient(contract_api.url, "wrong") as client:
        client.health()  # no token needed
        with pytest.raises(PredictorUnavailableError, match="MERCREDI_API_TOKEN"):
            client.weeks()


def test_a_refusal_keeps_the_api_detail(contract_api: ContractApi) -> None:
    with (
        PredictorClient(contract_api.url, TOKEN) as client,
        pytest.raises(PredictorRejectedError, match="is not a Wednesday"),
    ):
        client.week(dt.date(2030, 1, 3))
    with (
        PredictorClient(contract_api.url, TOKEN) as client,
        pytest.raises(PredictorRejectedError, match=r"body\.film_ids"),
    ):
        client.national_actuals(["x" * 101])


def test_slow_and_down_are_unavailable(contract_api: ContractApi) -> None:
    contract_api.delay_s = 0.6
    with (
        PredictorClient(contract_api.url, TOKEN, timeout_s=0.2) as client,
        pytest.raises(PredictorUnavailableError, match="ne répond pas à temps"),
    ):
        client.health()
    with (
        PredictorClient("http://127.0.0.1:9", TOKEN, timeout_s=1) as client,
        pytest.raises(PredictorUnavailableError, match="injoignable"),
    ):
        client.health()


def test_an_unexpected_body_is_not_a_crash() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"status": None}))
    with (
        PredictorClient("http://api", TOKEN, transport=transport) as client,
        pytest.raises(PredictorUnavailableError, match="réponse inattendue"),
    ):
        client.health()


def test_learned_rules_typed_and_refused_under_four_weeks(contract_api: ContractApi) -> None:
    wednesdays = [dt.date(2029, 11, 7) + dt.timedelta(weeks=n) for n in range(4)]
    attendance = [
        {
            "film_id": "f-monte",
            "room": "Salle 1",
            "date": (wednesday + dt.timedelta(days=offset)).isoformat(),
            "admissions": 10,
        }
        for wednesday in wednesdays
        for offset in range(7)
    ]
    with PredictorClient(contract_api.url, TOKEN) as client:
        learned = client.learned_rules(attendance)
        assert learned.weeks == 4 and learned.first_wednesday == wednesdays[0]
        assert learned.weekday_profile == pytest.approx([1 / 7] * 7)
        assert learned.audience_share == 0.0004
        with pytest.raises(PredictorRejectedError, match="only 3 complete week"):
            client.learned_rules(attendance[7:])
