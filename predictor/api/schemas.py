"""Request and response bodies of the API (the contract of docs/api.md), separate from the
engine's dataclasses: requests forbid unknown fields; money is rounded to the cent, national
admissions to the unit, audiences to 0.1."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from landing.ranges import EARLIEST_DATE, INT_RANGES, date_problem
from landing.schema import ReleaseRecord
from predictor.learned import LearnedRules
from predictor.model.reasons import Reason
from predictor.programme import WEEKDAYS, ProfitAndLoss, Programme, Slot
from predictor.programme.policy import ChosenBy
from predictor.programme.rules import (
    MAX_FIXED_COSTS_EUR,
    MAX_TICKET_PRICE_EUR,
    MAX_WEEKDAY_WEIGHT,
    MIN_WEEKDAY_WEIGHT,
)
from predictor.weekly import Actuals, FilmForecast, Hindsight, WeekCandidates

MAX_FILMS = 200
MAX_CANDIDATES = 60
MAX_ROOMS = 4
MAX_ALTERNATIVES = 5
ADMISSIONS_LIMIT = 1e9
"""No film sells a billion tickets in France in a week; larger values are refused."""

FILM_EXAMPLE: dict[str, Any] = {
    "title": "Le Comte de Monte-Cristo",
    "release_date": "2024-06-28",
    "genre": "Aventure - Action",
    "nationality": "France",
    "runtime_min": 178,
    "director": "Alexandre de La Patellière",
    "cast": ["Pierre Niney"],
    "distributor": "Pathé",
    "planned_copies": 650,
}


def money(value: float) -> float:
    """EUR rounded to the cent."""
    return round(value, 2)


def people(value: float) -> float:
    """An audience rounded to 0.1 person."""
    return round(value, 1)


def admissions(value: float) -> float:
    """National admissions rounded to the unit."""
    return float(round(value))


MAX_COPIES = INT_RANGES["copies"].high

_UNPRINTABLE = {"Cc": "a control character", "Cs": "a lone surrogate"}
"""Unicode categories refused in text: control characters (NUL, newline, ESC...) and lone
surrogates (no UTF-8 answer can carry them)."""


def text_problem(value: str) -> str | None:
    """Why `value` cannot be a name or a label (a control character or a lone surrogate in
    it), or None."""
    for position, character in enumerate(value):
        kind = _UNPRINTABLE.get(unicodedata.category(character))
        if kind is not None:
            return (
                f"character {position + 1} is U+{ord(character):04X}, {kind}; give printable text"
            )
    return None


def _printable(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _visible(character: str) -> bool:
    """Whether `character` shows on screen: not a space, nor a format character (U+200B, a
    zero-width space; U+202E, a right-to-left override)."""
    return not character.isspace() and unicodedata.category(character) != "Cf"


def _named(value: str) -> str:
    if not any(_visible(character) for character in value):
        raise ValueError("only blanks; give a name with at least one visible character")
    return _printable(value)


Text = Annotated[str, AfterValidator(_printable)]
"""Request text: printable (no control character, no lone surrogate)."""
Name = Annotated[str, AfterValidator(_named)]
"""A request's name, title or id: printable and not only blanks."""


