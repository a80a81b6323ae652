"""``/api/``: the ninja API plus JSON answers for unknown paths and wrong methods."""

from functools import wraps
from typing import Any, Callable

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tousu.api.errors import error_response
from tousu.api.main import METHOD_NOT_ALLOWED, api
from tousu.merchants import actions as merchants


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a wrong method with a plain-text 405; make it JSON like every error."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            replaced = error_response(405, "method_not_allowed", METHOD_NOT_ALLOWED)
            replaced["Allow"] = response.get("Allow", "")
            return replaced
        return response

    return wrapper


def _log_shop_key(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every call a shop API key authenticated is logged with the status answered."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        key = getattr(request, "shop_api_key", None)
        if key is not None:
            merchants.record_use(key, request.method or "", request.path, response.status_code)
        return response

    return wrapper


# Exempt like every ninja view: otherwise a session POST to an unknown path would get
# Django's HTML CSRF page instead of the JSON 404.
@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown API path: the same JSON 404 as a missing object."""
    return error_response(404, "not_found", _("Not found."))


def _wrap(patterns: list) -> list:
    # ninja's "api-root" (the bare /api/, reversed for the OpenAPI prefix) would answer an HTML 404.
    return [
        URLPattern(
            p.pattern,
            not_found if p.name == "api-root" else _log_shop_key(_json_405(p.callback)),
            p.default_args,
            p.name,
        )
        for p in patterns
    ]


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    re_path(r"", (_wrap(_patterns), _app_name, _namespace)),
    re_path(r"^(?P<rest>.*)$", not_found),
]
