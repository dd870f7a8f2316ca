"""The week's P&L, computed by hand for the brief's case."""

from __future__ import annotations

import pytest

from predictor.programme.pnl import break_even_receipts, profit_and_loss
from predictor.programme.rules import CinemaRules

CENT = 0.005


def test_the_brief_case_by_hand() -> None:
    # 2,000 EUR of tickets, VAT included:
    #   excluding VAT   2000 / 1.055            = 1,895.73
    #   VAT             2000 - 1,895.73         =   104.27
    #   TSA             1,895.73 x 0.1072       =   203.22
    #   net receipts    1,895.73 - 203.22       = 1,692.51
    #   film rental     1,692.51 x 0.50         =   846.26
    #   net result      1,692.51 - 846.26 - 4,900 = -4,053.74
    #   result (brief)  2,000 - 4,900           = -2,900
    pnl = profit_and_loss(2000.0)
    assert pnl.receipts == 2000.0
    assert pnl.fixed_costs == 4900.0
    assert pnl.result == -2900.0
    assert pnl.receipts_excl_vat == pytest.approx(1895.73, abs=CENT)
    assert pnl.vat == pytest.approx(104.27, abs=CENT)
    assert pnl.tsa == pytest.approx(203.22, abs=CENT)
    assert pnl.net_receipts == pytest.approx(1692.51, abs=CENT)
    assert pnl.film_rental == pytest.approx(846.26, abs=CENT)
    assert pnl.net_result == pytest.approx(-4053.74, abs=CENT)
    assert not pnl.covers_costs and not pnl.covers_costs_net
    assert pnl.dark_rooms == ()


def test_the_pieces_add_up() -> None:
    pnl = profit_and_loss(12_345.67)
    assert pnl.vat + pnl.tsa + pnl.film_rental + pnl.net_result + pnl.fixed_costs == (
        pytest.approx(pnl.receipts)
    )
    assert pnl.vat == pytest.approx(pnl.receipts_excl_vat * 0.055)


def test_break_even() -> None:
    # The net result is 0 when receipts x (1 - 0.1072) / 1.055 x 0.5 = 4,900,
    # i.e. receipts = 4,900 x 1.055 x 2 / 0.8928 = 11,580.42 EUR (1,159 tickets at 10 EUR).
    receipts = break_even_receipts()
    assert receipts == pytest.approx(11_580.42, abs=CENT)
    assert profit_and_loss(receipts).net_result == pytest.approx(0.0, abs=1e-9)
    assert break_even_receipts(net=False) == 4900.0


def test_rates_are_settings() -> None:
    rules = CinemaRules(vat_rate=0.0, tsa_rate=0.0, film_rental_rate=0.25, fixed_costs_eur=100)
    pnl = profit_and_loss(1000.0, rules, dark_rooms=["Salle 2"])
    assert pnl.net_receipts == 1000.0
    assert pnl.film_rental == 250.0
    assert pnl.net_result == 650.0
    assert pnl.result == 900.0
    assert pnl.covers_costs_net
    assert pnl.dark_rooms == ("Salle 2",)


def test_negative_receipts_are_refused() -> None:
    with pytest.raises(ValueError, match=r"receipts=-5\.0 EUR"):
        profit_and_loss(-5.0)