FIELD_DOCS: dict[str, str] = {
    "title": "The film's French release title.",
    "original_title": "Its original title, if different.",
    "release_date": "Release date in France, YYYY-MM-DD.",
    "source": "Who describes the film (a crawler's source, or 'api').",
    "source_id": "The source's numeric id of the film, if any.",
    "url": "The source's page of the film, if any.",
    "genre": "Genre label, as the source writes it.",
    "nationality": "Country or countries of production.",
    "runtime_min": "Running time in minutes.",
    "director": "Director(s).",
    "cast": "Lead actors, most prominent first.",
    "distributor": "French distributor.",
    "budget": "Production budget in budget_currency.",
    "budget_currency": "Currency of the budget (EUR, USD...).",
    "age_rating": "French age rating.",
    "is_franchise": "Ignored by the model (set with hindsight in the history).",
    "is_remake": "Ignored by the model (set with hindsight in the history).",
    "film_id": "The warehouse's film identity.",
    "copies": "Copies (planned, or week-1 in a replay); null when unknown.",
    "p10": "National first-week admissions, 10 % quantile.",
    "p50": "National first-week admissions, median.",
    "p90": "National first-week admissions, 90 % quantile.",
    "model_version": "Version of the registered model that answered (null: none needed).",
    "wednesday": "The week's Wednesday, YYYY-MM-DD.",
    "room": "Room name.",
    "name": "Name.",
    "seats": "Seats of the room.",
    "shows_per_day": "Shows a day in the room.",
    "locked": "True when the manager locked this film into this room.",
    "days": "Wednesday to Tuesday.",
    "day": "Day of the cinema week.",
    "date": "The day's date (null without a wednesday).",
    "capacity": "Seats x shows that day.",
    "fill_rate": "Audience / capacity.",
    "slots": "One slot per room, in the rules' room order.",
    "expected_receipts": "Expected receipts, EUR VAT included, capacity caps applied.",
    "p10_receipts": "Receipts if every film does its P10, EUR.",
    "p50_receipts": "Receipts if every film does its P50, EUR.",
    "receipts": "Receipts, EUR VAT included.",
    "fixed_costs": "Fixed costs of the week, EUR.",
    "vat": "VAT included in the receipts, EUR.",
    "receipts_excl_vat": "Receipts excluding VAT, EUR.",
    "tsa": "TSA ticket tax, EUR.",
    "net_receipts": "Receipts excluding VAT and TSA, EUR.",
    "film_rental": "Distributors' share of net receipts, EUR.",
    "net_result": "Net receipts - film rental - fixed costs, EUR.",
    "covers_costs": "True when the brief's result is not negative.",
    "candidates": "The week's films with their predictions.",
    "programme": "The proposed programme.",
    "pnl": "P&L at the expected receipts.",
    "pnl_p10": "P&L if every film does its P10.",
    "pnl_p50": "P&L if every film does its P50.",
    "alternatives": "The next best programmes, best first: never the proposal, nor a room swap "
    "of the same films that sells the same.",
    "hindsight": "A replay judged with the actual admissions (null otherwise).",
    "best_slots": "The best programme in hindsight.",
    "best_receipts": "Receipts of the best programme in hindsight, EUR.",
    "programme_receipts": "Receipts the proposed programme would really have made, EUR.",
    "actual_admissions": "Real national first-week admissions (replay only).",
    "predictions": "One prediction per film, in the order given.",
    "version": "Registered model version.",
    "alias": "Registry alias (champion).",
    "run_id": "MLflow run that trained it.",
    "trained_at": "When its training run started (UTC).",
    "status": "ok, or degraded (see reasons).",
    "model": "The model loaded (null: none).",
    "warehouse": "The warehouse read.",
    "reasons": "Why it is so.",
    "path": "The DuckDB file.",
    "readable": "Whether it could be read.",
    "refreshed_at": "End of its last refresh (UTC).",
    "last_week": "Last week whose first weeks are known.",
    "changed": "True when a different version was loaded.",
    "detail": "What is wrong and what to do.",
    "planned_copies": "Copies planned for week 1; null when unknown (or unchanged).",
    "overrides": "What the manager typed about candidates of the week.",
    "extra_films": "Films the crawlers missed, predicted with the week's model.",
    "rules": "The cinema's rules; a field left out keeps the brief's value.",
    "replay": "True: a past week, answered as it would have been then.",
}
"""One description per field name, for every body of the spec (a name means one thing)."""


def _described(schema: dict[str, Any]) -> None:
    for name, field_schema in schema.get("properties", {}).items():
        if isinstance(field_schema, dict) and name in FIELD_DOCS:
            field_schema.setdefault("description", FIELD_DOCS[name])


