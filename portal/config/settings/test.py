"""Tests: an in-memory SQLite database unless `MERCREDI_TEST_DATABASE_URL` names one (a fresh
PostgreSQL database in CI, made by .ci/run)."""

from __future__ import annotations

import dj_database_url

from portal.config.settings.base import *  # noqa: F403
from portal.config.settings.base import PORTAL

SECRET_KEY = "django-insecure-tests-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MERCREDI_API_TOKEN = "test-token"
AXES_VERBOSE = False

if PORTAL.test_database_url:
    _database = dj_database_url.parse(PORTAL.test_database_url)
    # The test database keeps the server's naming rule: it starts with the given name.
    _database["TEST"] = {"NAME": f"{_database['NAME']}_test"}
else:
    _database = dj_database_url.parse("sqlite://:memory:")
DATABASES = {"default": _database}
