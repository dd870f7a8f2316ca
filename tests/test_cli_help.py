"""The commands' help reads as one voice: every option and argument explained, same style."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer

from cron.cli import app

TYPER_OWN = {"help", "install_completion", "show_completion"}


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command of the tree (Typer's own click), with its full name."""
    yield " ".join(path) or "mercredi", command
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_the_tree_is_walked() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"warehouse refresh", "crawl boxoffice", "predict", "model promote"} <= names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_and_option_has_help(name: str, command: Any) -> None:
    assert command.help, f"{name} has no help"
    assert "{" not in command.help, f"{name}: placeholder left in {command.help!r}"
    for param in command.params:
        if param.name in TYPER_OWN:
            continue
        text = getattr(param, "help", None)
        label = f"{name} {param.opts[0] if param.opts else param.name}"
        assert text, f"{label} has no help"
        assert text[0].isupper() and text.rstrip().endswith("."), f"{label}: {text!r}"
        assert "{" not in text, f"{label}: placeholder left in {text!r}"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_dates_and_durations_are_shown_alike(name: str, command: Any) -> None:
    for param in command.params:
        if getattr(param, "is_flag", False):
            continue
        text = (getattr(param, "help", None) or "").lower()
        metavar = param.metavar or ""
        if "date" in text or "wednesday" in text:
            assert "YYYY-MM-DD" in metavar or "=YYYY-MM-DD" in metavar, (name, param.name)
        if text.startswith("seconds"):
            assert metavar == "SECONDS", (name, param.name)
