"""`mercredi portal init | weekly-draft` as the ops engineer's jobs run them: subprocesses."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.portal.contract_api import TOKEN, ContractApi

pytestmark = pytest.mark.slow


def _mercredi(
    data_dir: Path, *args: str, entry: str = "portal.cli", **env: str
) -> subprocess.CompletedProcess[str]:
    """`mercredi portal <args>`; `entry="cron.cli"` goes through the whole command (slower)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MERCREDI_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", entry, *(["portal"] if entry == "cron.cli" else []), *args],
        cwd=REPO_ROOT,
        env={
            **clean,
            "MERCREDI_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 'portal.sqlite3'}",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_init_twice_changes_nothing_and_prints_the_password_once(tmp_path: Path) -> None:
    first = _mercredi(tmp_path, "init", entry="cron.cli")
    assert first.returncode == 0, first.stderr
    assert "cinema 'New is Always Better' created" in first.stdout
    assert "password (shown once" in first.stdout
    second = _mercredi(tmp_path, "init")
    assert second.returncode == 0, second.stderr
    assert "nothing changed" in second.stdout and "password" not in second.stdout
    with sqlite3.connect(tmp_path / "portal.sqlite3") as db:
        assert db.execute("SELECT name, seats FROM portal_room ORDER BY position").fetchall() == [
            ("Salle 1", 120),
            ("Salle 2", 80),
        ]
        assert db.execute("SELECT count(*) FROM auth_user").fetchone() == (1,)


def test_weekly_draft_stores_one_draft_and_mails_the_manager(
    tmp_path: Path, contract_api: ContractApi
) -> None:
    api = {"MERCREDI_API_URL": contract_api.url, "MERCREDI_API_TOKEN": TOKEN}
    not_ready = _mercredi(tmp_path, "weekly-draft", "--wednesday", "2030-01-02", **api)
    assert not_ready.returncode == 1 and "mercredi portal init" in not_ready.stderr
    assert _mercredi(tmp_path, "init", MERCREDI_MANAGER_PASSWORD="pw-0123456789").returncode == 0
    for _ in range(2):
        run = _mercredi(tmp_path, "weekly-draft", "--wednesday", "2030-01-02", **api)
        assert run.returncode == 0, run.stderr
        assert "La proposition pour le mercredi 02/01/2030" in run.stdout  # console mail
    assert "updated" in run.stdout
    assert "printed above, not sent (console backend" in run.stdout  # said, not claimed as mailed
    with sqlite3.connect(tmp_path / "portal.sqlite3") as db:
        assert db.execute(
            "SELECT wednesday, status, is_replay FROM portal_week_programme"
        ).fetchall() == [("2030-01-02", "draft", 0)]
    empty = _mercredi(tmp_path, "weekly-draft", "--wednesday", "2030-01-09", **api)
    assert empty.returncode == 0 and "no film announced" in empty.stdout
    contract_api.down = True
    down = _mercredi(tmp_path, "weekly-draft", "--wednesday", "2030-01-02", **api)
    assert down.returncode == 1 and "did not answer" in down.stderr
    assert len(down.stderr.strip().splitlines()) <= 2


def test_weekly_draft_takes_mercredi_today_as_today(
    tmp_path: Path, contract_api: ContractApi
) -> None:
    assert _mercredi(tmp_path, "init", MERCREDI_MANAGER_PASSWORD="pw-0123456789").returncode == 0
    api = {"MERCREDI_API_URL": contract_api.url, "MERCREDI_API_TOKEN": TOKEN}
    run = _mercredi(tmp_path, "weekly-draft", MERCREDI_TODAY="2029-12-28", **api)  # a Friday
    assert run.returncode == 0, run.stderr
    assert "programme of 2030-01-02 created" in run.stdout
    wrong = _mercredi(tmp_path, "weekly-draft", MERCREDI_TODAY="2029-02-30", **api)
    assert wrong.returncode == 2 and "MERCREDI_TODAY='2029-02-30'" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_a_wrong_wednesday_is_a_usage_error(tmp_path: Path) -> None:
    result = _mercredi(tmp_path, "weekly-draft", "--wednesday", "2030-01-03")
    assert result.returncode == 2 and "give a Wednesday" in result.stderr
    result = _mercredi(tmp_path, "weekly-draft", "--wednesday", "demain")
    assert result.returncode == 2 and "is not a date" in result.stderr


def test_weekly_draft_before_init_says_to_run_init(tmp_path: Path) -> None:
    done = _mercredi(tmp_path, "weekly-draft", "--wednesday", "2022-11-09")
    assert done.returncode == 1
    assert "run `mercredi portal init` first" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_weekly_draft_uses_the_token_the_api_keeps_for_development(
    tmp_path: Path, contract_api: ContractApi
) -> None:
    assert _mercredi(tmp_path, "init", MERCREDI_MANAGER_PASSWORD="pw-0123456789").returncode == 0
    api = {"MERCREDI_API_URL": contract_api.url}
    refused = _mercredi(tmp_path, "weekly-draft", "--wednesday", "2030-01-02", **api)
    assert refused.returncode == 1 and "MERCREDI_API_TOKEN" in refused.stderr
    (tmp_path / "api-token").write_text(TOKEN + "\n", encoding="utf-8")  # as the API makes it
    run = _mercredi(tmp_path, "weekly-draft", "--wednesday", "2030-01-02", **api)
    assert run.returncode == 0, run.stderr


def test_add_user_creates_an_account_once(tmp_path: Path) -> None:
    assert _mercredi(tmp_path, "init", MERCREDI_MANAGER_PASSWORD="pw-0123456789").returncode == 0
    made = _mercredi(
        tmp_path, "add-user", "equipe1", "--role", "staff", "--password", "Equipe-Test-2026!"
    )
    assert made.returncode == 0, made.stderr
    assert "account 'equipe1' created (staff)" in made.stdout
    again = _mercredi(tmp_path, "add-user", "EQUIPE1", "--role", "viewer")
    assert again.returncode == 1 and "existe déjà" in again.stderr
    assert "Traceback" not in again.stderr
    wrong = _mercredi(tmp_path, "add-user", "someone", "--role", "boss")
    assert wrong.returncode == 2 and "give manager, staff or viewer" in wrong.stderr
    empty = _mercredi(tmp_path, "add-user", "someone", "--password", " ")
    assert empty.returncode == 2 and "--password is empty" in empty.stderr
    with sqlite3.connect(tmp_path / "portal.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM auth_user").fetchone() == (2,)


def test_add_user_before_init_says_to_run_init(tmp_path: Path) -> None:
    done = _mercredi(tmp_path, "add-user", "equipe1", "--password", "Equipe-Test-2026!")
    assert done.returncode == 1 and "run `mercredi portal init` first" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_set_password_gives_a_lost_password_back(tmp_path: Path) -> None:
    assert _mercredi(tmp_path, "init", MERCREDI_MANAGER_PASSWORD="pw-0123456789").returncode == 0
    done = _mercredi(tmp_path, "set-password", "GERANT")
    assert done.returncode == 0, done.stderr
    assert "account 'gerant': password changed" in done.stdout
    secret = done.stdout.split("password (shown once): ")[1].strip()
    chosen = _mercredi(tmp_path, "set-password", "gerant", "--password", "Nouveau-Gerant-2026!")
    assert chosen.returncode == 0 and "shown once" not in chosen.stdout
    assert secret not in chosen.stdout
    unknown = _mercredi(tmp_path, "set-password", "personne")
    assert unknown.returncode == 1 and "Aucun compte « personne »" in unknown.stderr
    weak = _mercredi(tmp_path, "set-password", "gerant", "--password", "gerant")
    assert weak.returncode == 1 and "Mot de passe refusé" in weak.stderr
    with sqlite3.connect(tmp_path / "portal.sqlite3") as db:
        assert db.execute(
            "SELECT count(*) FROM portal_audit_event WHERE action = 'user_set_password'"
        ).fetchone() == (2,)


def test_a_wrong_portal_variable_is_named(tmp_path: Path) -> None:
    for variable, value, said in (
        ("DATABASE_URL", "garbage", "is not a database URL"),
        ("MERCREDI_API_TIMEOUT_S", "-5", "greater than 0"),
    ):
        done = _mercredi(tmp_path, "init", **{variable: value})
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"error: {variable}={value!r}: "), done.stderr
        assert said in done.stderr and len(done.stderr.strip().splitlines()) == 1
