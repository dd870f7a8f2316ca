"""How the week's films are put in the rooms: the model's best programme, the manager's rule of
thumb (the widest releases in the biggest rooms), or the model only when it is confident enough to
overturn that rule; and, in a week where no film has copies (TMDB gives none), the ranking
model's order.

The decision backtest (`mercredi backtest --decision`, docs/model.md) chose `CHOSEN_POLICY` and
its threshold on 2010-2018 and judged them on 2019-2022; `choose_programme` applies them, so the
API, the portal and the backtest decide the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from predictor.programme.allocation import Candidate, Programme, best_programmes
from predictor.programme.rules import DEFAULT_RULES, CinemaRules

Policy = Literal["model", "widest_release", "confident_model"]
POLICIES: Final[tuple[Policy, ...]] = ("model", "widest_release", "confident_model")
ChosenBy = Literal["model", "widest release", "ranking without copies"]
"""Which rule chose a week's programme: the model's best expected receipts, the widest-release
rule, or the ranking model's order in a week where no film has copies."""

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


def ranking_by_score(scores: Mapping[str, float]) -> list[str]:
    """Film ids, highest score first (ties by film_id, for a stable order)."""
    return sorted(scores, key=lambda film_id: (-scores[film_id], film_id))


def ranking_programme(
    candidates: Iterable[Candidate],
    ranking: Sequence[str],
    rules: CinemaRules = DEFAULT_RULES,
    *,
    locked: Mapping[str, str] | None = None,
    excluded: Iterable[str] = frozenset(),
) -> Programme:
    """A ranking's programme: its first film in the biggest free room, the next in the next.

    `ranking` holds film ids, best first (films missing from it are never programmed). Locked
    rooms keep their film and excluded films are left out (as in `best_programmes`, which
    checks them and raises ValueError on a wrong lock or exclusion).
    """
    films = list(candidates)
    excluded_ids = frozenset([excluded] if isinstance(excluded, str) else excluded)
    locks = dict(locked or {})
    taken = set(locks.values())
    free = [film_id for film_id in ranking if film_id not in taken and film_id not in excluded_ids]
    free_rooms = [room.name for room in rules.rooms_by_capacity if room.name not in locks]
    for room_name, film_id in zip(free_rooms, free, strict=False):
        locks[room_name] = film_id
    return best_programmes(films, rules, top=1, locked=locks, excluded=excluded)[0]


def widest_release_programme(
    candidates: Iterable[Candidate],
    rules: CinemaRules = DEFAULT_RULES,
    *,
    locked: Mapping[str, str] | None = None,
    excluded: Iterable[str] = frozenset(),
) -> Programme:
    """The manager's rule: the widest release in the biggest free room, the next in the next
    (`ranking_programme` of `widest_release_ranking`), locks and exclusions honoured."""
    films = list(candidates)
    return ranking_programme(
        films, widest_release_ranking(films), rules, locked=locked, excluded=excluded
    )


def _check_ranking(films: Sequence[Candidate], ranking: Sequence[str]) -> None:
    ids = [film.film_id for film in films]
    if sorted(ranking) != sorted(ids):
        raise ValueError(
            f"ranking {list(ranking)} must hold each candidate's film_id once, "
            f"the candidates being {sorted(ids)}"
        )


@dataclass(frozen=True)
class ProgrammeChoice:
    """The week's programme and the rule that chose it."""

    programme: Programme
    chosen_by: ChosenBy


def programme_choice(
    candidates: Iterable[Candidate],
    rules: CinemaRules = DEFAULT_RULES,
    *,
    policy: Policy = CHOSEN_POLICY,
    min_gain: float = CHOSEN_MIN_GAIN,
    locked: Mapping[str, str] | None = None,
    excluded: Iterable[str] = frozenset(),
    ranking: Sequence[str] | None = None,
) -> ProgrammeChoice:
    """The week's programme under `policy` and which rule chose it (see `choose_programme`)."""
    if policy not in POLICIES:
        raise ValueError(f"policy {policy!r} is not one of {', '.join(POLICIES)}")
    if not min_gain >= 0.0:
        raise ValueError(f"min_gain={min_gain!r} must be >= 0 (0.10 means 10 % more receipts)")
    films = list(candidates)
    excluded = list(excluded)
    blind = all(film.copies is None for film in films)
    if blind and ranking is not None:
        _check_ranking(films, ranking)
        programme = ranking_programme(films, ranking, rules, locked=locked, excluded=excluded)
        return ProgrammeChoice(programme, "ranking without copies")
    if policy == "model" or blind:
        modelled = best_programmes(films, rules, top=1, locked=locked, excluded=excluded)[0]
        return ProgrammeChoice(modelled, "model")
    rule = widest_release_programme(films, rules, locked=locked, excluded=excluded)
    if policy == "widest_release":
        return ProgrammeChoice(rule, "widest release")
    modelled = best_programmes(films, rules, top=1, locked=locked, excluded=excluded)[0]
    if modelled.expected_receipts >= rule.expected_receipts * (1.0 + min_gain):
        return ProgrammeChoice(modelled, "model")
    return ProgrammeChoice(rule, "widest release")


def choose_programme(
    candidates: Iterable[Candidate],
    rules: CinemaRules = DEFAULT_RULES,
    *,
    policy: Policy = CHOSEN_POLICY,
    min_gain: float = CHOSEN_MIN_GAIN,
    locked: Mapping[str, str] | None = None,
    excluded: Iterable[str] = frozenset(),
    ranking: Sequence[str] | None = None,
) -> Programme:
    """The week's programme under `policy` (by default the one the decision backtest chose).

    - When **no candidate has copies and a `ranking` is given** (the champion's ranking model,
      `predictor.model.rank`: film ids, best first, every candidate once), whatever the
      policy: the ranking's programme (`ranking_programme`), its first film in the biggest
      room. Without copies the decision backtest measured 89.10 % capture on 2010-2018 and
      91.15 % on 2019-2022 for the ranker, against 89.39 % and 89.76 % for the model's
      programme since films without copies have their own point model (78.67 % and 81.09 %
      before, when the ranker was chosen; docs/model.md, "Without copies").
    - `model`: the programme with the highest expected receipts under the films' P10/P50/P90
      (`best_programmes`).
    - `widest_release`: the widest releases in the biggest rooms (`widest_release_programme`).
    - `confident_model`: the model's programme only when its expected receipts exceed those of
      the widest-release programme, both judged on the model's P10/P50/P90, by at least
      `min_gain` (0.10 = 10 %); the widest-release programme otherwise. When no candidate has
      copies (and no ranking is given), the rule has nothing to go on and the model's
      programme is returned.

    With copies known, even for one film, the ranking is not used. Locks and exclusions are
    the manager's, honoured by every policy. Raises ValueError for an unknown policy, a
    negative `min_gain`, a ranking that is not the candidates' ids, and whatever
    `best_programmes` refuses.
    """
    return programme_choice(
        candidates,
        rules,
        policy=policy,
        min_gain=min_gain,
        locked=locked,
        excluded=excluded,
        ranking=ranking,
    ).programme
