"""Reading programmes: the week to show, its numbers as stored, the history of published weeks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from portal.attendance.models import DailyAttendance
from portal.cinemas.models import WEEKDAY_LABELS, Cinema
from portal.programmes.models import Screening, WeekProgramme
from portal.programmes.predictor_client import PredictorError, get_predictor_client
from portal.programmes.titles import title_key

RANKED_WITHOUT_COPIES = "ranking without copies"
"""The API's `chosen_by` when no film had copies and its ranking model ordered the rooms."""


def programme_get(*, cinema: Cinema, wednesday: dt.date, replay: bool) -> WeekProgramme | None:
    """The stored programme of a week (None when none is stored)."""
    return (
        WeekProgramme.objects.filter(cinema=cinema, wednesday=wednesday, is_replay=replay)
        .select_related("cinema", "published_by")
        .first()
    )


def programme_latest(*, cinema: Cinema) -> WeekProgramme | None:
    """The most recent stored programme (shown when the API is down)."""
    return (
        WeekProgramme.objects.filter(cinema=cinema)
        .order_by("-computed_at", "-wednesday")
        .select_related("cinema", "published_by")
        .first()
    )


def programme_latest_published(*, cinema: Cinema) -> WeekProgramme | None:
    """The most recent published programme (the week the staff types attendance for)."""
    return (
        WeekProgramme.objects.filter(cinema=cinema, status=WeekProgramme.Status.PUBLISHED)
        .order_by("-wednesday")
        .first()
    )


@dataclass(frozen=True)
class CandidateRow:
    """One candidate film as the page shows it."""

    film_id: str
    title: str
    distributor: str
    genre: str
    copies: int | None
    p10: float
    p50: float
    p90: float
    expected_audience: float
    reasons: list[str]
    actual_admissions: float | None
    excluded: bool
    locked_room: str | None
    overridden: bool
    manual: bool
    spread: float | None
    """P90 / P10: how wide the prediction is (copies narrow it)."""


@dataclass(frozen=True)
class DayRow:
    """One day of the week: audience, receipts and occupancy per room."""

    date: dt.date | None
    label: str
    audiences: list[float]
    receipts: list[float]
    fill_rates: list[float]
    total_audience: float
    total_receipts: float


@dataclass
class ProgrammeView:
    """Every number of a stored programme, ready for the templates (read from its snapshot)."""

    programme: WeekProgramme | None
    wednesday: dt.date
    replay: bool
    model_version: str
    candidates: list[CandidateRow]
    slots: list[dict[str, Any]]
    rooms: list[str]
    days: list[DayRow]
    pnl: dict[str, Any]
    pnl_p10: dict[str, Any] | None
    alternatives: list[dict[str, Any]]
    hindsight: dict[str, Any] | None
    expected_receipts: float
    p10_receipts: float
    extra_films: list[dict[str, Any]] = field(default_factory=list)
    chosen_by: str = "model"
    """The rule that chose the programme (the API's `chosen_by`; "model" in older snapshots)."""

    @property
    def ranked_without_copies(self) -> bool:
        """True when no film had copies and the API's ranking model ordered the rooms."""
        return self.chosen_by == RANKED_WITHOUT_COPIES


def programme_view(programme: WeekProgramme) -> ProgrammeView:
    """The programme's numbers as stored when it was computed (never recomputed)."""
    return proposal_view(
        programme.snapshot or {},
        wednesday=programme.wednesday,
        locks=programme.locks,
        exclusions=programme.exclusions,
        overrides=programme.overrides,
        extra_films=programme.extra_films,
        programme=programme,
    )


