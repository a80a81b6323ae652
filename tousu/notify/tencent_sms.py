"""Tencent Cloud SMS: ``SendSms`` of API version 2021-01-11, signed with TC3-HMAC-SHA256.

Configured by the ``TOUSU_SMS_TENCENT_*`` settings and the template ids
(``TOUSU_SMS_TEMPLATE_*``); select it with
``TOUSU_SMS_PROVIDER=tousu.notify.tencent_sms.TencentSmsProvider``. Called by the outbox
worker with no transaction open (tousu/notify/delivery.py).

The request is a JSON POST to the endpoint; the ``Authorization`` header signs the
method, path, the ``content-type`` and ``host`` headers and the body's SHA-256 with a
key derived from the SecretKey, the UTC date, the service name and ``tc3_request``
(Tencent Cloud's "Signature v3"). The message id goes in ``SessionContext``, which
Tencent returns with the status reports, so a report names the outbox row.

Answers: ``SendStatusSet[0].Code == "Ok"`` is sent. A code in ``PERMANENT`` (a wrong or
blacklisted number, a template or signature not approved, content refused) raises
``Undeliverable``: that message can never go. Anything else — frequency limits, an empty
balance, internal errors, a failed signature (wrong keys: fix and retry the dead
letters), HTTP or network errors — raises ``SmsGatewayError`` and the outbox retries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from datetime import datetime
from datetime import timezone as tz

from django.conf import settings
from django.utils import timezone

from tousu.notify.errors import Undeliverable
from tousu.notify.models import UndeliveredReason as Reason
from tousu.notify.sms import SmsProvider, SmsTemplate

SERVICE = "sms"
ACTION = "SendSms"
VERSION = "2021-01-11"
ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"
SIGNED_HEADERS = "content-type;host"

# Codes after which sending the same message again cannot succeed.
PERMANENT = {
    "InvalidParameterValue.IncorrectPhoneNumber": Reason.INVALID_RECIPIENT,
    "FailedOperation.PhoneNumberInBlacklist": Reason.BLOCKED,
    "UnsupportedOperation.UnsupportedRegion": Reason.INVALID_RECIPIENT,
    "FailedOperation.TemplateIncorrectOrUnapproved": Reason.REFUSED,
    "FailedOperation.SignatureIncorrectOrUnapproved": Reason.REFUSED,
    "FailedOperation.ContainSensitiveWord": Reason.REFUSED,
    "InvalidParameterValue.ContentLengthLimit": Reason.REFUSED,
    "InvalidParameterValue.TemplateParameterFormatError": Reason.REFUSED,
    "InvalidParameterValue.TemplateParameterLengthLimit": Reason.REFUSED,
    "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter": Reason.REFUSED,
}


class SmsGatewayError(Exception):
    """A failure worth retrying (the outbox does, with backoff)."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signature(secret_key: str, host: str, payload: bytes, timestamp: int, service: str) -> str:
    """The TC3-HMAC-SHA256 signature of a JSON POST to ``/`` on ``host``."""
    canonical = "\n".join(
        ["POST", "/", "", f"content-type:{CONTENT_TYPE}\nhost:{host}\n", SIGNED_HEADERS]
        + [_sha256(payload)]
    )
    date = datetime.fromtimestamp(timestamp, tz.utc).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    to_sign = f"{ALGORITHM}\n{timestamp}\n{scope}\n{_sha256(canonical.encode())}"
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def authorization(
    secret_id: str, secret_key: str, host: str, payload: bytes, timestamp: int
) -> str:
    date = datetime.fromtimestamp(timestamp, tz.utc).strftime("%Y-%m-%d")
    return (
        f"{ALGORITHM} Credential={secret_id}/{date}/{SERVICE}/tc3_request, "
        f"SignedHeaders={SIGNED_HEADERS}, "
        f"Signature={signature(secret_key, host, payload, timestamp, SERVICE)}"
    )


class TencentSmsProvider(SmsProvider):
    def send(
        self, phone: str, template: SmsTemplate, params: Sequence[str], message_id: str
    ) -> None:
        if not (
            settings.TOUSU_SMS_TENCENT_SECRET_ID
            and settings.TOUSU_SMS_TENCENT_SECRET_KEY
            and settings.TOUSU_SMS_TENCENT_SDK_APP_ID
        ):
            raise Undeliverable(Reason.NOT_CONFIGURED, "TOUSU_SMS_TENCENT_* keys are not set")
        if not template.template_id:
            raise Undeliverable(Reason.NOT_CONFIGURED, f"{template.setting} is not set")
        payload = json.dumps(
            {
                "PhoneNumberSet": [phone],
                "SmsSdkAppId": settings.TOUSU_SMS_TENCENT_SDK_APP_ID,
                "TemplateId": template.template_id,
                "SignName": settings.TOUSU_SMS_SIGNATURE,
                "TemplateParamSet": list(params),
                "SessionContext": message_id[:500],
            },
            ensure_ascii=False,
        ).encode()
        status = _status(self._post(payload))
        code = str(status.get("Code", ""))
        if code == "Ok":
            return
        detail = f"{code}: {status.get('Message', '')}"
        if code in PERMANENT:
            raise Undeliverable(PERMANENT[code], detail)
        raise SmsGatewayError(detail)

    def _post(self, payload: bytes) -> dict:
        endpoint = settings.TOUSU_SMS_TENCENT_ENDPOINT.rstrip("/") + "/"
        host = urllib.parse.urlsplit(endpoint).netloc
        timestamp = int(timezone.now().timestamp())
        request = urllib.request.Request(endpoint, data=payload, method="POST")
        for name, value in {
            "Authorization": authorization(
                settings.TOUSU_SMS_TENCENT_SECRET_ID,
                settings.TOUSU_SMS_TENCENT_SECRET_KEY,
                host,
                payload,
                timestamp,
            ),
            "Content-Type": CONTENT_TYPE,
            "Host": host,
            "X-TC-Action": ACTION,
            "X-TC-Version": VERSION,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": settings.TOUSU_SMS_TENCENT_REGION,
        }.items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(  # noqa: S310 - the configured https endpoint
                request, timeout=settings.TOUSU_SMS_HTTP_TIMEOUT
            ) as response:
                body = response.read(1024 * 1024)
        except urllib.error.HTTPError as error:
            raise SmsGatewayError(f"HTTP {error.code}") from error
        except (OSError, ValueError) as error:  # refused, timed out, reset
            raise SmsGatewayError(repr(error)) from error
        try:
            return json.loads(body.decode("utf-8"))["Response"]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
            raise SmsGatewayError("the answer is not Tencent Cloud's JSON") from error


def _status(response: dict) -> dict:
    """The one number's status, or the request's error in the same shape."""
    error = response.get("Error")
    if isinstance(error, dict):
        return error
    statuses = response.get("SendStatusSet")
    if isinstance(statuses, list) and statuses and isinstance(statuses[0], dict):
        return statuses[0]
    return {"Code": "NoStatus", "Message": "no SendStatusSet in the answer"}
