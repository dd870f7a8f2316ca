"""A room's week day by day: the weekday profile and the daily capacity cap."""

from __future__ import annotations

import pytest

from predictor.programme.daily import (
    audience_share_from_attendance,
    dark_days,
    expected_days,
    spread_week,
    weekday_profile_from_attendance,
)
from predictor.programme.rules import DEFAULT_RULES, WEEKDAYS, CinemaRules, Room
from predictor.programme.uncertainty import SplitLogNormal

SALLE_1 = Room("Salle 1", 120)
SALLE_2 = Room("Salle 2", 80)


def test_flat_week_under_capacity() -> None:
    # 300,000 national admissions / 2000 = 150 people, 150 / 7 a day, far below 120 seats.
    days = spread_week(150.0, SALLE_1)
    assert [day.day for day in days] == list(WEEKDAYS)
    assert [day.audience for day in days] == pytest.approx([150 / 7] * 7)
    assert [day.receipts for day in days] == pytest.approx([1500 / 7] * 7)
    assert sum(day.audience for day in days) == pytest.approx(150.0)
    assert days[0].fill_rate == pytest.approx(150 / 7 / 120)


def test_a_huge_film_fills_the_room_every_day_and_no_more() -> None:
    # 4,000,000 national admissions -> 2,000 wanted, 285.7 a day; Salle 1 seats 120 a day.
    days = spread_week(4_000_000 / 2000, SALLE_1)
    assert [day.audience for day in days] == [120.0] * 7
    assert sum(day.audience for day in days) == 840.0
    assert sum(day.receipts for day in days) == 8400.0


def test_two_shows_a_day_double_the_cap() -> None:
    days = spread_week(2000.0, Room("Salle 1", 120, shows_per_day=2))
    assert [day.audience for day in days] == [240.0] * 7


def test_weekend_profile_caps_only_the_busy_days() -> None:
    # Weights 1,1,1,2,2,1,1 (sum 9) spread 450 people as 50, 50, 50, 100, 100, 50, 50.
    rules = CinemaRules(weekday_profile=(1, 1, 1, 2, 2, 1, 1))
    in_salle_1 = spread_week(450.0, SALLE_1, rules)
    assert [day.audience for day in in_salle_1] == pytest.approx([50, 50, 50, 100, 100, 50, 50])
    # Salle 2 seats 80: Saturday and Sunday lose 20 people each, 410 in all.
    in_salle_2 = spread_week(450.0, SALLE_2, rules)
    assert [day.audience for day in in_salle_2] == pytest.approx([50, 50, 50, 80, 80, 50, 50])
    assert sum(day.receipts for day in in_salle_2) == pytest.approx(4100.0)
    # The flat profile would not cap anything: 450 / 7 = 64.3 a day < 80.
    assert sum(day.audience for day in spread_week(450.0, SALLE_2)) == pytest.approx(450.0)


def test_expected_days_of_a_certain_film_equal_the_spread_week() -> None:
    rules = CinemaRules(weekday_profile=(1, 1, 1, 2, 2, 1, 1))
    certain = SplitLogNormal.from_quantiles(450.0, 450.0, 450.0)
    assert expected_days(certain, SALLE_2, rules) == spread_week(450.0, SALLE_2, rules)


def test_expected_days_of_an_uncertain_film_stay_under_each_day_cap() -> None:
    rules = CinemaRules(weekday_profile=(1, 1, 1, 2, 2, 1, 1))
    uncertain = SplitLogNormal.from_quantiles(200.0, 450.0, 1_500.0)
    days = expected_days(uncertain, SALLE_2, rules)
    assert all(0 < day.audience < 80 for day in days)
    # Busy days are nearer their cap, so they lose more of their share to it.
    saturday, wednesday = days[3].audience, days[0].audience
    assert saturday < 2 * wednesday
    assert days[3].audience == pytest.approx(days[4].audience)
    uncapped = uncertain.mean()
    assert sum(day.audience for day in days) < min(uncapped, 560.0)


def test_dark_room_sells_nothing() -> None:
    days = dark_days(SALLE_2, DEFAULT_RULES)
    assert [day.audience for day in days] == [0.0] * 7
    assert [day.capacity for day in days] == [80] * 7


def test_negative_audience_is_refused() -> None:
    with pytest.raises(ValueError, match=r"weekly_audience=-1\.0"):
        spread_week(-1.0, SALLE_1)


def test_weekday_profile_learnt_from_attendance() -> None:
    # Week 1: 140 people, Saturday and Sunday 35 each (1/4), other days 14 (1/10).
    # Week 2: 70 people, flat (1/7 a day). An empty week is skipped.
    weeks = [[14, 14, 14, 35, 35, 14, 14], [10] * 7, [0] * 7]
    profile = weekday_profile_from_attendance(weeks)
    weekday, weekend = (1 / 10 + 1 / 7) / 2, (1 / 4 + 1 / 7) / 2
    assert profile == pytest.approx([weekday] * 3 + [weekend] * 2 + [weekday] * 2)
    assert sum(profile) == pytest.approx(1.0)
    rules = CinemaRules(weekday_profile=profile)
    assert rules.weekday_shares == pytest.approx(profile)


def test_weekday_profile_errors() -> None:
    with pytest.raises(ValueError, match="no week with any attendance"):
        weekday_profile_from_attendance([[0] * 7])
    with pytest.raises(ValueError, match="attendance week 2 has 6 days"):
        weekday_profile_from_attendance([[1] * 7, [1] * 6])
    with pytest.raises(ValueError, match=r"nobody came on any Monday in 1 week\(s\)"):
        weekday_profile_from_attendance([[5, 5, 5, 5, 5, 0, 5]])
    with pytest.raises(ValueError, match="counts must be finite numbers >= 0"):
        weekday_profile_from_attendance([[5, 5, 5, 5, 5, -1, 5]])


def test_audience_share_learnt_from_attendance() -> None:
    # 600 people for a 1.2 M film and 150 for a 300 k one: 750 / 1.5 M = 1/2000, whatever
    # the small film's own ratio; a film nobody came to still counts in the national total.
    share = audience_share_from_attendance([(600, 1_200_000), (150, 300_000), (0, 500_000)])
    assert share == pytest.approx(750 / 2_000_000)
    rules = CinemaRules(audience_share=share)
    assert rules.audience_share == pytest.approx(1 / 2666.67, rel=1e-5)


def test_audience_share_errors() -> None:
    with pytest.raises(ValueError, match="no film with national admissions"):
        audience_share_from_attendance([])
    with pytest.raises(ValueError, match=r"film 2 has national admissions 0"):
        audience_share_from_attendance([(10, 1000), (5, 0)])
    with pytest.raises(ValueError, match=r"film 1 has cinema admissions -1"):
        audience_share_from_attendance([(-1, 1000)])
    with pytest.raises(ValueError, match=r"share of 0; it must be in \(0, 1\]"):
        audience_share_from_attendance([(0, 1000)])
    with pytest.raises(ValueError, match=r"share of 2"):
        audience_share_from_attendance([(2000, 1000)])
