"""The programme engine: the cinema's business rules, in pure Python (no I/O).

Which film in which room (`allocation`), day by day (`daily`), with what P&L (`pnl`), put
together as next Wednesday's proposal (`proposal`); the rules themselves in `rules`.
"""

from predictor.programme.allocation import (
    Candidate,
    Programme,
    Slot,
    best_in_hindsight,
    best_programmes,
    programme_from_ranking,
    realised_receipts,
)
from predictor.programme.daily import (
    MIN_LEARNING_WEEKS,
    DayAudience,
    audience_share_from_attendance,
    weekday_profile_from_attendance,
)
from predictor.programme.pnl import ProfitAndLoss, break_even_receipts, profit_and_loss
from predictor.programme.proposal import WeekProposal, proposal_for, propose_week
from predictor.programme.rules import DEFAULT_RULES, WEEKDAYS, CinemaRules, Room

__all__ = [
    "DEFAULT_RULES",
    "MIN_LEARNING_WEEKS",
    "WEEKDAYS",
    "Candidate",
    "CinemaRules",
    "DayAudience",
    "ProfitAndLoss",
    "Programme",
    "Room",
    "Slot",
    "WeekProposal",
    "audience_share_from_attendance",
    "best_in_hindsight",
    "best_programmes",
    "break_even_receipts",
    "profit_and_loss",
    "programme_from_ranking",
    "proposal_for",
    "propose_week",
    "realised_receipts",
    "weekday_profile_from_attendance",
]
