"""`make run` / `make stop`: the servers in the background, waited for until each answers.

The servers are one table (`SERVICES`): a name, the `mercredi` command that runs it in the
foreground, the setting naming its port, the URL that says it is up. Each one runs in its own
process group (so stopping it stops its workers too), its output goes to `<data>/logs/<name>.log`
and its pid to `<data>/run/<name>.pid` (with the process's start time, so a reused pid is never
taken for ours). A second start reuses what answers and restarts what is down.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from cron.jobs import mercredi_command
from cron.settings import CronSettings

State = Literal["started", "running", "failed"]


@dataclass(frozen=True)
class Service:
    """One server of `make run`."""

    name: str
    label: str
    command: tuple[str, ...]
    port_setting: str
    health_path: str
    open_path: str = "/"

    def port(self, settings: CronSettings) -> int:
        """The port this service listens on, from its `MERCREDI_RUN_*_PORT` setting."""
        return int(getattr(settings, self.port_setting))

    def base_url(self, settings: CronSettings) -> str:
        """`http://<host>:<port>`."""
        return f"http://{settings.run_host}:{self.port(settings)}"

    def arguments(self, settings: CronSettings) -> list[str]:
        """The `mercredi` arguments, host and port filled in."""
        values = {"host": settings.run_host, "port": str(self.port(settings))}
        return [part.format(**values) for part in self.command]


SERVICES: tuple[Service, ...] = (
    Service(
        "api",
        "API (predictor / prédictions)",
        ("serve", "api", "--host", "{host}", "--port", "{port}"),
        "run_api_port",
        "/v1/health",
        "/docs",
    ),
    Service(
        "portal",
        "Portal (manager / gérant)",
        ("serve", "portal", "--host", "{host}", "--port", "{port}"),
        "run_portal_port",
        "/connexion/",
    ),
    Service(
        "cockpit",
        "Cockpit (team / équipe)",
        ("serve", "cockpit", "--host", "{host}", "--port", "{port}"),
        "run_cockpit_port",
        "/_stcore/health",
    ),
    Service(
        "mlflow",
        "MLflow (experiments / expériences)",
        ("serve", "mlflow", "--host", "{host}", "--port", "{port}"),
        "run_mlflow_port",
        "/health",
    ),
)


@dataclass(frozen=True)
class ServiceStatus:
    """What `stack_up` did with one service."""

    service: Service
    state: State
    url: str
    pid: int | None
    detail: str = ""


class StackError(RuntimeError):
    """A service cannot be started; the message says which, why and what to do."""


# --- pid files ---------------------------------------------------------------------------------


def _pid_file(settings: CronSettings, service: Service) -> Path:
    return settings.run_dir / f"{service.name}.pid"


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (`/proc/<pid>/stat` field 22)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def _recorded_pid(settings: CronSettings, service: Service) -> int | None:
    """The pid of the service we started, if that very process is still alive."""
    path = _pid_file(settings, service)
    try:
        pid_text, started = path.read_text().split()
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    return pid if _start_time(pid) == started else None


def _group_members(pgid: int) -> list[int]:
    """Every live process of process group `pgid`."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


# --- health ------------------------------------------------------------------------------------


def answers(url: str) -> bool:
    """Whether `url` answers with anything but a server error."""
    try:
        return httpx.get(url, timeout=2.0, follow_redirects=False).status_code < 500
    except httpx.HTTPError:
        return False


