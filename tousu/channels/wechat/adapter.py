"""The outbox adapter for ``Medium.WECHAT`` (registered in tousu/notify/adapters.py).

A notification reaches a WeChat user as a customer-service message while the 48-hour
window since their last message is open, and as a template notification otherwise
(``TOUSU_WECHAT_TEMPLATE_ID``). Rows of topic ``wechat_media`` are background jobs,
not notifications (see jobs.py). Failures raise, and the outbox retries with backoff.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tousu.channels.wechat import jobs
from tousu.channels.wechat.client import get_client
from tousu.channels.wechat.conf import config
from tousu.channels.wechat.models import Binding, Conversation
from tousu.notify.models import Outbox

log = logging.getLogger("tousu.wechat")

SERVICE_WINDOW = timedelta(hours=48)


def deliver(row: Outbox, title: str, body: str) -> None:
    if row.topic == jobs.MEDIA_TOPIC:
        jobs.fetch_photo(row)
        return
    binding = Binding.objects.filter(user=row.recipient).order_by("-id").first()
    if binding is None:
        log.info("outbox %s: %s has no WeChat binding; nothing to send", row.pk, row.recipient)
        return
    conversation = Conversation.objects.filter(openid=binding.openid).first()
    if conversation is not None and not conversation.subscribed:
        log.info("outbox %s: %s unfollowed the account; nothing to send", row.pk, binding.openid)
        return
    if not config().can_call_api:
        log.warning("outbox %s: TOUSU_WECHAT_SECRET is not set; WeChat message not sent", row.pk)
        return
    client = get_client()
    last = conversation.last_inbound_at if conversation else None
    if last is not None and timezone.now() - last < SERVICE_WINDOW:
        client.send_text(binding.openid, f"{title}\n{body}")
    elif settings.TOUSU_WECHAT_TEMPLATE_ID:
        number = row.complaint.number if row.complaint else ""
        client.send_template(
            binding.openid,
            settings.TOUSU_WECHAT_TEMPLATE_ID,
            {"first": title, "keyword1": number, "keyword2": body, "remark": ""},
        )
    else:
        log.info(
            "outbox %s: 48-hour window closed and no TOUSU_WECHAT_TEMPLATE_ID; not sent", row.pk
        )
