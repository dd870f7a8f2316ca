"""When a challenger becomes champion: not worse on the same recent weeks.

Rule: the challenger is promoted when there is no champion, or when, on the challenger's final
test weeks, its decision capture is >= the champion's AND its median APE is <= the champion's.
The champion is scored on those weeks only if that is fair: either it never saw them (its data
ended before them: it predicts them now), or it was tested on exactly the same weeks of the same
data (its logged figures are used). Otherwise no automatic promotion: a person decides with
`mercredi model promote VERSION`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from predictor.features.track_records import KNOWLEDGE_LAG_DAYS

CRITERIA = ("decision_capture", "median_ape")


@dataclass(frozen=True)
class PromotionDecision:
    """Whether to promote, why, and the champion's figures compared (empty if none)."""

    promote: bool
    reason: str
    champion_metrics: Mapping[str, float]


def not_worse(challenger: Mapping[str, float], champion: Mapping[str, float]) -> bool:
    """Decision capture not lower and median APE not higher than the champion's."""
    return (
        challenger["decision_capture"] >= champion["decision_capture"]
        and challenger["median_ape"] <= champion["median_ape"]
    )


def decide_promotion(
    challenger: Mapping[str, float],
    window: tuple[dt.date, dt.date],
    champion_params: Mapping[str, str] | None,
    champion_logged: Mapping[str, float],
    score_champion: Callable[[], Mapping[str, float]],
) -> PromotionDecision:
    """Apply the rule of this module.

    `window` is the challenger's test (first week, data end); `champion_params` the champion
    run's parameters (None: no champion); `score_champion` scores the champion's model on the
    challenger's test films (called only when the champion never saw them).
    """
    if champion_params is None:
        return PromotionDecision(True, "no champion yet", {})
    test_start, data_end = window
    champion_end = dt.date.fromisoformat(champion_params["data_end"])
    if champion_end <= test_start - dt.timedelta(days=KNOWLEDGE_LAG_DAYS):
        champion = dict(score_champion())
        basis = "the champion predicting the challenger's test weeks it never saw"
    elif (
        champion_params.get("test_start") == test_start.isoformat()
        and champion_params.get("data_end") == data_end.isoformat()
    ):
        champion = {key: champion_logged[key] for key in CRITERIA if key in champion_logged}
        basis = "the champion's own test on the same weeks"
    else:
        return PromotionDecision(
            False,
            f"the champion saw part of the test weeks from {test_start} (its data ends "
            f"{champion_end}) and was tested on other weeks: no fair comparison, "
            "decide with `mercredi model promote VERSION`",
            {},
        )
    if any(key not in champion for key in CRITERIA):
        return PromotionDecision(
            False, "the champion has no decision capture / median APE", champion
        )
    figures = ", ".join(f"{key} {challenger[key]:.4f} vs {champion[key]:.4f}" for key in CRITERIA)
    if not_worse(challenger, champion):
        return PromotionDecision(
            True, f"not worse than the champion on {basis}: {figures}", champion
        )
    return PromotionDecision(False, f"worse than the champion on {basis}: {figures}", champion)
