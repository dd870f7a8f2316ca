"""The weekly draft's e-mail to the manager (Django's mail backend, console by default)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from portal.cinemas.models import Cinema
from portal.programmes.models import WeekProgramme
from portal.web.numbers import THIN_SPACE, group
from portal.web.roles import Role


def _manager_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=Role.MANAGER.value).exclude(email="")
    return sorted({user.email for user in users}) or [settings.DEFAULT_FROM_EMAIL]


def weekly_draft_mail(
    *, cinema: Cinema, wednesday: dt.date, programme: WeekProgramme | None
) -> int:
    """Tell the managers the week's draft is ready (or that no film is announced)."""
    link = f"{settings.MERCREDI_PORTAL_URL.rstrip('/')}/?mercredi={wednesday.isoformat()}"
    if programme is not None and programme.is_replay:
        link += "&rejeu=on"
    if programme is None:
        subject = f"mercredi : aucun film annoncé pour le {wednesday:%d/%m/%Y}"
        body = (
            f"Aucun film n'est annoncé pour le mercredi {wednesday:%d/%m/%Y} ({cinema.name}).\n"
            f"Le portail propose de rejouer le dernier mercredi connu : {link}\n"
        )
    else:
        lines = [
            f"- {s.room} : {s.title or 'salle fermée'} ({group(s.expected_audience)} spectateurs "
            "attendus)"
            for s in programme.screenings.all()
        ]
        state = "publié" if programme.is_published else "à valider"
        kind = " (rejeu : une semaine passée, proposée après coup)" if programme.is_replay else ""
        subject = f"mercredi : programme du {wednesday:%d/%m/%Y} {state}"
        body = (
            f"La proposition pour le mercredi {wednesday:%d/%m/%Y}{kind} ({cinema.name}) est "
            "prête :\n"
            + "\n".join(lines)
            + f"\nRecettes attendues : {group(programme.expected_receipts_eur)}{THIN_SPACE}€\n"
            + f"Vérifiez-la et publiez-la : {link}\n"
        )
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, _manager_addresses())
