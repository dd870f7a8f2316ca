"""Where landing files go, and how they are written: `<landing>/<source>/<kind>/<run-id>.jsonl`.

A landing file is written under a temporary name and renamed when complete, so a reader never sees
half a file; it is never edited afterwards.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landing.schema import LANDING_KINDS, LandingKind

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
TEMPORARY_SUFFIX = ".part"


@dataclass(frozen=True)
class LandingFile:
    """One complete landing file and what its path says about it."""

    path: Path
    source: str
    kind: LandingKind
    run_id: str


def landing_file_path(landing_dir: Path, source: str, kind: LandingKind, run_id: str) -> Path:
    """The path of the landing file of one run, checking each part is a plain name."""
    for label, value in (("source", source), ("run id", run_id)):
        if not _SAFE_NAME.match(value):
            raise ValueError(
                f"{label} {value!r} is not a plain file name (letters, digits, '_', '.', '-')"
            )
    if kind not in LANDING_KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(LANDING_KINDS)}")
    return landing_dir / source / kind / f"{run_id}.jsonl"


def write_landing_file(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records as JSON Lines to `path` atomically; refuse to overwrite a landing file.

    Returns the number of records written.
    """
    if path.exists():
        raise FileExistsError(f"landing file {path} already exists; a landing file is never edited")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + TEMPORARY_SUFFIX)
    count = 0
    with temporary.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=str))
            out.write("\n")
            count += 1
        out.flush()
        os.fsync(out.fileno())
    temporary.rename(path)
    return count


def iter_landing_files(landing_dir: Path) -> Iterator[LandingFile]:
    """Every complete landing file under `landing_dir`, oldest run first.

    Run ids start with their UTC time (`YYYYMMDDTHHMMSSZ-...`), so ordering by run id is
    ordering by time across sources and kinds; the path breaks ties.

    Files still being written (temporary names) and files outside the layout are skipped.
    """
    paths = sorted(landing_dir.glob("*/*/*.jsonl"), key=lambda path: (path.stem, str(path)))
    for path in paths:
        source, kind = path.parent.parent.name, path.parent.name
        for kind_name in LANDING_KINDS:
            if kind == kind_name:
                yield LandingFile(path=path, source=source, kind=kind_name, run_id=path.stem)
