"""Load benchmark of the API over real HTTP: `mercredi serve api` (uvicorn) on 127.0.0.1 in a
child process; wrk (Debian's package, a C client on one thread) keeps 20 connections busy on
GET /v1/health, then on POST /v1/programmes for a 12-film week (a replay: the service keeps its
plan), then on the same 12 films given as candidates (the engine runs on every request), each
for a bounded time. Prints throughput and p50/p99 latencies; writes
benchmarks/results/api_load.json.

Targets on 2 cores: programme throughput >= 30 % of health throughput; programme p99 < 100 ms.
The client runs on the same 2 cores as the server (and the machine may be shared): the figures
are those of the pair, with the load average beside them. wrk rather than a Python client: an
asyncio client with 20 connections spent more CPU than the server and added its own pauses to
the tail (health p99 251 ms with httpx against 25 ms with wrk, same server, same minute).

Usage: uv run python benchmarks/api_load.py [DATA_DIR]   (default ./data, with a champion)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from api_instance import instance_environment
from harness import REPO_ROOT, load_average, machine, write_results

CLIENTS = 20
SECONDS = 10
WEEK_OF_12 = "2019-02-06"
TARGETS = {"programme_vs_health_throughput": 0.30, "programme_p99_ms": 100.0}
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return round(float(number) * _UNITS_MS[unit], 1)


def _wrk(url: str, script: Path | None) -> dict[str, float]:
    """One wrk run of SECONDS with CLIENTS connections; its figures, errors counted."""
    command = ["wrk", "-t1", f"-c{CLIENTS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=SECONDS + 60
    ).stdout
    percentile = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    done = re.search(r"^\s+(\d+) requests in ([\d.]+)s", output, re.MULTILINE)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    if not (done and rate and "50" in percentile and "99" in percentile):
        raise SystemExit(f"could not read wrk's output:\n{output}")
    errors = int(failed.group(1)) if failed else 0
    return {
        "requests": int(done.group(1)) - errors,
        "errors": errors,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",  # type: ignore[dict-item]
        "seconds": float(done.group(2)),
        "throughput_rps": float(rate.group(1)),
        "p50_ms": _milliseconds(percentile["50"]),
        "p99_ms": _milliseconds(percentile["99"]),
    }


def _post_script(folder: Path, token: str, body: dict[str, Any], name: str) -> Path:
    script = folder / f"{name}.lua"
    script.write_text(
        "\n".join(
            [
                'wrk.method = "POST"',
                f"wrk.body = {json.dumps(json.dumps(body))}",
                'wrk.headers["Content-Type"] = "application/json"',
                f'wrk.headers["Authorization"] = "Bearer {token}"',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return script


def _measure(base_url: str, token: str, folder: Path) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    body = {"wednesday": WEEK_OF_12}
    with httpx.Client(base_url=base_url, headers=headers, timeout=120) as client:
        week = client.get(f"/v1/weeks/{WEEK_OF_12}").json()  # the replay, computed once
        client.post("/v1/programmes", json=body).raise_for_status()
    # The same films given as candidates: the engine runs on every request (nothing is kept).
    given = {
        "wednesday": WEEK_OF_12,
        "candidates": [
            {key: film[key] for key in ("film_id", "title", "p10", "p50", "p90", "copies")}
            for film in week["candidates"]
        ],
    }
    health = _wrk(f"{base_url}/v1/health", None)
    programme = _wrk(f"{base_url}/v1/programmes", _post_script(folder, token, body, "week"))
    computed = _wrk(f"{base_url}/v1/programmes", _post_script(folder, token, given, "given"))
    return {
        "films_in_week": len(week["candidates"]),
        "health": health,
        "programme": programme,
        "programme_candidates_given": computed,
    }


def main() -> None:
    """Start the server, measure, stop it, write the results."""
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "data"
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make system-tools` installs it (apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="mercredi-bench-load-") as folder:
        environment = instance_environment(source, Path(folder))
        port = _free_port()
        env = {**os.environ, **environment}
        env.pop("MLFLOW_TRACKING_URI", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "cron.cli", "serve", "api", "--port", str(port)],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if httpx.get(f"{base_url}/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the API did not start: {server.stderr.read()!r}")  # type: ignore[union-attr]
                time.sleep(0.5)
            load_before = load_average()
            figures = _measure(base_url, environment["MERCREDI_API_TOKEN"], Path(folder))
            load_after = load_average()
        finally:
            server.terminate()
            server.wait(timeout=30)
    ratio = figures["programme"]["throughput_rps"] / figures["health"]["throughput_rps"]
    results = {
        "machine": machine("server and wrk client on the same shared cores"),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "client": f"wrk, 1 thread, {CLIENTS} connections",
        "seconds_per_endpoint": SECONDS,
        "week": WEEK_OF_12,
        **figures,
        "programme_vs_health_throughput": round(ratio, 3),
        "targets": TARGETS,
    }
    for name, value in results.items():
        print(f"{name:32} {value}")
    write_results("api_load", results)


if __name__ == "__main__":
    main()
