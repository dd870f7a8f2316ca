"""Metrics, calibration and decision capture on hand-computed cases."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest

from predictor.model.baselines import copies_only_baseline, genre_median_baseline
from predictor.model.conformal import calibrate
from predictor.model.decision import decision_capture
from predictor.model.metrics import interval_coverage, regression_metrics
from predictor.model.promotion import decide_promotion


def test_regression_metrics_by_hand() -> None:
    actual = np.array([100.0, 1000.0, 10_000.0, 100_000.0])
    predicted = np.array([150.0, 1000.0, 4000.0, 300_000.0])
    metrics = regression_metrics(actual, predicted)
    assert metrics["mae"] == pytest.approx((50 + 0 + 6000 + 200_000) / 4)
    # APEs 0.5, 0, 0.6, 2 -> median of (0, 0.5, 0.6, 2) = 0.55
    assert metrics["median_ape"] == pytest.approx(0.55)
    # ratios 1.5, 1, 0.4, 3 -> two within 2x
    assert metrics["within_2x"] == pytest.approx(0.5)
    assert metrics["spearman"] == pytest.approx(1.0)
    log_a, log_p = np.log1p(actual), np.log1p(predicted)
    expected_r2 = 1 - np.sum((log_a - log_p) ** 2) / np.sum((log_a - log_a.mean()) ** 2)
    assert metrics["r2_log"] == pytest.approx(expected_r2)


def test_metrics_refuse_zero_admissions() -> None:
    with pytest.raises(ValueError, match="must be > 0"):
        regression_metrics(np.array([0.0, 1.0]), np.array([1.0, 1.0]))


def test_interval_coverage_counts_bounds_inside() -> None:
    actual = np.array([10.0, 20.0, 30.0, 40.0])
    assert interval_coverage(actual, np.array([10, 25, 0, 0]), np.array([10, 30, 29, 50])) == 0.5


def test_calibration_without_copies_is_never_narrower() -> None:
    with_copies = np.linspace(-1.0, 1.0, 101)
    narrow_masked = np.linspace(-0.2, 0.2, 101) + 0.5
    calibration = calibrate(with_copies, narrow_masked)
    assert calibration.with_copies.low == pytest.approx(-0.8)
    assert calibration.with_copies.high == pytest.approx(0.8)
    assert calibration.with_copies.centre == 0.0
    assert calibration.without_copies.centre == pytest.approx(0.5)
    assert calibration.without_copies.low == pytest.approx(0.5 - 0.8)
    assert calibration.without_copies.high == pytest.approx(0.5 + 0.8)


def _week(rows: list[tuple[str, int, float, int | None]], week: dt.date) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "film_id": [r[0] for r in rows],
            "title": [r[0] for r in rows],
            "release_week": [week] * len(rows),
            "admissions": [r[1] for r in rows],
            "p10": [r[2] * 0.8 for r in rows],
            "p50": [r[2] for r in rows],
            "p90": [r[2] * 1.2 for r in rows],
            "copies": [r[3] for r in rows],
        }
    )


def test_decision_capture_by_hand() -> None:
    # Caps: 120 and 80 seats x 7 days = 840 and 560 people a week = 1.68 M and 1.12 M national.
    week = _week(
        [
            ("big", 1_000_000, 200_000.0, 300),  # 500 people
            ("mid", 400_000, 900_000.0, 900),  # 200 people; the model overrates it
            ("small", 100_000, 300_000.0, 800),  # 50 people
        ],
        dt.date(2022, 1, 5),
    )
    result = decision_capture(week)
    # perfect: big + mid = 700 people; model picks mid + small = 250; widest: mid + small
    assert result["receipts_perfect"] == pytest.approx(7000.0)
    assert result["receipts_model"] == pytest.approx(2500.0)
    assert result["decision_capture"] == pytest.approx(2500 / 7000)
    assert result["widest_release_capture"] == pytest.approx(2500 / 7000)
    assert result["decision_weeks"] == 1
    assert 2500 / 7000 <= result["random_capture"] <= 1.0


def test_decision_capture_caps_a_blockbuster() -> None:
    week = _week(
        [("huge", 4_000_000, 4_000_000.0, 900), ("other", 10_000, 10_000.0, 50)],
        dt.date(2022, 1, 5),
    )
    result = decision_capture(week)
    # huge fills the 120-seat room: 840 people; other: 5 people in room 2
    assert result["receipts_perfect"] == pytest.approx(8450.0)
    assert result["decision_capture"] == pytest.approx(1.0)


def test_baselines_by_hand() -> None:
    train = pl.DataFrame(
        {
            "log_copies": [math.log(10), math.log(100), None],
            "log_admissions": [math.log1p(1000), math.log1p(10_000), math.log1p(5)],
            "admissions": [1000, 10_000, 5],
            "genre": ["Drame", "Drame", "Comédie"],
        }
    )
    test = pl.DataFrame({"log_copies": [math.log(1000)], "genre": ["Horreur"]})
    assert copies_only_baseline(train, test)[0] == pytest.approx(100_000, rel=0.01)
    assert genre_median_baseline(train, test)[0] == 1000.0
    test_drama = pl.DataFrame({"log_copies": [None], "genre": ["Drame"]})
    assert genre_median_baseline(train, test_drama)[0] == 5500.0


def test_promotion_rule() -> None:
    window = (dt.date(2022, 1, 5), dt.date(2022, 12, 28))
    challenger = {"decision_capture": 0.95, "median_ape": 0.30}
    assert decide_promotion(challenger, window, None, {}, dict).promote
    same = {"test_start": "2022-01-05", "data_end": "2022-12-28"}
    better = {"decision_capture": 0.94, "median_ape": 0.31}
    assert decide_promotion(challenger, window, same, better, dict).promote
    worse_ape = {"decision_capture": 0.94, "median_ape": 0.29}
    assert not decide_promotion(challenger, window, same, worse_ape, dict).promote
    older = {"test_start": "2020-01-01", "data_end": "2021-06-30"}
    decision = decide_promotion(challenger, window, older, {}, lambda: better)
    assert decision.promote and "never saw" in decision.reason
    overlapping = {"test_start": "2021-06-02", "data_end": "2022-06-01"}
    decision = decide_promotion(challenger, window, overlapping, better, dict)
    assert not decision.promote and "mercredi model promote" in decision.reason


def test_recency_weights_halve_every_half_life() -> None:
    from predictor.model.point import recency_weights

    frame = pl.DataFrame(
        {"release_date": [dt.date(2022, 1, 1), dt.date(2020, 1, 1), dt.date(2016, 1, 1)]}
    )
    weights = recency_weights(frame, 2.0)
    assert weights is not None
    assert weights == pytest.approx([1.0, 0.5, 0.125], rel=0.01)
    assert recency_weights(frame, None) is None


def test_params_round_trip_through_mlflow_text() -> None:
    from predictor.model.point import PARAMS_GRID, PointParams

    for params in PARAMS_GRID:
        logged = {key: str(value) for key, value in params.as_dict().items()}
        assert PointParams.from_logged({**logged, "data_end": "2022-12-28"}) == params
