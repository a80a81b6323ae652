"""Fetching call recordings from the call centre, for the worker only (never the webhook).

``fetch(url, limit)`` returns the bytes or raises: ``TryLater`` for a failure that may pass
(network error, timeout, HTTP 408, 429, 5xx; ``retry_after`` from the server's
``Retry-After`` when it gave seconds), ``RecordingUnavailable`` for one that will not (any
other HTTP error, a URL or redirect outside the allowed hosts, a file over the limit).
Injectable: tests replace ``fetch``; a deployment that needs signed downloads may too.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from django.conf import settings

# Recordings are fetched over TLS only (a test on loopback may widen this).
SCHEMES = ("https",)


class RecordingUnavailable(Exception):
    """The recording cannot be fetched, and trying again will not change that."""


class TryLater(RecordingUnavailable):
    """A failure that may pass: the worker tries again later."""

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


Fetch = Callable[[str, int], bytes]


def allowed(url: str) -> bool:
    """An https URL on one of ``TOUSU_TELEPHONY_RECORDING_HOSTS`` (any host when the list is empty)."""
    parts = urllib.parse.urlsplit(url)
    hosts = settings.TOUSU_TELEPHONY_RECORDING_HOSTS
    return (
        parts.scheme in SCHEMES and bool(parts.hostname) and (not hosts or parts.hostname in hosts)
    )


def _seconds(header: str | None) -> int | None:
    value = (header or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to an allowed URL: the allow-list holds for every hop."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not allowed(newurl):
            raise RecordingUnavailable(f"redirect to a URL not allowed: {newurl[:200]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def urllib_fetch(url: str, limit: int) -> bytes:
    """GET ``url`` (allowed URLs only), at most ``limit`` bytes."""
    if not allowed(url):
        raise RecordingUnavailable(f"recording URL not allowed: {url[:200]}")
    request = urllib.request.Request(url, headers={"User-Agent": "tousu-telephony/1"})
    try:
        with _opener.open(request, timeout=settings.TOUSU_TELEPHONY_HTTP_TIMEOUT) as response:
            body = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        if error.code in (408, 429) or error.code >= 500:
            raise TryLater(
                f"HTTP {error.code}", _seconds(error.headers.get("Retry-After"))
            ) from error
        raise RecordingUnavailable(f"HTTP {error.code}") from error
    except (OSError, http.client.HTTPException) as error:  # refused, reset, timeout, TLS, DNS
        raise TryLater(repr(error)) from error
    if len(body) > limit:
        raise RecordingUnavailable("recording too large")
    return body


# Replaced in tests (and by a deployment that needs a signed download) with any Fetch.
fetch: Fetch = urllib_fetch
