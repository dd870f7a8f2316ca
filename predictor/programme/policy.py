"""How the week's films are put in the rooms: the model's best programme, the manager's rule of
thumb (the widest releases in the biggest rooms), or the model only when it is confident enough to
overturn that rule.

The decision backtest (`mercredi backtest --decision`, docs/model.md) chose `CHOSEN_POLICY` and
its threshold on 2010-2018 and judged them on 2019-2022; `choose_programme` applies them, so the
API, the portal and the backtest decide the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Literal

from predictor.programme.allocation import Candidate, Programme, best_programmes
from predictor.programme.rules import DEFAULT_RULES, CinemaRules

Policy = Literal["model", "widest_release", "confident_model"]
POLICIES: Final[tuple[Policy, ...]] = ("model", "widest_release", "confident_model")

CHOSEN_POLICY: Final[Policy] = "model"
"""The policy the decision backtest chose on 2010-2018 (capture 96.1 % against 95.3 % for the
widest release) and that still earned more on 2019-2022 (95.4 % against 94.9 %, +0.5 points with
a 90 % interval of [-0.5, +1.5]: the issue's target of +1.5 points is not met). Change it only
after a new `mercredi backtest --decision` says so (docs/model.md)."""
CHOSEN_MIN_GAIN: Final = 0.0
"""`confident_model`'s threshold: on 2010-2018 the lowest tried (0) did best, i.e. the model."""


def widest_release_ranking(candidates: Iterable[Candidate]) -> list[str]:
    """Film ids, most copies first (unknown copies last, then by film_id for a stable order)."""
    ordered = sorted(
        candidates,
        key=lambda film: (film.copies is None, -(film.copies or 0), film.film_id),
    )
    return [film.film_id for film in ordered]


def widest_release_programme(
    candidates: Iterable[Candidate],
    rules: CinemaRules = DEFAULT_RULES,
    *,
    locked: Mapping[str, str] | None = None,
    excluded: Iterable[str] = frozenset(),
) -> Programme:
    """The manager's rule: the widest release in the biggest free room, the next in the next.

    Locked rooms keep their film and excluded films are left out (as in `best_programmes`,
    which checks them and raises ValueError on a wrong lock or exclusion).
    """
    films = list(candidates)
    excluded_ids = frozenset([excluded] if isinstance(excluded, str) else excluded)
    locks = dict(locked or {})
    taken = set(locks.values())
    free = [
        film_id
        for film_id in widest_release_ranking(films)
        if film_id not in taken and film_id not in excluded_ids
    ]
    free_rooms = [room.name for room in rules.rooms_by_capacity if room.name not in locks]
    for room_name, film_id in zip(free_rooms, free, strict=False):
        locks[room_name] = film_id
    return best_programmes(films, rules, top=1, locked=locks, excluded=excluded)[0]


def choose_programme(
    candidates: Iterable[Candidate],
    rules: CinemaRules = DEFAULT_RULES,
    *,
    policy: Policy = CHOSEN_POLICY,
    min_gain: float = CHOSEN_MIN_GAIN,
    locked: Mapping[str, str] | None = None,
    excluded: Iterable[str] = frozenset(),
) -> Programme:
    """The week's programme under `policy` (by default the one the decision backtest chose).

    - `model`: the programme with the highest expected receipts under the films' P10/P50/P90
      (`best_programmes`).
    - `widest_release`: the widest releases in the biggest rooms (`widest_release_programme`).
    - `confident_model`: the model's programme only when its expected receipts exceed those of
      the widest-release programme, both judged on the model's P10/P50/P90, by at least
      `min_gain` (0.10 = 10 %); the widest-release programme otherwise. When no candidate has
      copies, the rule has nothing to go on and the model's programme is returned.

    Locks and exclusions are the manager's, honoured by every policy. Raises ValueError for an
    unknown policy, a negative `min_gain`, and whatever `best_programmes` refuses.
    """
    if policy not in POLICIES:
        raise ValueError(f"policy {policy!r} is not one of {', '.join(POLICIES)}")
    if not min_gain >= 0.0:
        raise ValueError(f"min_gain={min_gain!r} must be >= 0 (0.10 means 10 % more receipts)")
    films = list(candidates)
    excluded = list(excluded)
    if policy == "model" or all(film.copies is None for film in films):
        return best_programmes(films, rules, top=1, locked=locked, excluded=excluded)[0]
    rule = widest_release_programme(films, rules, locked=locked, excluded=excluded)
    if policy == "widest_release":
        return rule
    modelled = best_programmes(films, rules, top=1, locked=locked, excluded=excluded)[0]
    if modelled.expected_receipts >= rule.expected_receipts * (1.0 + min_gain):
        return modelled
    return rule
