"""Next Wednesday's proposal: the best programme, its days, its P&L and the alternatives."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from predictor.programme.allocation import Candidate, Programme, best_programmes
from predictor.programme.daily import DayAudience
from predictor.programme.pnl import ProfitAndLoss, profit_and_loss
from predictor.programme.policy import CHOSEN_POLICY, Policy, choose_programme
from predictor.programme.rules import DEFAULT_RULES, WEEKDAYS, CinemaRules


@dataclass(frozen=True)
class WeekProposal:
    """A programme with everything the manager sees about it.

    `pnl` is computed on the expected receipts (capacity caps and the whole P10/P50/P90
    distribution taken into account), `pnl_p50` on the receipts if every film does its P50,
    `pnl_p10` on the downside, every film at its P10. `alternatives` are the next best
    programmes, best first, each different from `programme`.
    """

    programme: Programme
    pnl: ProfitAndLoss
    pnl_p50: ProfitAndLoss
    pnl_p10: ProfitAndLoss
    alternatives: tuple[Programme, ...] = ()

    @property
    def days(self) -> dict[str, tuple[DayAudience, ...]]:
        """Room name -> its seven days (expected audience, capped, and receipts)."""
        return {slot.room.name: slot.days for slot in self.programme.slots}

    @property
    def daily_audience(self) -> tuple[float, ...]:
        """The whole cinema's expected audience each day, Wednesday to Tuesday."""
        return tuple(
            sum(slot.days[index].audience for slot in self.programme.slots)
            for index in range(len(WEEKDAYS))
        )


def proposal_for(
    programme: Programme,
    rules: CinemaRules = DEFAULT_RULES,
    *,
    alternatives: Iterable[Programme] = (),
) -> WeekProposal:
    """The proposal of a given programme (e.g. one the manager built, or a heuristic's)."""
    dark = programme.dark_rooms
    return WeekProposal(
        programme=programme,
        pnl=profit_and_loss(programme.expected_receipts, rules, dark_rooms=dark),
        pnl_p50=profit_and_loss(programme.p50_receipts, rules, dark_rooms=dark),
        pnl_p10=profit_and_loss(programme.p10_receipts, rules, dark_rooms=dark),
        alternatives=tuple(alternatives),
    )


def propose_week(
    candidates: Iterable[Candidate],
    rules: CinemaRules = DEFAULT_RULES,
    *,
    alternatives: int = 2,
    locked: Mapping[str, str] | None = None,
    excluded: Iterable[str] = frozenset(),
    policy: Policy = CHOSEN_POLICY,
) -> WeekProposal:
    """The programme `policy` chooses for the week's candidates (by default the policy the
    decision backtest chose, see `predictor.programme.policy`), with up to `alternatives`
    runners-up: the programmes with the highest expected receipts other than the chosen one.

    Locks and exclusions are the manager's (see `best_programmes`, which raises ValueError on
    no candidates, unknown rooms or films in a lock, or a film both locked and excluded).
    """
    if alternatives < 0:
        raise ValueError(f"alternatives={alternatives} must be 0 or more")
    films = list(candidates)
    excluded = list(excluded)
    chosen = choose_programme(films, rules, policy=policy, locked=locked, excluded=excluded)
    ranked = best_programmes(films, rules, top=alternatives + 1, locked=locked, excluded=excluded)
    others = [programme for programme in ranked if programme.assignments != chosen.assignments]
    return proposal_for(chosen, rules, alternatives=others[:alternatives])
