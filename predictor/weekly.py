"""The week's candidates, their predictions and the proposal: what the API, the jobs and the CLI
ask ("what should we show on Wednesday D?"). No web framework here.

- A future Wednesday: the warehouse's announced releases (`fct_release`) of that week, predicted
  by the champion.
- A past Wednesday (a replay): the films that really opened that week, predicted by a model
  fitted with the champion's settings and calibration on the films known then only (the
  walk-forward rule of `predictor.model.fitting`: released KNOWLEDGE_LAG_DAYS before). What a
  replay computes is stored in `fct_prediction` (kind `replay`) and the fitted model beside the
  warehouse, so asking again is a lookup.
- Each film comes with its reasons (`predictor.model.reasons`) and, when the champion has a
  ranking model, its rank score; the programme comes from `choose_programme`, the one place
  that calls the programme engine (the rank scores' order decides a week where no film has
  copies; a replay's week-fitted model has none, so a replay keeps the model's programme).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import duckdb
import polars as pl

from landing.ranges import MAX_YEARS_AHEAD, latest_release
from landing.weeks import (
    cinema_today,
    next_wednesday,
    require_wednesday,
    wednesday_of,
    week_dates,
)
from predictor.config import CHAMPION, PredictorSettings
from predictor.data import (
    FILM_COLUMNS,
    History,
    WarehouseFacts,
    announced_films,
    load_history,
    releases_frame,
    warehouse_facts,
)
from predictor.features.track_records import KNOWLEDGE_LAG_DAYS
from predictor.learned import AttendanceDay, LearnedRules, learn_rules
from predictor.model.conformal import IntervalCalibration
from predictor.model.fitting import feature_table, fit_booster_on, known_at
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.point import PointParams
from predictor.model.reasons import Explanation, Reason, explain
from predictor.model.registry import (
    NoChampionError,
    RegisteredVersion,
    alias_version,
    load_forecaster,
    run_values,
)
from predictor.predict import features_for
from predictor.programme import (
    DEFAULT_RULES,
    Candidate,
    CinemaRules,
    Programme,
    WeekProposal,
    best_in_hindsight,
    propose_week,
    realised_receipts,
)
from predictor.programme.policy import ranking_by_score
from predictor.threads import training_threads
from warehouse.database import WarehouseUnreadableError
from warehouse.identity import film_id_for
from warehouse.locking import WarehouseBusyError
from warehouse.predictions import read_predictions, write_predictions

logger = logging.getLogger(__name__)

FIRST_REPLAYABLE: Final = dt.date(2005, 1, 5)
"""The first Wednesday that can be asked about: the first replay the date picker offers (the
history holds enough films before it); an earlier week is refused, not replayed."""
REPLAY_CACHE_WEEKS: Final = 64
"""Replayed weeks kept in memory (each holds its fitted model)."""
REPLAY_CACHE_PLANS: Final = 256
"""Replayed plans (a week with given rules, locks, exclusions) kept in memory."""
REPLAY_KIND: Final = "replay"
_STORE_ERRORS: Final = (
    WarehouseBusyError,
    WarehouseUnreadableError,
    duckdb.Error,
    FileNotFoundError,
    OSError,
)
"""What reading or storing a replay in `fct_prediction` may meet: a cache miss, never an error."""


class WeekError(ValueError):
    """A question about a week that cannot be answered as asked; the message says what to do."""


@dataclass(frozen=True)
class FilmForecast:
    """One candidate film: its facts, its national first-week P10/P50/P90 and why."""

    film_id: str
    title: str
    release_date: dt.date | None
    distributor: str | None
    genre: str | None
    nationality: str | None
    copies: int | None
    p10: float
    p50: float
    p90: float
    explanation: Explanation | None
    actual_admissions: float | None = None
    rank_score: float | None = None
    """The champion's ranking model's score (comparable within the week only), given when no
    film of the week has copies; None otherwise, and when the model that predicted the film has
    no ranking model (a replay, an older champion)."""

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The three strongest reasons (none for a candidate given already predicted)."""
        return self.explanation.top() if self.explanation is not None else ()

    def candidate(self) -> Candidate:
        """The programme engine's view of the film."""
        return Candidate(self.film_id, self.title, self.p10, self.p50, self.p90, self.copies)


