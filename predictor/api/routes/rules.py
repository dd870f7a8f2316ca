"""POST /v1/rules/learned: the weekday profile and audience share the attendance teaches."""

from __future__ import annotations

from fastapi import APIRouter

from predictor.api.deps import Authorised, ServiceDep, answering
from predictor.api.schemas import ErrorOut, LearnedRulesIn, LearnedRulesOut
from predictor.learned import AttendanceDay

router = APIRouter(tags=["rules"], dependencies=[Authorised])


@router.post(
    "/rules/learned",
    summary="The cinema's rules learnt from its attendance",
    responses={
        401: {"model": ErrorOut, "description": "No token, or a wrong one."},
        413: {"model": ErrorOut, "description": "Body over 1 MiB."},
        422: {
            "description": "Fewer than four complete weeks, a screening's day given twice, or "
            "a bad field (the detail says which)."
        },
        503: {"model": ErrorOut, "description": "No warehouse yet."},
    },
)
def learned_rules(body: LearnedRulesIn, service: ServiceDep) -> LearnedRulesOut:
    """The weekday profile (Wednesday to Tuesday) and the audience share (cinema admissions
    over the films' national first-week admissions, looked up in the warehouse) learnt from
    the complete weeks of the attendance sent."""
    days = [
        AttendanceDay(film_id=day.film_id, room=day.room, date=day.date, admissions=day.admissions)
        for day in body.attendance
    ]
    with answering():
        learned = service.learned_rules(days)
    return LearnedRulesOut.of(learned)
