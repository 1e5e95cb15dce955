"""WSGI entry point (gunicorn koers.wsgi). Set DJANGO_SETTINGS_MODULE=koers.settings.production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings.local")
application = get_wsgi_application()