@dataclass(frozen=True)
class WeekCandidates:
    """The candidates of one week and how they were predicted."""

    wednesday: dt.date | None
    replay: bool
    model_version: str | None
    as_of: dt.date | None
    candidates: tuple[FilmForecast, ...]


@dataclass(frozen=True)
class Hindsight:
    """A replayed programme judged with the actual admissions."""

    best_receipts: float
    programme_receipts: float
    capture: float
    best_programme: Programme
    actual_admissions: Mapping[str, float]


@dataclass(frozen=True)
class WeekPlan:
    """The answer to "what should we show on Wednesday D?"."""

    week: WeekCandidates
    proposal: WeekProposal
    hindsight: Hindsight | None


@dataclass(frozen=True)
class FilmOverride:
    """What the manager typed about a candidate; None leaves the fact as it is."""

    film_id: str
    distributor: str | None = None
    planned_copies: int | None = None


@dataclass(frozen=True)
class FilmActual:
    """A film of the history with its real national first-week admissions."""

    film_id: str
    title: str
    release_date: dt.date
    admissions: float


@dataclass(frozen=True)
class Actuals:
    """The films asked about: those the history knows, and the ids it does not (yet)."""

    known: tuple[FilmActual, ...]
    unknown: tuple[str, ...]


@dataclass(frozen=True)
class LoadedModel:
    """The champion as loaded: forecaster, version, the settings it was trained with, metrics."""

    forecaster: FirstWeekForecaster
    version: RegisteredVersion
    alias: str
    params: PointParams
    calibration: IntervalCalibration
    metrics: dict[str, float]
    trained_at: dt.datetime | None


@dataclass(frozen=True)
class LoadedHistory:
    """The films with a known first week, their point-in-time features, and the file read."""

    history: History
    table: pl.DataFrame
    inode: int
    last_week: dt.date


_Replayed = tuple[FirstWeekForecaster | None, WeekCandidates]
"""A replayed week: the model fitted for it (None for a week without films) and its answer."""


@dataclass
class _ReplayCache:
    weeks: OrderedDict[tuple[str, dt.date], _Replayed] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def week_ranking(films: Sequence[FilmForecast]) -> list[str] | None:
    """The week's films by the champion's ranking model, best first; None unless every film
    has a rank score (a replay's week-fitted model and an older champion have no ranker)."""
    scores = {film.film_id: film.rank_score for film in films if film.rank_score is not None}
    if not films or len(scores) < len(films):
        return None
    return ranking_by_score(scores)


def choose_programme(
    candidates: Sequence[Candidate],
    rules: CinemaRules,
    *,
    locks: Mapping[str, str],
    exclusions: Iterable[str],
    alternatives: int,
    ranking: Sequence[str] | None = None,
) -> WeekProposal:
    """The week's programme and its alternatives: the one call to the programme engine's policy
    (swap the allocation policy here). `ranking` (the champion's ranking model's order) decides
    a week where no film has copies."""
    return propose_week(
        candidates,
        rules,
        alternatives=alternatives,
        locked=locks,
        excluded=exclusions,
        ranking=ranking,
    )


def _inode(path: Path) -> int:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return -1


def load_champion(settings: PredictorSettings, alias: str = CHAMPION) -> LoadedModel:
    """The model under `alias` with the settings and calibration of its training run.

    Raises NoChampionError (run `mercredi train`) when there is none.
    """
    forecaster, version = load_forecaster(settings, alias)
    metrics, params = run_values(version.run_id)
    from mlflow import MlflowClient

    started = MlflowClient().get_run(version.run_id).info.start_time
    return LoadedModel(
        forecaster=forecaster,
        version=version,
        alias=alias,
        params=PointParams.from_logged(params),
        calibration=IntervalCalibration.from_logged(params),
        metrics={key: float(value) for key, value in metrics.items()},
        trained_at=dt.datetime.fromtimestamp(started / 1000, dt.UTC) if started else None,
    )


