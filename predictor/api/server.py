"""`mercredi serve api`: uvicorn serving `create_app()` on a socket bound first, so a taken
port is said at once, and a model registry that cannot be opened too, before the model loads."""

from __future__ import annotations

import socket

import uvicorn

from predictor.api.main import create_app
from predictor.api.settings import ApiSettings, get_api_settings
from predictor.tracking import TrackingError, configure_tracking


class PortInUseError(RuntimeError):
    """The address asked for is taken; the message names it and what to do."""


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on `host`:`port`; PortInUseError when it cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise PortInUseError(
            f"cannot listen on {host}:{port} ({error.strerror}); stop what listens there or "
            "pick another with --port"
        ) from None
    listener.listen(2048)
    return listener


def serve(
    host: str | None = None, port: int | None = None, settings: ApiSettings | None = None
) -> None:
    """Serve the API until interrupted, on `host`:`port` (default: MERCREDI_API_HOST/PORT).

    Raises ApiSettingsError (production without a token), PortInUseError or TrackingError (the
    MLflow store cannot be opened: the lifespan could not load the champion) before serving.
    """
    settings = settings if settings is not None else get_api_settings()
    app = create_app(settings)
    listener = bind(host or settings.api_host, port or settings.api_port)
    try:
        configure_tracking(settings)
    except TrackingError:
        listener.close()
        raise
    config = uvicorn.Config(app, log_level="info", access_log=False, timeout_graceful_shutdown=10)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[listener])
    finally:
        listener.close()
