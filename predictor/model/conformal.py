"""Split-conformal P10/P90 around the point model, one calibration per copies known / unknown.

LightGBM refuses monotone constraints with its quantile objective, and "more copies never
predict fewer admissions" is a requirement: so the interval comes from the point model's
out-of-time residuals (rolling origin), not from quantile models. A film without copies is
calibrated on the same residuals with copies masked; its interval is never narrower than with
copies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Margins:
    """Offsets on the log scale: P10 = point + low, P50 = point + centre, P90 = point + high."""

    low: float
    centre: float
    high: float


@dataclass(frozen=True)
class IntervalCalibration:
    """Margins for films with known copies and for films without."""

    with_copies: Margins
    without_copies: Margins

    def as_dict(self) -> dict[str, float]:
        """Flat values for MLflow parameters."""
        flat = {}
        for group, margins in (
            ("with_copies", self.with_copies),
            ("without_copies", self.without_copies),
        ):
            for name, value in asdict(margins).items():
                flat[f"margin_{group}_{name}"] = round(float(value), 4)
        return flat

    @classmethod
    def from_logged(cls, logged: Mapping[str, str]) -> IntervalCalibration:
        """The calibration back from a run's parameters (`as_dict`, kept as text by MLflow)."""
        try:
            return cls(
                **{
                    group: Margins(
                        **{
                            name: float(logged[f"margin_{group}_{name}"])
                            for name in ("low", "centre", "high")
                        }
                    )
                    for group in ("with_copies", "without_copies")
                }
            )
        except KeyError as missing:
            raise ValueError(
                f"the run logged no calibration parameter {missing}; retrain with `mercredi train`"
            ) from None


def residual_margins(residuals: FloatArray, *, centre: bool) -> Margins:
    """10 % and 90 % quantiles of residuals (actual - predicted, log scale); with `centre`,
    the median too (a group the point model is biased on), else 0."""
    if residuals.size == 0:
        raise ValueError("no out-of-time residual to calibrate the interval on; give more history")
    middle = float(np.quantile(residuals, 0.5)) if centre else 0.0
    low = min(float(np.quantile(residuals, 0.1)), middle)
    high = max(float(np.quantile(residuals, 0.9)), middle)
    return Margins(low=low, centre=middle, high=high)


def calibrate(residuals_with: FloatArray, residuals_without: FloatArray) -> IntervalCalibration:
    """Margins from out-of-time residuals with copies and with copies masked.

    Without copies the interval is at least as wide on each side as with copies.
    """
    with_copies = residual_margins(residuals_with, centre=False)
    masked = residual_margins(residuals_without, centre=True)
    without_copies = Margins(
        low=min(masked.low, masked.centre + with_copies.low),
        centre=masked.centre,
        high=max(masked.high, masked.centre + with_copies.high),
    )
    return IntervalCalibration(with_copies=with_copies, without_copies=without_copies)
