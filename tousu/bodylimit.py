"""Request bodies are capped before anything reads them.

``RequestBodyLimitMiddleware`` looks at the declared ``Content-Length`` before the first
reader of the body (CSRF's form check, the API's parser, a view): above
``TOUSU_MAX_REQUEST_BYTES`` the request is refused with 413 and the body is never read;
a ``Content-Length`` that is not plain ASCII digits is refused with 400. Django reads no
more than the declared length, so a body cannot outgrow what was checked. Under ``/api/``
the answer is the API's JSON error (``{"code", "message"}``), elsewhere a short page in
the user's language. The same answers serve Django's own refusals raised while a body is
parsed (``bad_request``, the project's ``handler400``): too many fields or files, a form
part larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``, an unreadable multipart body.

Views that read and cap their own raw body with their own error format — the WeChat and
telephony webhooks, with far smaller limits — are marked ``@caps_own_body``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from tousu.cursors import parse_key
from tousu.jsontext import error_response


def caps_own_body(view: Callable) -> Callable:
    """Mark a view that checks its own Content-Length and body size."""
    view.caps_own_body = True  # type: ignore[attr-defined]
    return view


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def refuse(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """JSON under /api/, a page elsewhere."""
    if request.path_info.startswith("/api/"):
        return error_response(status, code, message)
    return render(
        request, "request_refused.html", {"status": status, "message": message}, status=status
    )


def too_large(request: HttpRequest) -> HttpResponse:
    return refuse(
        request,
        413,
        "request_too_large",
        _(
            "What you sent is too large: at most %(mb)s MB can be sent at once. Send fewer "
            "files at a time, or smaller ones."
        )
        % {"mb": _megabytes(settings.TOUSU_MAX_REQUEST_BYTES)},
    )


def unreadable(request: HttpRequest) -> HttpResponse:
    return refuse(
        request,
        400,
        "bad_request",
        _("The request cannot be read: its Content-Length header is not a number."),
    )


class RequestBodyLimitMiddleware(MiddlewareMixin):
    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if getattr(view, "caps_own_body", False):
            return None
        raw = request.META.get("CONTENT_LENGTH") or ""
        if not raw:
            return None  # no body: Django reads nothing
        declared = parse_key(raw)
        if declared is None:
            return unreadable(request)
        if declared > settings.TOUSU_MAX_REQUEST_BYTES:
            return too_large(request)
        return None


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a body Django refused while parsing it, answered like the middleware does."""
    if isinstance(exception, RequestDataTooBig):
        message = _("The form is too large: send less text at once.")
    elif isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        message = _("The form has too many fields or files.")
    else:
        return refuse(request, 400, "bad_request", _("The request cannot be read."))
    return refuse(request, 413, "request_too_large", message)
