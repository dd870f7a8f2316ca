"""A room's week, day by day: the weekly audience spread by the weekday profile, capped each day.

A room seats at most `seats x shows_per_day` people a day. The weekly audience A comes on day d
in the share w_d of the rules' weekday profile, so the room sells min(A w_d, capacity) that day.
With an uncertain A the expected sale of day d is E[min(A w_d, C)] = w_d E[min(A, C / w_d)],
computed in closed form by `SplitLogNormal.expected_min`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from predictor.programme.rules import DEFAULT_RULES, WEEKDAYS, CinemaRules, Room
from predictor.programme.uncertainty import SplitLogNormal


@dataclass(frozen=True)
class DayAudience:
    """One day of one room: the people expected (capped at capacity) and what they pay."""

    day: str
    audience: float
    capacity: int
    receipts: float
    """EUR, VAT included: audience x average ticket price."""

    @property
    def fill_rate(self) -> float:
        """The share of the day's seats that is sold (0 to 1)."""
        return self.audience / self.capacity


def _days(audiences: list[float], room: Room, rules: CinemaRules) -> tuple[DayAudience, ...]:
    return tuple(
        DayAudience(
            day=day,
            audience=audience,
            capacity=room.daily_capacity,
            receipts=audience * rules.ticket_price_eur,
        )
        for day, audience in zip(WEEKDAYS, audiences, strict=True)
    )


def spread_week(
    weekly_audience: float, room: Room, rules: CinemaRules = DEFAULT_RULES
) -> tuple[DayAudience, ...]:
    """The seven days of a room whose weekly audience (people wanting a seat) is known.

    Day d sells min(weekly_audience x share_d, seats x shows_per_day); what the cap turns away
    is lost, not moved to another day.
    """
    if not math.isfinite(weekly_audience) or weekly_audience < 0:
        raise ValueError(f"weekly_audience={weekly_audience!r} must be a finite number >= 0")
    return _days(
        [min(weekly_audience * share, room.daily_capacity) for share in rules.weekday_shares],
        room,
        rules,
    )


def expected_days(
    weekly_audience: SplitLogNormal, room: Room, rules: CinemaRules = DEFAULT_RULES
) -> tuple[DayAudience, ...]:
    """The seven days of a room whose weekly audience is uncertain: expected capped sales.

    Day d expects E[min(A share_d, C)] = share_d E[min(A, C / share_d)], never more than the
    day's capacity C; with a certain A it equals `spread_week` exactly.
    """
    if weekly_audience.is_certain:
        return spread_week(weekly_audience.median, room, rules)
    return _days(
        [
            min(
                share * weekly_audience.expected_min(room.daily_capacity / share),
                room.daily_capacity,
            )
            for share in rules.weekday_shares
        ],
        room,
        rules,
    )


def dark_days(room: Room, rules: CinemaRules = DEFAULT_RULES) -> tuple[DayAudience, ...]:
    """The seven days of a room with no film: nobody, nothing sold."""
    return _days([0.0] * len(WEEKDAYS), room, rules)


def weekday_profile_from_attendance(weeks: Iterable[Sequence[float]]) -> tuple[float, ...]:
    """A weekday profile learnt from the cinema's own attendance, for `CinemaRules`.

    Each week is seven counts of people, Wednesday to Tuesday (all rooms together); weeks with
    nobody are skipped. The profile is the mean over weeks of each day's share of its week, so
    a big week weighs no more than a small one. Full days hide the demand they turned away;
    leave out weeks with a full day if they are many.
    """
    shares: list[list[float]] = []
    for number, week in enumerate(weeks, start=1):
        if len(week) != len(WEEKDAYS):
            raise ValueError(
                f"attendance week {number} has {len(week)} days; give 7, Wednesday to Tuesday"
            )
        if any(not math.isfinite(people) or people < 0 for people in week):
            raise ValueError(
                f"attendance week {number} has {list(week)}; counts must be finite numbers >= 0"
            )
        total = math.fsum(week)
        if total > 0:
            shares.append([people / total for people in week])
    if not shares:
        raise ValueError("no week with any attendance; keep the flat profile until there is some")
    profile = tuple(math.fsum(day) / len(shares) for day in zip(*shares, strict=True))
    for day, weight in zip(WEEKDAYS, profile, strict=True):
        if weight == 0:
            raise ValueError(
                f"nobody came on any {day} in {len(shares)} week(s); a profile needs every day "
                "above 0 (wait for more weeks or set the profile by hand)"
            )
    return profile


MIN_LEARNING_WEEKS = 4
"""Complete weeks of the cinema's own attendance needed before its learnt rules are offered."""


def audience_share_from_attendance(films: Iterable[tuple[float, float]]) -> float:
    """The audience share learnt from the cinema's own attendance, for `CinemaRules`.

    Each pair is (the cinema's admissions of a film over its week, that film's national
    first-week admissions). The share is the ratio of the totals, so a film weighs as much as
    its audience: a small film's few people do not swing it. Full rooms hide the demand they
    turned away, so the share is a floor when many days sold out.
    """
    cinema_total: list[float] = []
    national_total: list[float] = []
    for number, (cinema, national) in enumerate(films, start=1):
        if not math.isfinite(cinema) or cinema < 0:
            raise ValueError(
                f"film {number} has cinema admissions {cinema!r}; give a finite number >= 0"
            )
        if not math.isfinite(national) or national <= 0:
            raise ValueError(
                f"film {number} has national admissions {national!r}; give a finite number > 0"
            )
        cinema_total.append(cinema)
        national_total.append(national)
    if not national_total:
        raise ValueError("no film with national admissions; keep the brief's share until there is")
    cinema_sum, national_sum = math.fsum(cinema_total), math.fsum(national_total)
    share = cinema_sum / national_sum
    if not 0.0 < share <= 1.0:
        raise ValueError(
            f"{cinema_sum:g} cinema admissions over {national_sum:g} national ones give a share of "
            f"{share:g}; it must be in (0, 1] (check the attendance typed and the films' ids)"
        )
    return share
