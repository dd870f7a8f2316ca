"""The jobs' rules without the network: the week they work on, the lock, a bad MERCREDI_TODAY,
one failing step among others, and the retrain job against a real HTTP server standing for the
API (a real training on a small history)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from cron.cli import app
from cron.jobs import (
    StepFailedError,
    StepSkippedError,
    api_token,
    coming_wednesdays,
    job_lock,
    last_week,
    reload_api,
    run_job,
)
from cron.settings import CronSettings
from cron.stack import answers
from tests.conftest import HISTORY_DIR, write_jsonl

runner = CliRunner()
MERCREDI = Path(sys.executable).with_name("mercredi")


@pytest.mark.parametrize(
    ("today", "week", "coming"),
    [
        ("2026-01-27", "2026-01-14", ["2026-01-28", "2026-02-04"]),  # Tuesday: 01-21 not over
        ("2026-01-28", "2026-01-21", ["2026-02-04", "2026-02-11"]),  # Wednesday
        ("2026-02-03", "2026-01-21", ["2026-02-04", "2026-02-11"]),  # the Tuesday after
    ],
)
def test_the_weeks_a_job_works_on(today: str, week: str, coming: list[str]) -> None:
    day = dt.date.fromisoformat(today)
    assert last_week(day).isoformat() == week
    assert [d.isoformat() for d in coming_wednesdays(day)] == coming


def test_mercredi_today_is_the_jobs_today_and_a_bad_one_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MERCREDI_TODAY", "2026-01-28")
    assert CronSettings().current_day() == dt.date(2026, 1, 28)
    monkeypatch.setenv("MERCREDI_TODAY", "2026-13-01")
    result = runner.invoke(app, ["nightly"])
    assert result.exit_code == 2
    assert "MERCREDI_TODAY='2026-13-01'" in result.output
    assert "month value is outside expected range" in result.output
    assert "Traceback" not in result.output
    for far in ("0001-01-01", "9999-12-31"):  # a real date with no cinema week around it
        monkeypatch.setenv("MERCREDI_TODAY", far)
        result = runner.invoke(app, ["weekly"])
        assert result.exit_code == 2, result.output
        assert f"MERCREDI_TODAY='{far}'" in result.output and "is outside" in result.output


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("MERCREDI_DOWNLOAD_DELAY_S", "abc", "MERCREDI_DOWNLOAD_DELAY_S='abc' is not a number"),
        ("MERCREDI_WAREHOUSE_PATH", "{tmp}", "MERCREDI_WAREHOUSE_PATH='{tmp}' is a folder"),
    ],
)
def test_a_wrong_crawler_or_warehouse_setting_stops_the_nightly_before_any_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv("MERCREDI_TODAY", "2026-01-28")
    monkeypatch.setenv(variable, value.format(tmp=tmp_path))
    result = runner.invoke(app, ["nightly"])
    assert result.exit_code == 2, result.output  # a usage error, not a failed job
    assert expected.format(tmp=tmp_path) in result.output
    assert "ValidationError" not in result.output and "pydantic" not in result.output
    assert '"step"' not in result.output  # no step ran


def test_one_failing_step_fails_alone_and_the_others_run() -> None:
    lines: list[str] = []
    ran: list[str] = []

    def broken() -> dict[str, int]:
        ran.append("broken")
        raise OSError("site down")

    def unconfigured() -> dict[str, int]:
        raise StepSkippedError("no key")

    def fine() -> dict[str, int]:
        ran.append("fine")
        return {"rows": 3}

    report = run_job(
        "nightly",
        dt.date(2026, 1, 28),
        [("a", broken), ("b", unconfigured), ("c", fine)],
        emit=lines.append,
    )
    assert ran == ["broken", "fine"]
    logged = [json.loads(line) for line in lines]
    assert [(x["step"], x["status"], x["level"]) for x in logged] == [
        ("a", "failed", "error"),
        ("b", "skipped", "warning"),
        ("c", "ok", "info"),
    ]
    assert logged[0]["message"] == "site down" and logged[2]["counts"] == {"rows": 3}
    assert [step.step for step in report.failed] == ["a"]
    assert report.summary() == "nightly for 2026-01-28 failed: a (site down) (1 skipped: b)"


def test_a_second_job_stops_at_once_while_one_runs(tmp_path: Path) -> None:
    settings = CronSettings()
    with job_lock(settings, "nightly"):
        result = runner.invoke(app, ["retrain"])
    assert result.exit_code == 1
    assert f"another job is running (nightly, pid {os.getpid()}, since" in result.output
    assert "then run `mercredi retrain` again" in result.output
    assert not (tmp_path / "data" / "warehouse.duckdb").exists()  # no step ran
    with job_lock(settings, "weekly"):  # released: the next job takes it
        pass


def test_a_killed_job_leaves_no_lock_behind(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from cron.jobs import job_lock\n"
            "from cron.settings import CronSettings\n"
            "with job_lock(CronSettings(), 'nightly'):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        busy = runner.invoke(app, ["weekly"])
        assert busy.exit_code == 1 and f"pid {holder.pid}" in busy.output
    finally:
        holder.kill()
        holder.wait(timeout=10)
    with job_lock(CronSettings(), "weekly"):
        pass


class _FakeApi:
    """A real HTTP server answering `POST /v1/model/reload` as docs/api.md says."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.calls.append(self.headers.get("Authorization", ""))
                body: dict[str, object]
                if self.path != "/v1/model/reload":
                    status, body = 404, {"detail": "not found"}
                elif self.headers.get("Authorization") != f"Bearer {outer.token}":
                    status, body = 401, {"detail": "missing or wrong bearer token"}
                else:
                    status, body = 200, {"model_version": "1", "changed": True}
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def fake_api() -> Iterator[_FakeApi]:
    api = _FakeApi("the-right-token")
    thread = threading.Thread(target=api.server.serve_forever, daemon=True)
    thread.start()
    yield api
    api.server.shutdown()
    api.server.server_close()
    thread.join(timeout=5)