def load_history_snapshot(settings: PredictorSettings) -> LoadedHistory:
    """The warehouse's history and every film's point-in-time features, computed once."""
    inode = _inode(settings.warehouse)
    history = load_history(settings)
    table = feature_table(history)
    last_week: dt.date = table.get_column("release_week").max()  # type: ignore[assignment]
    return LoadedHistory(history=history, table=table, inode=inode, last_week=last_week)


def _replay_folder(settings: PredictorSettings, version: str) -> Path:
    return settings.data_dir / "replays" / f"{settings.model_name}-v{version}"


def _replay_path(settings: PredictorSettings, version: str, wednesday: dt.date) -> Path:
    return _replay_folder(settings, version) / f"{wednesday}.json"


def prune_replay_models(settings: PredictorSettings, keep_version: str) -> list[Path]:
    """Remove the replay models kept for other versions of the model than `keep_version` (a
    new champion replays with its own settings; the old ones are about 0.5 MB a week each).
    Returns the folders removed; one that cannot be removed is left, with a warning."""
    keep = _replay_folder(settings, keep_version)
    removed = []
    for folder in sorted(keep.parent.glob(f"{settings.model_name}-v*")):
        if folder == keep or not folder.is_dir():
            continue
        try:
            shutil.rmtree(folder)
            removed.append(folder)
        except OSError as error:
            logger.warning("old replay models not removed from %s: %s", folder, error)
    return removed


