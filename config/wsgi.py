"""WSGI entry point (``marsad serve`` runs it under gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

from marsad.core import filemodes

# What the server creates is private to the service user; what an older installation left
# open is closed once Django is set up (marsad/core/filemodes.py).
filemodes.private_umask()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
filemodes.make_private_logged()
