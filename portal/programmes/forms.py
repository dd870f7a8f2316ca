"""Forms of the programme pages; every message in French."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from portal.web.weeks import WEEK, is_wednesday, wednesday_of

FIRST_WEDNESDAY = dt.date(1960, 1, 6)
"""The earliest week a form accepts: the seed history starts in 1965."""
LAST_WEDNESDAY = dt.date(2099, 12, 30)
"""The latest week a form accepts (a typing slip, not a plan, beyond it)."""


def _wednesday(value: dt.date) -> dt.date:
    if not FIRST_WEDNESDAY <= value <= LAST_WEDNESDAY:
        raise forms.ValidationError(
            "Cette date est hors de portée : choisissez un mercredi entre le "
            f"{FIRST_WEDNESDAY:%d/%m/%Y} et le {LAST_WEDNESDAY:%d/%m/%Y}."
        )
    if not is_wednesday(value):
        before = wednesday_of(value)
        raise forms.ValidationError(
            f"Le {value:%d/%m/%Y} n'est pas un mercredi : choisissez par exemple le "
            f"{before:%d/%m/%Y} ou le {before + WEEK:%d/%m/%Y}."
        )
    return value


class WeekForm(forms.Form):
    """A Wednesday (and whether it is a replay)."""

    mercredi = forms.DateField(
        label="Mercredi",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Date invalide : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA."},
    )
    rejeu = forms.BooleanField(required=False)

    def clean_mercredi(self) -> dt.date:
        """The date, refused unless it is a Wednesday."""
        return _wednesday(self.cleaned_data["mercredi"])


class LockForm(forms.Form):
    """Lock a film in a room (an empty film frees the room)."""

    room = forms.CharField(max_length=60)
    film_id = forms.CharField(max_length=40, required=False)


class ExcludeForm(forms.Form):
    """Exclude a film (or take it back)."""

    film_id = forms.CharField(max_length=40)
    excluded = forms.BooleanField(required=False)


class SwapForm(forms.Form):
    """Swap the films of two rooms."""

    room_a = forms.CharField(max_length=60)
    room_b = forms.CharField(max_length=60)


COPIES_ERRORS = {
    "min_value": "Au moins 1 copie.",
    "max_value": "Au plus 10 000 copies.",
    "invalid": "Nombre de copies : un nombre entier.",
}
"""The planned copies' errors: the page shows them in a banner, away from the field."""


class OverrideForm(forms.Form):
    """What the manager heard when booking: the distributor and the planned copies."""

    film_id = forms.CharField(max_length=40, widget=forms.HiddenInput)
    distributor = forms.CharField(label="Distributeur", max_length=200, required=False)
    planned_copies = forms.IntegerField(
        label="Copies prévues",
        required=False,
        min_value=1,
        max_value=10000,
        error_messages=COPIES_ERRORS,
    )


class ExtraFilmForm(forms.Form):
    """A film the crawlers missed, as the API's `FilmIn`."""

    title = forms.CharField(
        label="Titre", max_length=300, error_messages={"required": "Le titre est obligatoire."}
    )
    release_date = forms.DateField(
        label="Sortie",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Date de sortie invalide (AAAA-MM-JJ)."},
    )
    distributor = forms.CharField(label="Distributeur", max_length=200, required=False)
    planned_copies = forms.IntegerField(
        label="Copies prévues",
        required=False,
        min_value=1,
        max_value=10000,
        error_messages=COPIES_ERRORS,
    )
    genre = forms.CharField(label="Genre", max_length=100, required=False)
    nationality = forms.CharField(label="Nationalité", max_length=100, required=False)

    def film(self) -> dict[str, Any]:
        """The film as the API's `FilmIn` fields."""
        return dict(self.cleaned_data)


class PeriodForm(forms.Form):
    """A period of the history."""

    du = forms.DateField(label="Du", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    au = forms.DateField(label="Au", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def clean(self) -> dict[str, Any]:
        """Refuse a period that ends before it starts."""
        data = super().clean() or {}
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            raise forms.ValidationError("La période se termine avant de commencer.")
        return data
