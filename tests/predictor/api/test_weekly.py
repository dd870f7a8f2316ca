"""The weekly service without HTTP: replays as the backtest makes them, a second ask looked up,
future weeks from the announced releases, reasons whose product is the prediction."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import polars as pl
import pytest

from landing.weeks import cinema_today
from predictor.api.settings import ApiSettings
from predictor.backtest import run_backtest
from predictor.data import load_history
from predictor.model.conformal import IntervalCalibration
from predictor.model.registry import run_values
from predictor.programme import DEFAULT_RULES, CinemaRules, Room
from predictor.weekly import FilmOverride, WeekError, WeeklyService
from tests.predictor.api.conftest import TODAY

REPLAYED = dt.date(2022, 11, 9)


def _point(p50: float, calibration: IntervalCalibration, copies_known: bool) -> float:
    margins = calibration.with_copies if copies_known else calibration.without_copies
    return math.log1p(p50) - margins.centre


def test_the_service_counts_weeks_on_the_cinemas_day(instance: ApiSettings) -> None:
    # Between midnight in Paris and midnight UTC on a Tuesday night, the date in UTC would still
    # be Tuesday while the portal and the jobs (Paris) are on Wednesday (`test_weeks`).
    assert WeeklyService(instance).today is cinema_today


def test_a_replay_is_the_backtest_of_its_week(
    service: WeeklyService, instance: ApiSettings
) -> None:
    week = service.week(REPLAYED)
    assert week.replay and week.wednesday == REPLAYED
    assert week.as_of == dt.date(2022, 10, 26)  # the walk-forward's knowledge lag: 14 days
    assert len(week.candidates) >= 8
    assert all(film.actual_admissions and film.actual_admissions > 0 for film in week.candidates)

    outcome = run_backtest(
        instance, REPLAYED, REPLAYED + dt.timedelta(days=6), "week", history=load_history(instance)
    )
    _, logged = run_values(outcome.run_id)
    backtest_calibration = IntervalCalibration.from_logged(logged)
    with duckdb.connect(str(instance.warehouse), read_only=True) as connection:
        stored = connection.execute(
            "SELECT film_id, p50, as_of_date FROM fct_prediction WHERE run_id = ?",
            [outcome.run_id],
        ).fetchall()
    backtest = {film_id: (p50, as_of) for film_id, p50, as_of in stored}
    assert set(backtest) == {film.film_id for film in week.candidates}
    replay_calibration = service.model.calibration
    for film in week.candidates:
        p50, as_of = backtest[film.film_id]
        assert as_of == week.as_of
        # Same films known, same settings, same seed: the same point model, to the last digit;
        # only the interval's calibration differs (the champion's here, rolling folds there).
        assert _point(film.p50, replay_calibration, film.copies is not None) == pytest.approx(
            _point(p50, backtest_calibration, film.copies is not None), abs=1e-9
        )


def test_the_second_ask_is_a_lookup_even_after_a_restart(
    service: WeeklyService, instance: ApiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = service.week(REPLAYED)
    with duckdb.connect(str(instance.warehouse), read_only=True) as connection:
        rows = connection.execute(
            "SELECT film_id, p10, p50, p90, model_version, as_of_date FROM fct_prediction "
            "WHERE kind = 'replay' AND release_date BETWEEN ? AND ?",
            [REPLAYED, REPLAYED + dt.timedelta(days=6)],
        ).fetchall()
    assert len(rows) == len(first.candidates)  # stored once, not at each ask
    assert {row[4] for row in rows} == {service.model.version.version}
    assert {row[5] for row in rows} == {first.as_of}

    restarted = WeeklyService(instance, today=lambda: TODAY)
    restarted.reload()

    def no_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("a replay already stored was fitted again")

    monkeypatch.setattr(WeeklyService, "_fit_replay_model", no_fit)
    again = restarted.week(REPLAYED)
    assert [film.film_id for film in again.candidates] == [f.film_id for f in first.candidates]
    for before, after in zip(first.candidates, again.candidates, strict=True):
        assert (after.p10, after.p50, after.p90) == (before.p10, before.p50, before.p90)
        assert after.reasons == before.reasons


def test_reasons_multiply_to_the_prediction(service: WeeklyService) -> None:
    week = service.week(REPLAYED)
    for film in week.candidates:
        explanation = film.explanation
        assert explanation is not None
        product = explanation.typical * math.prod(reason.factor for reason in explanation.reasons)
        assert product == pytest.approx(film.p50 + 1.0, rel=1e-9)
        top = film.reasons
        assert len(top) == 3
        strengths = [abs(math.log(reason.factor)) for reason in explanation.reasons]
        assert strengths == sorted(strengths, reverse=True)
    biggest = max(week.candidates, key=lambda film: film.p50)
    labels = {reason.feature: reason.label for reason in biggest.explanation.reasons}  # type: ignore[union-attr]
    assert labels["copies"] == f"{biggest.copies} copies"
    by_feature = {reason.feature: reason.factor for reason in biggest.explanation.reasons}  # type: ignore[union-attr]
    assert by_feature["copies"] > 1.5  # the widest release owes most to its copies


def test_more_copies_typed_by_the_manager_raise_the_prediction(service: WeeklyService) -> None:
    week = service.week(REPLAYED)
    film = min(week.candidates, key=lambda candidate: candidate.copies or 0)
    plan = service.week_for(
        REPLAYED, overrides=[FilmOverride(film.film_id, planned_copies=(film.copies or 1) * 10)]
    )
    changed = {candidate.film_id: candidate for candidate in plan.week.candidates}[film.film_id]
    assert changed.copies == (film.copies or 1) * 10
    assert changed.p50 > film.p50 * 2
    assert changed.actual_admissions == film.actual_admissions
    with pytest.raises(WeekError, match="override film_id 'f-nope' is not a candidate"):
        service.week_for(REPLAYED, overrides=[FilmOverride("f-nope", planned_copies=5)])


def test_a_replayed_plan_is_judged_in_hindsight(service: WeeklyService) -> None:
    plan = service.week_for(REPLAYED)
    hindsight = plan.hindsight
    assert hindsight is not None
    assert 0 < hindsight.programme_receipts <= hindsight.best_receipts + 1e-6
    assert hindsight.capture == pytest.approx(
        hindsight.programme_receipts / hindsight.best_receipts
    )
    strongest = max(plan.week.candidates, key=lambda film: film.p50)
    assert plan.proposal.programme.film_in("Salle 1").film_id == strongest.film_id  # type: ignore[union-attr]
    assert plan.proposal.pnl.fixed_costs == 4900.0
    one_room = CinemaRules(rooms=(Room("Unique", 300),))
    single = service.week_for(REPLAYED, one_room, alternatives=0)
    assert len(single.proposal.programme.slots) == 1 and single.proposal.alternatives == ()


def test_weeks_without_films_and_outside_the_range(service: WeeklyService) -> None:
    # the range: the first replayable Wednesday to two years after today (2023-01-02)
    assert service.week_range() == (dt.date(2005, 1, 5), dt.date(2025, 1, 1))
    future = service.week(dt.date(2025, 1, 1))
    assert not future.replay and future.candidates == () and future.as_of == TODAY
    with pytest.raises(WeekError, match="wednesday 2025-01-01 has no candidate film"):
        service.week_for(dt.date(2025, 1, 1))
    first_week = service.history().table.get_column("release_week").min()
    assert isinstance(first_week, dt.date)
    for outside in (first_week, dt.date(1901, 1, 2), dt.date(2004, 12, 29), dt.date(2025, 1, 8)):
        with pytest.raises(WeekError, match=r"is outside 2005-01-05\.\.2025-01-01: replays start"):
            service.week(outside)
        with pytest.raises(WeekError, match="is outside 2005-01-05"):
            service.week_for(outside)
    with pytest.raises(ValueError, match=r"2022-11-10 is a Thursday.*2022-11-09 or 2022-11-16"):
        service.week(dt.date(2022, 11, 10))
    assert service.next_wednesday() == dt.date(2023, 1, 4)
    replayable = service.replayable_wednesdays()
    assert replayable[0] >= dt.date(2005, 1, 5) and replayable[-1] == dt.date(2022, 12, 28)
    assert REPLAYED in replayable and all(day.weekday() == 2 for day in replayable)
    assert DEFAULT_RULES.audience_share == 1 / 2000
    assert np.isfinite([film.p50 for film in service.week(REPLAYED).candidates]).all()
    assert pl.Series(replayable).is_sorted()


def test_a_new_champion_prunes_the_replay_models_of_the_others(
    service: WeeklyService, instance: ApiSettings
) -> None:
    service.week(REPLAYED)
    replays = instance.data_dir / "replays"
    current = replays / f"{instance.model_name}-v{service.model.version.version}"
    assert (current / f"{REPLAYED}.json").exists()
    older = replays / f"{instance.model_name}-v0"
    older.mkdir()
    (older / f"{REPLAYED}.json").write_text("{}", encoding="utf-8")
    other_model = replays / "another-model-v0"
    other_model.mkdir()

    service.reload()

    assert not older.exists()
    assert (current / f"{REPLAYED}.json").exists()
    assert other_model.exists()  # another model's replays are not this service's to remove
