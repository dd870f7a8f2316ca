"""Properties that must hold for every film, room and rule set (hypothesis, small budgets)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from predictor.programme.allocation import (
    Candidate,
    best_programmes,
    plan_slot,
    programme_from_ranking,
)
from predictor.programme.rules import CinemaRules, Room
from predictor.programme.uncertainty import SplitLogNormal

admissions = st.floats(min_value=1.0, max_value=10_000_000.0, allow_nan=False)
profiles = st.tuples(*[st.floats(min_value=0.05, max_value=5.0)] * 7)
rooms = st.builds(
    Room,
    name=st.just("Salle"),
    seats=st.integers(min_value=1, max_value=500),
    shows_per_day=st.integers(min_value=1, max_value=5),
)


@st.composite
def candidates(draw: st.DrawFn, film_id: str = "f") -> Candidate:
    low, middle, high = sorted(draw(st.tuples(admissions, admissions, admissions)))
    return Candidate(film_id, film_id, low, middle, high)


@settings(max_examples=150, deadline=None)
@given(film=candidates(), room=rooms, profile=profiles, price=st.floats(1.0, 30.0))
def test_expected_receipts_never_exceed_capacity_times_price(
    film: Candidate, room: Room, profile: tuple[float, ...], price: float
) -> None:
    rules = CinemaRules(rooms=(room,), weekday_profile=profile, ticket_price_eur=price)
    slot = plan_slot(room, film, rules)
    assert slot.expected_receipts <= room.weekly_capacity * price
    assert all(day.audience <= room.daily_capacity for day in slot.days)
    # Capping never adds: E[sum min(A w, C)] <= min(E[A], 7 C).
    assert slot.expected_audience <= min(slot.potential_audience, room.weekly_capacity) * (1 + 1e-9)


@settings(max_examples=150, deadline=None)
@given(
    quantiles=st.tuples(admissions, admissions, admissions),
    caps=st.tuples(st.floats(0.0, 1e7), st.floats(0.0, 1e7)),
)
def test_expected_capped_value_grows_with_the_cap(
    quantiles: tuple[float, float, float], caps: tuple[float, float]
) -> None:
    distribution = SplitLogNormal.from_quantiles(*sorted(quantiles))
    low_cap, high_cap = sorted(caps)
    low, high = distribution.expected_min(low_cap), distribution.expected_min(high_cap)
    assert 0.0 <= low <= high * (1 + 1e-12) + 1e-12
    assert high <= high_cap * (1 + 1e-12)
    assert high <= distribution.mean() * (1 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(
    known=st.lists(admissions, min_size=1, max_size=5),
    seats=st.lists(st.integers(10, 300), min_size=1, max_size=3),
    shows=st.lists(st.integers(1, 3), min_size=3, max_size=3),
    profile=profiles,
)
def test_with_known_admissions_strongest_to_biggest_is_optimal(
    known: list[float], seats: list[int], shows: list[int], profile: tuple[float, ...]
) -> None:
    rules = CinemaRules(
        rooms=tuple(
            Room(f"Salle {index + 1}", count, shows[index]) for index, count in enumerate(seats)
        ),
        weekday_profile=profile,
    )
    films = [Candidate(f"f{index}", f"F{index}", p50, p50, p50) for index, p50 in enumerate(known)]
    ranked = [film.film_id for film in sorted(films, key=lambda film: -film.p50)]
    best = best_programmes(films, rules, top=1)[0]
    naive = programme_from_ranking(ranked, films, rules)
    assert math.isclose(best.expected_receipts, naive.expected_receipts, rel_tol=1e-9)
