"""Sign-in throttling (django-axes): web login, admin login and ``POST /api/v1/auth/token``.

Every sign-in goes through ``django.contrib.auth.authenticate``, so axes counts failures
in one store (its database tables) per account and per client address
(``TOUSU_LOGIN_FAILURE_LIMIT``); after that many, further tries are refused for
``TOUSU_LOGIN_COOLOFF_MINUTES`` — each refused try starts the wait again — with 429, a
message in the user's language and ``Retry-After``. A successful sign-in clears the count.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tousu.api.errors import payload


def client_ip(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or behind TOUSU_PROXY_COUNT proxies the address the
    first of them saw (X-Forwarded-For is appended to by each proxy; earlier entries are the
    client's own claim and are not trusted)."""
    proxies = settings.TOUSU_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """What a throttled sign-in gets: the API's JSON error, or the login page with the message."""
    seconds = settings.TOUSU_LOGIN_COOLOFF_MINUTES * 60
    message = _(
        "Too many failed sign-ins for this account or from this address. "
        "Please try again in %(minutes)d minutes."
    ) % {"minutes": math.ceil(seconds / 60)}
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            payload("too_many_attempts", message, {"retry_after": str(seconds)}), status=429
        )
    else:
        next_url = request.POST.get("next", "") if request.method == "POST" else ""
        response = render(
            request, "login.html", {"locked_out": message, "next": next_url}, status=429
        )
    response["Retry-After"] = str(seconds)
    return response
