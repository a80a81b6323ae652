import os

from django.conf import settings
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
application = get_wsgi_application()

if settings.TOUSU_ENV == "production":
    # gunicorn runs no system checks of its own: refuse to serve on unsafe settings
    # (tousu/deploy/checks.py), naming each one in the log.
    call_command("check", "--deploy", "--fail-level", "ERROR")
