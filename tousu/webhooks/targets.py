"""Where a webhook may be sent: https to public addresses, checked when subscribing and again
before every delivery (a name may resolve elsewhere by then).

Refused unless ``TOUSU_WEBHOOK_ALLOW_PRIVATE``: any scheme but https, and a host any of
whose addresses is private, loopback, link-local, multicast, reserved, unspecified or
shared (carrier-grade NAT) — an IPv6-mapped IPv4 address is judged as the IPv4 address.
The delivery then connects to an address checked here, never to a fresh lookup of the
name (``tousu.webhooks.transport``), so the answer cannot change between check and call.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_URL_LENGTH = 500


class TargetRefused(Exception):
    """The URL may not receive webhooks; ``str(error)`` says why, in the active language."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query string
    addresses: tuple[str, ...]


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to (a literal address is returned as it is)."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in found))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _invalid() -> TargetRefused:
    return TargetRefused(_("Enter a valid URL, e.g. https://example.com/tousu/webhook."))


def check(url: str) -> Target:
    """The URL's target, with the addresses to connect to; raises ``TargetRefused``."""
    allow_private = settings.TOUSU_WEBHOOK_ALLOW_PRIVATE
    if not url or len(url) > MAX_URL_LENGTH:
        raise _invalid()
    if not url.isascii() or any(c.isspace() or not c.isprintable() for c in url):
        raise TargetRefused(
            _(
                "Write the URL in ASCII: punycode for an international domain name, "
                "percent-encoding in the path."
            )
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _invalid() from None
    scheme = parts.scheme.lower()
    if scheme not in ({"https", "http"} if allow_private else {"https"}):
        raise TargetRefused(_("The URL must start with https://."))
    if parts.username is not None or parts.password is not None:
        raise TargetRefused(_("The URL may not contain a user name or password."))
    host = parts.hostname
    if not host:
        raise _invalid()
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError, ValueError):
        raise TargetRefused(_("The host name cannot be resolved.")) from None
    if not addresses:
        raise TargetRefused(_("The host name cannot be resolved."))
    if not allow_private and not all(is_public(address) for address in addresses):
        raise TargetRefused(
            _(
                "The URL leads to a private, loopback or link-local address; webhooks are only "
                "sent to public addresses."
            )
        )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, host, port, path, tuple(addresses))
