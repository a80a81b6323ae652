"""Tencent Cloud SMS (SendSms 2021-01-11) against a fake of its HTTP API on loopback.

The fake is a real http.server in a thread. It checks the request as Tencent Cloud does —
the X-TC-* headers, the timestamp, and the TC3-HMAC-SHA256 signature, recomputed here step
by step from Tencent's documentation — and answers with the documented JSON: a
SendStatusSet, or an Error. The provider must turn each answer into sent, undeliverable
(never retried) or retried.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation

from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.notify import delivery
from tousu.notify.errors import Undeliverable
from tousu.notify.models import Medium, Outbox, OutboxState, UndeliveredReason
from tousu.notify.sms import TEMPLATES
from tousu.notify.tencent_sms import SmsGatewayError, TencentSmsProvider

SECRET_ID = "AKIDtestsecretid0000000000000000"
SECRET_KEY = "test-secret-key-0000000000000000"
APP_ID = "1400006666"

# What the fake answers per phone number (anything else: "Ok").
ANSWERS = {
    "+8613800000002": "InvalidParameterValue.IncorrectPhoneNumber",
    "+8613800000003": "FailedOperation.PhoneNumberInBlacklist",
    "+8613800000004": "LimitExceeded.PhoneNumberDailyLimit",
    "+8613800000005": "FailedOperation.InsufficientBalanceInSmsPackage",
}


def expected_authorization(headers, body: bytes, secret_id: str, secret_key: str) -> str:
    """Tencent Cloud's Signature v3, as its documentation describes it."""
    timestamp = int(headers["X-TC-Timestamp"])
    date = datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d")
    canonical_request = (
        "POST\n/\n\n"
        f"content-type:{headers['Content-Type']}\nhost:{headers['Host']}\n\n"
        "content-type;host\n" + hashlib.sha256(body).hexdigest()
    )
    scope = f"{date}/sms/tc3_request"
    string_to_sign = "\n".join(
        [
            "TC3-HMAC-SHA256",
            str(timestamp),
            scope,
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )
    key = ("TC3" + secret_key).encode()
    for part in (date, "sms", "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signed = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
        f"SignedHeaders=content-type;host, Signature={signed}"
    )


class FakeTencent(BaseHTTPRequestHandler):
    received: list[dict] = []

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, response: dict, status: int = 200) -> None:
        body = json.dumps({"Response": {**response, "RequestId": "req-1"}}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, code: str, message: str) -> None:
        self._answer({"Error": {"Code": code, "Message": message}})

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers["X-TC-Action"] != "SendSms" or self.headers["X-TC-Version"] != "2021-01-11":
            return self._error("InvalidAction", "unknown action or version")
        if not self.headers.get("X-TC-Region"):
            return self._error("MissingParameter", "X-TC-Region")
        if abs(time.time() - int(self.headers["X-TC-Timestamp"])) > 300:
            return self._error("AuthFailure.SignatureExpire", "signature expired")
        if self.headers["Authorization"] != expected_authorization(
            self.headers, body, SECRET_ID, SECRET_KEY
        ):
            return self._error("AuthFailure.SignatureFailure", "signature does not match")
        request = json.loads(body)
        FakeTencent.received.append(request)
        phone = request["PhoneNumberSet"][0]
        if phone == "+8613800000006":
            self.send_response(502)
            self.end_headers()
            return None
        code = ANSWERS.get(phone, "Ok")
        return self._answer(
            {
                "SendStatusSet": [
                    {
                        "SerialNo": "5000:1045710669157053657849499619",
                        "PhoneNumber": phone,
                        "Fee": 1 if code == "Ok" else 0,
                        "SessionContext": request.get("SessionContext", ""),
                        "Code": code,
                        "Message": "send success" if code == "Ok" else code,
                        "IsoCode": "CN",
                    }
                ]
            }
        )


@pytest.fixture
def tencent(settings):
    FakeTencent.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTencent)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TOUSU_SMS_PROVIDER = "tousu.notify.tencent_sms.TencentSmsProvider"
    settings.TOUSU_SMS_TENCENT_ENDPOINT = f"http://127.0.0.1:{server.server_port}"
    settings.TOUSU_SMS_TENCENT_SECRET_ID = SECRET_ID
    settings.TOUSU_SMS_TENCENT_SECRET_KEY = SECRET_KEY
    settings.TOUSU_SMS_TENCENT_SDK_APP_ID = APP_ID
    settings.TOUSU_SMS_SIGNATURE = "投诉平台"
    for template in TEMPLATES.values():
        setattr(settings, template.setting, f"T-{template.name}")
    yield FakeTencent
    server.shutdown()
    server.server_close()


