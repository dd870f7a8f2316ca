"""The week's profit and loss: the result as in the brief, and the net result beside it.

With R the receipts (tickets sold x average price, VAT included):

    VAT                    = R x vat / (1 + vat)            French cinema tickets: VAT is
    receipts excluding VAT = R / (1 + vat)                  included in the price, at 5.5 %
                                                            (CGI art. 278-0 bis)
    TSA                    = tsa x R / (1 + vat)            the ticket tax of 10.72 % (Code du
                                                            cinéma et de l'image animée, art.
                                                            L115-1 ff.), on the price excluding VAT
    net receipts           = R / (1 + vat) x (1 - tsa)
    film rental            = rental x net receipts          the distributors' share, 50 % in
                                                            week 1 (the brief)
    result (the brief's)   = R - fixed costs
    net result             = net receipts - film rental - fixed costs

Nothing else is deducted (e.g. music rights are not in the brief).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from predictor.programme.rules import DEFAULT_RULES, CinemaRules


@dataclass(frozen=True)
class ProfitAndLoss:
    """One week's P&L in EUR; `dark_rooms` names the rooms that showed nothing."""

    receipts: float
    fixed_costs: float
    result: float
    """The brief's result: receipts - fixed costs."""
    vat: float
    receipts_excl_vat: float
    tsa: float
    net_receipts: float
    """Receipts excluding VAT and TSA: the base of the film rental."""
    film_rental: float
    net_result: float
    """What the cinema keeps: net receipts - film rental - fixed costs."""
    dark_rooms: tuple[str, ...] = ()

    @property
    def covers_costs(self) -> bool:
        """True when the brief's result is not negative."""
        return self.result >= 0

    @property
    def covers_costs_net(self) -> bool:
        """True when the net result is not negative."""
        return self.net_result >= 0


def profit_and_loss(
    receipts: float,
    rules: CinemaRules = DEFAULT_RULES,
    *,
    dark_rooms: Iterable[str] = (),
) -> ProfitAndLoss:
    """The week's P&L for `receipts` EUR (VAT included), by the formulas of this module."""
    if not math.isfinite(receipts) or receipts < 0:
        raise ValueError(f"receipts={receipts!r} EUR must be a finite number >= 0")
    receipts_excl_vat = receipts / (1.0 + rules.vat_rate)
    tsa = rules.tsa_rate * receipts_excl_vat
    net_receipts = receipts_excl_vat - tsa
    film_rental = rules.film_rental_rate * net_receipts
    return ProfitAndLoss(
        receipts=receipts,
        fixed_costs=rules.fixed_costs_eur,
        result=receipts - rules.fixed_costs_eur,
        vat=receipts - receipts_excl_vat,
        receipts_excl_vat=receipts_excl_vat,
        tsa=tsa,
        net_receipts=net_receipts,
        film_rental=film_rental,
        net_result=net_receipts - film_rental - rules.fixed_costs_eur,
        dark_rooms=tuple(dark_rooms),
    )


def break_even_receipts(rules: CinemaRules = DEFAULT_RULES, *, net: bool = True) -> float:
    """The weekly receipts (EUR, VAT included) at which the result is zero.

    Net (default): fixed costs / ((1 - tsa) / (1 + vat) x (1 - rental)); as in the brief: the
    fixed costs.
    """
    if not net:
        return rules.fixed_costs_eur
    kept_per_euro = (1.0 - rules.tsa_rate) / (1.0 + rules.vat_rate) * (1.0 - rules.film_rental_rate)
    return rules.fixed_costs_eur / kept_per_euro