def _with_examples(*examples: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def extra(schema: dict[str, Any]) -> None:
        _described(schema)
        schema["examples"] = list(examples)

    return extra


class _Body(BaseModel):
    model_config = ConfigDict(json_schema_extra=_described)


class _Request(_Body):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class FilmIn(ReleaseRecord):
    """A film as a client sends it: the landing `releases` shape (its ranges are the landing
    contract's); only `title` and `release_date` are required."""

    model_config = ConfigDict(
        extra="forbid",
        strict=False,
        allow_inf_nan=False,
        json_schema_extra=_with_examples(FILM_EXAMPLE),
    )

    source: Annotated[str, Field(min_length=1, description="Who describes the film.")] = "api"
    release_date: dt.date = Field(
        ge=EARLIEST_DATE,
        description="Release date in France, YYYY-MM-DD, at most two years ahead.",
    )
    planned_copies: Annotated[int, Field(ge=1, le=MAX_COPIES)] | None = Field(
        default=None, description="Copies the distributor plans for week 1; null when unknown."
    )

    @field_validator("release_date")
    @classmethod
    def _release_date_in_range(cls, value: dt.date) -> dt.date:
        problem = date_problem("release_date", value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("title")
    @classmethod
    def _title_is_a_name(cls, value: str) -> str:
        return _named(value)

    @field_validator(
        "source",
        "original_title",
        "url",
        "genre",
        "nationality",
        "director",
        "distributor",
        "budget_currency",
        "age_rating",
    )
    @classmethod
    def _text_is_printable(cls, value: str | None) -> str | None:
        return None if value is None else _printable(value)

    @field_validator("cast")
    @classmethod
    def _cast_is_printable(cls, value: list[str]) -> list[str]:
        return [_printable(name) for name in value]


class PredictionsIn(_Request):
    """Films to predict, 1 to 200, predicted together (competition among them)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=_with_examples({"films": [FILM_EXAMPLE]})
    )

    films: list[FilmIn] = Field(
        min_length=1, max_length=MAX_FILMS, description="The films, each once."
    )


class ReasonOut(_Body):
    """One business feature's multiplicative effect on the film's predicted admissions."""

    feature: str = Field(description="The business feature (copies, distributor, genre, ...).")
    label: str = Field(description="What it is for this film, in French, shown as it is.")
    factor: float = Field(description="Multiplies the typical film's admissions (x3.1 = 3.1).")

    @classmethod
    def of(cls, reason: Reason) -> ReasonOut:
        """The reason as served."""
        return cls(feature=reason.feature, label=reason.label, factor=round(reason.factor, 3))


class FilmPrediction(_Body):
    """One film's national first-week admissions P10/P50/P90 and why."""

    film_id: str = Field(description="The warehouse's film identity (joins its actuals).")
    title: str
    release_date: dt.date | None = Field(description="Null for a candidate given predicted.")
    distributor: str | None
    genre: str | None
    nationality: str | None
    copies: int | None = Field(description="Planned (or, in a replay, week-1) copies.")
    p10: float = Field(description="National first-week admissions, 10 % quantile.")
    p50: float = Field(description="National first-week admissions, median.")
    p90: float = Field(description="National first-week admissions, 90 % quantile.")
    expected_audience: float = Field(
        description="The cinema's uncapped weekly audience: national mean x audience share."
    )
    reasons: list[ReasonOut] = Field(description="The three strongest effects, strongest first.")
    actual_admissions: float | None = Field(description="Real admissions (replay only).")

    @classmethod
    def of(cls, film: FilmForecast, audience_share: float) -> FilmPrediction:
        """The forecast as served."""
        mean = film.candidate().national_admissions.mean()
        return cls(
            film_id=film.film_id,
            title=film.title,
            release_date=film.release_date,
            distributor=film.distributor,
            genre=film.genre,
            nationality=film.nationality,
            copies=film.copies,
            p10=admissions(film.p10),
            p50=admissions(film.p50),
            p90=admissions(film.p90),
            expected_audience=people(mean * audience_share),
            reasons=[ReasonOut.of(reason) for reason in film.reasons],
            actual_admissions=(
                None if film.actual_admissions is None else admissions(film.actual_admissions)
            ),
        )


class PredictionsOut(_Body):
    """The predictions, in the order the films were given."""

    model_version: str
    predictions: list[FilmPrediction]


class WeekOut(_Body):
    """A week's candidates; a replay when its films' first weeks are known."""

    wednesday: dt.date
    replay: bool = Field(description="True: a past week, answered as it would have been then.")
    model_version: str
    as_of: dt.date = Field(description="What the predictions knew: the day they stand at.")
    candidates: list[FilmPrediction]

    @classmethod
    def of(cls, week: WeekCandidates, audience_share: float) -> WeekOut:
        """The week as served."""
        assert week.wednesday is not None and week.as_of is not None
        return cls(
            wednesday=week.wednesday,
            replay=week.replay,
            model_version=week.model_version or "",
            as_of=week.as_of,
            candidates=[FilmPrediction.of(film, audience_share) for film in week.candidates],
        )


class WeeksOut(_Body):
    """The Wednesdays the portal's date picker offers."""

    wednesdays: list[dt.date] = Field(
        description="Wednesdays with releases from 2005 to the last known week (replayable)."
    )
    next_wednesday: dt.date = Field(description="The coming Wednesday.")
    last_week: dt.date = Field(description="The last week whose first weeks are known.")
    first_wednesday: dt.date = Field(
        description="The first Wednesday GET /v1/weeks/{wednesday} answers (2005-01-05)."
    )
    last_wednesday: dt.date = Field(
        description="The last Wednesday GET /v1/weeks/{wednesday} answers (two years ahead)."
    )


class RoomIn(_Request):
    """A screening room: one film for the whole week."""

    name: Name = Field(min_length=1, max_length=60, description="Unique room name.")
    seats: int = Field(gt=0, le=10_000, description="Seats.")
    shows_per_day: int = Field(default=1, gt=0, le=24, description="Shows a day.")


class RulesIn(_Request):
    """Every rule of `CinemaRules`; a field left out keeps the client's brief."""

    rooms: list[RoomIn] = Field(
        default_factory=lambda: [
            RoomIn(name="Salle 1", seats=120),
            RoomIn(name="Salle 2", seats=80),
        ],
        min_length=1,
        max_length=MAX_ROOMS,
        description="The rooms (names unique).",
    )
    audience_share: float = Field(
        default=1 / 2000, gt=0, le=1, description="Cinema audience / national admissions."
    )
    ticket_price_eur: float = Field(
        default=10.0, gt=0, le=MAX_TICKET_PRICE_EUR, description="Average ticket."
    )
    fixed_costs_eur: float = Field(
        default=4900.0, ge=0, le=MAX_FIXED_COSTS_EUR, description="Fixed costs."
    )
    vat_rate: float = Field(default=0.055, ge=0, lt=1, description="VAT in the ticket price.")
    tsa_rate: float = Field(default=0.1072, ge=0, lt=1, description="TSA ticket tax.")
    film_rental_rate: float = Field(
        default=0.5, ge=0, lt=1, description="Distributors' share of net receipts."
    )
    weekday_profile: list[Annotated[float, Field(ge=MIN_WEEKDAY_WEIGHT, le=MAX_WEEKDAY_WEIGHT)]] = (
        Field(
            default_factory=lambda: [1.0] * 7,
            min_length=7,
            max_length=7,
            description="Seven positive weights, Wednesday to Tuesday, each at most 1,000,000 "
            "(only their ratios count).",
        )
    )


class CandidateIn(_Request):
    """A film already predicted (the engine's `Candidate`)."""

    film_id: Name = Field(min_length=1, max_length=100)
    title: Name = Field(min_length=1, max_length=300)
    p10: float = Field(ge=0, le=ADMISSIONS_LIMIT)
    p50: float = Field(ge=0, le=ADMISSIONS_LIMIT)
    p90: float = Field(ge=0, le=ADMISSIONS_LIMIT)
    copies: int | None = Field(default=None, ge=0, le=MAX_COPIES)


class OverrideIn(_Request):
    """What the manager typed about a candidate; a field left null stays as it is."""

    film_id: Name = Field(min_length=1, max_length=100)
    distributor: Name | None = Field(default=None, min_length=1, max_length=200)
    planned_copies: int | None = Field(default=None, ge=1, le=MAX_COPIES)


class ProgrammeIn(_Request):
    """A week to programme: a Wednesday, or a list of candidates already predicted."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=_with_examples(
            {"wednesday": "2022-11-09", "alternatives": 2},
            {
                "wednesday": "2022-11-09",
                "rules": {"fixed_costs_eur": 4900.0},
                "exclusions": [],
                "locks": {},
                "alternatives": 2,
            },
        ),
    )

    wednesday: dt.date | None = Field(
        default=None,
        ge=dt.date(1900, 1, 3),
        le=dt.date(2100, 12, 29),
        description="The week (a Wednesday); with `candidates`, only dates the days.",
    )
    candidates: list[CandidateIn] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_CANDIDATES,
        description="Films already predicted, instead of the week's.",
    )
    overrides: list[OverrideIn] = Field(default_factory=list, max_length=MAX_FILMS)
    extra_films: list[FilmIn] = Field(default_factory=list, max_length=MAX_CANDIDATES)
    rules: RulesIn = Field(default_factory=RulesIn)
    locks: dict[Text, Text] = Field(
        default_factory=dict, max_length=MAX_ROOMS, description="Room name -> film_id."
    )
    exclusions: list[Text] = Field(
        default_factory=list, max_length=MAX_FILMS, description="film_ids never programmed."
    )
    alternatives: int = Field(default=2, ge=0, le=MAX_ALTERNATIVES)


class DayOut(_Body):
    """One day of one room."""

    day: Literal[WEEKDAYS]  # type: ignore[valid-type]
    date: dt.date | None
    audience: float = Field(description="Expected people, capped at the day's capacity.")
    capacity: int
    receipts: float = Field(description="EUR, VAT included.")
    fill_rate: float


class SlotOut(_Body):
    """One room of a programme (film_id and title null: the room stays dark)."""

    room: str
    seats: int
    shows_per_day: int
    film_id: str | None
    title: str | None
    locked: bool
    p10: float
    p50: float
    p90: float
    potential_audience: float = Field(description="Uncapped expected weekly audience.")
    expected_audience: float = Field(description="Expected weekly audience, capped each day.")
    expected_receipts: float
    p10_receipts: float
    days: list[DayOut]


class ProgrammeOut(_Body):
    """A programme: one slot per room and its receipts."""

    slots: list[SlotOut]
    expected_receipts: float
    p10_receipts: float
    p50_receipts: float


class PnlOut(_Body):
    """A week's profit and loss, EUR (see docs/business-rules.md)."""

    receipts: float
    fixed_costs: float
    result: float = Field(description="The brief's result: receipts - fixed costs.")
    vat: float
    receipts_excl_vat: float
    tsa: float
    net_receipts: float
    film_rental: float
    net_result: float
    break_even_receipts: float = Field(description="Receipts giving a zero result (the brief).")
    break_even_receipts_net: float = Field(description="Receipts giving a zero net result.")
    covers_costs: bool


class AlternativeOut(ProgrammeOut):
    """A runner-up programme with its P&L."""

    pnl: PnlOut


class HindsightSlotOut(_Body):
    """A room of the best programme in hindsight."""

    room: str
    film_id: str | None
    title: str | None
    actual_admissions: float | None


class HindsightOut(_Body):
    """A replayed programme judged with the actual admissions."""

    best_receipts: float
    programme_receipts: float
    capture: float = Field(description="programme_receipts / best_receipts.")
    best_slots: list[HindsightSlotOut]


class ProgrammePlanOut(_Body):
    """The proposal: programme, alternatives, daily projection per room, P&L."""

    wednesday: dt.date | None
    replay: bool
    model_version: str | None
    candidates: list[FilmPrediction]
    programme: ProgrammeOut
    pnl: PnlOut
    pnl_p10: PnlOut
    pnl_p50: PnlOut
    alternatives: list[AlternativeOut]
    hindsight: HindsightOut | None
    chosen_by: ChosenBy = Field(
        description=(
            "Which rule chose `programme`: 'model' (the highest expected receipts under the "
            "films' P10/P50/P90), or 'ranking without copies' (no candidate has copies: the "
            "champion's ranking model, its first film in the biggest room; measured better "
            "than the model's programme without copies, docs/model.md). 'widest release' "
            "(the most copies in the biggest room) only under another policy than the chosen one."
        )
    )


class ModelOut(_Body):
    """The champion in use."""

    name: str
    version: str
    alias: str
    run_id: str
    trained_at: dt.datetime | None
    metrics: dict[str, float] = Field(description="Metrics logged by its training run.")


class ModelRefOut(_Body):
    """A model in health."""

    name: str
    version: str
    alias: str


class WarehouseOut(_Body):
    """The warehouse in health."""

    path: str
    readable: bool
    refreshed_at: dt.datetime | None
    last_week: dt.date | None


class HealthOut(_Body):
    """Whether the API can answer, and why not."""

    status: Literal["ok", "degraded"]
    model: ModelRefOut | None
    warehouse: WarehouseOut
    reasons: list[str]


class ReloadOut(_Body):
    """The champion after a reload."""

    model_version: str | None
    changed: bool


class ErrorOut(_Body):
    """An error: what is wrong and what to do."""

    detail: str


def pnl_out(pnl: ProfitAndLoss, break_even: float, break_even_net: float) -> PnlOut:
    """A P&L as served, money to the cent."""
    return PnlOut(
        receipts=money(pnl.receipts),
        fixed_costs=money(pnl.fixed_costs),
        result=money(pnl.result),
        vat=money(pnl.vat),
        receipts_excl_vat=money(pnl.receipts_excl_vat),
        tsa=money(pnl.tsa),
        net_receipts=money(pnl.net_receipts),
        film_rental=money(pnl.film_rental),
        net_result=money(pnl.net_result),
        break_even_receipts=money(break_even),
        break_even_receipts_net=money(break_even_net),
        covers_costs=pnl.covers_costs,
    )


def _slot_out(slot: Slot, wednesday: dt.date | None, locked: set[str]) -> SlotOut:
    film = slot.film
    return SlotOut(
        room=slot.room.name,
        seats=slot.room.seats,
        shows_per_day=slot.room.shows_per_day,
        film_id=film.film_id if film else None,
        title=film.title if film else None,
        locked=slot.room.name in locked,
        p10=admissions(film.p10) if film else 0.0,
        p50=admissions(film.p50) if film else 0.0,
        p90=admissions(film.p90) if film else 0.0,
        potential_audience=people(slot.potential_audience),
        expected_audience=people(slot.expected_audience),
        expected_receipts=money(slot.expected_receipts),
        p10_receipts=money(slot.p10_receipts),
        days=[
            DayOut(
                day=day.day,
                date=wednesday + dt.timedelta(days=index) if wednesday else None,
                audience=people(day.audience),
                capacity=day.capacity,
                receipts=money(day.receipts),
                fill_rate=round(day.fill_rate, 4),
            )
            for index, day in enumerate(slot.days)
        ],
    )


def programme_out(
    programme: Programme, wednesday: dt.date | None, locked: set[str]
) -> ProgrammeOut:
    """A programme as served."""
    return ProgrammeOut(
        slots=[_slot_out(slot, wednesday, locked) for slot in programme.slots],
        expected_receipts=money(programme.expected_receipts),
        p10_receipts=money(programme.p10_receipts),
        p50_receipts=money(programme.p50_receipts),
    )


def hindsight_out(hindsight: Hindsight) -> HindsightOut:
    """A replay's hindsight as served."""
    return HindsightOut(
        best_receipts=money(hindsight.best_receipts),
        programme_receipts=money(hindsight.programme_receipts),
        capture=round(hindsight.capture, 4),
        best_slots=[
            HindsightSlotOut(
                room=slot.room.name,
                film_id=slot.film.film_id if slot.film else None,
                title=slot.film.title if slot.film else None,
                actual_admissions=(
                    admissions(hindsight.actual_admissions[slot.film.film_id])
                    if slot.film
                    else None
                ),
            )
            for slot in hindsight.best_programme.slots
        ],
    )


MAX_ATTENDANCE_DAYS = 5000
"""Screening days per learning request: 52 weeks of 2 rooms are 728."""


class AttendanceDayIn(_Request):
    """The people who came to one screening (a film in a room) on one day."""

    film_id: Name = Field(
        min_length=1, max_length=100, description="The film's id, as the API gave it."
    )
    room: Name = Field(min_length=1, max_length=60, description="The room's name.")
    date: dt.date = Field(ge=EARLIEST_DATE, le=dt.date(2200, 1, 1), description="The day.")
    admissions: int = Field(ge=0, le=1_000_000, description="People counted that day.")


class LearnedRulesIn(_Request):
    """The cinema's daily attendance, per screening and day (complete weeks count)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=_with_examples(
            {
                "attendance": [
                    {
                        "film_id": "f-0123456789ab",
                        "room": "Salle 1",
                        "date": "2022-11-09",
                        "admissions": 87,
                    }
                ]
            }
        ),
    )

    attendance: list[AttendanceDayIn] = Field(
        min_length=1,
        max_length=MAX_ATTENDANCE_DAYS,
        description="Every screening's days; a week counts when all its rooms have 7 days.",
    )


class LearnedRulesOut(_Body):
    """The weekday profile and audience share learnt from the cinema's attendance."""

    weekday_profile: list[float] = Field(
        min_length=7, max_length=7, description="Seven weights, Wednesday to Tuesday (sum 1)."
    )
    weekdays: list[str] = Field(description="The days of `weekday_profile`, in order.")
    audience_share: float | None = Field(
        description="Cinema admissions / national first-week admissions (null: no film of the "
        "complete weeks has its national admissions in the warehouse yet)."
    )
    weeks: int = Field(description="Complete weeks learnt from.")
    first_wednesday: dt.date = Field(description="The first complete week.")
    last_wednesday: dt.date = Field(description="The last complete week.")
    incomplete_weeks: int = Field(description="Weeks left out: some day of some room missing.")
    films: int = Field(description="Films whose national admissions the share rests on.")
    films_without_actuals: int = Field(
        description="Films of the complete weeks with no national admissions known yet."
    )

    @classmethod
    def of(cls, learned: LearnedRules) -> LearnedRulesOut:
        """The answer for what the service learnt."""
        return cls(
            weekday_profile=list(learned.weekday_profile),
            weekdays=list(WEEKDAYS),
            audience_share=learned.audience_share,
            weeks=learned.weeks,
            first_wednesday=learned.first_wednesday,
            last_wednesday=learned.last_wednesday,
            incomplete_weeks=learned.incomplete_weeks,
            films=learned.films,
            films_without_actuals=learned.films_without_actuals,
        )


MAX_ACTUALS_FILMS = 2000
"""Films per actuals request: a thousand weeks of a two-room cinema's history."""

FilmId = Annotated[Text, Field(min_length=1, max_length=100)]


class ActualsIn(_Request):
    """Films whose national first-week admissions are asked, by the warehouse's film id."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=_with_examples({"film_ids": ["f-0141aafd0c4e", "f-0123456789ab"]}),
    )

    film_ids: list[FilmId] = Field(
        min_length=1,
        max_length=MAX_ACTUALS_FILMS,
        description="Film ids as the API gave them (1 to 2,000; an id given twice is answered "
        "once).",
    )


class FilmActualOut(_Body):
    """A film of the warehouse's history with its real national first-week admissions."""

    film_id: str = Field(description="The warehouse's film identity.")
    title: str
    release_date: dt.date
    admissions: float = Field(description="Real national first-week admissions.")


class ActualsOut(_Body):
    """The films the history knows, and the ids it does not know (yet)."""

    actuals: list[FilmActualOut] = Field(
        description="The films whose first week the warehouse holds, in the order asked."
    )
    unknown: list[str] = Field(
        description="Ids with no first week in the warehouse (not opened yet, or not a film it "
        "knows), in the order asked."
    )

    @classmethod
    def of(cls, found: Actuals) -> ActualsOut:
        """The lookup's answer, admissions to the unit."""
        return cls(
            actuals=[
                FilmActualOut(
                    film_id=film.film_id,
                    title=film.title,
                    release_date=film.release_date,
                    admissions=admissions(film.admissions),
                )
                for film in found.known
            ],
            unknown=list(found.unknown),
        )
