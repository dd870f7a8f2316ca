"""Security: deploy checks with production settings, login throttling, CSRF, no secret default."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client

from portal.cinemas.models import Cinema
from tests.conftest import REPO_ROOT
from tests.portal.conftest import PASSWORD, WEEK

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.config.settings.production",
    "MERCREDI_SECRET_KEY": "a-production-secret-key-only-for-this-test-0123456789-abcdefghij",
    "MERCREDI_ALLOWED_HOSTS": "portail.example.fr",
    "MERCREDI_API_TOKEN": "production-token",
}


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MERCREDI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "-m", "portal.manage", *args],
        cwd=REPO_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "missing", ["MERCREDI_SECRET_KEY", "MERCREDI_ALLOWED_HOSTS", "MERCREDI_API_TOKEN"]
)
def test_production_refuses_to_start_without_its_secrets(missing: str) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _manage(env, "check")
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


@pytest.mark.django_db
def test_login_is_locked_after_five_failures(cinema: Cinema) -> None:
    client = Client()
    for _ in range(5):
        response = client.post("/connexion/", {"username": "gerant", "password": "faux"})
    response = client.post("/connexion/", {"username": "gerant", "password": PASSWORD})
    assert response.status_code == 429
    assert "Connexion bloquée" in response.content.decode()
    other = Client().post("/connexion/", {"username": "caisse", "password": "faux"})
    assert other.status_code == 200  # another account is not locked


@pytest.mark.django_db
def test_a_good_login_lands_on_the_week(cinema: Cinema) -> None:
    client = Client()
    response = client.post("/connexion/", {"username": "gerant", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    wrong = Client().post("/connexion/", {"username": "gerant", "password": "faux"})
    assert "Identifiant ou mot de passe incorrect." in wrong.content.decode()


@pytest.mark.django_db
def test_forms_need_the_csrf_token(cinema: Cinema) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="gerant"))
    response = client.post("/programme/calculer/", {"mercredi": WEEK.isoformat()})
    assert response.status_code == 403
    refused = response.content.decode()
    assert "Ce formulaire a expiré" in refused and 'lang="fr"' in refused
    assert "Retour à la semaine" in refused
    page = client.get(f"/?mercredi={WEEK.isoformat()}").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
