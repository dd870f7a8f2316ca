"""How every `mercredi` command fails: one message, one exit code, never a traceback.

The rule (docs/cli.md):
- exit 2, a usage error: the command line or the settings are wrong (an option's value, a path
  given as an option, an environment variable); nothing was started. Fix the call and rerun.
- exit 1, a failed job: the call was right but the job could not be done (an input missing or
  damaged, the warehouse busy, checks failed, a site unreachable). Nothing stored was changed.
Messages go to stderr as `error: ...` and name the thing, the value and what to do.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Final, NoReturn

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from landing.ranges import WAIT_SECONDS, date_problem
from landing.settings import SettingsError

EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2


def usage_error(message: str) -> typer.Exit:
    """Print `error: message` and return the exit of a usage error (2), to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=EXIT_USAGE)


def job_failed(message: str) -> typer.Exit:
    """Print `error: message` and return the exit of a failed job (1), to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=EXIT_FAILED)


def date_option(value: str) -> dt.date:
    """Parser of a date option: YYYY-MM-DD within the dates of `landing.ranges`."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
    problem = date_problem("date", day)
    if problem is not None:
        raise typer.BadParameter(problem)
    return day


def wait_option(value: str) -> float:
    """Parser of `--wait`: a finite number of seconds within WAIT_SECONDS."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or not WAIT_SECONDS.low <= seconds <= WAIT_SECONDS.high:
        raise typer.BadParameter(
            f"{value!r} is not a number of seconds from {WAIT_SECONDS.low} to {WAIT_SECONDS.high:,}"
        )
    return seconds


def input_file(path: Path, option: str) -> Path:
    """`path` given as `option` if it is a readable file; else a usage error naming both."""
    if not path.exists():
        raise usage_error(f"{option} {path} does not exist; give the path of an existing file")
    if path.is_dir():
        raise usage_error(f"{option} {path} is a folder; give the path of a file")
    if not os.access(path, os.R_OK):
        raise usage_error(f"{option} {path} cannot be read (permission denied)")
    return path


def output_file(path: Path, option: str, *, inputs: Mapping[str, Path] | None = None) -> Path:
    """`path` given as `option` if a file can be written there without harming an input (by
    option name in `inputs`); its folder is created if missing. Else a usage error."""
    if path.is_dir():
        raise usage_error(f"{option} {path} is a folder; give the path of the file to write")
    for other_option, other in (inputs or {}).items():
        if (other.exists() and path.exists() and path.samefile(other)) or (
            path.resolve() == other.resolve()
        ):
            raise usage_error(
                f"{option} {path} is the {other_option} file; writing it would destroy the "
                "input: give another path"
            )
    folder = path.parent
    existing = next((p for p in (folder, *folder.parents) if p.exists()), Path("/"))
    if not existing.is_dir():
        raise usage_error(f"{option} {path}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise usage_error(f"{option} {path} cannot be written (permission denied)")
    folder.mkdir(parents=True, exist_ok=True)
    return path


def run_command(app: typer.Typer) -> NoReturn:
    """Run the `mercredi` command; what a command did not handle still ends in one line.

    A wrong setting is a usage error (2); a file the system refused (a folder where a file was
    expected, no permission, a full disk) and anything unexpected are a failed job (1).
    """
    try:
        # Not standalone: Click's errors (vendored in Typer) come here as one line, not Typer's box.
        code = app(prog_name="mercredi", standalone_mode=False)
    except NoArgsIsHelpError:  # a group called alone: Typer has printed its help
        sys.exit(EXIT_USAGE)
    except UsageError as error:  # an unknown option, a value no parser takes, a missing argument
        where = f"; see `{error.ctx.command_path} --help`" if error.ctx else ""
        _exit(EXIT_USAGE, _one_line(error.format_message()).rstrip(".") + where)
    except ClickException as error:
        _exit(error.exit_code, _one_line(error.format_message()))
    except typer.Abort:  # Ctrl-D at a prompt
        _exit(EXIT_FAILED, "aborted")
    except SettingsError as error:
        _exit(EXIT_USAGE, str(error))
    except OSError as error:
        _exit(EXIT_FAILED, describe_os_error(error))
    except Exception as error:  # the last resort: one line, never a traceback
        _exit(EXIT_FAILED, f"unexpected {type(error).__name__}: {error}")
    sys.exit(code if isinstance(code, int) else 0)


def describe_os_error(error: OSError) -> str:
    """An operating-system error as `<path>: <reason>; <what to do>`."""
    path = error.filename if error.filename is not None else "a file"
    reason = (error.strerror or str(error)).lower()
    hints = {
        IsADirectoryError: "it is a folder; give a file path",
        NotADirectoryError: "a part of it is a file, not a folder",
        PermissionError: "check its permissions (or choose another path)",
        FileNotFoundError: "check the path",
    }
    hint = next((text for kind, text in hints.items() if isinstance(error, kind)), "")
    return f"{path}: {reason}" + (f"; {hint}" if hint else "")


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _exit(code: int, message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    sys.exit(code)
