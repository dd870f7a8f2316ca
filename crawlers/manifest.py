"""Run ids, run manifests and run logs: one JSON file and one log per crawl in `<landing>/_runs/`.

A manifest says which spider ran with which arguments, when, what it wrote and what it dropped.
It lives beside the landing files but outside their `<source>/<kind>/` layout, so readers of
landing files never see it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

RUNS_FOLDER = "_runs"
_CLAIM_SUFFIX = ".json.part"


def manifest_path(landing_dir: Path, run_id: str) -> Path:
    """Where the manifest of run `run_id` goes."""
    return landing_dir / RUNS_FOLDER / f"{run_id}.json"


def log_path(landing_dir: Path, run_id: str) -> Path:
    """Where the whole log of run `run_id` goes (the terminal gets one line per problem)."""
    return landing_dir / RUNS_FOLDER / f"{run_id}.log"


def claim_run_id(landing_dir: Path, spider: str, now: dt.datetime) -> str:
    """A new run id `YYYYMMDDTHHMMSSZ-<spider>`, with `-2`, `-3`... when the second is taken.

    The id is claimed by creating its manifest's temporary file exclusively, so two crawls
    started in the same second never share an id; ids still sort in time order.
    """
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = landing_dir / RUNS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    attempt = 1
    while True:
        run_id = f"{stamp}-{spider}" if attempt == 1 else f"{stamp}-{spider}-{attempt}"
        final = manifest_path(landing_dir, run_id)
        try:
            with (folder / f"{run_id}{_CLAIM_SUFFIX}").open("x", encoding="utf-8"):
                pass
        except FileExistsError:
            attempt += 1
            continue
        if final.exists():
            (folder / f"{run_id}{_CLAIM_SUFFIX}").unlink()
            attempt += 1
            continue
        return run_id


_ERROR_PREFIXES = (
    "spider_exceptions/",
    "retry/",
    "mercredi/failed",
    "mercredi/page",
    "robotstxt/forbidden",
)
_ERROR_KEYS = ("log_count/ERROR", "downloader/exception_count")


def _is_error(key: str) -> bool:
    if key.startswith("downloader/response_status_count/"):
        return not key.endswith("/200")
    return key.startswith(_ERROR_PREFIXES) or key in _ERROR_KEYS


def run_manifest(
    *,
    run_id: str,
    spider: str | None,
    arguments: dict[str, Any],
    files: list[dict[str, Any]],
    stats: dict[str, Any],
) -> dict[str, Any]:
    """The manifest of a finished run, from its files and its crawl stats.

    `errors` gathers what went wrong (HTTP statuses other than 200, retries, pages that failed or
    held no chart, robots.txt refusals, spider exceptions, error log lines); `stats` keeps the
    `mercredi/*` counters (rows read, records valid, dropped and written, unmapped labels).
    """
    started = stats.get("start_time")
    ordered = sorted(stats.items())
    return {
        "run_id": run_id,
        "spider": spider,
        "arguments": arguments,
        "started_at": started.isoformat() if isinstance(started, dt.datetime) else None,
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "files": files,
        "item_counts": {
            "scraped": stats.get("item_scraped_count", 0),
            "written": {file["kind"]: file["records"] for file in files},
            "dropped": {
                key.removeprefix("mercredi/dropped/"): value
                for key, value in ordered
                if key.startswith("mercredi/dropped/")
            },
        },
        "errors": {key: value for key, value in ordered if _is_error(key)},
        "stats": {key: value for key, value in ordered if key.startswith("mercredi/")},
    }


def write_manifest(landing_dir: Path, run_id: str, manifest: dict[str, Any]) -> Path:
    """Write the run's manifest atomically (over its claim file) and return its path."""
    final = manifest_path(landing_dir, run_id)
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.parent / f"{run_id}{_CLAIM_SUFFIX}"
    with temporary.open("w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    temporary.rename(final)
    return final


def read_manifest(landing_dir: Path, run_id: str) -> dict[str, Any] | None:
    """The manifest of run `run_id`, or None if the run never finished writing it."""
    path = manifest_path(landing_dir, run_id)
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