class WeeklyService:
    """Answers about weeks with one champion and one history, both swappable while serving.

    Each public call takes the model and the history once, at its start, so a reload never
    changes a request in flight. A warehouse refresh (a new file renamed over the old one) is
    noticed at the next call and the history read again.
    """

    def __init__(
        self,
        settings: PredictorSettings,
        *,
        today: Callable[[], dt.date] = cinema_today,
    ) -> None:
        self.settings = settings
        self.today = today
        self._model: LoadedModel | None = None
        self._history: LoadedHistory | None = None
        self._model_error = "no champion model: run `mercredi train`"
        self._history_error: str | None = None
        self._reload_lock = threading.Lock()
        self._warehouse_lock = threading.RLock()
        self._week_locks: dict[dt.date, threading.Lock] = {}
        self._replays = _ReplayCache()
        self._facts: tuple[tuple[int, int], WarehouseFacts] | None = None
        self._plans: dict[tuple[object, ...], WeekPlan] = {}

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> tuple[str | None, bool]:
        """Load the champion and the history again; return the champion version and whether it
        changed. Without a champion the service keeps answering health and says why."""
        with self._reload_lock:
            before = self._model.version.version if self._model else None
            try:
                self._model = load_champion(self.settings)
            except NoChampionError:
                self._model = None
            self._refresh_history(force=True)
            after = self._model.version.version if self._model else None
            if after is not None:
                prune_replay_models(self.settings, after)
            return after, after != before

    def _refresh_history(self, *, force: bool = False) -> LoadedHistory | None:
        current = self._history
        if not force and current is not None and current.inode == _inode(self.settings.warehouse):
            return current
        try:
            with self._warehouse_lock:
                # Requests that noticed the same new file together read it once.
                latest = self._history
                if force or latest is current or latest is None:
                    self._history = load_history_snapshot(self.settings)
            self._history_error = None
        except (FileNotFoundError, ValueError, OSError) as error:
            self._history_error = str(error)
            if current is None or not self.settings.warehouse.exists():
                self._history = None if force else current
        return self._history

    @property
    def model(self) -> LoadedModel:
        """The champion in use; NoChampionError when there is none."""
        model = self._model
        if model is None:
            raise NoChampionError(self._model_error)
        return model

    @property
    def model_or_none(self) -> LoadedModel | None:
        """The champion in use, if any."""
        return self._model

    def history(self) -> LoadedHistory:
        """The history in use, read again if the warehouse file was replaced."""
        loaded = self._refresh_history()
        if loaded is None:
            raise FileNotFoundError(
                self._history_error
                or f"warehouse {self.settings.warehouse} is missing: run mercredi warehouse refresh"
            )
        return loaded

    def warehouse(self) -> WarehouseFacts:
        """The warehouse's last refresh and last week (FileNotFoundError when missing), read
        again only when the file changed (a refresh renames a new one, a write touches it)."""
        path = self.settings.warehouse
        status = path.stat()
        key = (status.st_ino, status.st_mtime_ns)
        known = self._facts
        if known is not None and known[0] == key:
            return known[1]
        with self._warehouse_lock:
            facts = warehouse_facts(path)
        self._facts = (key, facts)
        return facts

    def champion_version(self) -> RegisteredVersion | None:
        """The version the registry holds under `champion` now (maybe newer than the loaded)."""
        return alias_version(self.settings, CHAMPION)

    # --- predictions ---------------------------------------------------------------------

    def _forecasts(
        self,
        forecaster: FirstWeekForecaster,
        films: pl.DataFrame,
        features: pl.DataFrame,
        actuals: Mapping[str, float] | None = None,
        stored: pl.DataFrame | None = None,
    ) -> tuple[FilmForecast, ...]:
        if films.is_empty():
            return ()
        if stored is not None:
            quantiles = films.select("film_id").join(stored, on="film_id", how="left")
        else:
            quantiles = pl.from_pandas(forecaster.predict(features).reset_index(drop=True))
        explanations = explain(forecaster, features, films)
        # The ranking decides only a week where no film has copies (`programme_choice`).
        blind = films.get_column("copies").is_null().all()
        scores = forecaster.rank_scores(features) if blind else None
        rank_scores: list[float | None] = (
            [None] * films.height if scores is None else [float(score) for score in scores]
        )
        forecasts = []
        for film, quantile, explanation, rank_score in zip(
            films.iter_rows(named=True),
            quantiles.iter_rows(named=True),
            explanations,
            rank_scores,
            strict=True,
        ):
            forecasts.append(
                FilmForecast(
                    film_id=film["film_id"],
                    title=film["title"],
                    release_date=film["release_date"],
                    distributor=film["distributor"],
                    genre=film["genre"],
                    nationality=film["nationality"],
                    copies=film["copies"],
                    p10=float(quantile["p10"]),
                    p50=float(quantile["p50"]),
                    p90=float(quantile["p90"]),
                    explanation=explanation,
                    actual_admissions=(actuals or {}).get(film["film_id"]),
                    rank_score=rank_score,
                )
            )
        return tuple(forecasts)

    def predict(self, films: pl.DataFrame) -> tuple[str, tuple[FilmForecast, ...]]:
        """The champion's predictions (with reasons) for `films` (FILM_COLUMNS + `copies`), in
        their order; competition features come from the batch itself."""
        model = self.model
        loaded = self.history()
        features = features_for(films, loaded.history)
        return model.version.version, self._forecasts(model.forecaster, films, features)

    def learned_rules(self, days: Iterable[AttendanceDay]) -> LearnedRules:
        """The cinema's weekday profile and audience share learnt from its attendance `days`,
        with the national first-week admissions of the warehouse (ValueError under
        `MIN_LEARNING_WEEKS` complete weeks)."""
        films = self.history().history.films
        national = dict(zip(films["film_id"].to_list(), films["admissions"].to_list(), strict=True))
        return learn_rules(days, national)

    def actuals(self, film_ids: Iterable[str]) -> Actuals:
        """The national first-week admissions of `film_ids` from the history, a lookup with no
        model: each id once, in the order first given; ids the history does not hold (a film
        still to open, or one the warehouse does not know) are `unknown`, not an error."""
        asked = list(dict.fromkeys(film_ids))
        films = self.history().history.films
        found = films.filter(pl.col("film_id").is_in(asked)).select(
            "film_id", "title", "release_date", "admissions"
        )
        by_id = {row["film_id"]: row for row in found.iter_rows(named=True)}
        return Actuals(
            known=tuple(
                FilmActual(
                    film_id=film_id,
                    title=by_id[film_id]["title"],
                    release_date=by_id[film_id]["release_date"],
                    admissions=float(by_id[film_id]["admissions"]),
                )
                for film_id in asked
                if film_id in by_id
            ),
            unknown=tuple(film_id for film_id in asked if film_id not in by_id),
        )

    def week_range(self) -> tuple[dt.date, dt.date]:
        """The first and last Wednesdays `week` answers: FIRST_REPLAYABLE, and the last
        Wednesday a release can be announced for (MAX_YEARS_AHEAD years after today)."""
        return FIRST_REPLAYABLE, wednesday_of(latest_release(self.today()))

    def require_week(self, wednesday: dt.date) -> dt.date:
        """`wednesday` if it is a Wednesday in `week_range`; a WeekError naming the range, or a
        ValueError naming the nearest Wednesdays, otherwise."""
        first, last = self.week_range()
        if not first <= wednesday <= last:
            raise WeekError(
                f"wednesday {wednesday.isoformat()} is outside {first.isoformat()}.."
                f"{last.isoformat()}: replays start on {first.isoformat()} (the first week with "
                f"enough films known before it) and releases are announced at most "
                f"{MAX_YEARS_AHEAD} years ahead; give a Wednesday in that range"
            )
        return require_wednesday(wednesday, "wednesday")

    def week(self, wednesday: dt.date) -> WeekCandidates:
        """The candidates of the week starting `wednesday`, predicted as they would have been
        then (a replay for a week whose first weeks are known). Raises WeekError for a week
        outside `week_range`, ValueError for a day that is not a Wednesday."""
        self.require_week(wednesday)
        model = self.model
        loaded = self.history()
        if wednesday <= loaded.last_week:
            replayed: WeekCandidates = self._replay(model, loaded, wednesday)[1]
            return replayed
        with self._warehouse_lock:
            films = announced_films(self.settings.warehouse, wednesday)
        features = features_for(films, loaded.history)
        return WeekCandidates(
            wednesday=wednesday,
            replay=False,
            model_version=model.version.version,
            as_of=self.today(),
            candidates=self._forecasts(model.forecaster, films, features),
        )

    def _week_lock(self, wednesday: dt.date) -> threading.Lock:
        with self._replays.lock:
            return self._week_locks.setdefault(wednesday, threading.Lock())

    def _replay(self, model: LoadedModel, loaded: LoadedHistory, wednesday: dt.date) -> _Replayed:
        key = (model.version.version, wednesday)
        with self._replays.lock:
            if key in self._replays.weeks:
                self._replays.weeks.move_to_end(key)
                return self._replays.weeks[key]
        with self._week_lock(wednesday):
            with self._replays.lock:
                if key in self._replays.weeks:
                    return self._replays.weeks[key]
            answer = self._compute_replay(model, loaded, wednesday)
        with self._replays.lock:
            self._replays.weeks[key] = answer
            while len(self._replays.weeks) > REPLAY_CACHE_WEEKS:
                self._replays.weeks.popitem(last=False)
        return answer

    def _compute_replay(
        self, model: LoadedModel, loaded: LoadedHistory, wednesday: dt.date
    ) -> _Replayed:
        as_of = wednesday - dt.timedelta(days=KNOWLEDGE_LAG_DAYS)
        features = loaded.table.filter(pl.col("release_week") == wednesday)
        ids = features.get_column("film_id")
        version = model.version.version
        if features.is_empty():
            return None, WeekCandidates(wednesday, True, version, as_of, ())
        films = (
            loaded.history.films.filter(pl.col("film_id").is_in(ids.implode()))
            .select("film_id", "admissions")
            .join(loaded.history.films.select(*FILM_COLUMNS, "copies"), on="film_id")
        )
        films = features.select("film_id").join(films, on="film_id", how="left")
        actuals = {row["film_id"]: float(row["admissions"]) for row in films.iter_rows(named=True)}
        facts = films.drop("admissions")
        path = _replay_path(self.settings, version, wednesday)
        forecaster = self._stored_replay_model(path, model)
        stored: pl.DataFrame | None = None
        if forecaster is not None:
            found = self._stored_replay(version, as_of, ids.to_list())
            if found is not None and found.height == len(ids):
                stored = found.select("film_id", "p10", "p50", "p90")
        if forecaster is None or stored is None:
            forecaster = self._fit_replay_model(model, loaded, wednesday)
            self._store_replay_model(path, forecaster)
        candidates = self._forecasts(forecaster, facts, features, actuals, stored)
        if stored is None and candidates:
            self._record_replay(candidates, model, as_of)
        return forecaster, WeekCandidates(
            wednesday=wednesday,
            replay=True,
            model_version=version,
            as_of=as_of,
            candidates=candidates,
        )

    def _stored_replay(
        self, version: str, as_of: dt.date, film_ids: list[str]
    ) -> pl.DataFrame | None:
        """The stored predictions of a replay; None (computed again) when the warehouse cannot
        be read just now: the stored copy is a cache."""
        try:
            with self._warehouse_lock:
                return read_predictions(
                    self.settings.warehouse,
                    kind=REPLAY_KIND,
                    model_name=self.settings.model_name,
                    model_version=version,
                    as_of_date=as_of,
                    film_ids=film_ids,
                )
        except _STORE_ERRORS as error:
            logger.warning("stored replay of %s not read from fct_prediction: %s", as_of, error)
            return None

    def _fit_replay_model(
        self, model: LoadedModel, loaded: LoadedHistory, wednesday: dt.date
    ) -> FirstWeekForecaster:
        train = known_at(loaded.table, wednesday)
        try:
            booster, levels = fit_booster_on(
                train,
                model.params,
                num_threads=training_threads(self.settings.num_threads),
                seed=self.settings.seed,
            )
        except ValueError as error:
            raise WeekError(
                f"wednesday {wednesday} cannot be replayed: {error}; replays start in "
                f"{FIRST_REPLAYABLE.year}"
            ) from None
        return FirstWeekForecaster.from_booster(booster, levels, model.calibration)

    @staticmethod
    def _stored_replay_model(path: Path, model: LoadedModel) -> FirstWeekForecaster | None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            return FirstWeekForecaster(
                booster_text=stored["booster"],
                levels=stored["levels"],
                calibration=model.calibration,
                columns=tuple(stored["columns"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @staticmethod
    def _store_replay_model(path: Path, forecaster: FirstWeekForecaster) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
            temporary.write_text(
                json.dumps(
                    {
                        "booster": forecaster.booster_text,
                        "levels": forecaster.levels,
                        "columns": list(forecaster.columns),
                    }
                ),
                encoding="utf-8",
            )
            temporary.replace(path)
        except OSError as error:
            logger.warning("replay model not kept at %s: %s", path, error)

    def _record_replay(
        self, candidates: Sequence[FilmForecast], model: LoadedModel, as_of: dt.date
    ) -> None:
        rows = pl.DataFrame(
            {
                "film_id": [film.film_id for film in candidates],
                "title": [film.title for film in candidates],
                "release_date": [film.release_date for film in candidates],
                "p10": [film.p10 for film in candidates],
                "p50": [film.p50 for film in candidates],
                "p90": [film.p90 for film in candidates],
            }
        ).with_columns(
            as_of_date=pl.lit(as_of),
            model_name=pl.lit(self.settings.model_name),
            model_version=pl.lit(model.version.version),
            run_id=pl.lit(model.version.run_id),
            kind=pl.lit(REPLAY_KIND),
            predicted_at=pl.lit(dt.datetime.now(dt.UTC)),
        )
        try:
            with self._warehouse_lock:
                write_predictions(rows, settings=self.settings, wait_seconds=5.0)
        except _STORE_ERRORS as error:
            logger.warning("replay of %s not stored in fct_prediction: %s", as_of, error)

    # --- the week's programme ------------------------------------------------------------

    def week_for(
        self,
        wednesday: dt.date,
        rules: CinemaRules = DEFAULT_RULES,
        locks: Mapping[str, str] | None = None,
        exclusions: Iterable[str] = (),
        *,
        alternatives: int = 2,
        overrides: Sequence[FilmOverride] = (),
        extra_films: pl.DataFrame | None = None,
    ) -> WeekPlan:
        """The candidates of the week starting `wednesday` and the proposal for them.

        `overrides` (distributor, planned copies typed by the manager) and `extra_films` (films
        the crawlers missed, FILM_COLUMNS + `copies`) are predicted again with those values, by
        the same model as the week's other films; each film's overrides come once, and an extra
        film opens that week (its release date one of the week's seven days). Raises WeekError
        when the week has no film to programme or a change does not fit it, ValueError for
        locks or exclusions that do not fit the candidates.
        """
        self.require_week(wednesday)
        _check_overrides(overrides)
        if extra_films is not None:
            _check_extra_films(extra_films, wednesday)
        week = self.week(wednesday)
        changed = bool(overrides) or (extra_films is not None and extra_films.height > 0)
        if changed:
            week = self._with_changes(week, overrides, extra_films)
        if not week.candidates:
            raise WeekError(
                f"wednesday {wednesday} has no candidate film; give extra_films or candidates"
            )
        excluded = tuple(sorted(exclusions))
        if not week.replay or changed:
            return self.plan(week, rules, locks or {}, excluded, alternatives=alternatives)
        # A replay's candidates never change for a model version: its plans can be kept.
        key = (
            week.model_version,
            wednesday,
            rules,
            tuple(sorted((locks or {}).items())),
            excluded,
            alternatives,
        )
        with self._replays.lock:
            kept = self._plans.get(key)
        if kept is not None:
            return kept
        plan = self.plan(week, rules, locks or {}, excluded, alternatives=alternatives)
        with self._replays.lock:
            self._plans[key] = plan
            while len(self._plans) > REPLAY_CACHE_PLANS:
                self._plans.pop(next(iter(self._plans)))
        return plan

    def _with_changes(
        self,
        week: WeekCandidates,
        overrides: Sequence[FilmOverride],
        extra_films: pl.DataFrame | None,
    ) -> WeekCandidates:
        assert week.wednesday is not None
        model = self.model
        loaded = self.history()
        known = {film.film_id: film for film in week.candidates}
        for override in overrides:
            if override.film_id not in known:
                raise WeekError(
                    f"override film_id {override.film_id!r} is not a candidate of "
                    f"{week.wednesday}; use one of {sorted(known)} or give it in extra_films"
                )
        rows = (
            loaded.history.films.filter(pl.col("film_id").is_in(list(known)))
            .select(*FILM_COLUMNS, "copies")
            .to_dicts()
            if week.replay
            else announced_films(self.settings.warehouse, week.wednesday).to_dicts()
        )
        by_id = {row["film_id"]: row for row in rows}
        for override in overrides:
            row = by_id[override.film_id]
            if override.distributor is not None:
                row["distributor"] = override.distributor
            if override.planned_copies is not None:
                row["copies"] = override.planned_copies
        films = releases_frame([by_id[film_id] for film_id in known])
        if extra_films is not None and extra_films.height:
            films = pl.concat([films, extra_films])
        forecaster = model.forecaster
        if week.replay:
            forecaster = self._replay(model, loaded, week.wednesday)[0] or self._fit_replay_model(
                model, loaded, week.wednesday
            )
        features = features_for(films, loaded.history)
        actuals = {
            film.film_id: film.actual_admissions
            for film in week.candidates
            if film.actual_admissions is not None
        }
        return WeekCandidates(
            wednesday=week.wednesday,
            replay=week.replay,
            model_version=week.model_version,
            as_of=week.as_of,
            candidates=self._forecasts(forecaster, films, features, actuals),
        )

    def plan(
        self,
        week: WeekCandidates,
        rules: CinemaRules = DEFAULT_RULES,
        locks: Mapping[str, str] | None = None,
        exclusions: Iterable[str] = (),
        *,
        alternatives: int = 2,
    ) -> WeekPlan:
        """The proposal for a week's candidates, judged in hindsight when they are a replay."""
        candidates = [film.candidate() for film in week.candidates]
        proposal = choose_programme(
            candidates,
            rules,
            locks=locks or {},
            exclusions=list(exclusions),
            alternatives=alternatives,
            ranking=week_ranking(week.candidates),
        )
        actuals = {
            film.film_id: film.actual_admissions
            for film in week.candidates
            if film.actual_admissions is not None
        }
        hindsight = None
        if week.replay and len(actuals) == len(candidates):
            best = best_in_hindsight(candidates, actuals, rules)
            realised = realised_receipts(proposal.programme, actuals, rules)
            best_receipts = best.expected_receipts
            hindsight = Hindsight(
                best_receipts=best_receipts,
                programme_receipts=realised,
                capture=realised / best_receipts if best_receipts > 0 else 1.0,
                best_programme=best,
                actual_admissions=actuals,
            )
        return WeekPlan(week=week, proposal=proposal, hindsight=hindsight)

    # --- the calendar --------------------------------------------------------------------

    def replayable_wednesdays(self) -> list[dt.date]:
        """The Wednesdays from FIRST_REPLAYABLE to the last known week that had releases."""
        weeks = self.history().table.get_column("release_week").unique().sort()
        return [week for week in weeks.to_list() if week >= FIRST_REPLAYABLE]

    def next_wednesday(self) -> dt.date:
        """The coming Wednesday (today's week's programme is already running)."""
        return next_wednesday(self.today())


def _check_overrides(overrides: Sequence[FilmOverride]) -> None:
    """A WeekError when a film's overrides are given more than once (which would win?)."""
    film_ids = [override.film_id for override in overrides]
    twice = sorted({film_id for film_id in film_ids if film_ids.count(film_id) > 1})
    if twice:
        raise WeekError(
            f"overrides of film_id {', '.join(repr(film_id) for film_id in twice)} are given "
            "more than once; give one override per film with its distributor and planned copies"
        )


def _check_extra_films(films: pl.DataFrame, wednesday: dt.date) -> None:
    """A WeekError naming the first extra film that does not open in the week of `wednesday`:
    a film added to a week is one of its releases."""
    days = week_dates(wednesday)
    for film in films.select("title", "release_date").iter_rows(named=True):
        released: dt.date | None = film["release_date"]
        if released not in days:
            raise WeekError(
                f"extra film {film['title']!r} has release_date {released}, outside "
                f"the week of {wednesday.isoformat()}; a film added to a week opens that week: "
                f"give one of its seven days ({', '.join(day.isoformat() for day in days)})"
            )


def film_rows(films: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Films as a client gives them (landing `releases` fields) as FILM_COLUMNS + `copies`, with
    the warehouse's identity."""
    rows = []
    for film in films:
        release_date = film["release_date"]
        row = {name: film.get(name) for name in FILM_COLUMNS}
        row["film_id"] = film_id_for(film["title"], release_date.isoformat())
        row["cast"] = list(film.get("cast") or [])
        row["copies"] = film.get("planned_copies")
        rows.append(row)
    return releases_frame(rows)
