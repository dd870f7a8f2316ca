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
    programmes, best first, each a real choice beside `programme` and the others
    (`worth_offering`), and `alternatives_pnl` their P&L on their expected receipts, in the same
    order. `chosen_by` says which rule chose `programme` (`predictor.programme.policy.ChosenBy`).
    """

    programme: Programme
    pnl: ProfitAndLoss
    pnl_p50: ProfitAndLoss
    pnl_p10: ProfitAndLoss
    alternatives: tuple[Programme, ...] = ()
    alternatives_pnl: tuple[ProfitAndLoss, ...] = ()
    chosen_by: ChosenBy = "model"

    def __post_init__(self) -> None:
        if len(self.alternatives_pnl) != len(self.alternatives):
            raise ValueError(
                f"{len(self.alternatives)} alternatives but {len(self.alternatives_pnl)} P&Ls; "
                "build the proposal with `proposal_for`"
            )

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
    others = tuple(alternatives)
    return WeekProposal(
        programme=programme,
        pnl=profit_and_loss(programme.expected_receipts, rules, dark_rooms=dark),
        pnl_p50=profit_and_loss(programme.p50_receipts, rules, dark_rooms=dark),
        pnl_p10=profit_and_loss(programme.p10_receipts, rules, dark_rooms=dark),
        alternatives=others,
        alternatives_pnl=tuple(
            profit_and_loss(other.expected_receipts, rules, dark_rooms=other.dark_rooms)
            for other in others
        ),
        chosen_by=chosen_by,
    )


def _films(programme: Programme) -> frozenset[str]:
    return frozenset(film.film_id for film in programme.assignments.values())


def worth_offering(
    programme: Programme, shown: Iterable[Programme], rules: CinemaRules = DEFAULT_RULES
) -> bool:
    """Whether `programme` is a choice the programmes already `shown` do not offer: other
    films, or the same films in other rooms when that changes the expected receipts by at least
    one ticket (`rules.ticket_price_eur`). A room swap that sells the same (no room fills up)
    is the same week to the manager."""
    films = _films(programme)
    for other in shown:
        if programme.assignments == other.assignments:
            return False
        same_receipts = (
            abs(programme.expected_receipts - other.expected_receipts) < rules.ticket_price_eur
        )
        if same_receipts and _films(other) == films:
            return False
    return True


def _alternatives(
    films: Sequence[Candidate],
    rules: CinemaRules,
    chosen: Programme,
    count: int,
    *,
    locked: Mapping[str, str] | None,
    excluded: Sequence[str],
) -> list[Programme]:
    """Up to `count` programmes worth offering beside `chosen`, highest expected receipts first
    (the search widens until it finds them or runs out of programmes)."""
    top = 2 * (count + 1)
    while count > 0:
        ranked = best_programmes(films, rules, top=top, locked=locked, excluded=excluded)
        kept: list[Programme] = []
        for programme in ranked:
            if worth_offering(programme, [chosen, *kept], rules):
                kept.append(programme)
                if len(kept) == count:
                    return kept
        if len(ranked) < top:
            return kept
        top *= 2
    return []


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
    runners-up: the programmes with the highest expected receipts worth offering beside the
    chosen one and each other (`worth_offering`: never the chosen programme, nor a room swap
    of the same films that sells the same).

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
    others = _alternatives(films, rules, chosen, alternatives, locked=locked, excluded=excluded)
    return proposal_for(chosen, rules, alternatives=others, chosen_by=choice.chosen_by)
