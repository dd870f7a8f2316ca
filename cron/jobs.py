"""The scheduled jobs: `mercredi nightly`, `mercredi retrain`, `mercredi weekly`.

A job is a list of steps run in order under one file lock (no two jobs at once). Each step prints
one JSON line (job, step, status, duration, counts, message). A step whose source is not
configured is skipped with a warning; a step that fails fails alone, the next ones still run, and
the job's exit status says which failed. Every step leaves what it touches as it was when it
fails: crawls write landing files under a temporary name, the warehouse refresh swaps a checked
file in, training only adds a model version.

Each crawl runs as its own `mercredi crawl ...` process (Scrapy's reactor starts once a process).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import httpx

from crawlers.manifest import RUNS_FOLDER
from cron.settings import CronSettings
from landing.locks import LockBusyError, exclusive
from landing.weeks import WEEK, next_wednesday, wednesday_of

if TYPE_CHECKING:
    from warehouse.settings import WarehouseSettings

StepStatus = Literal["ok", "skipped", "failed"]
Counts = Mapping[str, int | float | str]
Emit = Callable[[str], None]


WAREHOUSE_WAIT_S = 300.0


class StepSkippedError(Exception):
    """A step that cannot run because its source is not configured; the message says what to set."""


class StepFailedError(Exception):
    """A step that ran and failed; the message says why."""


class JobBusyError(RuntimeError):
    """Another job holds the jobs lock; the message says which one and what to do."""


@dataclass(frozen=True)
class StepRecord:
    """What one step did: its status, how long it took, its counts and a sentence."""

    job: str
    step: str
    status: StepStatus
    duration_s: float
    counts: Counts = field(default_factory=dict)
    message: str = ""

    def log_line(self) -> str:
        """The step's structured log line (JSON, one line)."""
        return json.dumps(
            {
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "level": {"ok": "info", "skipped": "warning", "failed": "error"}[self.status],
                "job": self.job,
                "step": self.step,
                "status": self.status,
                "duration_s": round(self.duration_s, 2),
                "counts": dict(self.counts),
                "message": self.message,
            },
            ensure_ascii=False,
        )


@dataclass(frozen=True)
class JobReport:
    """Every step of one run of a job."""

    job: str
    today: dt.date
    steps: list[StepRecord]

    @property
    def failed(self) -> list[StepRecord]:
        """The steps that failed."""
        return [step for step in self.steps if step.status == "failed"]

    def summary(self) -> str:
        """One sentence: done, or which steps failed."""
        skipped = [step.step for step in self.steps if step.status == "skipped"]
        tail = f" ({len(skipped)} skipped: {', '.join(skipped)})" if skipped else ""
        if not self.failed:
            return f"{self.job} for {self.today.isoformat()} done: {len(self.steps)} steps{tail}"
        names = ", ".join(f"{step.step} ({step.message})" for step in self.failed)
        return f"{self.job} for {self.today.isoformat()} failed: {names}{tail}"


Step = tuple[str, Callable[[], Counts]]


@contextlib.contextmanager
def job_lock(settings: CronSettings, job: str) -> Iterator[None]:
    """Hold the jobs lock for `job`, or raise JobBusyError at once if another job holds it.

    The lock is released by the kernel if the holder dies, so a killed job never blocks the next.
    """
    path = settings.jobs_lock
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(exclusive(path, job))
        except LockBusyError as busy:
            raise JobBusyError(
                f"another job is running ({busy.holder}; lock {path}); wait for it to finish, "
                f"then run `mercredi {job}` again"
            ) from None
        yield


def run_job(job: str, today: dt.date, steps: Sequence[Step], emit: Emit = print) -> JobReport:
    """Run `steps` in order; each one's exception fails that step only. Emit one line per step."""
    records: list[StepRecord] = []
    for name, action in steps:
        started = time.perf_counter()
        try:
            counts = action()
            record = StepRecord(job, name, "ok", time.perf_counter() - started, counts)
        except StepSkippedError as skipped:
            record = StepRecord(
                job, name, "skipped", time.perf_counter() - started, {}, str(skipped)
            )
        except Exception as error:  # one failing step must not stop the others
            message = str(error) or type(error).__name__
            record = StepRecord(job, name, "failed", time.perf_counter() - started, {}, message)
        emit(record.log_line())
        records.append(record)
    return JobReport(job=job, today=today, steps=records)


