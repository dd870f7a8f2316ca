"""Point-in-time features: everything a film's row holds was knowable before its release."""

from predictor.features.build import (
    CATEGORICAL_FEATURES,
    COPIES_FEATURES,
    FEATURE_COLUMNS,
    MONOTONE_DECREASING,
    MONOTONE_INCREASING,
    build_features,
    collect_features,
)

__all__ = [
    "CATEGORICAL_FEATURES",
    "COPIES_FEATURES",
    "FEATURE_COLUMNS",
    "MONOTONE_DECREASING",
    "MONOTONE_INCREASING",
    "build_features",
    "collect_features",
]
