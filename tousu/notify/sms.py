"""SMS: the gateway interface and the templates registered with the gateway.

Chinese SMS gateways send only templates registered (and approved) beforehand: a request
names a template by its id and gives its parameters, never free text. Each ``SmsTemplate``
below is one registration: the setting that holds the id the gateway gave it, the text
as registered ({1}, {2}… are the parameters, Tencent Cloud's notation) and how its
parameters are taken from a notice's context. docs/notifications.md lists them, to
register with the gateway word for word.

A provider is ``SmsProvider.send(phone, template, params, message_id)``: it sends
``template.template_id`` with ``params``; ``template.fill(params)`` is the text the
phone shows (what the logging provider writes). ``message_id`` identifies the message
(the outbox row's dedupe key) for gateways that drop or report duplicates.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from django.utils.translation import override

from tousu.complaints.templatetags.money import yuan
from tousu.complaints.workflow import Status

log = logging.getLogger("tousu.notify")

# Tencent Cloud limits a parameter of a notification template to a few characters; a
# longer value is cut (with "…") rather than refused, so the message still goes out.
PARAM_MAX_CHARS = 20


@dataclass(frozen=True)
class SmsTemplate:
    name: str  # the notice's topic, or "binding_code"
    setting: str  # the setting holding the gateway's id for it
    text: str  # as registered with the gateway (the signature 【…】 is added by it)
    params: Callable[[dict], list[str]]  # the parameters, from the notice's context

    @property
    def template_id(self) -> str:
        return getattr(settings, self.setting)

    def fill(self, params: Sequence[str]) -> str:
        """The text as the phone shows it, signature first."""
        body = re.sub(r"\{(\d+)\}", lambda m: params[int(m.group(1)) - 1], self.text)
        return f"【{settings.TOUSU_SMS_SIGNATURE}】{body}"


def _cut(value) -> str:
    text = str(value or "")
    return text if len(text) <= PARAM_MAX_CHARS else text[: PARAM_MAX_CHARS - 1] + "…"


def _number(c: dict) -> list[str]:
    return [_cut(c.get("number"))]


def _status(c: dict) -> str:
    """The status in the platform's language (the registered text is), whoever caused it."""
    code = c.get("to_status")
    if code in Status.values:
        with override(settings.LANGUAGE_CODE):
            return str(Status(code).label)
    return str(c.get("status") or "")


def _due(c: dict) -> str:
    due = parse_datetime(c.get("due_at") or "")
    return timezone.localtime(due).strftime("%m-%d %H:%M") if due else "-"


TEMPLATES = {
    t.name: t
    for t in (
        SmsTemplate(
            "binding_code",
            "TOUSU_SMS_TEMPLATE_BINDING_CODE",
            "您的微信绑定验证码为{1}，{2}分钟内有效。如非本人操作，请忽略本短信。",
            lambda c: [str(c["code"]), str(c["minutes"])],
        ),
        SmsTemplate(
            "acknowledged",
            "TOUSU_SMS_TEMPLATE_ACKNOWLEDGED",
            "您的投诉{1}已受理，处理进展我们会及时通知您。",
            _number,
        ),
        SmsTemplate(
            "status",
            "TOUSU_SMS_TEMPLATE_STATUS",
            "您的投诉{1}有新进展：{2}。详情请登录平台查看。",
            lambda c: [*_number(c), _cut(_status(c))],
        ),
        SmsTemplate(
            "merchant_answered",
            "TOUSU_SMS_TEMPLATE_MERCHANT_ANSWERED",
            "商家已答复您的投诉{1}，请登录平台查看，接受方案或申请平台介入。",
            _number,
        ),
        SmsTemplate(
            "reply",
            "TOUSU_SMS_TEMPLATE_REPLY",
            "平台客服回复了您的投诉{1}，请登录平台查看。",
            _number,
        ),
        SmsTemplate(
            "decided",
            "TOUSU_SMS_TEMPLATE_DECIDED",
            "平台已对您的投诉{1}作出处理决定，处理依据请登录平台查看。",
            _number,
        ),
        SmsTemplate(
            "evidence_requested",
            "TOUSU_SMS_TEMPLATE_EVIDENCE_REQUESTED",
            "您的投诉{1}需要补充证据，请在截止时间前登录平台提交。",
            _number,
        ),
        SmsTemplate(
            "refund_reported",
            "TOUSU_SMS_TEMPLATE_REFUND_REPORTED",
            "商家报告已为投诉{1}退款{2}，请登录平台确认是否到账。",
            lambda c: [
                *_number(c),
                yuan(c["refund_fen"]) if isinstance(c.get("refund_fen"), int) else "-",
            ],
        ),
        SmsTemplate(
            "window_closing",
            "TOUSU_SMS_TEMPLATE_WINDOW_CLOSING",
            "您的投诉{1}需要您处理，截止{2}（北京时间），逾期将继续处理。",
            lambda c: [*_number(c), _due(c)],
        ),
    )
}


class SmsProvider:
    """Interface of an SMS gateway: a registered template and its parameters, never free text.

    Raise ``tousu.notify.errors.Undeliverable`` when the gateway says this message can
    never go (a wrong number, a blacklisted one, a template not approved); any other
    exception is taken as transient and the outbox retries."""

    def send(  # pragma: no cover - interface
        self, phone: str, template: SmsTemplate, params: Sequence[str], message_id: str
    ) -> None:
        raise NotImplementedError


class LoggingSmsProvider(SmsProvider):
    """Development provider: writes the SMS to the log, at WARNING so that the default
    configuration shows it (a WeChat binding code can be typed in from the console).
    Production refuses it (tousu/deploy/checks.py)."""

    def send(
        self, phone: str, template: SmsTemplate, params: Sequence[str], message_id: str
    ) -> None:
        log.warning("SMS %s to %s: %s", message_id, phone, template.fill(params))


def sms_provider() -> SmsProvider:
    return import_string(settings.TOUSU_SMS_PROVIDER)()


def send(phone: str, name: str, context: dict, message_id: str) -> None:
    """Send template ``name`` with the parameters taken from ``context``."""
    template = TEMPLATES[name]
    sms_provider().send(phone, template, template.params(context), message_id)
