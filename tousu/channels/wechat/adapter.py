"""The outbox adapter for ``Medium.WECHAT`` (registered in tousu/notify/adapters.py).

A notification reaches a WeChat user as a customer-service message while the 48-hour
window since their last message is open, and as a template message otherwise: the
deadline reminders (``window_closing``) with ``TOUSU_WECHAT_REMINDER_TEMPLATE_ID`` (or the
progress template if unset), every other notice with ``TOUSU_WECHAT_TEMPLATE_ID``; the
template's keys are settings too (``…_FIELDS``). Rows of topic ``wechat_media`` are
background jobs, not notifications (see jobs.py).

``reaches(user)`` tells the notification rules whether a consumer follows the account
and bound it to their account; their notices then go to WeChat instead of SMS, whatever
channel the complaint came by.

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
from django.utils.dateparse import parse_datetime

from tousu import rawsql
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


def reaches(user) -> bool:
    """Whether ``user`` is bound to a WeChat user who (as far as we know) still follows."""
    row = rawsql.first_row(_REACHES, [user.pk, user.pk])
    return bool(row and row[0])


# Plain SQL (tousu.rawsql): asked for every notice to a consumer, filing included.
_REACHES = (
    f"SELECT EXISTS (SELECT 1 FROM {Binding._meta.db_table} WHERE user_id = %s) "  # noqa: S608
    f"AND NOT EXISTS (SELECT 1 FROM {Conversation._meta.db_table} c "
    f"JOIN {Binding._meta.db_table} b ON b.openid = c.openid "
    "WHERE b.user_id = %s AND NOT c.subscribed)"
)


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
    template = _template(row)
    try:
        if last is not None and timezone.now() - last < SERVICE_WINDOW:
            try:
                client.send_text(binding.openid, f"{title}\n{body}")
            except WeChatApiError as error:
                if error.errcode not in WINDOW_ERRORS or template is None:
                    raise
                log.info("outbox %s: %s; sending the template instead", row.pk, error)
                _send_template(client, row, binding.openid, title, template)
        elif template is not None:
            _send_template(client, row, binding.openid, title, template)
        else:
            raise Undeliverable(
                Reason.WINDOW_CLOSED, "48-hour window closed and no TOUSU_WECHAT_TEMPLATE_ID"
            )
    except WeChatApiError as error:
        reason = PERMANENT_ERRORS.get(error.errcode)
        if reason is None:
            raise  # transient: the outbox retries
        raise Undeliverable(reason, str(error)) from error


# A template's keys for (the complaint number, what happened, when), e.g. a template
# "投诉编号 {{character_string1.DATA}} 进度 {{thing2.DATA}} 时间 {{time3.DATA}}".
THING_MAX_CHARS = 20  # WeChat refuses a longer ``thing`` value (errcode 47003)


def _template(row: Outbox) -> tuple[str, str] | None:
    """(template id, its keys setting) for this notice, or None when none is configured."""
    if row.topic == "window_closing" and settings.TOUSU_WECHAT_REMINDER_TEMPLATE_ID:
        return (
            settings.TOUSU_WECHAT_REMINDER_TEMPLATE_ID,
            settings.TOUSU_WECHAT_REMINDER_TEMPLATE_FIELDS,
        )
    if settings.TOUSU_WECHAT_TEMPLATE_ID:
        return settings.TOUSU_WECHAT_TEMPLATE_ID, settings.TOUSU_WECHAT_TEMPLATE_FIELDS
    return None


def _send_template(
    client: Client, row: Outbox, openid: str, title: str, template: tuple[str, str]
) -> None:
    template_id, fields = template
    keys = [key.strip() for key in fields.split(",")]
    number = row.complaint.number if row.complaint else ""
    what = title if len(title) <= THING_MAX_CHARS else title[: THING_MAX_CHARS - 1] + "…"
    due = parse_datetime(row.context.get("due_at") or "") if row.topic == "window_closing" else None
    when = timezone.localtime(due or row.created_at).strftime("%Y-%m-%d %H:%M")
    client.send_template(
        openid, template_id, dict(zip(keys, (number, what, when))), client_msg_id=f"outbox-{row.pk}"
    )
