"""Whether a `mercredi ...` command line names a command that exists in the CLI."""

from __future__ import annotations

import shlex
from typing import Any

import typer

from cron.cli import app


def missing_command(command_line: str) -> str | None:
    """None if `command_line` (starting `mercredi`) names an existing command and options that
    command has, else why not."""
    words = shlex.split(command_line)
    if not words or words[0] != "mercredi":
        return f"{command_line!r} does not start with `mercredi`"
    command: Any = typer.main.get_command(app)
    for word in words[1:]:
        if not hasattr(command, "commands"):
            break
        sub = command.commands.get(word)
        if sub is None:
            return f"{command_line!r}: `{word}` is not a command of `{command.name}`"
        command = sub
    if hasattr(command, "commands"):
        return f"{command_line!r} names the group `{command.name}`, not a command"
    options = {name for parameter in command.params for name in parameter.opts}
    asked = [word.split("=")[0] for word in words if word.startswith("--")]
    unknown = [option for option in asked if option not in options]
    if unknown:
        return f"{command_line!r}: `{command.name}` has no option {', '.join(unknown)}"
    return None
