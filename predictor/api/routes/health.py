"""GET /v1/health: model loaded, warehouse readable, their versions; never fails."""

from __future__ import annotations

from fastapi import APIRouter

from predictor.api.deps import NO_CHAMPION, ServiceDep
from predictor.api.schemas import HealthOut, ModelRefOut, WarehouseOut
from predictor.config import CHAMPION

router = APIRouter(tags=["health"])


@router.get("/health", summary="Is the API able to answer? (no token)")
def health(service: ServiceDep) -> HealthOut:
    """`ok`, or `degraded` with the reasons (no champion, no warehouse); always 200."""
    reasons = []
    model = service.model_or_none
    if model is None:
        reasons.append(NO_CHAMPION)
    path = service.settings.warehouse
    warehouse = WarehouseOut(path=str(path), readable=False, refreshed_at=None, last_week=None)
    try:
        facts = service.warehouse()
        warehouse = WarehouseOut(
            path=str(path),
            readable=True,
            refreshed_at=facts.refreshed_at,
            last_week=facts.last_week,
        )
    except FileNotFoundError:
        reasons.append(f"warehouse {path} is missing: run `mercredi warehouse refresh`")
    except Exception as error:
        reasons.append(f"warehouse {path} is not readable ({error}); retry, or refresh it")
    return HealthOut(
        status="degraded" if reasons else "ok",
        model=(
            ModelRefOut(
                name=service.settings.model_name, version=model.version.version, alias=CHAMPION
            )
            if model is not None
            else None
        ),
        warehouse=warehouse,
        reasons=reasons,
    )
