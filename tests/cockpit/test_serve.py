"""`mercredi serve cockpit`: a taken or impossible port is refused with a clear message before
Streamlit starts; the command it runs is headless on 127.0.0.1 (served for real in
test_browser.py)."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from cockpit.server import APP, streamlit_command
from cron.cli import app


def test_a_taken_port_fails_with_the_port_named() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "cockpit", "--port", str(port)])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is not free" in result.output
    assert "--port" in result.output


def test_an_impossible_port_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["serve", "cockpit", "--port", "70000"])
    assert result.exit_code == 2


def test_the_command_serves_the_app_headless_on_localhost() -> None:
    command = streamlit_command(8765)
    assert command[1:5] == ["-m", "streamlit", "run", str(APP)]
    assert "--server.headless=true" in command
    assert "--server.address=127.0.0.1" in command
    assert "--server.port=8765" in command
    assert "--browser.gatherUsageStats=false" in command
    assert APP.name == "app.py" and APP.exists()
