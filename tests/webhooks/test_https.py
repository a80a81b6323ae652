"""https: the delivery connects to the address that was checked and verifies the receiver's
certificate for the URL's host name (a test certificate for "localhost" on 127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.webhooks import receiver as receivers
from tests.webhooks.conftest import deliver_all, deliveries, message, subscribe
from tousu.webhooks import transport
from tousu.webhooks.models import DeliveryState, EventType


def certificate(tmp_path) -> tuple[str, str]:
    """A self-signed certificate for localhost: (certificate PEM path, key PEM path)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


@pytest.fixture
def tls_receiver(tmp_path, loopback_allowed, monkeypatch, dns):
    cert, key = certificate(tmp_path)
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    trusted = ssl.create_default_context(cafile=cert)  # the test certificate as the only CA
    monkeypatch.setattr(transport, "tls_context", lambda: trusted)
    dns["other-name.test"] = ["127.0.0.1"]
    found, server = receivers.start(tls=server_side, host_name="localhost")
    yield found
    server.shutdown()
    server.server_close()


def test_https_delivery_verifies_the_certificate_for_the_host_name(
    tls_receiver, complaint, agent, verify
):
    subscription, secret = subscribe(agent, tls_receiver.url, EventType.MESSAGE_ADDED)
    message(complaint, complaint.consumer)
    deliver_all()
    [row] = deliveries(subscription)
    assert row.state == DeliveryState.DELIVERED
    [request] = tls_receiver.requests
    assert request.headers["Host"].startswith("localhost:")
    assert verify(secret, request.headers, request.body)


def test_a_certificate_for_another_name_fails(tls_receiver, complaint, agent):
    url = tls_receiver.url.replace("localhost", "other-name.test")  # same address, wrong name
    subscription, _ = subscribe(agent, url, EventType.MESSAGE_ADDED)
    message(complaint, complaint.consumer)
    deliver_all()
    [row] = deliveries(subscription)
    assert row.state == DeliveryState.PENDING and row.last_status_code is None
    assert "certificate" in row.last_error, row.last_error
