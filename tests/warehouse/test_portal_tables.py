"""The refresh reads the portal's programmes and attendance into fct_programme / fct_cinema_day."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO_ROOT
from warehouse.portal_tables import read_portal_tables, sqlalchemy_url
from warehouse.refresh import refresh_warehouse
from warehouse.settings import WarehouseSettings
from warehouse.sources import SourceError

# Runs in a child process: the portal's own migrations build the tables, the ORM fills them.
FILL_PORTAL = """
import datetime as dt, django
django.setup()
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", verbosity=0)
from portal.cinemas.services import cinema_init
from portal.programmes.models import WeekProgramme, Screening
from portal.attendance.models import DailyAttendance
cinema = cinema_init(name="New is Always Better", manager_username="gerant",
                     manager_password="pw-0123456789", manager_email="").cinema
week = dt.date(2022, 11, 9)
programme = WeekProgramme.objects.create(
    cinema=cinema, wednesday=week, is_replay=True, status="published", model_version="3",
    ticket_price_eur=10.0, fixed_costs_eur=4900.0, expected_receipts_eur=3800.0,
    published_at=timezone.now())
rooms = [("Salle 1", 120, "f-wakanda", "Black Panther", 1200000.0, 600.0),
         ("Salle 2", 80, "f-jouet", "Le Nouveau Jouet", 250000.0, 125.0)]
for position, (room, seats, film_id, title, p50, audience) in enumerate(rooms):
    screening = Screening.objects.create(
        programme=programme, position=position, room=room, seats=seats, film_id=film_id,
        title=title, p10=p50 / 2, p50=p50, p90=p50 * 2, expected_audience=audience,
        expected_receipts_eur=audience * 10)
    for offset in range(7):
        DailyAttendance.objects.create(screening=screening, date=week + dt.timedelta(days=offset),
                                       admissions=10 + offset + position)
WeekProgramme.objects.create(cinema=cinema, wednesday=dt.date(2030, 1, 2),
                             ticket_price_eur=10.0, fixed_costs_eur=4900.0)
"""


@pytest.fixture(scope="module")
def portal_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A portal SQLite database built by the portal's migrations, with one published week."""
    data_dir = tmp_path_factory.mktemp("portal-db")
    url = f"sqlite:///{data_dir / 'portal.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.config.settings.development",
        "DATABASE_URL": url,
        "MERCREDI_DATA_DIR": str(data_dir),
    }
    subprocess.run(
        [sys.executable, "-c", FILL_PORTAL], cwd=REPO_ROOT, env=env, check=True, timeout=120
    )
    return url


def _settings(tmp_path: Path, database_url: str | None) -> WarehouseSettings:
    settings = WarehouseSettings(data_dir=tmp_path / "data")
    return settings.model_copy(update={"database_url": database_url})


def test_an_absent_portal_database_gives_empty_tables(tmp_path: Path) -> None:
    tables = read_portal_tables(_settings(tmp_path, None))
    assert tables["fct_programme"].height == 0 and tables["fct_cinema_day"].height == 0
    assert tables["fct_programme"].columns[:4] == ["programme_id", "cinema", "wednesday", "status"]
    assert not (tmp_path / "data" / "portal.sqlite3").exists()


def test_an_unreachable_server_fails_the_refresh_by_name(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "postgres://postgres@127.0.0.1:1/portal_absent")
    with pytest.raises(SourceError, match=r"127\.0\.0\.1:1/portal_absent"):
        read_portal_tables(settings)


def test_dj_database_urls_become_sqlalchemy_urls() -> None:
    assert sqlalchemy_url("postgres://u:p@h:5432/db") == "postgresql+psycopg://u:p@h:5432/db"
    assert sqlalchemy_url("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"


def test_programmes_and_attendance_are_read_by_their_table_names(
    portal_sqlite: str, tmp_path: Path
) -> None:
    tables = read_portal_tables(_settings(tmp_path, portal_sqlite))
    programme = tables["fct_programme"]
    assert programme.height == 2  # the draft of 2030 has no screening yet
    first = programme.row(0, named=True)
    assert first["cinema"] == "New is Always Better" and first["room"] == "Salle 1"
    assert first["wednesday"] == dt.date(2022, 11, 9)
    assert first["status"] == "published" and first["is_replay"] is True
    assert first["p50"] == 1200000.0 and first["expected_receipts_eur"] == 6000.0
    assert first["fixed_costs_eur"] == 4900.0 and first["published_at"].tzinfo is not None
    days = tables["fct_cinema_day"]
    assert days.height == 14
    assert days["admissions"].sum() == sum(10 + d for d in range(7)) + sum(11 + d for d in range(7))
    assert days.row(0, named=True)["date"] == dt.date(2022, 11, 9)


def test_refresh_writes_both_tables(portal_sqlite: str, small_settings: WarehouseSettings) -> None:
    settings = small_settings.model_copy(update={"database_url": portal_sqlite})
    result = refresh_warehouse(settings)
    assert result.counts["fct_programme"] == 2 and result.counts["fct_cinema_day"] == 14
    with duckdb.connect(str(result.warehouse_path), read_only=True) as connection:
        types = dict(
            connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'fct_programme'"
            ).fetchall()
        )
    assert types["programme_id"] == "BIGINT" and types["wednesday"] == "DATE"
    assert types["seats"] == "INTEGER" and types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["is_replay"] == "BOOLEAN" and types["p50"] == "DOUBLE"


@pytest.fixture(scope="module")
def portal_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh PostgreSQL database on the local server (`portal_wh_<random>`), filled by the
    portal's migrations and ORM, dropped afterwards."""
    import uuid

    import psycopg

    host = os.environ.get("PGHOST", "127.0.0.1")
    port = os.environ.get("PGPORT", "5432")
    user = os.environ.get("PGUSER", "postgres")
    name = f"portal_wh_{uuid.uuid4().hex[:10]}"
    admin = f"postgresql://{user}@{host}:{port}/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{user}@{host}:{port}/{name}"
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.config.settings.development",
            "DATABASE_URL": url,
            "MERCREDI_DATA_DIR": str(tmp_path_factory.mktemp("portal-pg")),
        }
        subprocess.run(
            [sys.executable, "-c", FILL_PORTAL], cwd=REPO_ROOT, env=env, check=True, timeout=120
        )
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_programmes_are_read_from_postgresql(portal_postgres: str, tmp_path: Path) -> None:
    tables = read_portal_tables(_settings(tmp_path, portal_postgres))
    programme, days = tables["fct_programme"], tables["fct_cinema_day"]
    assert programme.height == 2 and days.height == 14
    first = programme.row(0, named=True)
    assert first["wednesday"] == dt.date(2022, 11, 9) and first["is_replay"] is True
    assert first["published_at"].tzinfo is not None
    assert days["admissions"].sum() == 91 + 98
