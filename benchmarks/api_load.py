"""Load benchmark of the API over real HTTP: `mercredi serve api` (uvicorn) on 127.0.0.1 in a
child process, 20 concurrent clients (httpx), GET /v1/health then POST /v1/programmes for a
12-film week, each for a bounded time and count. Prints throughput and p50/p99 latencies and
writes benchmarks/results/api_load.json.

Targets on 2 cores: programme throughput >= 30 % of health throughput; programme p99 < 100 ms.
The client runs on the same 2 cores as the server (and the machine is shared): the figures are
those of the pair, with the load average beside them.

Usage: uv run python benchmarks/api_load.py [DATA_DIR]   (default ./data, with a champion)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import socket
import statistics
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
SECONDS = 10.0
MAX_REQUESTS = 5000
WEEK_OF_12 = "2019-02-06"
TARGETS = {"programme_vs_health_throughput": 0.30, "programme_p99_ms": 100.0}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _hammer(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any] | None
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + SECONDS

    async def one_client() -> None:
        nonlocal errors
        while time.perf_counter() < deadline and len(latencies) + errors < MAX_REQUESTS:
            started = time.perf_counter()
            response = await client.request(method, path, json=body)
            if response.status_code == 200:
                latencies.append(1000 * (time.perf_counter() - started))
            else:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(CLIENTS)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered), 1),
        "p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
    }


async def _measure(base_url: str, token: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=60
    ) as client:
        week = (await client.get(f"/v1/weeks/{WEEK_OF_12}")).json()  # the replay, once
        films = len(week["candidates"])
        body = {"wednesday": WEEK_OF_12}
        warm = await client.post("/v1/programmes", json=body)
        warm.raise_for_status()
        health = await _hammer(client, "GET", "/v1/health", None)
        programme = await _hammer(client, "POST", "/v1/programmes", body)
    return {"films_in_week": films, "health": health, "programme": programme}


def main() -> None:
    """Start the server, measure, stop it, write the results."""
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "data"
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
            figures = asyncio.run(_measure(base_url, environment["MERCREDI_API_TOKEN"]))
            load_after = load_average()
        finally:
            server.terminate()
            server.wait(timeout=30)
    ratio = figures["programme"]["throughput_rps"] / figures["health"]["throughput_rps"]
    results = {
        "machine": machine("server and client on the same shared cores"),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "clients": CLIENTS,
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
