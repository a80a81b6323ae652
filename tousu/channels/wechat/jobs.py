"""Background work of the channel, queued in the notification outbox.

A WeChat user's photo arrives as a MediaId; fetching the bytes is an API call that
does not belong in the 5-second passive reply. The dialogue queues one outbox row per
photo (medium ``wechat``, topic ``wechat_media``); the worker hands it to
``adapter.deliver``, which calls ``fetch_photo``: download, check, store as Evidence
with its SHA-256 (``uploads.add_evidence``). API errors raise, so the outbox retries
with backoff. A photo that can never be stored (expired MediaId, not a picture, the
complaint closed meanwhile), or whose last try failed, is not lost silently: the user
is told on WeChat and in the inbox (topic ``wechat_media_failed``) to send it again or
add it on the website.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.channels.wechat.client import WeChatApiError, get_client
from tousu.channels.wechat.conf import config
from tousu.complaints import uploads
from tousu.complaints.choices import Channel
from tousu.complaints.errors import EvidenceRejected, TransitionNotAllowed
from tousu.complaints.models import Complaint
from tousu.notify import rules
from tousu.notify.models import Medium, Outbox

log = logging.getLogger("tousu.wechat")

MEDIA_TOPIC = "wechat_media"
MEDIA_FAILED_TOPIC = "wechat_media_failed"
# invalid media_id, media expired (temporary media live 3 days), media too large
PERMANENT_MEDIA_ERRORS = {40007, 40008, 45001}


def queue_photos(complaint: Complaint, user: User, media_ids: list[str]) -> int:
    """Queue fetching the photos; the number queued, or -1 when the API is not configured."""
    if not media_ids:
        return 0
    if not config().can_call_api:
        log.warning(
            "WeChat photos for %s not fetched: TOUSU_WECHAT_SECRET is not set", complaint.number
        )
        return -1
    now = timezone.now()
    for media_id in media_ids:
        Outbox.objects.get_or_create(
            dedupe_key=f"wechat-media:{complaint.pk}:{media_id}"[:120],
            defaults=dict(
                medium=Medium.WECHAT,
                recipient=user,
                complaint=complaint,
                topic=MEDIA_TOPIC,
                context={"media_id": media_id},
                next_attempt_at=now,
            ),
        )
    return len(media_ids)


def fetch_photo(row: Outbox) -> None:
    media_id = row.context["media_id"]
    try:
        response = get_client().download_media(media_id)
    except WeChatApiError as error:
        if error.errcode in PERMANENT_MEDIA_ERRORS:
            log.warning("WeChat media %s for %s dropped: %s", media_id, row.complaint, error)
            _tell_not_added(row)
            return
        if row.attempts + 1 >= settings.TOUSU_OUTBOX_MAX_ATTEMPTS:  # the outbox gives up now
            _tell_not_added(row)
        raise
    upload = SimpleUploadedFile(
        f"wechat-{media_id[:24]}", response.body, content_type=response.content_type
    )
    try:
        uploads.add_evidence(row.complaint, row.recipient, upload, channel=Channel.WECHAT)
    except (EvidenceRejected, TransitionNotAllowed) as error:
        log.warning("WeChat media %s for %s not stored: %s", media_id, row.complaint, error)
        _tell_not_added(row)


def _tell_not_added(row: Outbox) -> None:
    """Tell the user a photo they were told was received did not reach the complaint."""
    rules.to_user(
        row.recipient,
        MEDIA_FAILED_TOPIC,
        {"number": row.complaint.number},
        key=f"wechat-media-failed:{row.pk}",
        media=(Medium.WECHAT, Medium.INBOX),
        complaint=row.complaint,
    )


def media_failed_texts(context: dict) -> tuple[str, str]:
    return (
        _("A photo was not added to complaint %(number)s") % context,
        _(
            "A photo you sent on WeChat could not be added to complaint %(number)s. Please send "
            "it again, or add it to the complaint on our website."
        )
        % context,
    )
