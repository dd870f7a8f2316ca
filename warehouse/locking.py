"""One writer at a time: the lock every process that writes the warehouse file takes first."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path


class WarehouseBusyError(RuntimeError):
    """Another process is writing the warehouse; the message says who and what to do."""


def lock_path_for(warehouse_path: Path) -> Path:
    """The lock file beside the warehouse file."""
    return warehouse_path.with_name(warehouse_path.name + ".lock")


@contextlib.contextmanager
def warehouse_lock(warehouse_path: Path, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's write lock, waiting up to `wait_seconds` for it.

    The lock is an advisory `flock`, released by the kernel if the holder dies, so a killed
    refresh never leaves the warehouse locked.
    """
    lock_path = lock_path_for(warehouse_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise WarehouseBusyError(
                        f"warehouse {warehouse_path} is being written by another process "
                        f"(pid {holder}); wait for it to finish or retry with a longer --wait"
                    ) from None
                time.sleep(0.2)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
