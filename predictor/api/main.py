"""The FastAPI application: `create_app(settings)`; the lifespan loads the champion and the
history once; every route is under /v1 (see docs/api.md)."""

from __future__ import annotations

import gc
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from anyio import to_thread
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi_offline import FastAPIOffline
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from predictor.api.deps import request_validation_error
from predictor.api.routes import actuals, health, model, predictions, programmes, rules, weeks
from predictor.api.settings import ApiSettings, get_api_settings, resolve_token
from predictor.weekly import WeeklyService

MAX_BODY_BYTES: Final = 1024 * 1024
REQUEST_THREADS: Final = 8
"""Threads answering the synchronous routes. Beyond the cores, more threads only queue on the GIL
and stretch the tail latency (anyio's default is 40)."""


class BodyLimit:
    """Refuse a request body over `max_bytes` with 413, by its Content-Length or as it streams
    (the body, at most `max_bytes`, is read before the app sees it)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            {
                "detail": f"request body over {self.max_bytes} bytes (1 MiB); send fewer films "
                "per request (at most 200)"
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)
                return
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def create_app(
    settings: ApiSettings | None = None, *, service: WeeklyService | None = None
) -> FastAPI:
    """The API over `settings` (default: the environment's).

    Raises ApiSettingsError in production without a token. `service` replaces the weekly
    service the lifespan would make (tests give one with a fixed today).
    """
    settings = settings if settings is not None else get_api_settings()
    token = resolve_token(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        weekly = service if service is not None else WeeklyService(settings)
        await to_thread.run_sync(weekly.reload)
        # The model, the history and the libraries stay for the process's life: out of the
        # collector's reach, a full collection no longer walks them (p99 of 20 clients asking
        # for a programme: 274 ms before, 52 ms after).
        gc.freeze()
        app.state.service = weekly
        yield

    # FastAPIOffline: /docs and /redoc take Swagger UI and ReDoc from the installed package, not
    # from a CDN, so they draw on a machine without internet.
    app = FastAPIOffline(
        title="mercredi predictor API",
        version="1",
        summary="What should the cinema show on Wednesday D? Predictions, replays, programmes.",
        description=(
            "National first-week admissions P10/P50/P90 with their reasons, any past Wednesday "
            "replayed as it would have been answered then, the best programme with alternatives, "
            "its daily projection and P&L. Every route but /v1/health and the docs needs "
            "`Authorization: Bearer <MERCREDI_API_TOKEN>`. Contract: docs/api.md."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.token = token
    for module in (health, model, predictions, weeks, programmes, rules, actuals):
        app.include_router(module.router, prefix="/v1")
    app.add_exception_handler(RequestValidationError, request_validation_error)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    return app
