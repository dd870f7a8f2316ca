"""`mercredi portal init | weekly-draft | add-user | set-password` and `mercredi serve portal`.

Thin commands over the portal's services; Django is set up inside each command (never at import).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from portal.settings import PortalSettings, PortalSettingsError, get_portal_settings
from portal.web.weeks import is_wednesday, next_wednesday

if TYPE_CHECKING:
    from portal.cinemas.models import Cinema

app = typer.Typer(
    help="The manager's portal: set-up, the weekly draft, accounts.", no_args_is_help=True
)
DEFAULT_SETTINGS_MODULE = "portal.config.settings.development"


def _settings() -> PortalSettings:
    """The portal's settings; a wrong variable ends the command as a usage error (exit 2)."""
    try:
        return get_portal_settings()
    except PortalSettingsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None


def _setup_django() -> None:
    """Point Django at the portal's settings (development unless DJANGO_SETTINGS_MODULE says)."""
    import django

    settings = _settings()
    if settings.database.startswith("sqlite:///"):
        Path(settings.database.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS_MODULE)
    django.setup()


def _set_up_cinema() -> Cinema:
    """The cinema, once Django is set up; a portal never initialised ends the command."""
    from django.db import DatabaseError

    from portal.cinemas.selectors import NoCinemaError, cinema_get

    try:
        return cinema_get()
    except (NoCinemaError, DatabaseError):  # no cinema, or no tables at all yet
        raise _fail("the portal is not set up: run `mercredi portal init` first") from None


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


@app.command()
def init() -> None:
    """Create the database tables, the cinema (two rooms, the brief's rules) and the manager.

    Running it again changes nothing. The manager's password is MERCREDI_MANAGER_PASSWORD, or a
    generated one printed once.
    """
    _setup_django()
    from django.core.management import call_command
    from django.db import DatabaseError

    from portal.cinemas.services import cinema_init

    settings = _settings()
    try:
        call_command("migrate", interactive=False, verbosity=0)
        result = cinema_init(
            name=settings.cinema_name,
            manager_username=settings.manager_username,
            manager_password=settings.manager_password,
            manager_email=settings.manager_email,
        )
    except DatabaseError as error:
        raise _fail(f"database {settings.database.split('@')[-1]!r} refused: {error}") from None
    if result.cinema_created:
        typer.echo(f"cinema {result.cinema.name!r} created: Salle 1 (120), Salle 2 (80)")
    else:
        typer.echo(f"cinema {result.cinema.name!r} already set up; nothing changed")
    if result.manager_created:
        typer.echo(f"manager account {settings.manager_username!r} created")
        if result.generated_password:
            typer.echo(f"  password (shown once, write it down): {result.generated_password}")
    else:
        typer.echo(f"manager account {settings.manager_username!r} already exists")


@app.command("weekly-draft")
def weekly_draft(
    wednesday: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="The Wednesday; default: the one after today (MERCREDI_TODAY when set).",
        ),
    ] = None,
) -> None:
    """Ask the API for next Wednesday's programme, store it as a DRAFT, e-mail the manager.

    Idempotent: a week already published is left alone; a draft is recomputed.
    """
    day: dt.date | None = None
    if wednesday is not None:
        try:
            day = dt.date.fromisoformat(wednesday)
        except ValueError:
            raise typer.BadParameter(
                f"--wednesday {wednesday!r} is not a date (YYYY-MM-DD)"
            ) from None
        if not is_wednesday(day):
            raise typer.BadParameter(f"--wednesday {wednesday} is a {day:%A}; give a Wednesday")
    _setup_django()
    from django.utils import timezone

    from portal.programmes.predictor_client import (
        PredictorError,
        PredictorRejectedError,
        get_predictor_client,
    )
    from portal.programmes.services import ProgrammeError, programme_draft_compute
    from portal.programmes.weekly import weekly_draft_mail

    cinema = _set_up_cinema()
    day = day or next_wednesday(_settings().today or timezone.localdate())
    try:
        with get_predictor_client() as client:
            announced = len(client.week(day).candidates)
            if announced == 0:
                weekly_draft_mail(cinema=cinema, wednesday=day, programme=None)
                typer.echo(f"no film announced for {day}; nothing stored; {_mailed()}")
                return
            programme, created = programme_draft_compute(
                actor=None, cinema=cinema, wednesday=day, replay=False, client=client
            )
    except PredictorRejectedError as error:  # the API's own words say which value and why
        raise _fail(f"the predictor API refused the week {day}: {error.detail or error}") from None
    except PredictorError as error:
        detail = f" ({error.detail})" if error.detail else ""
        raise _fail(
            f"the predictor API did not answer for {day}: {error.message}{detail}"
        ) from None
    except ProgrammeError as error:
        raise _fail(str(error)) from None
    weekly_draft_mail(cinema=cinema, wednesday=day, programme=programme)
    state = "created" if created else ("kept (published)" if programme.is_published else "updated")
    typer.echo(
        f"programme of {day} {state}: {programme.screenings.exclude(film_id=None).count()} "
        f"film(s), expected receipts {programme.expected_receipts_eur:.0f} EUR; {_mailed()}"
    )


