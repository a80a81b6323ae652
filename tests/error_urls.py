"""The project's URLs plus views that fail, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.urls import path

from tousu.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def denied(request):
    raise PermissionDenied("not for you")


def broken(request):
    raise DatabaseError("the database went away")


urlpatterns = [path("test-denied/", denied), path("test-broken/", broken), *urlpatterns]
