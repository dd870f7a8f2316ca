"""The `mercredi` command as a newcomer meets it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cron.cli import app
from tests.conftest import write_jsonl

runner = CliRunner()


def test_refresh_then_status(tmp_path: Path) -> None:
    refreshed = runner.invoke(app, ["warehouse", "refresh"])
    assert refreshed.exit_code == 0, refreshed.output
    assert "9,089 films, 9,089 first weeks" in refreshed.output
    assert (tmp_path / "data" / "landing").is_dir()

    write_jsonl(
        tmp_path / "data" / "landing" / "jpbox-office" / "weeks" / "20260128T000000Z-x.jsonl",
        ["{oops", '{"source": "jpbox-office"}'],
    )
    assert runner.invoke(app, ["warehouse", "refresh"]).exit_code == 0
    status = runner.invoke(app, ["warehouse", "status"])
    assert status.exit_code == 0, status.output
    lines = status.output.splitlines()
    assert any(line.split() == ["dim_film", "9,089"] for line in lines)
    assert any(line.split() == ["invalid_json", "1"] for line in lines)
    assert any(line.split() == ["missing_field", "1"] for line in lines)
    assert "2 refresh(es) logged" in status.output


def test_errors_are_one_clear_line_and_a_failure_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = runner.invoke(app, ["warehouse", "status"])
    assert status.exit_code == 1
    assert "run `mercredi warehouse refresh`" in status.output

    monkeypatch.setenv("MERCREDI_HISTORY_DIR", str(tmp_path / "missing"))
    refreshed = runner.invoke(app, ["warehouse", "refresh"])
    assert refreshed.exit_code == 1
    assert "MERCREDI_HISTORY_DIR" in refreshed.output
    assert "Traceback" not in refreshed.output
