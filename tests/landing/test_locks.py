"""The file lock every exclusive job takes: refused at once while held, named, freed on death."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from landing.locks import LockBusyError, exclusive


def test_a_held_lock_is_refused_at_once_naming_its_holder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "work.lock"
    with exclusive(path, "first"):
        assert (
            (tmp_path / "deep" / "work.lock.holder")
            .read_text()
            .startswith(f"first, pid {os.getpid()}, since ")
        )
        with pytest.raises(LockBusyError) as busy, exclusive(path, "second"):
            pass
    assert busy.value.path == path
    assert busy.value.holder.startswith(f"first, pid {os.getpid()}")
    assert not (tmp_path / "deep" / "work.lock.holder").exists()
    with exclusive(path, "second"):  # released: the next one takes it
        pass


def test_an_error_inside_releases_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "work.lock"
    with pytest.raises(ZeroDivisionError), exclusive(path, "failing"):
        _ = 1 / 0
    with exclusive(path, "next"):
        pass


def test_a_killed_holder_leaves_no_lock_behind(tmp_path: Path) -> None:
    path = tmp_path / "work.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from landing.locks import exclusive\n"
            f"with exclusive(Path({str(path)!r}), 'holder'):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockBusyError, match=f"pid {holder.pid}"), exclusive(path, "me"):
            pass
    finally:
        holder.kill()
        holder.wait(timeout=10)
    with exclusive(path, "me"):
        pass
