"""Next Wednesday's proposal: programme, days, P&L at expectation, P50 and P10, alternatives."""

from __future__ import annotations

import pytest

from predictor.programme import (
    Candidate,
    CinemaRules,
    Programme,
    programme_from_ranking,
    proposal_for,
    propose_week,
)
from predictor.programme.proposal import worth_offering


def test_the_brief_case_proposal() -> None:
    films = [
        Candidate("a", "A", 300_000, 300_000, 300_000),
        Candidate("b", "B", 100_000, 100_000, 100_000),
    ]
    proposal = propose_week(films)
    assert {room: film.film_id for room, film in proposal.programme.assignments.items()} == {
        "Salle 1": "a",
        "Salle 2": "b",
    }
    assert proposal.pnl.receipts == 2000.0
    assert proposal.pnl.result == -2900.0
    assert proposal.pnl.net_result == pytest.approx(-4053.74, abs=0.005)
    assert proposal.pnl_p10 == proposal.pnl == proposal.pnl_p50
    assert proposal.daily_audience == pytest.approx([200 / 7] * 7)
    assert [day.audience for day in proposal.days["Salle 1"]] == pytest.approx([150 / 7] * 7)
    # The only other programme swaps the rooms and sells the same (no room fills up): no choice.
    assert proposal.alternatives == ()


def test_uncertain_proposal_shows_the_downside() -> None:
    films = [
        Candidate("hit", "Hit", 600_000, 1_400_000, 3_000_000),
        Candidate("mid", "Mid", 150_000, 400_000, 900_000),
        Candidate("small", "Small", 30_000, 80_000, 200_000),
    ]
    proposal = propose_week(films, alternatives=3)
    programme = proposal.programme
    assert programme.film_in("Salle 1") == films[0]
    assert programme.film_in("Salle 2") == films[1]
    # P10 receipts by hand: 600,000 / 2000 = 300 people (< 840), 150,000 / 2000 = 75 (< 560).
    assert proposal.pnl_p10.receipts == pytest.approx(3750.0)
    # P50: 1,400,000 / 2000 = 700 (< 840) and 400,000 / 2000 = 200: 9,000 EUR.
    assert proposal.pnl_p50.receipts == pytest.approx(9000.0)
    assert proposal.pnl_p10.receipts < proposal.pnl.receipts
    assert proposal.pnl.receipts <= (840 + 560) * 10
    assert len(proposal.alternatives) == 3
    assert all(
        alternative.expected_receipts <= programme.expected_receipts
        for alternative in proposal.alternatives
    )
    assert programme not in proposal.alternatives
    assert sum(proposal.daily_audience) == pytest.approx(sum(programme.expected_audience.values()))


def test_a_dark_room_shows_in_the_pnl() -> None:
    proposal = propose_week([Candidate("a", "A", 300_000, 300_000, 300_000)], alternatives=0)
    assert proposal.programme.dark_rooms == ("Salle 2",)
    assert proposal.pnl.dark_rooms == ("Salle 2",)
    assert proposal.pnl.receipts == 1500.0
    assert proposal.alternatives == ()
    assert proposal.days["Salle 2"][0].audience == 0.0


def test_proposal_for_a_heuristic_programme_uses_the_rules() -> None:
    rules = CinemaRules(ticket_price_eur=8.0, fixed_costs_eur=1000.0)
    films = [
        Candidate("a", "A", 300_000, 300_000, 300_000),
        Candidate("b", "B", 100_000, 100_000, 100_000),
    ]
    proposal = proposal_for(programme_from_ranking(["b", "a"], films, rules), rules)
    assert proposal.pnl.receipts == 1600.0
    assert proposal.pnl.result == 600.0


def test_negative_alternatives_are_refused() -> None:
    with pytest.raises(ValueError, match=r"alternatives=-1 must be 0 or more"):
        propose_week([Candidate("a", "A", 1, 1, 1)], alternatives=-1)


def _rooms(programme: Programme) -> dict[str, str]:
    return {room: film.film_id for room, film in programme.assignments.items()}


def test_alternatives_are_never_the_proposal_nor_a_swap_that_sells_the_same() -> None:
    # Nothing fills a room (at most 150 people a week): a room swap sells exactly the same.
    films = [
        Candidate("a", "A", 300_000, 300_000, 300_000),
        Candidate("b", "B", 150_000, 150_000, 150_000),
        Candidate("c", "C", 100_000, 100_000, 100_000),
        Candidate("d", "D", 50_000, 50_000, 50_000),
    ]
    proposal = propose_week(films, alternatives=3)
    assert _rooms(proposal.programme) == {"Salle 1": "a", "Salle 2": "b"}
    assert [_rooms(alternative) for alternative in proposal.alternatives] == [
        {"Salle 1": "a", "Salle 2": "c"},
        {"Salle 1": "a", "Salle 2": "d"},
        {"Salle 1": "b", "Salle 2": "c"},
    ]
    assert [alternative.expected_receipts for alternative in proposal.alternatives] == [
        2000.0,
        1750.0,
        1250.0,
    ]
    film_sets = [
        frozenset(_rooms(programme).values())
        for programme in (proposal.programme, *proposal.alternatives)
    ]
    assert len(set(film_sets)) == len(film_sets)  # each a different pair of films
    # Each alternative's P&L is its own: 4,900 EUR of fixed costs less its receipts.
    assert [pnl.receipts for pnl in proposal.alternatives_pnl] == [2000.0, 1750.0, 1250.0]
    assert [pnl.result for pnl in proposal.alternatives_pnl] == [-2900.0, -3150.0, -3650.0]


def test_a_room_swap_is_offered_when_it_changes_the_receipts() -> None:
    # "Big" sells 700 people a week (100 a day): in the 80-seat room it loses 20 a day.
    films = [
        Candidate("big", "Big", 1_400_000, 1_400_000, 1_400_000),
        Candidate("small", "Small", 100_000, 100_000, 100_000),
    ]
    proposal = propose_week(films, alternatives=2)
    assert _rooms(proposal.programme) == {"Salle 1": "big", "Salle 2": "small"}
    assert [_rooms(alternative) for alternative in proposal.alternatives] == [
        {"Salle 1": "small", "Salle 2": "big"}
    ]
    assert proposal.programme.expected_receipts == 7500.0
    assert proposal.alternatives[0].expected_receipts == 6100.0  # 50 + 560 people, 10 EUR


def test_worth_offering_needs_other_films_or_a_ticket_of_difference() -> None:
    films = [
        Candidate("a", "A", 300_000, 300_000, 300_000),
        Candidate("b", "B", 100_000, 100_000, 100_000),
    ]
    best = propose_week(films, alternatives=0).programme
    swapped = programme_from_ranking(["b", "a"], films)
    assert swapped.expected_receipts == best.expected_receipts
    assert not worth_offering(best, [best])
    assert not worth_offering(swapped, [best])
    assert worth_offering(swapped, [])
    # one film alone (Salle 2 dark) shows other films than the two-film programmes
    alone = programme_from_ranking(["a"], films)
    assert worth_offering(alone, [best, swapped])
