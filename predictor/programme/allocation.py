"""Which film in which room: the programmes that maximise expected (capped) receipts.

A room's receipts depend only on its film, so a programme's expected receipts are the sum of its
rooms'. `best_programmes` searches every way of putting distinct films in the rooms (depth-first,
room by room, cutting a branch as soon as even its best completion cannot reach the current
`top`-th programme), so the answer is exact, not greedy.

Ranking, best first: expected receipts (to the cent), then P10 receipts (the better downside),
then the strongest P50 in the biggest room (so that when the cap does not bind, e.g. the brief's
case, the strongest film gets the 120-seat room), then film ids for a stable order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from predictor.programme.daily import DayAudience, dark_days, expected_days, spread_week
from predictor.programme.rules import DEFAULT_RULES, CinemaRules, Room
from predictor.programme.uncertainty import SplitLogNormal

_CENT = 0.01


@dataclass(frozen=True)
class Candidate:
    """One film that may be programmed; admissions are national, for the first week."""

    film_id: str
    title: str
    p10: float
    p50: float
    p90: float
    copies: int | None = None

    def __post_init__(self) -> None:
        if not self.film_id:
            raise ValueError(f"candidate {self.title!r} has an empty film_id; give its id")
        try:
            SplitLogNormal.from_quantiles(self.p10, self.p50, self.p90)
        except ValueError as error:
            raise ValueError(f"candidate {self.film_id} ({self.title!r}): {error}") from None
        if self.copies is not None and self.copies < 0:
            raise ValueError(
                f"candidate {self.film_id} ({self.title!r}) has copies={self.copies}; "
                "give a number >= 0 or None"
            )

    @property
    def national_admissions(self) -> SplitLogNormal:
        """The distribution of national first-week admissions fitted through P10/P50/P90."""
        return SplitLogNormal.from_quantiles(self.p10, self.p50, self.p90)


@dataclass(frozen=True)
class Slot:
    """One room of a programme, its film (None: the room stays dark) and what it should sell.

    Audiences are people over the week, capped each day at the room's capacity; receipts are
    EUR, VAT included. `expected_*` integrate the whole P10/P50/P90 distribution,
    `p10_*` / `p50_*` are the values if the film does exactly its P10 / P50.
    """

    room: Room
    film: Candidate | None
    days: tuple[DayAudience, ...]
    """Expected audience and receipts, Wednesday to Tuesday."""
    potential_audience: float
    """Expected weekly audience with no cap (national mean x audience share)."""
    expected_audience: float
    p10_audience: float
    p50_audience: float
    expected_receipts: float
    p10_receipts: float
    p50_receipts: float

    @property
    def is_dark(self) -> bool:
        """True when no film plays in the room this week."""
        return self.film is None


@dataclass(frozen=True)
class Programme:
    """A week's programme: one slot per room, in the rules' room order."""

    slots: tuple[Slot, ...]

    @property
    def assignments(self) -> dict[str, Candidate]:
        """Room name -> the film it shows (dark rooms are left out)."""
        return {slot.room.name: slot.film for slot in self.slots if slot.film is not None}

    @property
    def expected_audience(self) -> dict[str, float]:
        """Room name -> expected weekly audience, capped (0 for a dark room)."""
        return {slot.room.name: slot.expected_audience for slot in self.slots}

    @property
    def dark_rooms(self) -> tuple[str, ...]:
        """The names of the rooms with no film this week."""
        return tuple(slot.room.name for slot in self.slots if slot.film is None)

    @property
    def expected_receipts(self) -> float:
        """Expected receipts of the week, EUR, VAT included, capacity caps taken into account."""
        return math.fsum(slot.expected_receipts for slot in self.slots)

    @property
    def p10_receipts(self) -> float:
        """Receipts if every film does its P10 (the downside; EUR, VAT included)."""
        return math.fsum(slot.p10_receipts for slot in self.slots)

    @property
    def p50_receipts(self) -> float:
        """Receipts if every film does its P50 (EUR, VAT included)."""
        return math.fsum(slot.p50_receipts for slot in self.slots)

    def film_in(self, room_name: str) -> Candidate | None:
        """The film shown in `room_name` (None if dark); a ValueError for an unknown room."""
        for slot in self.slots:
            if slot.room.name == room_name:
                return slot.film
        known = ", ".join(repr(slot.room.name) for slot in self.slots)
        raise ValueError(f"no room called {room_name!r} in this programme; its rooms are {known}")


def plan_slot(room: Room, film: Candidate | None, rules: CinemaRules = DEFAULT_RULES) -> Slot:
    """What `film` should sell in `room` under `rules` (a dark slot when film is None)."""
    if film is None:
        nothing = 0.0
        return Slot(
            room=room,
            film=None,
            days=dark_days(room, rules),
            potential_audience=nothing,
            expected_audience=nothing,
            p10_audience=nothing,
            p50_audience=nothing,
            expected_receipts=nothing,
            p10_receipts=nothing,
            p50_receipts=nothing,
        )
    audience = film.national_admissions.scaled(rules.audience_share)
    days = expected_days(audience, room, rules)
    p10_audience = _weekly(spread_week(film.p10 * rules.audience_share, room, rules))
    p50_audience = _weekly(spread_week(film.p50 * rules.audience_share, room, rules))
    expected_audience = _weekly(days)
    price = rules.ticket_price_eur
    return Slot(
        room=room,
        film=film,
        days=days,
        potential_audience=audience.mean(),
        expected_audience=expected_audience,
        p10_audience=p10_audience,
        p50_audience=p50_audience,
        expected_receipts=expected_audience * price,
        p10_receipts=p10_audience * price,
        p50_receipts=p50_audience * price,
    )


def _weekly(days: Iterable[DayAudience]) -> float:
    return math.fsum(day.audience for day in days)


def _index_candidates(candidates: Iterable[Candidate]) -> dict[str, Candidate]:
    by_id: dict[str, Candidate] = {}
    for candidate in candidates:
        if candidate.film_id in by_id:
            raise ValueError(
                f"film_id {candidate.film_id!r} is given twice ({by_id[candidate.film_id].title!r} "
                f"and {candidate.title!r}); give each candidate once"
            )
        by_id[candidate.film_id] = candidate
    if not by_id:
        raise ValueError("no candidate films; give at least one film to programme")
    return by_id


def _ranking_key(programme: Programme, rules: CinemaRules) -> tuple[object, ...]:
    order = {room.name: rank for rank, room in enumerate(rules.rooms_by_capacity)}
    by_capacity = sorted(programme.slots, key=lambda slot: order[slot.room.name])
    return (
        -round(programme.expected_receipts, 2),
        -round(programme.p10_receipts, 2),
        tuple(-1.0 if slot.film is None else -slot.film.p50 for slot in by_capacity),
        tuple("" if slot.film is None else slot.film.film_id for slot in by_capacity),
    )


def best_programmes(
    candidates: Iterable[Candidate],
    rules: CinemaRules = DEFAULT_RULES,
    *,
    top: int = 3,
    locked: Mapping[str, str] | None = None,
    excluded: Iterable[str] = frozenset(),
) -> list[Programme]:
    """The `top` programmes with the highest expected receipts, best first, all distinct.

    `locked` maps a room name to the film_id it must show (lock every room to evaluate a
    programme chosen by hand); `excluded` film_ids are never programmed. As many rooms as
    possible show a film; with fewer films than rooms some rooms stay dark (the best programme
    darkens the smallest). Fewer than `top` programmes come back when fewer exist.

    Raises ValueError when there are no candidates (before or after exclusions), a film_id is
    given twice, a lock names an unknown room or film, a film is both locked and excluded, a
    film is locked into two rooms, or an excluded film_id is not a candidate.
    """
    if top < 1:
        raise ValueError(f"top={top} must be at least 1")
    pool, locks = _manager_choices(candidates, rules, locked or {}, excluded)
    options: list[list[Slot]] = []
    for room in rules.rooms:
        if room.name in locks:
            options.append([plan_slot(room, pool[locks[room.name]], rules)])
        else:
            free = [film for film_id, film in pool.items() if film_id not in locks.values()]
            options.append([plan_slot(room, film, rules) for film in free])
            if len(pool) < len(rules.rooms):
                options[-1].append(plan_slot(room, None, rules))
    return _top_programmes(options, min(len(pool), len(rules.rooms)), top, rules)


def _manager_choices(
    candidates: Iterable[Candidate],
    rules: CinemaRules,
    locked: Mapping[str, str],
    excluded: Iterable[str],
) -> tuple[dict[str, Candidate], dict[str, str]]:
    """The films that may be programmed (by id) and the locks (room -> film_id), checked."""
    if isinstance(excluded, str):
        raise ValueError(f"excluded={excluded!r} must be a collection of film_ids, not one string")
    by_id = _index_candidates(candidates)
    excluded_ids = frozenset(excluded)
    unknown = sorted(excluded_ids - by_id.keys())
    if unknown:
        raise ValueError(f"excluded film_ids {unknown} are not among the candidates; check the ids")
    for room_name, film_id in locked.items():
        rules.room(room_name)
        if film_id not in by_id:
            raise ValueError(
                f"room {room_name!r} is locked to film_id {film_id!r}, which is not a candidate; "
                "lock one of the candidates"
            )
        if film_id in excluded_ids:
            raise ValueError(
                f"film_id {film_id!r} is both locked into {room_name!r} and excluded; "
                "remove it from one of the two"
            )
    locked_films = list(locked.values())
    twice = sorted({film_id for film_id in locked_films if locked_films.count(film_id) > 1})
    if twice:
        raise ValueError(f"film_ids {twice} are locked into more than one room; lock each once")
    pool = {film_id: film for film_id, film in by_id.items() if film_id not in excluded_ids}
    if not pool:
        raise ValueError("every candidate is excluded; exclude fewer films")
    return pool, dict(locked)


def _top_programmes(
    options: list[list[Slot]], films_to_place: int, top: int, rules: CinemaRules
) -> list[Programme]:
    """The `top` best ways to pick one slot per room (distinct films, `films_to_place` of them).

    Depth-first over the rooms; a branch is cut when its receipts so far plus the best each
    remaining room could add (ignoring that films must differ) stay a cent below the current
    `top`-th programme, so nothing that could rank among the `top` is cut.
    """
    best_after = [0.0] * (len(options) + 1)
    for index in range(len(options) - 1, -1, -1):
        best_after[index] = best_after[index + 1] + max(
            slot.expected_receipts for slot in options[index]
        )
    found: list[tuple[tuple[object, ...], Programme]] = []

    def search(index: int, chosen: tuple[Slot, ...], used: frozenset[str], total: float) -> None:
        if (
            len(found) == top
            and total + best_after[index]
            < min(programme.expected_receipts for _, programme in found) - _CENT
        ):
            return
        if index == len(options):
            if len(used) == films_to_place:
                programme = Programme(chosen)
                found.append((_ranking_key(programme, rules), programme))
                found.sort(key=lambda item: item[0])
                del found[top:]
            return
        for slot in options[index]:
            film_id = None if slot.film is None else slot.film.film_id
            if film_id in used:
                continue
            search(
                index + 1,
                (*chosen, slot),
                used if film_id is None else used | {film_id},
                total + slot.expected_receipts,
            )

    search(0, (), frozenset(), 0.0)
    return [programme for _, programme in found]


def programme_from_ranking(
    ranked_film_ids: Sequence[str],
    candidates: Iterable[Candidate],
    rules: CinemaRules = DEFAULT_RULES,
) -> Programme:
    """The programme that gives the first film the biggest room, the second the next, ...

    Rooms are taken by daily capacity (seats x shows), biggest first; films beyond the number
    of rooms are left out, rooms beyond the number of films stay dark. Used for heuristics
    such as "widest release first" (rank by copies) to compare with `best_programmes`.
    """
    by_id = _index_candidates(candidates)
    seen: set[str] = set()
    for film_id in ranked_film_ids:
        if film_id not in by_id:
            raise ValueError(f"ranked film_id {film_id!r} is not among the candidates")
        if film_id in seen:
            raise ValueError(f"ranked film_id {film_id!r} appears twice in the ranking")
        seen.add(film_id)
    films: dict[str, Candidate | None] = {room.name: None for room in rules.rooms}
    for room, film_id in zip(rules.rooms_by_capacity, ranked_film_ids, strict=False):
        films[room.name] = by_id[film_id]
    return Programme(tuple(plan_slot(room, films[room.name], rules) for room in rules.rooms))


def best_in_hindsight(
    candidates: Iterable[Candidate],
    national_admissions: Mapping[str, float],
    rules: CinemaRules = DEFAULT_RULES,
) -> Programme:
    """The best programme had each candidate's actual national admissions been known.

    Its receipts are the most any programme of these candidates could have sold, the yardstick
    of decision capture: `realised_receipts(chosen, actual) / best_in_hindsight(...).
    expected_receipts`.
    """
    known = []
    for film in candidates:
        if film.film_id not in national_admissions:
            raise ValueError(
                f"no actual national admissions for film_id {film.film_id!r} ({film.title!r}); "
                "give them for every candidate"
            )
        actual = national_admissions[film.film_id]
        known.append(Candidate(film.film_id, film.title, actual, actual, actual, film.copies))
    return best_programmes(known, rules, top=1)[0]


def realised_receipts(
    programme: Programme,
    national_admissions: Mapping[str, float],
    rules: CinemaRules = DEFAULT_RULES,
) -> float:
    """What the programme would really have sold (EUR, VAT included), given each film's actual
    national first-week admissions, with the same audience share, weekday profile and caps.
    """
    receipts = []
    for slot in programme.slots:
        if slot.film is None:
            continue
        if slot.film.film_id not in national_admissions:
            raise ValueError(
                f"no actual national admissions for film_id {slot.film.film_id!r} "
                f"({slot.film.title!r}), shown in {slot.room.name!r}; give them"
            )
        actual = national_admissions[slot.film.film_id]
        if not math.isfinite(actual) or actual < 0:
            raise ValueError(
                f"actual national admissions {actual!r} of film_id {slot.film.film_id!r} "
                f"({slot.film.title!r}) must be a finite number >= 0"
            )
        days = spread_week(actual * rules.audience_share, slot.room, rules)
        receipts.append(_weekly(days) * rules.ticket_price_eur)
    return math.fsum(receipts)
