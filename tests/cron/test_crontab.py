"""cron/crontab: valid cron syntax in Paris time, only `mercredi <job>` lines, each job existing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO_ROOT
from tests.cron.cli_tree import missing_command

CRONTAB = REPO_ROOT / "cron" / "crontab"
RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def _field_ok(field: str, low: int, high: int) -> bool:
    for part in field.split(","):
        base, _, step = part.partition("/")
        if step and (not step.isdigit() or int(step) == 0):
            return False
        if base == "*":
            continue
        first, _, last = base.partition("-")
        bounds = [first, last] if last else [first]
        if not all(b.isdigit() and low <= int(b) <= high for b in bounds):
            return False
        if last and int(first) > int(last):
            return False
    return True


def _entries(path: Path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    variables: dict[str, str] = {}
    jobs: list[tuple[str, str]] = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split(None, 5)
        if "=" in fields[0] and len(fields) == 1:
            name, _, value = line.partition("=")
            variables[name] = value
            continue
        assert len(fields) == 6, f"{line!r}: five time fields and a command expected"
        for field, (low, high) in zip(fields[:5], RANGES, strict=True):
            assert _field_ok(field, low, high), f"{line!r}: {field!r} not within {low}-{high}"
        jobs.append((" ".join(fields[:5]), fields[5]))
    return variables, jobs


def test_the_crontab_runs_the_three_jobs_in_paris_time() -> None:
    variables, jobs = _entries(CRONTAB)
    assert variables == {"CRON_TZ": "Europe/Paris"}
    assert jobs == [
        ("30 2 * * *", "mercredi nightly"),
        ("0 5 * * 1", "mercredi retrain"),
        ("0 7 * * 2", "mercredi weekly"),
    ]


def test_every_command_of_the_crontab_exists() -> None:
    _, jobs = _entries(CRONTAB)
    assert [missing_command(command) for _, command in jobs] == [None] * len(jobs)


def test_the_checks_catch_a_wrong_line() -> None:
    assert (
        not _field_ok("61", 0, 59) and not _field_ok("5-1", 0, 23) and not _field_ok("*/0", 0, 59)
    )
    assert _field_ok("*/15", 0, 59) and _field_ok("1-5", 0, 7) and _field_ok("0,30", 0, 59)
    assert missing_command("mercredi nightyl") is not None
    assert missing_command("mercredi crawl") is not None  # a group, not a command
    assert missing_command("mercredi serve mlflow --port 5000") is None
    assert missing_command("mercredi serve mlflow --prot 5000") is not None
    assert missing_command("python -m cron.cli nightly") is not None
