"""Progress of a long job (`mercredi train`, `mercredi backtest`, the decision backtest): a rich
progress bar on a terminal, plain log lines otherwise (cron, a pipe, a log file), so nobody
stares at a silent prompt and logs still say how far it got."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO

LOGGER = logging.getLogger("mercredi.progress")


class _StderrLines(logging.StreamHandler[TextIO]):
    """Writes to whatever `sys.stderr` is when a line is logged (a test runner swaps it)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


def log_to_stderr() -> None:
    """Print this module's plain progress lines on stderr (`HH:MM:SS message`), once: what a
    command run without a terminal (cron, a pipe) shows of its progress."""
    if not any(isinstance(handler, _StderrLines) for handler in LOGGER.handlers):
        LOGGER.addHandler(_StderrLines())
    LOGGER.setLevel(logging.INFO)


class Advance(Protocol):
    """Report that `done` of `total` units are finished (`label` says where the job is)."""

    def __call__(self, done: int, total: int, label: str = "") -> None: ...


@contextmanager
def progress(description: str, *, terminal: bool | None = None) -> Iterator[Advance]:
    """A reporter for one stage of a job. On a terminal (`terminal` None: stderr is a TTY) a rich
    bar; elsewhere an INFO log line at the start, every tenth of the way and at the end."""
    on_terminal = sys.stderr.isatty() if terminal is None else terminal
    started = time.perf_counter()
    if on_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            "{task.fields[label]}",
            transient=False,
        ) as bar:
            task = bar.add_task(description, total=None, label="")

            def advance_bar(done: int, total: int, label: str = "") -> None:
                bar.update(task, completed=done, total=total, label=label)

            yield advance_bar
        return
    LOGGER.info("%s: started", description)
    last_tenth = -1

    def advance_log(done: int, total: int, label: str = "") -> None:
        nonlocal last_tenth
        tenth = (10 * done) // max(total, 1)
        if tenth != last_tenth or done == total:
            last_tenth = tenth
            elapsed = time.perf_counter() - started
            LOGGER.info("%s: %d/%d %s (%.0f s)", description, done, total, label, elapsed)

    yield advance_log
    LOGGER.info("%s: done in %.1f s", description, time.perf_counter() - started)


class Fitted(Protocol):
    """Report that one more model was fitted (`label` says which)."""

    def __call__(self, label: str) -> None: ...


@contextmanager
def fits(description: str, total: int, *, terminal: bool | None = None) -> Iterator[Fitted]:
    """`progress` counted in model fits: each call of the reporter is one more of `total`."""
    with progress(description, terminal=terminal) as advance:
        done = 0

        def fitted(label: str) -> None:
            nonlocal done
            done += 1
            advance(done, max(total, done), label)

        yield fitted
