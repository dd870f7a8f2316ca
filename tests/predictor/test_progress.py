"""A long job's progress: plain lines where nobody watches a terminal, a bar where someone does."""

from __future__ import annotations

import io
import logging

import pytest
from rich.console import Console

from predictor.progress import LOGGER, fits, log_to_stderr, progress


def test_fits_log_a_line_at_the_start_every_tenth_and_the_end(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER.name), fits("training", 20) as fitted:
        for index in range(20):
            fitted(f"fold {index}")
    lines = [record.getMessage() for record in caplog.records]
    assert lines[0] == "training: started"
    assert [line.split(" (")[0] for line in lines[1:-1]] == [
        f"training: {done}/20 fold {done - 1}" for done in (1, *range(2, 21, 2))
    ]
    assert lines[-1].startswith("training: done in ")


def test_more_fits_than_announced_raise_the_total_instead_of_passing_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER.name), fits("backtest", 2) as fitted:
        for index in range(3):
            fitted(f"origin {index}")
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("backtest: 3/3 origin 2") for line in lines)


def test_on_a_terminal_a_bar_counts_the_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr("rich.progress.get_console", lambda: console)
    with progress("walk-forward refits", terminal=True) as advance:
        for done in range(1, 5):
            advance(done, 4, f"origin {done}")
    assert "walk-forward refits" in screen.getvalue() and "4/4" in screen.getvalue()


def test_log_to_stderr_prints_on_the_stderr_of_the_moment_and_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    before, level = list(LOGGER.handlers), LOGGER.level
    try:
        LOGGER.handlers.clear()
        log_to_stderr()
        log_to_stderr()
        assert len(LOGGER.handlers) == 1
        with fits("backtest", 1) as fitted:
            fitted("origin 2022-11-30")
        lines = capsys.readouterr().err.splitlines()
        assert [line.split(" ", 1)[1].split(" (")[0] for line in lines[:2]] == [
            "backtest: started",
            "backtest: 1/1 origin 2022-11-30",
        ]
    finally:
        LOGGER.handlers[:] = before
        LOGGER.setLevel(level)
