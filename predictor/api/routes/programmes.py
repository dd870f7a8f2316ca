"""POST /v1/programmes: the week's best programme, alternatives, days and P&L."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Final

from fastapi import APIRouter, HTTPException, Response

from landing.weeks import require_wednesday
from predictor.api.deps import Authorised, ServiceDep, answering
from predictor.api.schemas import (
    AlternativeOut,
    ErrorOut,
    FilmPrediction,
    ProgrammeIn,
    ProgrammePlanOut,
    hindsight_out,
    pnl_out,
    programme_out,
)
from predictor.programme import CinemaRules, Room, break_even_receipts
from predictor.weekly import (
    FilmForecast,
    FilmOverride,
    WeekCandidates,
    WeeklyService,
    WeekPlan,
    film_rows,
)

router = APIRouter(tags=["programmes"], dependencies=[Authorised])

ANSWERS_KEPT: Final = 256


class _Answers:
    """The JSON of the last plans answered, by plan object. The weekly service keeps a replay's
    plans (they never change for a model version), so asking again returns the same object;
    the entry holds the plan itself, so its id cannot be reused while it is here."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict[int, tuple[WeekPlan, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, plan: WeekPlan) -> bytes | None:
        with self.lock:
            entry = self.kept.get(id(plan))
            return entry[1] if entry is not None and entry[0] is plan else None

    def put(self, plan: WeekPlan, answer: bytes) -> None:
        with self.lock:
            self.kept[id(plan)] = (plan, answer)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)


_answers = _Answers(ANSWERS_KEPT)


def _rules(body: ProgrammeIn) -> CinemaRules:
    given = body.rules
    return CinemaRules(
        rooms=tuple(Room(room.name, room.seats, room.shows_per_day) for room in given.rooms),
        audience_share=given.audience_share,
        ticket_price_eur=given.ticket_price_eur,
        fixed_costs_eur=given.fixed_costs_eur,
        vat_rate=given.vat_rate,
        tsa_rate=given.tsa_rate,
        film_rental_rate=given.film_rental_rate,
        weekday_profile=tuple(given.weekday_profile),
    )


def _plan(body: ProgrammeIn, rules: CinemaRules, service: WeeklyService) -> WeekPlan:
    if body.wednesday is not None:
        require_wednesday(body.wednesday, "wednesday")
    if body.candidates is not None:
        if body.overrides or body.extra_films:
            raise ValueError(
                "overrides and extra_films change films the API predicts: give a wednesday "
                "instead of candidates, or put the changed films in candidates"
            )
        week = WeekCandidates(
            wednesday=body.wednesday,
            replay=False,
            model_version=None,
            as_of=None,
            candidates=tuple(
                FilmForecast(
                    film_id=film.film_id,
                    title=film.title,
                    release_date=None,
                    distributor=None,
                    genre=None,
                    nationality=None,
                    copies=film.copies,
                    p10=film.p10,
                    p50=film.p50,
                    p90=film.p90,
                    explanation=None,
                )
                for film in body.candidates
            ),
        )
        return service.plan(
            week, rules, body.locks, body.exclusions, alternatives=body.alternatives
        )
    if body.wednesday is None:
        raise ValueError("give a wednesday (YYYY-MM-DD) or a list of candidates")
    extra = film_rows(film.model_dump() for film in body.extra_films) if body.extra_films else None
    return service.week_for(
        body.wednesday,
        rules,
        body.locks,
        body.exclusions,
        alternatives=body.alternatives,
        overrides=[
            FilmOverride(film.film_id, film.distributor, film.planned_copies)
            for film in body.overrides
        ],
        extra_films=extra,
    )


@router.post(
    "/programmes",
    response_model=ProgrammePlanOut,
    summary="Propose the week's programme",
    responses={
        401: {"model": ErrorOut, "description": "No token, or a wrong one."},
        413: {"model": ErrorOut, "description": "Body over 1 MiB."},
        422: {"description": "A question the engine cannot answer (the detail says why)."},
        503: {"model": ErrorOut, "description": "No champion or no warehouse yet."},
    },
)
def programme(body: ProgrammeIn, service: ServiceDep) -> Response:
    """The programme that maximises expected receipts (capacity caps and uncertainty taken into
    account), or in a week where no film has copies the champion's ranking model's order
    (`chosen_by` says which), its alternatives, each room's seven days, the P&L at the expected,
    P50 and P10 receipts; in a replay, the programme judged with the actual admissions."""
    with answering():
        rules = _rules(body)
        plan = _plan(body, rules, service)
    if plan.week.wednesday is None and body.candidates is None:
        raise HTTPException(422, "give a wednesday")
    answer = _answers.get(plan)
    if answer is None:
        answer = _answer(plan, rules, set(body.locks)).model_dump_json().encode()
        if plan.week.replay:
            _answers.put(plan, answer)
    # Serialised here, in the worker thread: FastAPI would validate the built model again in a
    # second trip through the thread pool.
    return Response(answer, media_type="application/json")


def _answer(plan: WeekPlan, rules: CinemaRules, locked: set[str]) -> ProgrammePlanOut:
    proposal = plan.proposal
    wednesday = plan.week.wednesday
    even, even_net = break_even_receipts(rules, net=False), break_even_receipts(rules)
    return ProgrammePlanOut(
        wednesday=wednesday,
        replay=plan.week.replay,
        model_version=plan.week.model_version,
        candidates=[FilmPrediction.of(film, rules.audience_share) for film in plan.week.candidates],
        programme=programme_out(proposal.programme, wednesday, locked),
        pnl=pnl_out(proposal.pnl, even, even_net),
        pnl_p10=pnl_out(proposal.pnl_p10, even, even_net),
        pnl_p50=pnl_out(proposal.pnl_p50, even, even_net),
        alternatives=[
            AlternativeOut(
                **programme_out(alternative, wednesday, locked).model_dump(),
                pnl=pnl_out(alternative_pnl, even, even_net),
            )
            for alternative, alternative_pnl in zip(
                proposal.alternatives, proposal.alternatives_pnl, strict=True
            )
        ],
        hindsight=hindsight_out(plan.hindsight) if plan.hindsight is not None else None,
        chosen_by=proposal.chosen_by,
    )
