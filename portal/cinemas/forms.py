"""The Paramètres forms: the cinema's rules in the manager's units (percent, 1 in N)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from portal.cinemas.models import WEEKDAY_LABELS, Cinema, CinemaSettings
from portal.cinemas.services import USERNAME, USERNAME_RULE
from portal.web.roles import Role

MAX_DAY_WEIGHT = 1000.0
"""The largest weight of a day in the weekday profile (only the ratios between days count)."""


def _with_point(value: Any) -> Any:
    """A number typed the French way (1 234,5) as Python reads it (1234.5)."""
    if isinstance(value, str):
        return value.strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    return value


class CommaDecimalField(forms.DecimalField):
    """A decimal typed the French way (5,5) or the browser's way (5.5)."""

    def to_python(self, value: Any) -> Any:
        """The number, with a decimal comma read as a point."""
        return super().to_python(_with_point(value))


class CommaFloatField(forms.FloatField):
    """A float typed the French way (1,5) or the browser's way (1.5)."""

    def to_python(self, value: Any) -> Any:
        """The number, with a decimal comma read as a point."""
        return super().to_python(_with_point(value))


def _messages(label: str, **messages: str) -> dict[str, str]:
    """Error messages naming `label`; Django fills them with %-formatting, so the label's own
    percent signs ("TVA (%)") are doubled."""
    label = label.replace("%", "%%")
    return {key: message.format(label=label) for key, message in messages.items()}


def _percent(label: str) -> forms.DecimalField:
    return CommaDecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=Decimal("99.99"),
        decimal_places=2,
        error_messages=_messages(
            label,
            min_value="{label} : pas de taux négatif.",
            max_value="{label} : un taux inférieur à 100 %%.",
            max_decimal_places="{label} : deux décimales au plus.",
            invalid="{label} : un nombre, par exemple 5,5.",
        ),
    )


class RulesForm(forms.Form):
    """Every rule of the cinema; rooms' seats and shows are added per room."""

    audience_divisor = forms.IntegerField(
        label="Audience : 1 spectateur pour N entrées nationales",
        min_value=1,
        max_value=10_000_000,
        error_messages={"min_value": "N doit être au moins 1.", "invalid": "N : un nombre entier."},
    )
    ticket_price_eur = CommaDecimalField(
        label="Prix moyen du billet (€ TTC)",
        min_value=Decimal("0.01"),
        max_value=Decimal(1000),
        decimal_places=2,
        error_messages={
            "min_value": "Le prix du billet doit être positif.",
            "max_value": "Prix du billet : au plus 1 000 €.",
            "invalid": "Prix du billet : un nombre, par exemple 9,50.",
        },
    )
    fixed_costs_eur = CommaDecimalField(
        label="Frais fixes de la semaine (€)",
        min_value=Decimal(0),
        max_value=Decimal(10_000_000),
        decimal_places=2,
        error_messages={
            "min_value": "Les frais fixes ne peuvent être négatifs.",
            "max_value": "Frais fixes : au plus 10 000 000 €.",
            "invalid": "Frais fixes : un nombre, par exemple 4 900 ou 4 900,50.",
        },
    )
    vat_percent = _percent("TVA (%)")
    tsa_percent = _percent("TSA (%)")
    rental_percent = _percent("Location du film (% des recettes nettes)")

    def __init__(self, *args: Any, cinema: Cinema, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cinema = cinema
        self.room_fields: list[tuple[Any, str, str]] = []
        for room in cinema.rooms.all():
            seats, shows = f"seats_{room.pk}", f"shows_{room.pk}"
            self.fields[seats] = forms.IntegerField(
                label=f"{room.name} : fauteuils",
                min_value=1,
                max_value=5000,
                initial=room.seats,
                error_messages={"min_value": f"{room.name} : au moins 1 fauteuil."},
            )
            self.fields[shows] = forms.IntegerField(
                label=f"{room.name} : séances par jour",
                min_value=1,
                max_value=10,
                initial=room.shows_per_day,
                error_messages={
                    "min_value": f"{room.name} : au moins 1 séance par jour.",
                    "max_value": f"{room.name} : au plus 10 séances par jour.",
                },
            )
            self.room_fields.append((room, seats, shows))
        for index, day in enumerate(WEEKDAY_LABELS):
            self.fields[f"profile_{index}"] = CommaFloatField(
                label=day.capitalize(),
                min_value=0.01,
                max_value=MAX_DAY_WEIGHT,
                error_messages={
                    "min_value": f"Poids du {day} : un nombre positif.",
                    "max_value": f"Poids du {day} : au plus {MAX_DAY_WEIGHT:.0f} "
                    "(seuls les rapports entre les jours comptent).",
                    "invalid": f"Poids du {day} : un nombre, par exemple 1 ou 1,5.",
                },
            )

    @classmethod
    def initial_for(cls, rules: CinemaSettings) -> dict[str, Any]:
        """The form's initial values from the stored rules."""
        initial: dict[str, Any] = {
            "audience_divisor": round(1 / rules.audience_share),
            "ticket_price_eur": rules.ticket_price_eur,
            "fixed_costs_eur": rules.fixed_costs_eur,
            "vat_percent": round(Decimal(str(rules.vat_rate)) * 100, 2),
            "tsa_percent": round(Decimal(str(rules.tsa_rate)) * 100, 2),
            "rental_percent": round(Decimal(str(rules.film_rental_rate)) * 100, 2),
        }
        for index, weight in enumerate(rules.weekday_profile):
            initial[f"profile_{index}"] = weight
        return initial

    def rule_values(self) -> dict[str, Any]:
        """The cleaned values as `CinemaSettings` fields."""
        data = self.cleaned_data
        return {
            "audience_share": 1 / data["audience_divisor"],
            "ticket_price_eur": data["ticket_price_eur"],
            "fixed_costs_eur": data["fixed_costs_eur"],
            "vat_rate": float(data["vat_percent"]) / 100,
            "tsa_rate": float(data["tsa_percent"]) / 100,
            "film_rental_rate": float(data["rental_percent"]) / 100,
            "weekday_profile": [data[f"profile_{index}"] for index in range(7)],
        }

    def room_values(self) -> dict[int, tuple[int, int]]:
        """Each room's new (seats, shows per day)."""
        return {
            room.pk: (self.cleaned_data[seats], self.cleaned_data[shows])
            for room, seats, shows in self.room_fields
        }


class UserForm(forms.Form):
    """A new account with one role."""

    username = forms.RegexField(
        label="Identifiant",
        regex=USERNAME,
        error_messages={"invalid": USERNAME_RULE},
    )
    password = forms.CharField(
        label="Mot de passe",
        min_length=10,
        widget=forms.PasswordInput,
        error_messages={"min_length": "Mot de passe : au moins 10 caractères."},
    )
    role = forms.ChoiceField(
        label="Rôle", choices=[(role.value, role.label) for role in Role], initial="staff"
    )