def test_the_api_reload_says_what_went_wrong(fake_api: _FakeApi) -> None:
    assert reload_api(fake_api.url, "the-right-token") == {"model_version": "1", "changed": 1}
    with pytest.raises(StepFailedError, match="answered 401"):
        reload_api(fake_api.url, "a-wrong-token")
    with pytest.raises(StepSkippedError, match="MERCREDI_API_TOKEN is not set"):
        reload_api(fake_api.url, None)
    with pytest.raises(StepFailedError, match="did not answer"):
        reload_api("http://127.0.0.1:9", "the-right-token")
    assert fake_api.calls == ["Bearer the-right-token", "Bearer a-wrong-token"]


def test_the_jobs_use_the_api_s_own_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MERCREDI_API_TOKEN", raising=False)
    monkeypatch.setenv("MERCREDI_ENV", "development")
    made = api_token()  # development: made once and kept where the API keeps it
    assert made and (tmp_path / "data" / "api-token").read_text().strip() == made
    assert api_token() == made
    monkeypatch.setenv("MERCREDI_API_TOKEN", "set-by-hand")
    assert api_token() == "set-by-hand"
    monkeypatch.delenv("MERCREDI_API_TOKEN")
    monkeypatch.setenv("MERCREDI_ENV", "production")
    assert api_token() is None  # production without a token: the reload step is skipped


@pytest.fixture
def small_history(tmp_path: Path) -> Path:
    """The films released 2019-2022: a real training in seconds, not a minute."""
    small = tmp_path / "history"
    for name in ("films.jsonl", "first_weeks.jsonl"):
        lines = (HISTORY_DIR / name).read_text(encoding="utf-8").splitlines()
        write_jsonl(small / name, [line for line in lines if _released(line) >= "2019-01-01"])
    return small


@contextlib.contextmanager
def _real_api(env: dict[str, str]) -> Iterator[str]:
    """`mercredi serve api` on a free port, until it answers /v1/health; stopped after."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(MERCREDI), "serve", "api", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while not answers(f"{url}/v1/health"):
            assert server.poll() is None, "mercredi serve api exited"
            assert time.monotonic() < deadline, "mercredi serve api did not answer in 300 s"
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


@pytest.mark.slow
def test_retrain_trains_promotes_reloads_the_real_api_then_changes_nothing(
    tmp_path: Path, small_history: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MLFLOW_TRACKING_URI"}
    env.update(
        {
            "MERCREDI_DATA_DIR": str(tmp_path / "data"),
            "MERCREDI_HISTORY_DIR": str(small_history),
            "MERCREDI_NUM_THREADS": "1",
            "MERCREDI_API_TOKEN": "the-right-token",
        }
    )
    bearer = {"Authorization": "Bearer the-right-token"}

    def mercredi(*arguments: str) -> list[dict[str, Any]]:
        result = subprocess.run(
            [str(MERCREDI), *arguments], env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]

    mercredi("warehouse", "refresh")
    with _real_api(env) as api_url:
        env["MERCREDI_API_URL"] = api_url
        assert httpx.get(f"{api_url}/v1/model", headers=bearer).status_code == 503  # no model

        train, reload = mercredi("retrain")
        assert train["status"] == "ok", train
        assert train["counts"]["trained"] == 1 and train["counts"]["promoted"] == 1
        assert train["counts"]["champion"] == train["counts"]["challenger"] == "1"
        assert train["counts"]["data_end"] == "2022-12-28"
        assert 0.5 < train["counts"]["decision_capture"] <= 1.0
        assert (reload["status"], reload["counts"]) == ("ok", {"model_version": "1", "changed": 1})
        model = httpx.get(f"{api_url}/v1/model", headers=bearer)
        assert model.status_code == 200 and model.json()["version"] == "1"

        train, reload = mercredi("retrain")  # the same data: no new version, no reload
        assert train["counts"]["trained"] == 0 and train["counts"]["challenger"] == "1"
        assert "saw this very data" in train["counts"]["reason"]
        assert reload["status"] == "skipped"
        assert httpx.get(f"{api_url}/v1/model", headers=bearer).json()["version"] == "1"


def _released(line: str) -> str:
    record = json.loads(line)
    return str(record.get("release_date") or record["week_start"])


def test_weekly_fails_its_step_with_the_portal_s_reason(tmp_path: Path) -> None:
    """The portal was never initialised: the draft step fails with the portal command's own
    error line, the job exits 1, no traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCREDI_")}
    env.update({"MERCREDI_DATA_DIR": str(tmp_path / "data"), "MERCREDI_TODAY": "2026-01-27"})
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [str(MERCREDI), "weekly"], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1
    (step,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert step["step"] == "portal weekly-draft 2026-01-28"  # Tuesday: tomorrow's programme
    assert step["status"] == "failed"
    assert step["message"].startswith("exit code 1: error: ")
    assert "Traceback" not in result.stdout + result.stderr
    assert "weekly for 2026-01-27 failed: portal weekly-draft 2026-01-28" in result.stderr