def send(phone: str) -> None:
    template = TEMPLATES["acknowledged"]
    TencentSmsProvider().send(phone, template, ["TS202612010001"], "event:1:sms:2")


def test_a_signed_request_with_template_id_and_parameters_is_sent(tencent):
    send("+8613800000001")
    [request] = tencent.received
    assert request == {
        "PhoneNumberSet": ["+8613800000001"],
        "SmsSdkAppId": APP_ID,
        "TemplateId": "T-acknowledged",
        "SignName": "投诉平台",
        "TemplateParamSet": ["TS202612010001"],
        "SessionContext": "event:1:sms:2",  # the message id, for the status reports
    }


def test_a_wrong_key_is_refused_by_the_signature_check_and_retried(tencent, settings):
    settings.TOUSU_SMS_TENCENT_SECRET_KEY = "not-the-key"
    with pytest.raises(SmsGatewayError, match="AuthFailure.SignatureFailure"):
        send("+8613800000001")
    assert tencent.received == []


@pytest.mark.parametrize(
    "phone, reason",
    [
        ("+8613800000002", UndeliveredReason.INVALID_RECIPIENT),
        ("+8613800000003", UndeliveredReason.BLOCKED),
    ],
)
def test_permanent_codes_are_undeliverable(tencent, phone, reason):
    with pytest.raises(Undeliverable) as raised:
        send(phone)
    assert raised.value.reason == reason and ANSWERS[phone] in raised.value.detail


@pytest.mark.parametrize("phone", ["+8613800000004", "+8613800000005", "+8613800000006"])
def test_limits_balance_and_http_errors_are_retried(tencent, phone):
    with pytest.raises(SmsGatewayError):
        send(phone)


def test_an_unreachable_gateway_is_retried(tencent, settings):
    settings.TOUSU_SMS_TENCENT_ENDPOINT = "http://127.0.0.1:9"  # discard port: refused
    with pytest.raises(SmsGatewayError):
        send("+8613800000001")


def test_through_the_outbox_sent_undeliverable_and_retried(tencent, complaint, consumer):
    """Filing queues the acknowledgement SMS; the worker sends it with no transaction open."""
    row = Outbox.objects.get(medium=Medium.SMS, recipient=consumer)
    delivery.deliver_due()
    row.refresh_from_db()
    assert row.state == OutboxState.SENT
    [request] = tencent.received
    assert request["TemplateId"] == "T-acknowledged"
    assert request["TemplateParamSet"] == [complaint.number]
    assert request["SessionContext"] == row.dedupe_key
    assert request["PhoneNumberSet"] == [consumer.phone]

    for phone, state in (
        ("+8613800000002", OutboxState.UNDELIVERABLE),
        ("+8613800000004", OutboxState.PENDING),
    ):
        consumer.phone = phone
        consumer.save(update_fields=["phone"])
        Outbox.objects.filter(pk=row.pk).update(
            state=OutboxState.PENDING, attempts=0, next_attempt_at=row.created_at
        )
        delivery.deliver_due()
        row.refresh_from_db()
        assert row.state == state and row.attempts == 1
    assert "LimitExceeded.PhoneNumberDailyLimit" in row.last_error


def test_missing_keys_or_template_id_make_it_undeliverable_without_a_request(
    tencent, settings, complaint
):
    settings.TOUSU_SMS_TEMPLATE_ACKNOWLEDGED = ""
    delivery.deliver_due()
    row = Outbox.objects.get(medium=Medium.SMS)
    assert row.state == OutboxState.UNDELIVERABLE
    assert row.undelivered_reason == UndeliveredReason.NOT_CONFIGURED
    assert "TOUSU_SMS_TEMPLATE_ACKNOWLEDGED" in row.last_error
    assert tencent.received == []


def test_the_status_goes_in_the_platform_language_whoever_caused_it(
    tencent, complaint, agent, settings
):
    """The registered template is Chinese: its status parameter is too, even when the agent
    who changed the status works in English."""
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("en"):
        actions.transition(complaint, agent, "escalate", channel=Channel.DESK, note="12315")
    delivery.deliver_due()
    [status] = [r for r in tencent.received if r["TemplateId"] == "T-status"]
    assert status["TemplateParamSet"] == [complaint.number, "已转外部处理"]
