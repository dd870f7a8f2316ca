"""Which film in which room: hand-computed cases, caps, locks, exclusions and alternatives."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from predictor.programme.allocation import (
    Candidate,
    Programme,
    Slot,
    best_in_hindsight,
    best_programmes,
    plan_slot,
    programme_from_ranking,
    realised_receipts,
)
from predictor.programme.rules import DEFAULT_RULES, CinemaRules, Room


def certain(film_id: str, admissions: float, copies: int | None = None) -> Candidate:
    """A film whose national first-week admissions are known (P10 = P50 = P90)."""
    return Candidate(film_id, f"Film {film_id}", admissions, admissions, admissions, copies)


def titles(programme: Programme) -> dict[str, str]:
    return {room: film.film_id for room, film in programme.assignments.items()}


def test_the_brief_case() -> None:
    # 300,000 and 100,000 national admissions: 150 and 50 people, 2,000 EUR of receipts.
    best, alternative = best_programmes([certain("b", 100_000), certain("a", 300_000)])
    assert titles(best) == {"Salle 1": "a", "Salle 2": "b"}
    assert best.expected_audience == {"Salle 1": 150.0, "Salle 2": 50.0}
    assert best.expected_receipts == 2000.0
    assert best.p10_receipts == 2000.0
    assert best.p50_receipts == 2000.0
    assert best.dark_rooms == ()
    # Nothing is capped, so the swap sells as much; the strongest film still gets Salle 1.
    assert titles(alternative) == {"Salle 1": "b", "Salle 2": "a"}
    assert alternative.expected_receipts == 2000.0


def test_a_huge_film_is_capped_at_the_room_and_goes_to_the_big_room() -> None:
    # 4,000,000 national -> 2,000 people wanted; Salle 1 seats 120 x 7 = 840, Salle 2 560.
    best, swapped = best_programmes([certain("hit", 4_000_000), certain("small", 100_000)])
    assert titles(best) == {"Salle 1": "hit", "Salle 2": "small"}
    assert best.expected_audience == {"Salle 1": 840.0, "Salle 2": 50.0}
    assert best.expected_receipts == 8900.0
    assert best.slots[0].potential_audience == 2000.0
    assert swapped.expected_audience == {"Salle 1": 50.0, "Salle 2": 560.0}
    assert swapped.expected_receipts == 6100.0


def test_two_big_films_fill_both_rooms() -> None:
    best, *_ = best_programmes([certain("x", 2_000_000), certain("y", 1_500_000)])
    assert best.expected_audience == {"Salle 1": 840.0, "Salle 2": 560.0}
    assert best.expected_receipts == 14_000.0


def test_the_cap_makes_the_naive_order_wrong_under_uncertainty() -> None:
    # With known admissions, strongest-to-biggest is always optimal: min(a, c) has increasing
    # differences, so sorting both sides is best (see test_properties). With uncertainty it is
    # not: "steady" has the higher P50 but can never fill a room, while the long shot's upside
    # is worth a bigger cap.
    steady = Candidate("steady", "Steady", 100_000, 100_000, 100_000)
    long_shot = Candidate("long", "Long shot", 20_000, 80_000, 2_000_000)
    best, naive = best_programmes([steady, long_shot], top=2)
    assert titles(best) == {"Salle 1": "long", "Salle 2": "steady"}
    assert titles(naive) == titles(programme_from_ranking(["steady", "long"], [steady, long_shot]))
    # Steady sells 50 people in either room; the long shot's expected sale E[min(B, cap)] is the
    # integral of its capped quantile function, computed here by the midpoint rule.
    distribution = long_shot.national_admissions.scaled(1 / 2000)
    steps = 20_000
    quantiles = [distribution.quantile((index + 0.5) / steps) for index in range(steps)]

    def capped_mean(cap: float) -> float:
        return math.fsum(min(value, cap) for value in quantiles) / steps

    assert best.expected_receipts == pytest.approx(500 + 10 * capped_mean(840), rel=1e-3)
    assert naive.expected_receipts == pytest.approx(500 + 10 * capped_mean(560), rel=1e-3)
    assert best.expected_receipts - naive.expected_receipts > 300
    # Both programmes have the same P10 and P50 receipts: only the cap on the upside differs.
    assert best.p10_receipts == naive.p10_receipts == 600.0
    assert best.p50_receipts == naive.p50_receipts == 900.0


def test_two_shows_a_day_in_the_small_room_change_the_order() -> None:
    rules = CinemaRules(rooms=(Room("Salle 1", 120), Room("Salle 2", 80, shows_per_day=2)))
    best, *_ = best_programmes([certain("hit", 4_000_000), certain("small", 100_000)], rules)
    assert titles(best) == {"Salle 1": "small", "Salle 2": "hit"}
    assert best.expected_audience == {"Salle 1": 50.0, "Salle 2": 1120.0}
    assert best.expected_receipts == 11_700.0


def test_locks_and_exclusions() -> None:
    films = [certain("a", 300_000), certain("b", 200_000), certain("c", 100_000)]
    locked, *_ = best_programmes(films, locked={"Salle 1": "c"})
    assert titles(locked) == {"Salle 1": "c", "Salle 2": "a"}
    assert locked.expected_receipts == 2000.0
    without_a, *_ = best_programmes(films, excluded={"a"})
    assert titles(without_a) == {"Salle 1": "b", "Salle 2": "c"}
    both = best_programmes(films, locked={"Salle 2": "b"}, excluded=["a"])
    assert [titles(programme) for programme in both] == [{"Salle 1": "c", "Salle 2": "b"}]
    by_hand = best_programmes(films, locked={"Salle 1": "b", "Salle 2": "c"}, top=5)
    assert [titles(programme) for programme in by_hand] == [{"Salle 1": "b", "Salle 2": "c"}]


def test_alternatives_are_distinct_sorted_and_as_many_as_exist() -> None:
    films = [
        Candidate("a", "A", 400_000, 1_200_000, 3_000_000),
        Candidate("b", "B", 300_000, 900_000, 1_500_000),
        Candidate("c", "C", 100_000, 200_000, 400_000),
    ]
    top3 = best_programmes(films, top=3)
    every = best_programmes(films, top=10)
    assert len(top3) == 3
    assert len(every) == 6
    assert top3 == every[:3]
    receipts = [programme.expected_receipts for programme in every]
    assert receipts == sorted(receipts, reverse=True)
    assert len({tuple(titles(programme).items()) for programme in every}) == 6
    assert titles(every[0]) == {"Salle 1": "a", "Salle 2": "b"}


def test_search_is_exact_against_brute_force() -> None:
    generator = random.Random(7)
    rules = CinemaRules(
        rooms=(Room("A", 150), Room("B", 90), Room("C", 60, 2), Room("D", 40)),
        weekday_profile=(2, 1, 1, 3, 3, 1, 1),
    )
    films = []
    for index in range(7):
        p50 = generator.uniform(20_000, 2_500_000)
        films.append(
            Candidate(f"f{index}", f"F{index}", p50 / generator.uniform(1.2, 4), p50, p50 * 2)
        )
    found = best_programmes(films, rules, top=4)
    slots: dict[tuple[str, str], Slot] = {}
    for room in rules.rooms:
        for film in films:
            slots[(room.name, film.film_id)] = plan_slot(room, film, rules)
    totals = sorted(
        (
            math.fsum(
                slots[(room.name, film.film_id)].expected_receipts
                for room, film in zip(rules.rooms, chosen, strict=True)
            )
            for chosen in itertools.permutations(films, len(rules.rooms))
        ),
        reverse=True,
    )
    assert len(totals) == 7 * 6 * 5 * 4
    assert [programme.expected_receipts for programme in found] == pytest.approx(totals[:4])


def test_fewer_films_than_rooms_leaves_the_small_room_dark() -> None:
    only, other_room = best_programmes([certain("a", 300_000)], top=3)
    assert titles(only) == {"Salle 1": "a"}
    assert titles(other_room) == {"Salle 2": "a"}
    assert other_room.expected_receipts == only.expected_receipts == 1500.0
    assert only.dark_rooms == ("Salle 2",)
    assert only.expected_audience == {"Salle 1": 150.0, "Salle 2": 0.0}
    assert only.film_in("Salle 2") is None
    locked, *_ = best_programmes([certain("a", 300_000)], locked={"Salle 2": "a"})
    assert locked.dark_rooms == ("Salle 1",)
    assert locked.expected_receipts == 1500.0


def test_programme_from_ranking_widest_release_first() -> None:
    films = [
        certain("arthouse", 150_000, copies=120),
        certain("blockbuster", 1_000_000, copies=900),
        certain("comedy", 400_000, copies=500),
    ]
    by_copies = sorted(films, key=lambda film: -(film.copies or 0))
    programme = programme_from_ranking([film.film_id for film in by_copies], films)
    assert titles(programme) == {"Salle 1": "blockbuster", "Salle 2": "comedy"}
    # 1,000,000 -> 500 people (< 840); 400,000 -> 200 people (< 560).
    assert programme.expected_receipts == 7000.0
    short = programme_from_ranking(["comedy"], films)
    assert titles(short) == {"Salle 1": "comedy"} and short.dark_rooms == ("Salle 2",)


def test_realised_receipts_use_the_actual_admissions_with_the_caps() -> None:
    best, *_ = best_programmes([certain("a", 300_000), certain("b", 100_000)])
    # Film a did 4,000,000 in the end: Salle 1 sells 840 seats; b did 60,000: 30 people.
    assert realised_receipts(best, {"a": 4_000_000, "b": 60_000}) == 8700.0
    weekend = CinemaRules(weekday_profile=(1, 1, 1, 2, 2, 1, 1))
    # b in Salle 2 with 900,000 actual: 450 people, Saturday and Sunday capped at 80 -> 410.
    assert realised_receipts(best, {"a": 0, "b": 900_000}, weekend) == pytest.approx(4100.0)
    with pytest.raises(ValueError, match=r"no actual national admissions for film_id 'b'"):
        realised_receipts(best, {"a": 1})
    with pytest.raises(ValueError, match=r"actual national admissions -1 of film_id 'a'"):
        realised_receipts(best, {"a": -1, "b": 1})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"locked": {"Salle 3": "a"}}, r"no room called 'Salle 3'"),
        ({"locked": {"Salle 1": "zz"}}, r"locked to film_id 'zz', which is not a candidate"),
        (
            {"locked": {"Salle 1": "a"}, "excluded": {"a"}},
            r"'a' is both locked into 'Salle 1' and excluded",
        ),
        ({"locked": {"Salle 1": "a", "Salle 2": "a"}, "top": 1}, r"\['a'\] are locked into more"),
        ({"excluded": {"a", "b"}}, r"every candidate is excluded"),
        ({"excluded": {"zz"}}, r"excluded film_ids \['zz'\] are not among the candidates"),
        ({"excluded": "a"}, r"not one string"),
        ({"top": 0}, r"top=0 must be at least 1"),
    ],
)
def test_bad_requests_are_refused_by_name(kwargs: dict[str, object], message: str) -> None:
    films = [certain("a", 300_000), certain("b", 100_000)]
    with pytest.raises(ValueError, match=message):
        best_programmes(films, DEFAULT_RULES, **kwargs)  # type: ignore[arg-type]


def test_bad_candidates_are_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"no candidate films"):
        best_programmes([])
    with pytest.raises(ValueError, match=r"film_id 'a' is given twice"):
        best_programmes([certain("a", 1), certain("a", 2)])
    with pytest.raises(ValueError, match=r"candidate x \('Film x'\): quantiles must be ordered"):
        Candidate("x", "Film x", 300, 200, 400)
    with pytest.raises(ValueError, match=r"ranked film_id 'zz' is not among the candidates"):
        programme_from_ranking(["zz"], [certain("a", 1)])
    with pytest.raises(ValueError, match=r"no room called 'Salle 9' in this programme"):
        programme_from_ranking(["a"], [certain("a", 1)]).film_in("Salle 9")


def test_decision_capture_against_the_best_in_hindsight() -> None:
    films = [certain("a", 300_000), certain("b", 200_000), certain("c", 100_000)]
    chosen, *_ = best_programmes(films)
    # In the end c did 2,000,000 (1,000 wanted, 840 in Salle 1), a 300,000 and b 100,000.
    actual = {"a": 300_000.0, "b": 100_000.0, "c": 2_000_000.0}
    hindsight = best_in_hindsight(films, actual)
    assert titles(hindsight) == {"Salle 1": "c", "Salle 2": "a"}
    assert hindsight.expected_receipts == 8400.0 + 1500.0
    # The chosen a (150 people) + b (50 people) sold 2,000 EUR: 20.2 % of what was possible.
    assert realised_receipts(chosen, actual) == 2000.0
    assert realised_receipts(chosen, actual) / hindsight.expected_receipts == pytest.approx(
        2000 / 9900
    )
    with pytest.raises(ValueError, match=r"no actual national admissions for film_id 'c'"):
        best_in_hindsight(films, {"a": 1.0, "b": 1.0})


def test_wide_uncertainty_costs_expected_receipts_under_the_cap() -> None:
    salle_1 = DEFAULT_RULES.rooms[0]
    # P50 of 2,000,000 national -> 1,000 wanted: at P50 Salle 1 is full, 840 seats, 8,400 EUR.
    wide = plan_slot(salle_1, Candidate("w", "Wide", 1_000_000, 2_000_000, 4_000_000))
    assert wide.p50_receipts == 8400.0
    # P10 of 1,000,000 -> 500 people (no cap): 5,000 EUR.
    assert wide.p10_receipts == 5000.0
    # The mean demand is above the P50 (right skew of the log-normal) and above the cap, but
    # the expected sale is below the cap: in the bad weeks the room is not full.
    assert wide.potential_audience > 1000.0
    assert wide.expected_audience < 840.0
    assert wide.expected_receipts < min(wide.potential_audience, 840.0) * 10
    exact = plan_slot(salle_1, certain("e", 2_000_000))
    assert exact.expected_receipts == exact.p50_receipts == 8400.0
    assert wide.expected_receipts < exact.expected_receipts
