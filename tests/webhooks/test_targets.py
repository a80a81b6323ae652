"""Which URLs may receive webhooks: https to public addresses only, unless the setting allows
loopback and private networks (and then http too)."""

from __future__ import annotations

import pytest

from tousu.webhooks.targets import TargetRefused, check, is_public

PUBLIC = "93.184.215.14"


def refused(url: str) -> str:
    with pytest.raises(TargetRefused) as caught:
        check(url)
    return str(caught.value)


def test_https_to_a_public_address_is_accepted(dns):
    dns["hooks.example.com"] = [PUBLIC]
    target = check("https://hooks.example.com/tousu/hook?shop=M1")
    assert (target.scheme, target.host, target.port) == ("https", "hooks.example.com", 443)
    assert target.path == "/tousu/hook?shop=M1"
    assert target.addresses == (PUBLIC,)


def test_plain_http_is_refused(dns):
    dns["hooks.example.com"] = [PUBLIC]
    assert "https://" in refused("http://hooks.example.com/hook")
    assert "https://" in refused("ftp://hooks.example.com/hook")


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",  # loopback
        "[::1]",
        "10.1.2.3",  # private
        "172.16.0.9",
        "192.168.1.1",
        "[fd00::1]",
        "169.254.169.254",  # link-local: cloud metadata
        "[fe80::1]",
        "0.0.0.0",  # unspecified
        "100.64.0.1",  # shared (carrier-grade NAT)
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "[::ffff:127.0.0.1]",  # IPv4-mapped loopback
        "[::ffff:10.0.0.1]",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(host):
    assert "private, loopback or link-local" in refused(f"https://{host}/hook")


def test_a_name_with_any_private_address_is_refused(dns):
    dns["mixed.example.com"] = [PUBLIC, "10.0.0.5"]
    assert "private" in refused("https://mixed.example.com/hook")


def test_a_name_that_does_not_resolve_is_refused():
    assert "cannot be resolved" in refused("https://nowhere.invalid/hook")


@pytest.mark.parametrize(
    "url",
    [
        "",
        "hooks.example.com/hook",
        "https://",
        "https://[::1/hook",
        "https://hooks.example.com:99999/hook",
        "https://" + "a" * 600 + ".com/",
    ],
)
def test_malformed_urls_are_refused(url, dns):
    dns["hooks.example.com"] = [PUBLIC]
    assert refused(url)


def test_credentials_whitespace_and_non_ascii_are_refused(dns):
    dns["hooks.example.com"] = [PUBLIC]
    assert "user name or password" in refused("https://user:pw@hooks.example.com/hook")
    assert "ASCII" in refused("https://hooks.example.com/投诉")
    assert "ASCII" in refused("https://hooks.example.com/a b")
    assert "ASCII" in refused("https://hooks.example.com/a\r\nX-Injected: 1")


def test_the_setting_allows_loopback_private_and_http(settings):
    settings.TOUSU_WEBHOOK_ALLOW_PRIVATE = True
    assert check("http://127.0.0.1:8080/hook").addresses == ("127.0.0.1",)
    assert check("https://10.0.0.1/hook").port == 443
    assert check("http://localhost/hook").port == 80
    assert "https://" in refused("ftp://127.0.0.1/hook")  # still only http(s)


def test_is_public():
    assert is_public(PUBLIC) and is_public("2606:4700::1111")
    assert not is_public("::ffff:192.168.0.1") and not is_public("fe80::1%eth0")