def proposal_view(
    snapshot: dict[str, Any],
    *,
    wednesday: dt.date,
    locks: dict[str, str] | None = None,
    exclusions: list[str] | None = None,
    overrides: list[dict[str, Any]] | None = None,
    extra_films: list[dict[str, Any]] | None = None,
    programme: WeekProgramme | None = None,
) -> ProgrammeView:
    """The numbers of an API proposal (`POST /v1/programmes`' answer) for the templates."""
    locked = {film: room for room, film in (locks or {}).items()}
    overridden = {item["film_id"] for item in overrides or [] if "film_id" in item}
    excluded = set(exclusions or [])
    manual_titles = {title_key(film.get("title")) for film in extra_films or []}
    candidates = []
    for item in snapshot.get("candidates", []):
        p10, p90 = float(item.get("p10") or 0), float(item.get("p90") or 0)
        candidates.append(
            CandidateRow(
                film_id=item["film_id"],
                title=item.get("title", ""),
                distributor=item.get("distributor") or "",
                genre=item.get("genre") or "",
                copies=item.get("copies"),
                p10=p10,
                p50=float(item.get("p50") or 0),
                p90=p90,
                expected_audience=float(item.get("expected_audience") or 0),
                reasons=[reason.get("label", "") for reason in item.get("reasons", [])][:3],
                actual_admissions=item.get("actual_admissions"),
                excluded=item["film_id"] in excluded,
                locked_room=locked.get(item["film_id"]),
                overridden=item["film_id"] in overridden,
                manual=title_key(item.get("title")) in manual_titles,
                spread=p90 / p10 if p10 > 0 else None,
            )
        )
    candidates.sort(key=lambda row: (row.excluded, -row.p50))
    proposal = snapshot.get("programme") or {"slots": [], "expected_receipts": 0.0}
    slots = list(proposal.get("slots", []))
    days: list[DayRow] = []
    for index, label in enumerate(WEEKDAY_LABELS):
        per_room = [
            slot["days"][index] if len(slot.get("days", [])) > index else {} for slot in slots
        ]
        audiences = [float(day.get("audience", 0.0)) for day in per_room]
        receipts = [float(day.get("receipts", 0.0)) for day in per_room]
        days.append(
            DayRow(
                date=wednesday + dt.timedelta(days=index),
                label=label,
                audiences=audiences,
                receipts=receipts,
                fill_rates=[float(day.get("fill_rate", 0.0)) for day in per_room],
                total_audience=sum(audiences),
                total_receipts=sum(receipts),
            )
        )
    return ProgrammeView(
        programme=programme,
        wednesday=wednesday,
        replay=bool(snapshot.get("replay")),
        model_version=str(snapshot.get("model_version") or ""),
        candidates=candidates,
        slots=slots,
        rooms=[slot["room"] for slot in slots],
        days=days,
        pnl=snapshot.get("pnl") or {},
        pnl_p10=snapshot.get("pnl_p10"),
        alternatives=list(snapshot.get("alternatives", [])),
        hindsight=snapshot.get("hindsight"),
        expected_receipts=float(proposal.get("expected_receipts", 0.0)),
        p10_receipts=float(proposal.get("p10_receipts", 0.0)),
        extra_films=list(extra_films or []),
        chosen_by=str(snapshot.get("chosen_by") or "model"),
    )


def _published(
    *, cinema: Cinema, start: dt.date | None, end: dt.date | None
) -> QuerySet[WeekProgramme]:
    programmes = WeekProgramme.objects.filter(cinema=cinema, status=WeekProgramme.Status.PUBLISHED)
    if start:
        programmes = programmes.filter(wednesday__gte=start)
    if end:
        programmes = programmes.filter(wednesday__lte=end)
    return programmes


@dataclass(frozen=True)
class HistoryRow:
    """One published week: predicted against actual."""

    programme: WeekProgramme
    films: str
    predicted_audience: float
    actual_audience: int | None
    audience_error: float | None
    predicted_receipts: float
    actual_receipts: float | None
    fixed_costs: float
    actual_result: float | None
    cumulative_result: float
    national_predicted: float
    national_actual: float | None
    typed_days: int = 0
    """The days of a room typed in Saisie."""
    week_days: int = 0
    """The days of a room the week has (7 per room with a film)."""

    @property
    def partial(self) -> bool:
        """Some days typed, not all: the week is still being typed."""
        return 0 < self.typed_days < self.week_days


Cell = tuple[str, dt.date]
"""A room's day: (room name, date)."""


def _expected_cells(
    programme: WeekProgramme, screenings: list[Screening]
) -> dict[Cell, tuple[float, float]]:
    """Each day of each room with a film: its expected (audience, receipts), from the API's
    daily projection stored with the week (a seventh of the room's week without it)."""
    slots = {
        slot.get("room"): slot
        for slot in (programme.snapshot.get("programme") or {}).get("slots", [])
    }
    cells: dict[Cell, tuple[float, float]] = {}
    for screening in screenings:
        days = slots.get(screening.room, {}).get("days") or []
        for index in range(7):
            date = programme.wednesday + dt.timedelta(days=index)
            if len(days) == 7:
                day = days[index]
                cells[(screening.room, date)] = (
                    float(day.get("audience", 0.0)),
                    float(day.get("receipts", 0.0)),
                )
            else:
                cells[(screening.room, date)] = (
                    screening.expected_audience / 7,
                    screening.expected_receipts_eur / 7,
                )
    return cells


