"""Every API error leaves as ``{"code", "message", "fields"?}`` in the caller's language.

Domain errors (``tousu.complaints.errors``) keep their own code, status and text; this
module adds the transport-level ones (malformed JSON, schema validation, missing token,
oversized request) and registers one handler per exception family on the ``NinjaAPI``.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from tousu.complaints.errors import ComplaintError, RateLimited, ValidationFailed
from tousu.jsontext import LoneSurrogate, NulCharacter, error_response, payload  # noqa: F401 - the API error shape

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error raised by the API layer itself, with a stable machine code."""

    def __init__(self, status: int, code: str, message: Any, fields: dict[str, str] | None = None):
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        super().__init__(str(message))


# Pydantic reports errors in English only; these are the types clients actually hit.
_PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Enter text."),
    "string_too_short": gettext_lazy("This field is too short."),
    "string_too_long": gettext_lazy("This field is too long."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "bool_type": gettext_lazy("Enter true or false."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "list_type": gettext_lazy("Enter a list."),
    "dict_type": gettext_lazy("Enter an object."),
    "model_type": gettext_lazy("Enter an object."),
    "model_attributes_type": gettext_lazy("Enter an object."),
    "greater_than_equal": gettext_lazy("This number is too small."),
    "less_than_equal": gettext_lazy("This number is too large."),
    "literal_error": gettext_lazy("Please choose a valid option."),
    "enum": gettext_lazy("Please choose a valid option."),
    "datetime_type": gettext_lazy("Enter a date and time such as 2026-11-20T10:00:00+08:00."),
    "datetime_parsing": gettext_lazy("Enter a date and time such as 2026-11-20T10:00:00+08:00."),
    "datetime_from_date_parsing": gettext_lazy(
        "Enter a date and time such as 2026-11-20T10:00:00+08:00."
    ),
}
_LOCATIONS = {"body", "query", "path", "header", "form", "file", "cookie"}


def field_errors(errors: list[dict[str, Any]]) -> dict[str, str]:
    """Turn ninja/pydantic error entries into ``{"field.path": "message"}``."""
    fields: dict[str, str] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in _LOCATIONS:
            loc = loc[1:]
        # ninja wraps a body schema under the view's parameter name; drop it.
        if len(loc) > 1 and loc[0] in {"payload", "data"}:
            loc = loc[1:]
        name = ".".join(loc) or "__all__"
        message = _PYDANTIC_MESSAGES.get(
            error.get("type", ""), gettext_lazy("This value is not valid.")
        )
        fields.setdefault(name, str(message))
    return fields


@contextmanager
def request_fields(names: dict[str, str]) -> Iterator[None]:
    """The actions name a few fields after what they store (``order``, ``amount``, ``body``);
    inside this block their errors are renamed after the request's fields, so ``fields`` and
    ``field`` always name what the client sent."""
    try:
        yield
    except ComplaintError as exc:
        if isinstance(exc, ValidationFailed):
            exc.errors = {names.get(name, name): text for name, text in exc.errors.items()}
        if exc.field:
            exc.field = names.get(exc.field, exc.field)
        raise


def install(api: NinjaAPI) -> None:
    """Register the JSON error handlers on ``api``."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, payload(exc.code, exc.message, exc.fields))

    @api.exception_handler(ComplaintError)
    def _domain_error(request: HttpRequest, exc: ComplaintError) -> HttpResponse:
        fields = (
            exc.errors
            if isinstance(exc, ValidationFailed)
            else ({exc.field: exc.text()} if exc.field else None)
        )
        if isinstance(exc, RateLimited):
            fields = {"retry_at": timezone.localtime(exc.retry_at).isoformat()}
        response = respond(request, exc.status, payload(exc.code, exc.text(), fields))
        if isinstance(exc, RateLimited):
            wait = (exc.retry_at - timezone.now()).total_seconds()
            response["Retry-After"] = str(max(1, math.ceil(wait)))
        return response

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = field_errors(exc.errors)
        return respond(
            request,
            422,
            payload("validation_failed", _("Some fields need your attention."), fields),
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request,
            401,
            payload("not_authenticated", _("Please sign in: send a valid bearer token.")),
        )
        response["WWW-Authenticate"] = 'Bearer realm="tousu"'
        return response

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, LoneSurrogate):
            return respond(
                request,
                400,
                payload(
                    "malformed_json",
                    _(
                        "The request body is not valid JSON: a text contains a lone surrogate (half of a character)."
                    ),
                ),
            )
        if exc.status_code == 400 and isinstance(exc.__cause__, NulCharacter):
            return respond(
                request,
                400,
                payload(
                    "malformed_json",
                    _(
                        "The request body cannot be used: a text contains the NUL character (U+0000)."
                    ),
                ),
            )
        if exc.status_code == 400 and isinstance(exc.__cause__, (ValueError, json.JSONDecodeError)):
            return respond(
                request, 400, payload("malformed_json", _("The request body is not valid JSON."))
            )
        if exc.status_code == 429:
            return respond(
                request, 429, payload("throttled", _("Too many requests. Please wait and retry."))
            )
        return respond(
            request, exc.status_code, payload("bad_request", _("The request is not valid."))
        )

    # Exceptions that always mean the same answer: (status, code, message).
    fixed = {
        AuthorizationError: (403, "forbidden", gettext_lazy("You are not allowed to do this.")),
        PermissionDenied: (403, "forbidden", gettext_lazy("You are not allowed to do this.")),
        Http404: (404, "not_found", gettext_lazy("Not found.")),
        RequestDataTooBig: (413, "request_too_large", gettext_lazy("The request is too large.")),
        TooManyFieldsSent: (
            413,
            "request_too_large",
            gettext_lazy("The request has too many fields."),
        ),
        TooManyFilesSent: (
            413,
            "request_too_large",
            gettext_lazy("The request has too many files."),
        ),
        MultiPartParserError: (
            400,
            "bad_request",
            gettext_lazy(
                "The multipart body cannot be read: send Content-Type multipart/form-data with a boundary."
            ),
        ),
    }
    for exc_class, (status, code, message) in fixed.items():
        api.add_exception_handler(
            exc_class,
            lambda request, exc, status=status, code=code, message=message: respond(
                request, status, payload(code, str(message))
            ),
        )

    @api.exception_handler(SuspiciousOperation)
    def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        logger.warning("Suspicious API request: %s", exc)
        return respond(request, 400, payload("bad_request", _("The request is not valid.")))

    @api.exception_handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled API error", exc_info=exc)
        return respond(
            request,
            500,
            payload("server_error", _("Something went wrong on our side. Please retry later.")),
        )
