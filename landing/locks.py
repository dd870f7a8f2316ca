"""One holder at a time: a file lock taken at once or refused, naming who holds it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import filelock


class LockBusyError(RuntimeError):
    """Another process holds the lock; `holder` says who (what, pid, since when)."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{holder} holds {path}")
        self.path = path
        self.holder = holder


@contextlib.contextmanager
def exclusive(path: Path, what: str) -> Iterator[None]:
    """Hold the file lock at `path` for `what`, or raise LockBusyError at once.

    Beside the lock, `<path>.holder` names the holder ("what, pid N, since T") for the next
    one's message. The kernel releases the lock if the holder dies, so a killed process never
    blocks the next.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    holder_file = path.with_name(path.name + ".holder")
    lock = filelock.FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        holder = holder_file.read_text().strip() if holder_file.exists() else ""
        raise LockBusyError(path, holder or "an unknown process") from None
    try:
        since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        holder_file.write_text(f"{what}, pid {os.getpid()}, since {since}")
        yield
    finally:
        holder_file.unlink(missing_ok=True)
        lock.release()
