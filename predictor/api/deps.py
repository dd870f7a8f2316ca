"""What routes depend on: the weekly service, the rules, the token check, error translation."""

from __future__ import annotations

import contextlib
import math
import secrets
from collections.abc import Iterator
from typing import Annotated

import duckdb
from fastapi import Depends, HTTPException, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from predictor.model.registry import NoChampionError
from predictor.tracking import TrackingError
from predictor.weekly import WeeklyService
from warehouse.database import WarehouseUnreadableError
from warehouse.locking import WarehouseBusyError

NO_CHAMPION = "no champion model: run `mercredi train`"
_bearer = HTTPBearer(auto_error=False, description="MERCREDI_API_TOKEN")


async def get_service(request: Request) -> WeeklyService:
    """The app's weekly service (one per app, made by the lifespan).

    The dependencies here are `async` on purpose: they only read memory, and a synchronous
    dependency costs a trip through the thread pool on every request."""
    service: WeeklyService = request.app.state.service
    return service


async def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """401 unless the request carries `Authorization: Bearer <MERCREDI_API_TOKEN>` (compared in
    constant time)."""
    expected: str = request.app.state.token
    given = credentials.credentials if credentials is not None else ""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing token: send the header `Authorization: Bearer <MERCREDI_API_TOKEN>`",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "wrong token: send the value of MERCREDI_API_TOKEN as the bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )


ServiceDep = Annotated[WeeklyService, Depends(get_service)]
Authorised = Depends(require_token)


@contextlib.contextmanager
def answering() -> Iterator[None]:
    """Turn the service's errors into HTTP answers: a bad question is a 422 that says what to
    do, a missing model or warehouse, or a model registry that cannot be read, a 503; never a
    500."""
    try:
        yield
    except NoChampionError:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, NO_CHAMPION) from None
    except TrackingError as error:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"{error}; the API keeps the model it had loaded: retry once the store answers",
        ) from None
    except FileNotFoundError as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(error)) from None
    except (WarehouseBusyError, WarehouseUnreadableError, duckdb.Error) as error:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"the warehouse cannot be read right now ({error}); retry in a few seconds",
        ) from None
    except ValueError as error:
        raise HTTPException(422, str(error)) from None


def json_safe(value: object) -> object:
    """`value` (decoded JSON, maybe nested) with what a JSON answer cannot carry written as
    text: a non-finite number as "NaN", "Infinity" or "-Infinity" (how the client wrote it), a
    lone surrogate in a string as its escape."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {json_safe(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


async def request_validation_error(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422 (each error with `loc` and `msg`), whose `input` echoes what was sent,
    made valid JSON whatever was sent (NaN, Infinity, a lone surrogate): never a 500."""
    assert isinstance(error, RequestValidationError)
    detail = json_safe(jsonable_encoder(error.errors()))
    return JSONResponse({"detail": detail}, status_code=422)
