"""Fetching call recordings from the call centre. Injectable: tests replace ``fetch``; no network in tests."""

from __future__ import annotations

import urllib.parse
import urllib.request
from typing import Callable

from django.conf import settings


class RecordingUnavailable(Exception):
    pass


Fetch = Callable[[str, int], bytes]


def _allowed(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    hosts = settings.TOUSU_TELEPHONY_RECORDING_HOSTS
    return (
        parts.scheme == "https" and bool(parts.hostname) and (not hosts or parts.hostname in hosts)
    )


def urllib_fetch(url: str, limit: int) -> bytes:
    """GET ``url`` (https only, allowed hosts only), at most ``limit`` bytes."""
    if not _allowed(url):
        raise RecordingUnavailable(f"recording URL not allowed: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "tousu-telephony/1"})
    try:
        with urllib.request.urlopen(
            request, timeout=settings.TOUSU_TELEPHONY_HTTP_TIMEOUT
        ) as response:  # noqa: S310
            body = response.read(limit + 1)
    except OSError as error:
        raise RecordingUnavailable(str(error)) from error
    if len(body) > limit:
        raise RecordingUnavailable("recording too large")
    return body


# Replaced in tests (and by a deployment that needs a signed download) with any Fetch.
fetch: Fetch = urllib_fetch
