"""The WSGI application gunicorn serves (`mercredi serve portal`)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.config.settings.development")
application = get_wsgi_application()
