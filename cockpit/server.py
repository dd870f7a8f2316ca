"""`mercredi serve cockpit`: Streamlit, headless, on 127.0.0.1, serving `cockpit/app.py`."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Final, NoReturn

APP: Final = Path(__file__).with_name("app.py")
HOST: Final = "127.0.0.1"


class PortInUseError(RuntimeError):
    """The port asked for is taken; the message names it and what to do."""


def streamlit_command(port: int, *, host: str = HOST) -> list[str]:
    """The command line that serves the cockpit: headless, no usage statistics, no file
    watcher, on `host`:`port`."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless=true",
        f"--server.address={host}",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
        "--client.toolbarMode=minimal",
        "--global.developmentMode=false",
    ]


def check_port_free(port: int, *, host: str = HOST) -> None:
    """Raise PortInUseError when nothing can listen on `host`:`port`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortInUseError(
                f"port {port} on {host} is not free ({error.strerror}); stop what listens "
                "there or pick another with --port"
            ) from None


def serve(port: int, *, host: str = HOST) -> NoReturn:
    """Replace this process by the Streamlit server of the cockpit (so its pid is the
    server's); raises PortInUseError first when the port is taken."""
    check_port_free(port, host=host)
    command = streamlit_command(port, host=host)
    os.execv(command[0], command)
