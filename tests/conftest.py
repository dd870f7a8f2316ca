"""Shared test fixtures: isolated data folders and the real seed history."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
HISTORY_DIR = REPO_ROOT.parent / "shared" / "data" / "jpbox-history"
FIXTURES_DIR = REPO_ROOT.parent / "shared" / "fixtures" / "jpbox"
SETTING_NAMES = (
    "MERCREDI_DATA_DIR",
    "MERCREDI_LANDING_DIR",
    "MERCREDI_HISTORY_DIR",
    "MERCREDI_WAREHOUSE_PATH",
)


def write_jsonl(path: Path, records: Sequence[dict[str, Any] | str | bytes]) -> Path:
    """Write records (dicts as JSON, str/bytes as they are) one per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for record in records:
            if isinstance(record, dict):
                out.write(json.dumps(record, ensure_ascii=False).encode())
            elif isinstance(record, str):
                out.write(record.encode())
            else:
                out.write(record)
            out.write(b"\n")
    return path


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's .env or writes ./data: each gets its own data folder."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MERCREDI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MERCREDI_HISTORY_DIR", str(HISTORY_DIR))
    monkeypatch.chdir(tmp_path)
    yield