# --- the week ----------------------------------------------------------------------------------


def last_week(today: dt.date) -> dt.date:
    """The Wednesday of the last complete cinema week before `today`."""
    return wednesday_of(today) - WEEK


def coming_wednesdays(today: dt.date, count: int = 2) -> list[dt.date]:
    """The next `count` Wednesdays strictly after `today`."""
    first = next_wednesday(today)
    return [first + index * WEEK for index in range(count)]


# --- crawls: one `mercredi crawl` process each --------------------------------------------------


def mercredi_command(*arguments: str) -> list[str]:
    """The command line running `mercredi <arguments>` with this interpreter."""
    return [sys.executable, "-m", "cron.cli", *arguments]


def _manifests(landing: Path) -> dict[str, dict[str, Any]]:
    folder = landing / RUNS_FOLDER
    if not folder.is_dir():
        return {}
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.json"))
    }


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _exit_failure(result: subprocess.CompletedProcess[str]) -> StepFailedError:
    reason = _last_line(result.stderr) or _last_line(result.stdout) or "no output"
    return StepFailedError(f"exit code {result.returncode}: {reason}")


def run_mercredi(
    settings: CronSettings, *arguments: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run `mercredi <arguments>` in its own process, output captured, within the step timeout;
    with `check`, a non-zero exit is a StepFailedError naming the command's last words."""
    try:
        result = subprocess.run(
            mercredi_command(*arguments),
            capture_output=True,
            text=True,
            timeout=settings.job_step_timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise StepFailedError(
            f"mercredi {' '.join(arguments)} did not finish in "
            f"{settings.job_step_timeout_s:.0f} s (MERCREDI_JOB_STEP_TIMEOUT_S)"
        ) from None
    if check and result.returncode != 0:
        raise _exit_failure(result)
    return result


def crawl_step(settings: CronSettings, arguments: Sequence[str]) -> Counts:
    """Run `mercredi crawl <arguments>` in its own process; its counts come from its manifest.

    A weekly chart not published yet (the page holds no chart, nothing else went wrong) is a
    skip, not a failure: the next night's run takes it.
    """
    before = set(_manifests(settings.landing))
    result = run_mercredi(settings, "crawl", *arguments, check=False)
    new = [m for run_id, m in _manifests(settings.landing).items() if run_id not in before]
    counts: dict[str, int] = {}
    errors: dict[str, int] = {}
    for manifest in new:
        for kind, written in manifest["item_counts"]["written"].items():
            counts[kind] = counts.get(kind, 0) + int(written)
        dropped = sum(int(value) for value in manifest["item_counts"]["dropped"].values())
        counts["dropped"] = counts.get("dropped", 0) + dropped
        for key, value in manifest["errors"].items():
            errors[key] = errors.get(key, 0) + int(value)
    if result.returncode != 0:
        if (
            not counts.get("films")
            and not counts.get("weeks")
            and set(errors) == {"mercredi/page_without_chart"}
        ):
            raise StepSkippedError("the chart is not published yet; the next run will take it")
        raise _exit_failure(result)
    counts["errors"] = sum(errors.values())
    return counts


# --- the jobs ----------------------------------------------------------------------------------


def nightly_steps(settings: CronSettings, today: dt.date) -> list[Step]:
    """Last week's chart (with the new films' pages), the releases of the next two Wednesdays,
    then the warehouse refresh (which also reads the portal's programmes and attendance).

    The crawlers' and the warehouse's settings are read here, before any step runs: a wrong one
    raises SettingsError naming its variable (a usage error), not a failed step."""
    from crawlers.config import get_crawler_settings
    from warehouse.settings import get_warehouse_settings

    key = get_crawler_settings().tmdb_api_key
    warehouse_settings = get_warehouse_settings()
    week = last_week(today)
    steps: list[Step] = [
        (
            f"crawl boxoffice {week.isoformat()}",
            lambda: crawl_step(settings, ["boxoffice", "--week", week.isoformat()]),
        )
    ]
    for wednesday in coming_wednesdays(today):

        def releases(day: dt.date = wednesday) -> Counts:
            if key is None or not key.get_secret_value().strip():
                raise StepSkippedError(
                    "MERCREDI_TMDB_API_KEY is not set: announced releases not crawled "
                    "(put a TMDB key in the environment or .env)"
                )
            return crawl_step(settings, ["releases", "--wednesday", day.isoformat()])

        steps.append((f"crawl releases {wednesday.isoformat()}", releases))
    steps.append(("warehouse refresh", lambda: refresh_step(warehouse_settings)))
    return steps


def refresh_step(settings: WarehouseSettings) -> Counts:
    """Rebuild the warehouse (atomically: a failed refresh leaves the last good one)."""
    from warehouse.refresh import refresh_warehouse

    result = refresh_warehouse(settings, wait_seconds=WAREHOUSE_WAIT_S)
    return {"landing_files": result.landing_files, **result.counts}


def retrain_steps(settings: CronSettings, *, force: bool = False) -> list[Step]:
    """Train a challenger (unless the last one saw exactly this data), promote it if better,
    then tell the API to reload when the champion changed."""
    champion_changed: list[bool] = []

    def train() -> Counts:
        from predictor.config import CHAMPION, get_predictor_settings
        from predictor.data import load_history
        from predictor.model.registry import alias_version
        from predictor.train import challenger_of_this_data, train_and_register

        predictor_settings = get_predictor_settings()
        history = load_history(predictor_settings)
        films = history.films.height
        challenger = None if force else challenger_of_this_data(predictor_settings, history)
        if challenger is not None:
            champion = alias_version(predictor_settings, CHAMPION)
            return {
                "trained": 0,
                "reason": "the last challenger saw this very data (--force retrains)",
                "films": films,
                "data_end": str(history.films.get_column("release_date").max()),
                "challenger": challenger.version,
                "champion": champion.version if champion else "",
            }
        before = alias_version(predictor_settings, CHAMPION)
        outcome = train_and_register(predictor_settings, history=history)
        after = alias_version(predictor_settings, CHAMPION)
        champion_changed.append(
            after is not None and (before is None or before.version != after.version)
        )
        return {
            "trained": 1,
            "films": films,
            "data_end": str(outcome.data_end),
            "challenger": outcome.version,
            "champion": after.version if after else "",
            "promoted": int(outcome.promoted),
            "decision_capture": outcome.metrics.get("decision_capture", 0.0),
            "median_ape": outcome.metrics.get("median_ape", 0.0),
        }

    def reload() -> Counts:
        if not any(champion_changed):
            raise StepSkippedError("the champion did not change: the API keeps its model")
        return reload_api(settings.api_url, api_token())

    return [("train", train), ("api reload", reload)]


def api_token() -> str | None:
    """The API's token as the API itself resolves it (`MERCREDI_API_TOKEN`, else in development
    the one kept in the data folder); None when the API would refuse to start without one."""
    from predictor.api.settings import ApiSettingsError, get_api_settings, resolve_token

    try:
        return resolve_token(get_api_settings())
    except ApiSettingsError:
        return None


def reload_api(api_url: str, token: str | None) -> Counts:
    """`POST /v1/model/reload` on the API with the token; the API loads the new champion."""
    if not token:
        raise StepSkippedError(
            "MERCREDI_API_TOKEN is not set: the API was not told to reload "
            "(restart it, or set the token and run `mercredi retrain` again)"
        )
    url = f"{api_url.rstrip('/')}/v1/model/reload"
    try:
        response = httpx.post(url, headers={"Authorization": f"Bearer {token}"}, timeout=120)
    except httpx.HTTPError as error:
        raise StepFailedError(
            f"the API at {url} did not answer ({error}); is it running?"
        ) from None
    if response.status_code != 200:
        raise StepFailedError(f"the API at {url} answered {response.status_code}: {response.text}")
    body = response.json()
    return {
        "model_version": str(body.get("model_version")),
        "changed": int(bool(body.get("changed"))),
    }


def weekly_steps(settings: CronSettings, today: dt.date) -> list[Step]:
    """Next Wednesday's draft programme created in the portal, the manager told by e-mail."""
    wednesday = coming_wednesdays(today, 1)[0]

    def draft() -> Counts:
        result = run_mercredi(settings, "portal", "weekly-draft", "--wednesday", str(wednesday))
        return {"wednesday": wednesday.isoformat(), "output": _last_line(result.stdout)}

    return [(f"portal weekly-draft {wednesday.isoformat()}", draft)]
