"""POST /v1/actuals: the national first-week admissions of films, looked up in the history."""

from __future__ import annotations

from fastapi import APIRouter

from predictor.api.deps import Authorised, ServiceDep, answering
from predictor.api.schemas import ActualsIn, ActualsOut, ErrorOut

router = APIRouter(tags=["actuals"], dependencies=[Authorised])


@router.post(
    "/actuals",
    summary="Films' real national first-week admissions",
    responses={
        401: {"model": ErrorOut, "description": "No token, or a wrong one."},
        413: {"model": ErrorOut, "description": "Body over 1 MiB."},
        422: {"description": "No film id, more than 2,000, or a bad one (the detail says which)."},
        503: {"model": ErrorOut, "description": "No warehouse yet."},
    },
)
def actuals(body: ActualsIn, service: ServiceDep) -> ActualsOut:
    """The national first-week admissions the warehouse holds for the films (no model, no
    replay); the ids it does not know are listed in `unknown`."""
    with answering():
        found = service.actuals(body.film_ids)
    return ActualsOut.of(found)
