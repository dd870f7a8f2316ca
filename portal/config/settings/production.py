"""Production: secrets and hosts from the environment with no default; HTTPS-only cookies."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from portal.config.settings.base import *  # noqa: F403
from portal.config.settings.base import PORTAL


def _required(value: str | None, variable: str) -> str:
    if not value:
        raise ImproperlyConfigured(f"{variable} is not set: production needs it in the environment")
    return value


SECRET_KEY = _required(PORTAL.secret_key, "MERCREDI_SECRET_KEY")
ALLOWED_HOSTS = PORTAL.allowed_host_list
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("MERCREDI_ALLOWED_HOSTS is not set: give the portal's host names")
MERCREDI_API_TOKEN = _required(PORTAL.api_token, "MERCREDI_API_TOKEN")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
STATIC_ROOT = PORTAL.data_dir.resolve() / "portal-static"  # filled by collectstatic
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