def history_rows(
    *,
    cinema: Cinema,
    start: dt.date | None = None,
    end: dt.date | None = None,
    national_actuals: dict[str, float] | None = None,
) -> list[HistoryRow]:
    """The published weeks from `start` to `end`, oldest first, with their actuals.

    The cinema's actuals come from the typed attendance (None when nothing was typed); the
    result is receipts (attendance x the week's ticket price) less the week's fixed costs,
    falling back to the expected receipts when no attendance exists, so the cumulative line
    always has a value. A week partly typed (`HistoryRow.partial`) is compared on its typed
    days only and its result counts the other days at their expected receipts: one day typed
    must not read as a week at a seventh of its audience. `national_actuals` maps film ids to
    actual national admissions.
    """
    national_actuals = national_actuals or {}
    programmes = _published(cinema=cinema, start=start, end=end).prefetch_related("screenings")
    typed: dict[int, dict[Cell, int]] = {}
    for programme_id, room, date, admissions in DailyAttendance.objects.filter(
        screening__programme__in=programmes
    ).values_list("screening__programme_id", "screening__room", "date", "admissions"):
        typed.setdefault(programme_id, {})[(room, date)] = admissions
    rows: list[HistoryRow] = []
    cumulative = 0.0
    for programme in programmes.order_by("wednesday", "is_replay"):
        screenings = [s for s in programme.screenings.all() if s.film_id]
        predicted_audience = sum(s.expected_audience for s in screenings)
        expected = _expected_cells(programme, screenings)
        cells = typed.get(programme.pk, {})
        actual = sum(cells.values()) if cells else None
        actual_receipts = actual * programme.ticket_price_eur if actual is not None else None
        complete = len(cells) >= len(expected)
        # A week still being typed is compared on its typed days only, and its result counts
        # the days not typed yet at their expected receipts (not at zero).
        compared = (
            predicted_audience
            if complete
            else sum(expected[cell][0] for cell in cells if cell in expected)
        )
        result = (
            actual_receipts
            - programme.fixed_costs_eur
            + sum(receipts for cell, (_, receipts) in expected.items() if cell not in cells)
            if actual_receipts is not None
            else None
        )
        cumulative += (
            result
            if result is not None
            else programme.expected_receipts_eur - programme.fixed_costs_eur
        )
        film_actuals = [national_actuals.get(s.film_id or "") for s in screenings]
        rows.append(
            HistoryRow(
                programme=programme,
                films=" / ".join(s.title for s in screenings),
                predicted_audience=predicted_audience,
                actual_audience=actual,
                audience_error=(actual - compared) / compared
                if actual is not None and compared > 0
                else None,
                predicted_receipts=programme.expected_receipts_eur,
                actual_receipts=actual_receipts,
                fixed_costs=programme.fixed_costs_eur,
                actual_result=result,
                cumulative_result=cumulative,
                national_predicted=sum(s.p50 or 0.0 for s in screenings),
                national_actual=sum(a for a in film_actuals if a is not None)
                if film_actuals and all(a is not None for a in film_actuals)
                else None,
                typed_days=len(cells),
                week_days=len(expected),
            )
        )
    return rows


def history_film_ids(
    *, cinema: Cinema, start: dt.date | None = None, end: dt.date | None = None, before: dt.date
) -> list[str]:
    """The films of the published weeks from `start` to `end` that began before `before`
    (a week still to come has no first week yet), each once, oldest week first."""
    film_ids = (
        Screening.objects.filter(
            programme__in=_published(cinema=cinema, start=start, end=end),
            programme__wednesday__lt=before,
            film_id__isnull=False,
        )
        .exclude(film_id="")
        .order_by("programme__wednesday", "position")
        .values_list("film_id", flat=True)
    )
    return list(dict.fromkeys(film_id for film_id in film_ids if film_id))


@dataclass(frozen=True)
class HistoryView:
    """The history page's weeks, and why the national actuals are missing (French, or None)."""

    rows: list[HistoryRow]
    api_error: str | None


def history_get(
    *, cinema: Cinema, start: dt.date | None = None, end: dt.date | None = None, today: dt.date
) -> HistoryView:
    """The published weeks from `start` to `end` with the national first-week admissions of
    their films, asked of the API in one lookup (`POST /v1/actuals`: no week replayed) for the
    weeks begun before `today`. Never raises: with the API down the rows come without national
    actuals and `api_error` says why."""
    film_ids = history_film_ids(cinema=cinema, start=start, end=end, before=today)
    national: dict[str, float] = {}
    api_error: str | None = None
    if film_ids:
        try:
            with get_predictor_client() as client:
                national = client.national_actuals(film_ids).by_film()
        except PredictorError as error:
            api_error = error.message
    rows = history_rows(cinema=cinema, start=start, end=end, national_actuals=national)
    return HistoryView(rows=rows, api_error=api_error)
