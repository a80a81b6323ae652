"""One HTTP POST to a checked target, with the standard library (``http.client``).

The connection goes to the addresses ``targets.check`` approved, one after the other; the
request still names the host (``Host`` header, and for https the TLS server name whose
certificate is verified). Redirects are not followed: a 3xx answer is a failure. Only the
first ``EXCERPT_BYTES`` of the answer are read, for the delivery log. Called by the worker
with no database transaction open.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass

from tousu.webhooks.targets import Target

EXCERPT_BYTES = 1000


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the receiver's HTTP status; None when there was no answer
    error: str  # empty on success
    excerpt: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def tls_context() -> ssl.SSLContext:
    """Certificates verified against the system's trust store (tests substitute their own)."""
    return ssl.create_default_context()


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=tls_context()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    def connect_checked(_address, timeout=timeout, source_address=None):
        last: OSError = ConnectionError("no address")
        for address in target.addresses:
            try:
                return socket.create_connection((address, target.port), timeout, source_address)
            except OSError as error:
                last = error
        raise last

    # HTTPConnection.connect() opens its socket through this attribute.
    connection._create_connection = connect_checked  # type: ignore[attr-defined]
    return connection


def _describe(error: Exception, timeout: float) -> str:
    if isinstance(error, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error}"
    return f"{type(error).__name__}: {error}"


def post(target: Target, body: bytes, headers: dict[str, str], timeout: float) -> Outcome:
    connection = _connection(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
        status = response.status
    except (OSError, http.client.HTTPException, ssl.CertificateError) as error:
        return Outcome(None, _describe(error, timeout)[:500])
    finally:
        connection.close()
    if 200 <= status < 300:
        return Outcome(status, "", excerpt)
    if 300 <= status < 400:
        where = response.getheader("Location", "")[:200]
        return Outcome(status, f"HTTP {status}: redirect to {where!r} not followed", excerpt)
    return Outcome(status, f"HTTP {status}", excerpt)
