"""Django's command line for the portal: `uv run python -m portal.manage <command>`."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run a Django management command with the development settings by default."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.config.settings.development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
