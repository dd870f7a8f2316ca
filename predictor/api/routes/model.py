"""GET /v1/model and POST /v1/model/reload: the champion in use, and swapping in a new one."""

from __future__ import annotations

from anyio import to_thread
from fastapi import APIRouter

from predictor.api.deps import Authorised, ServiceDep, answering
from predictor.api.schemas import ErrorOut, ModelOut, ReloadOut

router = APIRouter(tags=["model"], dependencies=[Authorised])
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "No token, or a wrong one."},
    503: {"model": ErrorOut, "description": "No champion yet: run `mercredi train`."},
}


@router.get("/model", summary="The champion in use", responses=_ERRORS)
def model(service: ServiceDep) -> ModelOut:
    """Name, version, alias, run, training time and the metrics its training run logged."""
    with answering():
        loaded = service.model
    return ModelOut(
        name=service.settings.model_name,
        version=loaded.version.version,
        alias=loaded.alias,
        run_id=loaded.version.run_id,
        trained_at=loaded.trained_at,
        metrics=loaded.metrics,
    )


@router.post(
    "/model/reload",
    summary="Load the current champion",
    responses={
        401: _ERRORS[401],
        503: {
            "model": ErrorOut,
            "description": "The model registry cannot be read; the model loaded is kept.",
        },
    },
)
async def reload(service: ServiceDep) -> ReloadOut:
    """Load the registry's champion (and the warehouse's history) again; requests in flight
    finish on the model they started with. A registry that cannot be read is a 503 and the
    model loaded stays."""
    with answering():
        version, changed = await to_thread.run_sync(service.reload)
    return ReloadOut(model_version=version, changed=changed)
