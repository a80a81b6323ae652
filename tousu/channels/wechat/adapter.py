"""The outbox adapter for ``Medium.WECHAT`` (registered in tousu/notify/adapters.py).

A notification reaches a WeChat user as a customer-service message while the 48-hour
window since their last message is open, and as a template notification otherwise
(``TOUSU_WECHAT_TEMPLATE_ID``). Rows of topic ``wechat_media`` are background jobs,
not notifications (see jobs.py).

A message that can never arrive — no binding, the user unfollowed, the window closed
with no template to fall back on, or WeChat answering one of ``PERMANENT_ERRORS`` —
raises ``Undeliverable``: the row ends undeliverable with the reason, which agents see
on the complaint's workbench, and is not retried. When WeChat says the window is closed
(our clock and theirs may disagree) and a template is configured, the template is sent
instead. Other failures (system busy, the daily quota, the network) raise as they are,
and the outbox retries with backoff.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tousu.channels.wechat import jobs
from tousu.channels.wechat.client import Client, WeChatApiError, get_client
from tousu.channels.wechat.conf import config
from tousu.channels.wechat.models import Binding, Conversation
from tousu.notify.errors import Undeliverable
from tousu.notify.models import Outbox
from tousu.notify.models import UndeliveredReason as Reason

log = logging.getLogger("tousu.wechat")

SERVICE_WINDOW = timedelta(hours=48)

# errcodes after which sending the same message again cannot succeed.
PERMANENT_ERRORS = {
    45015: Reason.WINDOW_CLOSED,  # response out of time limit: 48 h since the user wrote
    45047: Reason.MESSAGE_LIMIT,  # out of response count limit (until the user writes again)
    43004: Reason.UNFOLLOWED,  # require subscribe
    40003: Reason.INVALID_RECIPIENT,  # invalid openid
    43019: Reason.BLOCKED,  # require remove blacklist
    40037: Reason.REFUSED,  # invalid template_id
    47003: Reason.REFUSED,  # argument invalid (template data)
    48001: Reason.REFUSED,  # api unauthorized: the account lacks the permission
}
# The customer-service window is closed as far as WeChat is concerned: try the template.
WINDOW_ERRORS = {45015, 45047}


def deliver(row: Outbox, title: str, body: str) -> None:
    if row.topic == jobs.MEDIA_TOPIC:
        jobs.fetch_photo(row)
        return
    binding = Binding.objects.filter(user=row.recipient).order_by("-id").first()
    if binding is None:
        raise Undeliverable(Reason.NO_ADDRESS, f"{row.recipient} has no WeChat binding")
    conversation = Conversation.objects.filter(openid=binding.openid).first()
    if conversation is not None and not conversation.subscribed:
        raise Undeliverable(Reason.UNFOLLOWED, f"{binding.openid} unfollowed the account")
    if not config().can_call_api:
        raise Undeliverable(Reason.NOT_CONFIGURED, "TOUSU_WECHAT_SECRET is not set")
    client = get_client()
    last = conversation.last_inbound_at if conversation else None
    try:
        if last is not None and timezone.now() - last < SERVICE_WINDOW:
            try:
                client.send_text(binding.openid, f"{title}\n{body}")
            except WeChatApiError as error:
                if error.errcode not in WINDOW_ERRORS or not settings.TOUSU_WECHAT_TEMPLATE_ID:
                    raise
                log.info("outbox %s: %s; sending the template instead", row.pk, error)
                _send_template(client, row, binding.openid, title, body)
        elif settings.TOUSU_WECHAT_TEMPLATE_ID:
            _send_template(client, row, binding.openid, title, body)
        else:
            raise Undeliverable(
                Reason.WINDOW_CLOSED, "48-hour window closed and no TOUSU_WECHAT_TEMPLATE_ID"
            )
    except WeChatApiError as error:
        reason = PERMANENT_ERRORS.get(error.errcode)
        if reason is None:
            raise  # transient: the outbox retries
        raise Undeliverable(reason, str(error)) from error


def _send_template(client: Client, row: Outbox, openid: str, title: str, body: str) -> None:
    number = row.complaint.number if row.complaint else ""
    client.send_template(
        openid,
        settings.TOUSU_WECHAT_TEMPLATE_ID,
        {"first": title, "keyword1": number, "keyword2": body, "remark": ""},
    )
