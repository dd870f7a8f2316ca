"""From three quantiles to expected capped sales: a split log-normal through P10/P50/P90.

A prediction gives P10, P50 and P90 of a film's national first-week admissions. To take the
capacity cap into account we need E[min(X, c)], not min(E[X], c); that needs a whole
distribution, so we fit one through the three quantiles:

    Q(u) = P50 * exp(sigma(u) * z(u)),   z(u) = Phi^-1(u),
    sigma(u) = sigma_low  = ln(P50 / P10) / z_0.9   for u < 0.5,
    sigma(u) = sigma_high = ln(P90 / P50) / z_0.9   for u >= 0.5.

Each half is the matching half of a log-normal (the model predicts log admissions, whose errors
are close to normal), so Q goes exactly through P10, P50 and P90 and keeps a skew when the
prediction is skewed. E[min(X, c)] is then a sum of truncated log-normal moments, in closed form
(no sampling, no quadrature):

    integral over z in [a, b] of min(m e^(s z), c) phi(z) dz
        = m e^(s^2/2) [Phi(k - s) - Phi(a - s)] + c [Phi(b) - Phi(k)],
    with k = ln(c / m) / s clamped to [a, b]  (a half with s = 0 is the point mass m).

When P10 == P50 == P90 the distribution is the single value P50 and E[min(X, c)] is exactly
min(P50, c): perfect foresight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

_STANDARD_NORMAL = NormalDist()
Z_90 = _STANDARD_NORMAL.inv_cdf(0.9)
"""The standard normal's 90 % quantile (about 1.2816)."""
MAX_SIGMA = 20.0
"""Spreads wider than this (P90/P50 above about e^25.6) are refused: no forecast is that vague."""


def _normal_cdf(x: float) -> float:
    # erfc keeps its precision far into the lower tail, where 1 + erf(x) would cancel.
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


@dataclass(frozen=True)
class SplitLogNormal:
    """A positive quantity known by its median and one log-spread below and one above it."""

    median: float
    sigma_low: float
    sigma_high: float

    def __post_init__(self) -> None:
        for name, value in (
            ("median", self.median),
            ("sigma_low", self.sigma_low),
            ("sigma_high", self.sigma_high),
        ):
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name}={value!r} must be a finite number >= 0")
        if max(self.sigma_low, self.sigma_high) > MAX_SIGMA:
            raise ValueError(
                f"log-spread {max(self.sigma_low, self.sigma_high):.3g} is wider than {MAX_SIGMA}; "
                "check the forecast's P10/P90"
            )
        if self.median == 0 and (self.sigma_low > 0 or self.sigma_high > 0):
            raise ValueError("a median of 0 cannot have a spread; give P10 = P50 = P90 = 0")

    @classmethod
    def from_quantiles(cls, p10: float, p50: float, p90: float) -> SplitLogNormal:
        """The split log-normal whose 10 %, 50 % and 90 % quantiles are `p10`, `p50`, `p90`.

        Needs 0 < p10 <= p50 <= p90, or p10 == p50 == p90 (a known value, zero included).
        """
        for name, value in (("p10", p10), ("p50", p50), ("p90", p90)):
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name}={value!r} must be a finite number >= 0")
        if not p10 <= p50 <= p90:
            raise ValueError(
                f"quantiles must be ordered p10 <= p50 <= p90; got {p10}, {p50}, {p90} "
                "(if separately fitted quantile models crossed, sort the three values first)"
            )
        if p10 == p50 == p90:
            return cls(median=p50, sigma_low=0.0, sigma_high=0.0)
        if p10 == 0:
            raise ValueError(
                f"p10=0 below p50={p50} cannot be fitted by a log-normal; give p10 > 0"
            )
        return cls(
            median=p50,
            sigma_low=math.log(p50 / p10) / Z_90,
            sigma_high=math.log(p90 / p50) / Z_90,
        )

    @property
    def is_certain(self) -> bool:
        """True when the distribution is a single value (perfect foresight)."""
        return self.sigma_low == 0 and self.sigma_high == 0

    def scaled(self, factor: float) -> SplitLogNormal:
        """The distribution of `factor` x this quantity (factor > 0), e.g. national to local."""
        if not math.isfinite(factor) or factor <= 0:
            raise ValueError(f"scale factor {factor!r} must be a finite number > 0")
        return SplitLogNormal(self.median * factor, self.sigma_low, self.sigma_high)

    def quantile(self, probability: float) -> float:
        """The value below which the quantity falls with this probability (0 < p < 1)."""
        if not 0.0 < probability < 1.0:
            raise ValueError(f"probability {probability!r} must be strictly between 0 and 1")
        z = _STANDARD_NORMAL.inv_cdf(probability)
        sigma = self.sigma_low if z < 0 else self.sigma_high
        return self.median * math.exp(sigma * z)

    def mean(self) -> float:
        """E[X], with no cap."""
        return self.expected_min(math.inf)

    def expected_min(self, cap: float) -> float:
        """E[min(X, cap)] in closed form (see the module docstring); cap may be math.inf."""
        if math.isnan(cap) or cap < 0:
            raise ValueError(f"cap={cap!r} must be a number >= 0 (math.inf for no cap)")
        if self.is_certain:
            return min(self.median, cap)
        return self._half(self.sigma_low, -math.inf, 0.0, cap) + self._half(
            self.sigma_high, 0.0, math.inf, cap
        )

    def _half(self, sigma: float, lower: float, upper: float, cap: float) -> float:
        """The integral over z in [lower, upper] of min(median e^(sigma z), cap) phi(z) dz."""
        mass = _normal_cdf(upper) - _normal_cdf(lower)
        if sigma == 0:
            return min(self.median, cap) * mass
        if cap == 0:
            return 0.0
        ratio = cap / self.median
        crossing = -math.inf if ratio == 0 else math.log(ratio) / sigma
        crossing = min(max(crossing, lower), upper)
        uncapped = (
            self.median
            * math.exp(sigma * sigma / 2.0)
            * (_normal_cdf(crossing - sigma) - _normal_cdf(lower - sigma))
        )
        capped = 0.0 if math.isinf(cap) else cap * (_normal_cdf(upper) - _normal_cdf(crossing))
        return uncapped + capped