def _mailed() -> str:
    """What became of the manager's e-mail: sent, or only printed by the development backend."""
    if _settings().email_backend.endswith("console.EmailBackend"):
        return (
            "the manager's e-mail was printed above, not sent (console backend: set "
            "MERCREDI_EMAIL_BACKEND to send it)"
        )
    return "manager e-mailed"


@app.command("add-user")
def add_user(
    username: Annotated[str, typer.Argument(help="The new account's login.")],
    role: Annotated[str, typer.Option(help="The role: manager, staff or viewer.")] = "staff",
    password: Annotated[
        str | None, typer.Option(help="Default: generated and printed once.")
    ] = None,
) -> None:
    """Create an account with one role (staff type attendance; viewers only read)."""
    import secrets

    if role not in ("manager", "staff", "viewer"):
        raise typer.BadParameter(f"--role {role!r}: give manager, staff or viewer")
    if password is not None and not password.strip():
        raise typer.BadParameter("--password is empty; give one, or leave the option out")
    _setup_django()
    from portal.cinemas.services import user_create
    from portal.web.roles import Role

    chosen = Role(role)

    _set_up_cinema()
    secret = password or secrets.token_urlsafe(12)
    try:
        user_create(actor=None, username=username, password=secret, role=chosen)
    except ValueError as error:
        raise _fail(str(error)) from None
    typer.echo(f"account {username!r} created ({chosen.value})")
    if password is None:
        typer.echo(f"  password (shown once): {secret}")


@app.command("set-password")
def set_password(
    username: Annotated[str, typer.Argument(help="The account's login.")],
    password: Annotated[
        str | None, typer.Option(help="Default: generated and printed once.")
    ] = None,
) -> None:
    """Give an account a new password (a lost manager password, say)."""
    import secrets

    if password is not None and not password.strip():
        raise typer.BadParameter("--password is empty; give one, or leave the option out")
    _setup_django()
    from portal.cinemas.services import user_set_password

    _set_up_cinema()
    secret = password or secrets.token_urlsafe(12)
    try:
        user = user_set_password(actor=None, username=username, password=secret)
    except ValueError as error:
        raise _fail(str(error)) from None
    typer.echo(f"account {user.get_username()!r}: password changed")
    if password is None:
        typer.echo(f"  password (shown once): {secret}")


def serve_portal(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8001,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Gunicorn worker processes.")] = 2,
) -> None:
    """Serve the portal with gunicorn (static files by WhiteNoise) until stopped."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS_MODULE)
    if os.environ["DJANGO_SETTINGS_MODULE"].endswith(".production"):
        _setup_django()
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-",
    ]
    typer.echo(f"portal on http://{host}:{port}/")
    try:
        raise typer.Exit(subprocess.call(command))
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


if __name__ == "__main__":
    app()
