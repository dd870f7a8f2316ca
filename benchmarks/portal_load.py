"""Benchmark of the portal under load: "Cette semaine" logged in, beside the login page.

It sets up a throw-away portal (SQLite in a temporary data folder, `mercredi portal init`),
stores the programme of the latest replayable Wednesday by asking the running predictor API
(`mercredi portal weekly-draft --wednesday ...`), serves the portal with gunicorn
(`mercredi serve portal`, 2 workers x 4 threads) on a free port of 127.0.0.1, then has
`--concurrency` clients (each logged in with its own session) request each page `--requests`
times in all. Every "Cette semaine" request reads the stored programme and asks the API's
/v1/health (the banner check), so the API must be running.

Usage: MERCREDI_API_TOKEN=... uv run python benchmarks/portal_load.py --api-url URL
       [--requests 400] [--concurrency 10]
Prints p50/p95/max latency and throughput per page; writes benchmarks/results/portal_load.json.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from harness import REPO_ROOT, load_average, machine, write_results

TARGET_P95_MS = 300.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _portal(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "portal.cli", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"mercredi portal {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def _logged_in(base: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    client.get("/connexion/")
    response = client.post(
        "/connexion/",
        data={
            "username": "gerant",
            "password": password,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/connexion/"},
    )
    if response.status_code != 302:
        raise SystemExit(f"login failed: HTTP {response.status_code}")
    return client


def _hammer(clients: list[httpx.Client], path: str, requests: int, expect: str) -> dict[str, float]:
    per_client = max(1, requests // len(clients))

    def run(client: httpx.Client) -> list[float]:
        timings = []
        for _ in range(per_client):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200 or expect not in response.text:
                raise SystemExit(f"{path}: HTTP {response.status_code}, {expect!r} missing")
        return timings

    started = time.perf_counter()
    with ThreadPoolExecutor(len(clients)) as pool:
        timings = sorted(t for chunk in pool.map(run, clients) for t in chunk)
    wall = time.perf_counter() - started
    return {
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "max_ms": round(timings[-1], 1),
        "throughput_rps": round(len(timings) / wall, 1),
    }


def main() -> None:
    """Set up, serve, measure, clean up; print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api-url", default=os.environ.get("MERCREDI_API_URL"))
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=10)
    options = parser.parse_args()
    token = os.environ.get("MERCREDI_API_TOKEN", "")
    if not options.api_url or not token:
        raise SystemExit("give --api-url (a running `mercredi serve api`) and MERCREDI_API_TOKEN")
    weeks = httpx.get(
        f"{options.api_url}/v1/weeks",
        params={"replayable": "true"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    wednesday = max(weeks["wednesdays"])
    data_dir = Path(tempfile.mkdtemp(prefix="portal-load-"))
    password = secrets.token_urlsafe(12)
    port = _free_port()
    env = {
        **os.environ,
        "MERCREDI_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'portal.sqlite3'}",
        "MERCREDI_API_URL": options.api_url,
        "MERCREDI_MANAGER_PASSWORD": password,
        "DJANGO_SETTINGS_MODULE": "portal.config.settings.development",
    }
    server: subprocess.Popen[bytes] | None = None
    try:
        _portal(env, "init")
        _portal(env, "weekly-draft", "--wednesday", wednesday)
        server = subprocess.Popen(
            [sys.executable, "-m", "cron.cli", "serve", "portal", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/connexion/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the portal did not start within 60 s")
            time.sleep(0.5)
        clients = [_logged_in(base, password) for _ in range(options.concurrency)]
        week_path = f"/?mercredi={wednesday}"
        _hammer(clients, week_path, options.concurrency * 2, "Programme proposé")  # warm-up
        load_before = load_average()
        login = _hammer(
            [httpx.Client(base_url=base, timeout=30) for _ in clients],
            "/connexion/",
            options.requests,
            "Connexion",
        )
        week = _hammer(clients, week_path, options.requests, "Programme proposé")
        figures = {
            "machine": machine(f"load average {load_before} before the run (shared machine)"),
            "concurrency": options.concurrency,
            "server": "gunicorn gthread, 2 workers x 4 threads, SQLite, WhiteNoise",
            "week_page": {"path": week_path, **week},
            "login_page": login,
            "target_p95_ms": TARGET_P95_MS,
            "week_p95_within_target": week["p95_ms"] < TARGET_P95_MS,
        }
        for name in ("week_page", "login_page"):
            row = figures[name]
            assert isinstance(row, dict)
            print(
                f"{name:11s} {row['requests']} requests at {options.concurrency} clients: "
                f"p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, max {row['max_ms']} ms, "
                f"{row['throughput_rps']} req/s"
            )
        verdict = "met" if figures["week_p95_within_target"] else "NOT met"
        print(f"target p95 < {TARGET_P95_MS:.0f} ms: {verdict}")
        write_results("portal_load", figures)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