def port_is_free(host: str, port: int) -> bool:
    """Whether nothing listens on `host:port`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


# --- the API token -----------------------------------------------------------------------------


def api_token() -> tuple[str, str]:
    """The token the API requires and the portal sends, and where it is kept.

    The API's own rule (`predictor.api.settings.resolve_token`): `MERCREDI_API_TOKEN`, else in
    development a token made on first start and kept in `<data>/api-token` (mode 600).
    """
    from predictor.api.settings import ApiSettingsError, get_api_settings, resolve_token

    settings = get_api_settings()
    try:
        token = resolve_token(settings)
    except ApiSettingsError as error:
        raise StackError(str(error)) from None
    configured = settings.api_token is not None and settings.api_token.get_secret_value().strip()
    return token, "MERCREDI_API_TOKEN" if configured else str(settings.token_file)


def service_environment(settings: CronSettings, token: str) -> dict[str, str]:
    """The environment of every service: ours, plus the API's token and the addresses of the API
    (for the portal), of the portal (for the weekly e-mail) and of the MLflow UI (for the
    cockpit's links)."""
    by_name = {service.name: service for service in SERVICES}
    environment = dict(os.environ)
    environment["MERCREDI_API_TOKEN"] = token
    if "api" in by_name:
        environment["MERCREDI_API_URL"] = by_name["api"].base_url(settings)
    if "portal" in by_name:
        environment["MERCREDI_PORTAL_URL"] = by_name["portal"].base_url(settings)
    if "mlflow" in by_name:
        environment["MERCREDI_MLFLOW_UI_URL"] = by_name["mlflow"].base_url(settings)
    return environment


# --- start and stop ----------------------------------------------------------------------------


def _start(settings: CronSettings, service: Service, environment: Mapping[str, str]) -> int:
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    settings.logs_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings.logs_dir / f"{service.name}.log"
    with log_path.open("ab") as log:
        log.write(f"\n--- mercredi stack: starting {service.name} ---\n".encode())
        log.flush()
        process = subprocess.Popen(
            mercredi_command(*service.arguments(settings)),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(environment),
            start_new_session=True,
        )
    started = _start_time(process.pid) or ""
    _pid_file(settings, service).write_text(f"{process.pid} {started}\n")
    return process.pid


def _stop(settings: CronSettings, service: Service, grace_s: float = 15.0) -> int | None:
    """Stop the service's process group (SIGTERM, then SIGKILL after `grace_s`)."""
    pid = _recorded_pid(settings, service)
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        while _group_members(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.2)
        if _group_members(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            while _group_members(pid):
                _reap(pid)
                time.sleep(0.1)
        _reap(pid)
    _pid_file(settings, service).unlink(missing_ok=True)
    return pid


def _reap(pid: int) -> None:
    """Collect the exit status of `pid` if it is our child (it is when started in this process)."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _log_tail(settings: CronSettings, service: Service, lines: int = 5) -> str:
    path = settings.logs_dir / f"{service.name}.log"
    if not path.exists():
        return ""
    return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])


def _prepare_tracking_store() -> None:
    """Create (or upgrade) the MLflow store once, before the API and the MLflow server both
    open it: two processes creating one SQLite store at once collide."""
    from predictor.config import get_predictor_settings
    from predictor.tracking import TrackingError, configure_tracking

    try:
        configure_tracking(get_predictor_settings())
    except TrackingError as error:
        raise StackError(str(error)) from None


def stack_up(settings: CronSettings, services: Sequence[Service] = SERVICES) -> list[ServiceStatus]:
    """Start every service that does not answer, then wait until all answer.

    A service that answers is left as it is; one whose process is alive but does not answer is
    restarted. A port taken by another program stops everything before anything starts.
    """
    token, _ = api_token()
    environment = service_environment(settings, token)
    _prepare_tracking_store()
    to_start: list[Service] = []
    statuses: dict[str, ServiceStatus] = {}
    for service in services:
        url = service.base_url(settings)
        pid = _recorded_pid(settings, service)
        if pid is not None and answers(url + service.health_path):
            statuses[service.name] = ServiceStatus(service, "running", url, pid)
            continue
        if pid is not None:
            _stop(settings, service)
        to_start.append(service)
    taken = [s for s in to_start if not port_is_free(settings.run_host, s.port(settings))]
    if taken:
        described = ", ".join(
            f"{s.name} port {s.port(settings)} (MERCREDI_{s.port_setting.upper()})" for s in taken
        )
        raise StackError(
            f"another program already listens on {described}; stop it or choose another port "
            "in .env, then run `make run` again"
        )
    started = {service.name: _start(settings, service, environment) for service in to_start}
    deadline = time.monotonic() + settings.run_start_timeout_s
    waiting = list(to_start)
    while waiting:
        for service in list(waiting):
            pid = started[service.name]
            url = service.base_url(settings)
            if answers(url + service.health_path):
                statuses[service.name] = ServiceStatus(service, "started", url, pid)
                waiting.remove(service)
            elif _recorded_pid(settings, service) is None or not _group_members(pid):
                _reap(pid)
                statuses[service.name] = ServiceStatus(
                    service, "failed", url, None, f"exited: {_log_tail(settings, service)}"
                )
                _pid_file(settings, service).unlink(missing_ok=True)
                waiting.remove(service)
            elif time.monotonic() > deadline:
                _stop(settings, service)
                statuses[service.name] = ServiceStatus(
                    service,
                    "failed",
                    url,
                    None,
                    f"no answer after {settings.run_start_timeout_s:.0f} s "
                    f"(MERCREDI_RUN_START_TIMEOUT_S): {_log_tail(settings, service)}",
                )
                waiting.remove(service)
        if waiting:
            time.sleep(0.5)
    return [statuses[service.name] for service in services]


def stack_down(settings: CronSettings, services: Sequence[Service] = SERVICES) -> list[str]:
    """Stop every service this data folder's `make run` started; the names of those stopped."""
    return [service.name for service in services if _stop(settings, service) is not None]


def stack_table(
    settings: CronSettings, statuses: Sequence[ServiceStatus], token_origin: str
) -> str:
    """The short French/English table `make run` prints at the end."""
    words = {
        "started": "started / démarré",
        "running": "already running / déjà lancé",
        "failed": "FAILED / ÉCHEC",
    }
    width = max(len(status.service.label) for status in statuses)
    lines = ["", "mercredi — services / services", ""]
    for status in statuses:
        address = status.url + status.service.open_path
        lines.append(f"  {status.service.label:<{width}}  {address:<32}  {words[status.state]}")
        if status.detail:
            lines.append(f"  {'':<{width}}  {status.detail}")
    lines.append("")
    if any(status.service.name == "portal" for status in statuses):
        from portal.settings import get_portal_settings

        portal = get_portal_settings()
        password = (
            "MERCREDI_MANAGER_PASSWORD"
            if portal.manager_password
            else "printed once by `mercredi portal init` on first start"
        )
        lines.append(
            f"  manager login / identifiant du gérant: {portal.manager_username} "
            f"(password / mot de passe: {password})"
        )
    lines += [
        f"  API token / jeton de l'API: {token_origin}",
        f"  logs / journaux: {settings.logs_dir}/    pids: {settings.run_dir}/",
        "  stop / arrêter: make stop",
        "",
    ]
    return "\n".join(lines)
