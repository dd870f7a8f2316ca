"""Read the seed history and the landing files into validated records and quarantined lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from landing.layout import iter_landing_files
from landing.schema import LandingKind, LandingRecordError, parse_line

Origin = Literal["history", "landing"]

HISTORY_FILES: Final[dict[str, LandingKind]] = {
    "films.jsonl": "films",
    "first_weeks.jsonl": "weeks",
}
_RAW_TEXT_LIMIT: Final = 2000


class SourceError(RuntimeError):
    """An input folder that cannot be read; the message names the path and the setting."""


@dataclass(frozen=True)
class InputFile:
    """One file to read, and where it stands in read order (history first, then landing)."""

    path: Path
    kind: LandingKind
    origin: Origin


@dataclass
class ReadResult:
    """Valid records by kind (as dicts with their origin) and quarantined lines."""

    records: dict[LandingKind, list[dict[str, Any]]] = field(
        default_factory=lambda: {"films": [], "weeks": [], "releases": []}
    )
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    files: list[InputFile] = field(default_factory=list)


def list_inputs(history_dir: Path, landing_dir: Path) -> list[InputFile]:
    """The seed history's files, then every complete landing file, in read order.

    A missing history folder or file, or a missing landing folder, is a SourceError naming the
    path and the setting to change. An empty landing folder is fine.
    """
    if not history_dir.is_dir():
        raise SourceError(
            f"history folder {history_dir} does not exist; set MERCREDI_HISTORY_DIR to the folder "
            "holding films.jsonl and first_weeks.jsonl"
        )
    inputs: list[InputFile] = []
    for name, kind in HISTORY_FILES.items():
        path = history_dir / name
        if not path.is_file():
            raise SourceError(
                f"history file {path} is missing; MERCREDI_HISTORY_DIR must hold "
                f"{' and '.join(HISTORY_FILES)}"
            )
        inputs.append(InputFile(path=path, kind=kind, origin="history"))
    if not landing_dir.is_dir():
        raise SourceError(
            f"landing folder {landing_dir} does not exist; create it (an empty one is fine) or set "
            "MERCREDI_LANDING_DIR (default: $MERCREDI_DATA_DIR/landing)"
        )
    for landing_file in iter_landing_files(landing_dir):
        if not landing_file.path.is_file():
            raise SourceError(
                f"landing path {landing_file.path} is a folder, not a file; move it out of the "
                "landing zone"
            )
        inputs.append(InputFile(path=landing_file.path, kind=landing_file.kind, origin="landing"))
    return inputs


def read_inputs(inputs: list[InputFile], *, today: dt.date) -> ReadResult:
    """Validate every line of every input; a bad line is quarantined, the good ones go on."""
    result = ReadResult(files=list(inputs))
    observed_rank = 0
    for input_file in inputs:
        for line_number, raw in _lines(input_file.path):
            try:
                record = parse_line(input_file.kind, raw, today=today)
            except LandingRecordError as error:
                result.quarantine.append(
                    {
                        "origin_file": str(input_file.path),
                        "origin_line": line_number,
                        "kind": input_file.kind,
                        "source": _source_of(input_file),
                        "reason": error.reason,
                        "detail": error.detail,
                        "raw": raw.decode("utf-8", errors="replace")[:_RAW_TEXT_LIMIT],
                    }
                )
                continue
            observed_rank += 1
            row = record.model_dump()
            row.update(
                origin=input_file.origin,
                origin_file=str(input_file.path),
                origin_line=line_number,
                observed_rank=observed_rank,
            )
            result.records[input_file.kind].append(row)
    return result


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        for line_number, raw in enumerate(handle, start=1):
            stripped = raw.rstrip(b"\r\n")
            if stripped.strip():
                yield line_number, stripped


def _source_of(input_file: InputFile) -> str:
    if input_file.origin == "history":
        return "history"
    return input_file.path.parent.parent.name
