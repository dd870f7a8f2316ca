"""Portal fixtures: a contract-shaped API server, the cinema, one account per role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from portal.cinemas.models import Cinema
from portal.web.roles import Role
from tests.portal.contract_api import ContractApi, film, serve_contract_api

WEEK = dt.date(2030, 1, 2)
EMPTY_WEEK = dt.date(2030, 1, 9)
REPLAY_WEEK = dt.date(2022, 11, 9)
PASSWORD = "un-mot-de-passe-long"


def contract_weeks() -> dict[str, list[dict[str, Any]]]:
    """Three films next week (one without copies), two in a past week, none the week after."""
    return {
        WEEK.isoformat(): [
            film("f-monte", "Le Comte de Monte-Cristo", 520000, 650),
            film("f-petit", "Petit film", 60000, None, distributor=None),
            film("f-drame", "Drame du lundi", 150000, 200),
        ],
        REPLAY_WEEK.isoformat(): [
            film(
                "f-wakanda",
                "Black Panther: Wakanda Forever",
                1200000,
                700,
                actual_admissions=1300000,
            ),
            film("f-jouet", "Le Nouveau Jouet", 250000, 500, actual_admissions=200000),
        ],
    }


@pytest.fixture(scope="module")
def contract_api() -> Iterator[ContractApi]:
    """A real HTTP server answering docs/api.md's shapes, for the module."""
    with serve_contract_api(ContractApi(weeks=contract_weeks())) as api:
        yield api


@pytest.fixture(autouse=True)
def _point_at_contract_api(settings: Any, contract_api: ContractApi) -> None:
    from django.core.cache import cache

    cache.clear()  # the pages keep the API's health for 30 s
    settings.MERCREDI_API_URL = contract_api.url
    settings.MERCREDI_API_TOKEN = "test-token"
    contract_api.down = False
    contract_api.degraded = False
    contract_api.delay_s = 0.0
    contract_api.learned_share = 0.0004
    contract_api.requests.clear()
    contract_api.calls.clear()


@pytest.fixture
def cinema(db: None) -> Cinema:
    """The cinema as `mercredi portal init` creates it, with its manager `gerant`."""
    from portal.cinemas.services import cinema_init

    return cinema_init(
        name="New is Always Better",
        manager_username="gerant",
        manager_password=PASSWORD,
        manager_email="gerant@example.fr",
    ).cinema


@pytest.fixture
def users(cinema: Cinema) -> dict[Role, User]:
    """One account per role."""
    from portal.cinemas.services import user_create

    manager = User.objects.get(username="gerant")
    accounts: dict[Role, User] = {Role.MANAGER: manager}
    for role, name in ((Role.STAFF, "caisse"), (Role.VIEWER, "associe")):
        created = user_create(actor=manager, username=name, password=PASSWORD, role=role)
        assert isinstance(created, User)
        accounts[role] = created
    return accounts


@pytest.fixture
def clients(users: dict[Role, User]) -> dict[Role, Client]:
    """A logged-in test client per role."""
    logged: dict[Role, Client] = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        logged[role] = client
    return logged
