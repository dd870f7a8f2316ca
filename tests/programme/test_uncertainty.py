"""The split log-normal through P10/P50/P90 and its closed-form E[min(X, cap)]."""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest

from predictor.programme.uncertainty import Z_90, SplitLogNormal

NORMAL = NormalDist()


def _integrate_quantile_function(distribution: SplitLogNormal, cap: float, steps: int) -> float:
    """E[min(X, cap)] = integral over u in (0, 1) of min(Q(u), cap) du, by the midpoint rule."""
    return (
        math.fsum(min(distribution.quantile((index + 0.5) / steps), cap) for index in range(steps))
        / steps
    )


def test_it_goes_through_the_three_quantiles() -> None:
    distribution = SplitLogNormal.from_quantiles(60_000, 150_000, 500_000)
    assert distribution.quantile(0.1) == pytest.approx(60_000, rel=1e-12)
    assert distribution.quantile(0.5) == pytest.approx(150_000, rel=1e-12)
    assert distribution.quantile(0.9) == pytest.approx(500_000, rel=1e-12)
    assert distribution.sigma_low == pytest.approx(math.log(2.5) / Z_90)
    assert distribution.sigma_high == pytest.approx(math.log(500 / 150) / Z_90)
    assert abs(Z_90 - 1.2815515655446004) < 1e-12


@pytest.mark.parametrize("cap", [50.0, 150.0, 400.0, 2_000.0])
def test_closed_form_matches_a_numerical_integral(cap: float) -> None:
    distribution = SplitLogNormal.from_quantiles(40.0, 120.0, 600.0)
    numerical = _integrate_quantile_function(distribution, cap, steps=20_000)
    assert distribution.expected_min(cap) == pytest.approx(numerical, rel=2e-4)


def test_symmetric_case_is_the_textbook_log_normal() -> None:
    # Log-normal with mu = ln 100, s = 0.8: E[X] = e^(mu + s^2/2) and the limited expected
    # value E[min(X, c)] = E[X] Phi((ln c - mu - s^2) / s) + c (1 - Phi((ln c - mu) / s)).
    sigma, median, cap = 0.8, 100.0, 150.0
    distribution = SplitLogNormal(median, sigma, sigma)
    mu = math.log(median)
    mean = math.exp(mu + sigma**2 / 2)
    limited = mean * NORMAL.cdf((math.log(cap) - mu - sigma**2) / sigma) + cap * (
        1 - NORMAL.cdf((math.log(cap) - mu) / sigma)
    )
    assert distribution.mean() == pytest.approx(mean, rel=1e-12)
    assert distribution.expected_min(cap) == pytest.approx(limited, rel=1e-12)


def test_perfect_foresight_is_exactly_min_value_cap() -> None:
    certain = SplitLogNormal.from_quantiles(150.0, 150.0, 150.0)
    assert certain.is_certain
    assert certain.expected_min(120.0) == 120.0
    assert certain.expected_min(840.0) == 150.0
    assert certain.mean() == 150.0
    assert SplitLogNormal.from_quantiles(0, 0, 0).expected_min(10.0) == 0.0


def test_the_cap_costs_more_than_min_of_the_mean_when_uncertain() -> None:
    # Jensen: min is concave, so E[min(X, c)] < min(E[X], c) whenever X can exceed c.
    wide = SplitLogNormal.from_quantiles(500.0, 1_000.0, 2_000.0)
    assert wide.expected_min(840.0) < min(wide.mean(), 840.0)
    assert wide.expected_min(840.0) < 840.0
    narrow = SplitLogNormal.from_quantiles(990.0, 1_000.0, 1_010.0)
    assert narrow.expected_min(840.0) == pytest.approx(840.0, rel=1e-9)


def test_skew_on_either_side_moves_the_mean_that_way() -> None:
    median = 100.0
    upside = SplitLogNormal.from_quantiles(80.0, median, 400.0)
    downside = SplitLogNormal.from_quantiles(25.0, median, 125.0)
    assert upside.mean() > median > downside.mean()


def test_scaled_is_national_to_local() -> None:
    national = SplitLogNormal.from_quantiles(100_000, 300_000, 900_000)
    local = national.scaled(1 / 2000)
    assert local.quantile(0.5) == pytest.approx(150.0)
    assert local.expected_min(120.0) == pytest.approx(national.expected_min(240_000) / 2000)


@pytest.mark.parametrize(
    ("quantiles", "message"),
    [
        ((300.0, 200.0, 400.0), "ordered p10 <= p50 <= p90"),
        ((0.0, 200.0, 400.0), "p10=0 below p50=200.0"),
        ((-1.0, 200.0, 400.0), "p10=-1.0"),
        ((1.0, 2.0, math.inf), "p90=inf"),
        ((1e-300, 1.0, 1e300), "wider than 20"),
    ],
)
def test_bad_quantiles_are_refused(quantiles: tuple[float, float, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SplitLogNormal.from_quantiles(*quantiles)


def test_bad_cap_and_probability_are_refused() -> None:
    distribution = SplitLogNormal.from_quantiles(1.0, 2.0, 3.0)
    with pytest.raises(ValueError, match="cap=-1"):
        distribution.expected_min(-1)
    with pytest.raises(ValueError, match=r"probability 1\.0"):
        distribution.quantile(1.0)


def test_a_cap_too_small_for_a_float_ratio_is_handled() -> None:
    # Found by hypothesis: cap / median underflowed to 0 and log(0) raised.
    distribution = SplitLogNormal.from_quantiles(1.0, 2.0, 2.0)
    assert distribution.expected_min(5e-324) == pytest.approx(0.0, abs=1e-300)
    assert distribution.expected_min(0.0) == 0.0
