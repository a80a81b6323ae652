"""The conversation with a WeChat user: from 投诉 to a complaint number, then 进度, 催办, 人工.

``receive`` answers one inbound message or event: it deduplicates (a WeChat retry gets
the reply the first attempt got, and nothing happens twice), loads the user's
``Conversation`` row, runs one step of the state machine and returns the reply text.
Every write goes through the complaint actions; slow work (fetching photos) is queued in
the outbox. Replies are always in the platform language (Chinese), whatever the HTTP
request says.

States (models.State): IDLE → [PHONE → CODE] → ORDER → [LINES] → DESCRIBE → CATEGORY → DEMAND →
[AMOUNT] → PHOTOS → (提交) IDLE; after the order (and LINES), DUPLICATE asks whether to add to
an open complaint on the same line (1: HUMAN on it) or go on (2). PICK chooses among the open complaints (paged); HUMAN
relays text to the complaint's conversation until 退出. The steps live in ``steps/``:
linking (binding), draft (the questions), photos (photos and 提交), followup (进度, 催办,
人工, 回电); this module routes a message to them.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tousu.channels.wechat import binding
from tousu.channels.wechat.commands import (
    CANCEL,
    DRAFTING,
    HELP,
    MENU_COMMANDS,
    help_text,
    not_understood,
    typed_command,
)
from tousu.channels.wechat.models import Conversation, InboundMessage, State
from tousu.channels.wechat.steps.draft import DraftSteps
from tousu.channels.wechat.steps.followup import FollowUpSteps
from tousu.channels.wechat.steps.linking import LinkingSteps
from tousu.channels.wechat.steps.photos import PhotoSteps
from tousu.channels.wechat.xml import Inbound

log = logging.getLogger("tousu.wechat")

# WeChat retries within seconds; remembering answered messages for days is plenty.
KEEP_SEEN = timedelta(days=3)


def receive(message: Inbound) -> str:
    """The reply to ``message`` (empty: nothing to say, answer "success"). A binding code
    asked for goes out by SMS after the transaction committed (``binding.sent_after``)."""
    with binding.sent_after() as not_sent:
        reply = _receive(message)
    if not_sent:
        with translation.override(settings.LANGUAGE_CODE):
            return str(not_sent[0])
    return reply


def _receive(message: Inbound) -> str:
    try:
        with transaction.atomic():
            seen = InboundMessage.objects.filter(dedupe_key=message.dedupe_key).first()
            if seen is not None:
                return seen.reply
            try:
                with transaction.atomic():
                    record = InboundMessage.objects.create(
                        dedupe_key=message.dedupe_key,
                        openid=message.openid,
                        msg_type=message.msg_type[:32],
                    )
            except IntegrityError:  # a concurrent retry committed first
                return InboundMessage.objects.get(dedupe_key=message.dedupe_key).reply
            with translation.override(settings.LANGUAGE_CODE):
                reply = Dialogue(message).step()
            record.reply = reply
            record.save(update_fields=["reply"])
            if record.pk % 100 == 0:  # now and then, forget what WeChat can no longer retry
                InboundMessage.objects.filter(received_at__lt=timezone.now() - KEEP_SEEN).delete()
            return reply
    except Exception:  # noqa: BLE001 - a chat user never gets an error page; WeChat may retry
        log.exception("WeChat message %s from %s failed", message.dedupe_key, message.openid)
        with translation.override(settings.LANGUAGE_CODE):
            return _("Sorry, something went wrong on our side. Please try again in a moment.")


class Dialogue(LinkingSteps, DraftSteps, PhotoSteps, FollowUpSteps):
    def __init__(self, message: Inbound):
        self.message = message
        self.now = timezone.now()
        self.conv, _created = Conversation.objects.select_for_update().get_or_create(
            openid=message.openid
        )

    def step(self) -> str:
        conv, message = self.conv, self.message
        notice = ""
        if conv.state != State.IDLE and conv.expires_at and conv.expires_at < self.now:
            conv.reset()
            notice = _("Your last conversation was idle too long, so we started over.") + "\n"
        if message.msg_type == "event":
            reply = self._event()
        else:
            conv.last_inbound_at = self.now
            if message.msg_type == "text":
                reply = self._text(message.content.strip())
            elif message.msg_type == "image":
                reply = self._image()
            else:
                reply = _("Sorry, we can only read text and photos here.") + "\n" + help_text()
        idle = timedelta(minutes=settings.TOUSU_WECHAT_IDLE_MINUTES)
        conv.expires_at = None if conv.state == State.IDLE else self.now + idle
        conv.save()
        return notice + reply if reply else reply

    # --- events -------------------------------------------------------------------
    def _event(self) -> str:
        event = self.message.event
        if event == "unsubscribe":
            self.conv.reset()
            self.conv.subscribed = False
            return ""
        self.conv.last_inbound_at = self.now
        if event == "subscribe":
            self.conv.subscribed = True
            return (
                _("Welcome! This account handles complaints about orders on our marketplace.")
                + "\n"
                + help_text()
            )
        if event == "click":  # a custom-menu button (menu.py)
            command = MENU_COMMANDS.get(self.message.event_key.strip())
            return self._command(command) if command else help_text()
        return ""  # location reports, menu views, …: nothing to say

    # --- text ---------------------------------------------------------------------
    def _text(self, text: str) -> str:
        conv = self.conv
        word = text.lower()
        if word in CANCEL:
            was = conv.state
            conv.reset()
            if was in DRAFTING:
                return _("Cancelled. Nothing was filed.")
            return _("OK, stopped.") if was != State.IDLE else help_text()
        if word in HELP:
            return help_text()
        command = typed_command(word)
        if command:
            return self._command(command)
        if (
            conv.state not in {State.IDLE, State.PHONE, State.CODE}
            and binding.bound_user(conv.openid) is None
        ):
            conv.reset()  # the binding was removed meanwhile (admin): start from the top
            return help_text()
        handler = {
            State.PHONE: self._phone,
            State.CODE: self._code,
            State.ORDER: self._order,
            State.LINES: self._lines,
            State.DUPLICATE: self._duplicate,
            State.DESCRIBE: self._describe,
            State.CATEGORY: self._category,
            State.DEMAND: self._demand,
            State.AMOUNT: self._amount,
            State.PHOTOS: self._photos_text,
            State.PICK: self._pick,
            State.HUMAN: self._relay,
        }.get(conv.state)
        if handler is None:
            return not_understood()
        return handler(text)

    def _command(self, name: str) -> str:
        user = binding.bound_user(self.conv.openid)
        if user is None:
            self.conv.reset()
            self.conv.state, self.conv.purpose = State.PHONE, name
            return _(
                "First we need to link your WeChat to your account on our marketplace. "
                "Please reply with the mobile number of your account."
            )
        return getattr(self, f"_do_{name}")(user)
