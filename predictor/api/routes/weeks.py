"""GET /v1/weeks and GET /v1/weeks/{wednesday}: the date picker, and a week's candidates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query

from predictor.api.deps import Authorised, ServiceDep, answering
from predictor.api.schemas import ErrorOut, WeekOut, WeeksOut
from predictor.programme import DEFAULT_RULES

router = APIRouter(tags=["weeks"], dependencies=[Authorised])
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "No token, or a wrong one."},
    503: {"model": ErrorOut, "description": "No champion or no warehouse yet."},
}


@router.get("/weeks", summary="The Wednesdays to pick from", responses=_ERRORS)
def weeks(
    service: ServiceDep,
    replayable: Annotated[
        bool, Query(description="List the replayable Wednesdays (false: only the next one).")
    ] = True,
) -> WeeksOut:
    """The Wednesdays with releases from 2005 to the last known week (replayable), the coming
    Wednesday and the last known week."""
    with answering():
        history = service.history()
        wednesdays = service.replayable_wednesdays() if replayable else []
    first, last = service.week_range()
    return WeeksOut(
        wednesdays=wednesdays,
        next_wednesday=service.next_wednesday(),
        last_week=history.last_week,
        first_wednesday=first,
        last_wednesday=last,
    )


@router.get(
    "/weeks/{wednesday}",
    summary="A week's candidates with their predictions",
    responses={
        **_ERRORS,
        422: {
            "model": ErrorOut,
            "description": "Not a Wednesday, or outside 2005-01-05 to two years after today.",
        },
    },
)
def week(
    wednesday: Annotated[dt.date, Path(description="The week's Wednesday, YYYY-MM-DD.")],
    service: ServiceDep,
) -> WeekOut:
    """A past week is a replay (the films that opened, a model fitted on what was known then,
    with their actual admissions); a future week, the announced releases and the champion. The
    Wednesdays answered run from 2005-01-05 (the date picker's first) to two years after
    today."""
    with answering():
        candidates = service.week(wednesday)
    return WeekOut.of(candidates, DEFAULT_RULES.audience_share)
