"""Next Wednesday's proposal: the best programme, its days, its P&L and the alternatives."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from predictor.programme.allocation import Candidate, Programme, best_programmes
from predictor.programme.daily import DayAudience
from predictor.programme.pnl import ProfitAndLoss, profit_and_loss
from predictor.programme.policy import CHOSEN_POLICY, ChosenBy, Policy, programme_choice
from predictor.programme.rules import DEFAULT_RULES, WEEKDAYS, CinemaRules


@dataclass(frozen=True)
class WeekProposal:
    """A programme with everything the manager sees about it.

    `pnl` is computed on the expected receipts (capacity caps and the whole P10/P50/P90
    distribution taken into account), `pnl_p50` on the receipts if every film does its P50,
    `pnl_p10` on the downside, every film at its P10. `alternatives` are the next best
    programmes, best first, each different from `programme`. `chosen_by` says which rule
    chose `programme` (`predictor.programme.policy.ChosenBy`).
    """

    programme: Programme
    pnl: ProfitAndLoss
    pnl_p50: ProfitAndLoss
    pnl_p10: ProfitAndLoss
    alternatives: tuple[Programme, ...] = ()
    chosen_by: ChosenBy = "model"

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
    chosen_by: ChosenBy = "model",
) -> WeekProposal:
    """The proposal of a given programme (e.g. one the manager built, or a heuristic's),
    `chosen_by` the rule that chose it."""
    dark = programme.dark_rooms
    return WeekProposal(
        programme=programme,
        pnl=profit_and_loss(programme.expected_receipts, rules, dark_rooms=dark),
        pnl_p50=profit_and_loss(programme.p50_receipts, rules, dark_rooms=dark),
        pnl_p10=profit_and_loss(programme.p10_receipts, rules, dark_rooms=dark),
        alternatives=tuple(alternatives),
        chosen_by=chosen_by,
    )


def propose_week(
    candidates: Iterable[Candidate],
    rules: CinemaRules = DEFAULT_RULES,
    *,
    alternatives: int = 2,
    locked: Mapping[str, str] | None = None,
    excluded: Iterable[str] = frozenset(),
    policy: Policy = CHOSEN_POLICY,
    ranking: Sequence[str] | None = None,
) -> WeekProposal:
    """The programme `policy` chooses for the week's candidates (by default the policy the
    decision backtest chose, see `predictor.programme.policy`), with up to `alternatives`
    runners-up: the programmes with the highest expected receipts other than the chosen one.

    `ranking` (film ids, best first: the champion's ranking model) chooses the programme when
    no candidate has copies (`choose_programme`); the proposal's `chosen_by` says which rule did.

    Locks and exclusions are the manager's (see `best_programmes`, which raises ValueError on
    no candidates, unknown rooms or films in a lock, or a film both locked and excluded).
    """
    if alternatives < 0:
        raise ValueError(f"alternatives={alternatives} must be 0 or more")
    films = list(candidates)
    excluded = list(excluded)
    choice = programme_choice(
        films, rules, policy=policy, locked=locked, excluded=excluded, ranking=ranking
    )
    chosen = choice.programme
    ranked = best_programmes(films, rules, top=alternatives + 1, locked=locked, excluded=excluded)
    others = [programme for programme in ranked if programme.assignments != chosen.assignments]
    return proposal_for(
        chosen, rules, alternatives=others[:alternatives], chosen_by=choice.chosen_by
    )
