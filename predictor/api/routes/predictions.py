"""POST /v1/predictions: P10/P50/P90 and reasons for 1 to 200 films."""

from __future__ import annotations

from fastapi import APIRouter

from predictor.api.deps import Authorised, ServiceDep, answering
from predictor.api.schemas import ErrorOut, FilmPrediction, PredictionsIn, PredictionsOut
from predictor.programme import DEFAULT_RULES
from predictor.weekly import film_rows

router = APIRouter(tags=["predictions"], dependencies=[Authorised])


@router.post(
    "/predictions",
    summary="Predict films",
    responses={
        401: {"model": ErrorOut, "description": "No token, or a wrong one."},
        413: {"model": ErrorOut, "description": "Body over 1 MiB."},
        422: {"description": "A film the model cannot take (the detail says which)."},
        503: {"model": ErrorOut, "description": "No champion or no warehouse yet."},
    },
)
def predict(body: PredictionsIn, service: ServiceDep) -> PredictionsOut:
    """The champion's national first-week admissions for the films, in their order, each with
    its three strongest reasons; competition is computed among the films given."""
    with answering():
        films = film_rows(film.model_dump() for film in body.films)
        version, forecasts = service.predict(films)
    return PredictionsOut(
        model_version=version,
        predictions=[FilmPrediction.of(film, DEFAULT_RULES.audience_share) for film in forecasts],
    )
