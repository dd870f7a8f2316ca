"""Development (and `make run`): SQLite under the data folder, plain HTTP on 127.0.0.1."""

from __future__ import annotations

from portal.config.settings.base import *  # noqa: F403
from portal.config.settings.base import PORTAL

# Only for a portal listening on this machine; production has no default (production.py).
SECRET_KEY = PORTAL.secret_key or "django-insecure-development-only-never-in-production"
ALLOWED_HOSTS = PORTAL.allowed_host_list or ["127.0.0.1", "localhost", "[::1]"]
